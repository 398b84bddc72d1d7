/**
 * Journey: a student opens a link to a small MNIST run (2,000 training digits, 784→32→10, Adam). The
 * digits download with a progress bar (or come from the cache), the run starts on WebGPU, trains past
 * 80% test accuracy, and the MNIST views replace the toy output: the confusion matrix and the strip of
 * misclassified digits.
 */
import { test, expect } from './support/fixtures';

const LINK = 'data=mnist&n=2000&hidden=32&opt=adam&lr=0.002&batch=64';
const TARGET = 80;

test('a small MNIST run downloads, trains on WebGPU past 80% and shows its confusion matrix and mistakes', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  const page = playground.page;
  await playground.goto(LINK);
  // the Data & model area: the dataset, and beside it the misclassified digits and first-layer weights
  await playground.openArea('Data & model');
  await expect(playground.dataset).toHaveValue('mnist');

  // The download shows a progress bar ("MNIST: 3.1 of 11.2 MB") unless the digits were cached and loaded at once.
  const t0 = Date.now();
  const sawProgress = await playground.mnistProgress
    .waitFor({ state: 'visible', timeout: 5_000 })
    .then(() => true, () => false);
  if (sawProgress) await expect(playground.page.getByText(/^MNIST: [\d.]+ (of [\d.]+ )?MB$/)).toBeVisible();
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await expect(playground.mnistProgress).toHaveCount(0);
  const loadSeconds = (Date.now() - t0) / 1000;

  // No toy output canvas for MNIST; the first evaluation fills the MNIST views.
  await expect(playground.heading('Output')).toHaveCount(0);
  await playground.waitForFirstMetrics();
  const start = await playground.testAccuracy();
  expect(start, 'an untrained net is near chance on ten digits').toBeLessThan(40);

  await playground.startRecording();
  const t1 = Date.now();
  await playground.train();
  await expect
    .poll(() => playground.testAccuracy(), { message: `test accuracy ≥ ${TARGET}%`, timeout: 150_000, intervals: [500] })
    .toBeGreaterThanOrEqual(TARGET);
  const crossing = await playground.recordedAccuracyCrossing(TARGET);
  const seconds = ((crossing?.time ?? Date.now()) - t1) / 1000;
  console.log(
    `[mnist] ${sawProgress ? 'downloaded' : 'cached'} and ready in ${loadSeconds.toFixed(1)} s; ${TARGET}% test accuracy at step ` +
      `${crossing?.step ?? '?'} after ${seconds.toFixed(1)} s (status: "${await playground.statusText()}")`,
  );
  await playground.pause();
  const final = await playground.testAccuracy();

  // Confusion matrix: a table of 10 true digits × 10 predictions whose cells add up to the test digits.
  const table = playground.section('Confusion matrix').getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(11);
  const cells = (await table.locator('tbody td').allTextContents()).map(Number);
  expect(cells).toHaveLength(100);
  const total = cells.reduce((a, b) => a + b, 0);
  const right = cells.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  expect(total, 'the first min(2000, 10000) test digits').toBe(2000);
  expect(Math.abs((right / total) * 100 - final), 'the diagonal agrees with the accuracy readout').toBeLessThan(2);

  // Misclassified strip: up to 24 digits, each a 28×28 picture labelled "true → predicted" with two different digits.
  const strip = page.getByRole('list', { name: 'Misclassified test digits' });
  const items = strip.getByRole('listitem');
  const count = await items.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(24);
  for (const caption of await strip.locator('figcaption').allTextContents()) {
    const m = /^(\d) → (\d)$/.exec(caption);
    expect(m, `caption "${caption}"`).not.toBeNull();
    expect(m?.[1]).not.toBe(m?.[2]);
  }
  await expect(items.first().getByRole('img')).toHaveAttribute('width', '28');
  await expect(playground.section('First-layer weights').getByRole('img')).toHaveAttribute('aria-label', /of 32 neurons/);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
