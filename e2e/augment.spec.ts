/**
 * Journeys of data augmentation (issue 16, REFERENCE.md "Strategies"), on WebGPU:
 *   MNIST: a person sets Shift (pixels) to 2 on a small MNIST run, steps, and the Augmented samples strip
 *     shows the batch as the network sees it: its summary lists each digit's shift, all within ±2 and
 *     not all zero; the setting applied live (the step count went on) and is in the link; at 0 again the
 *     strip says how to turn augmentation on.
 *   Spiral: the image settings are not offered (with the reason); the person turns on Jitter, steps, and
 *     the Output picture's description names the faint ghost points of the batch.
 */
import { test, expect } from './support/fixtures';

/** The lessons' small MNIST run (3,000 digits, 784 → 64 → 10, Adam). */
const SMALL_MNIST = 'data=mnist&n=3000&hidden=64&opt=adam&lr=0.002&batch=64';

/** "(+2, −1)" pairs of the summary → [[2, −1], …]. */
function shifts(summary: string): Array<[number, number]> {
  const list = /shifts right, down: ([^;.]*)/.exec(summary)?.[1] ?? '';
  const num = (s: string) => Number(s.replace('−', '-').replace('+', ''));
  return [...list.matchAll(/\(([+−]?\d+), ([+−]?\d+)\)/g)].map((m) => [num(m[1]), num(m[2])]);
}

test('shifts on MNIST: the Augmented samples show the digits moved as the network sees them', async ({ playground, page, pageErrors }) => {
  test.setTimeout(300_000);
  await playground.goto(SMALL_MNIST);
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await playground.openArea('Data & model');
  const panel = playground.section('Augmented samples');
  await expect(panel.getByText(/^Turn on Shift \(pixels\)/)).toBeVisible();
  await playground.step();

  await page.getByRole('slider', { name: 'Shift (pixels)' }).fill('2');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('ashift=2');
  const before = await playground.currentStep();
  expect(before, 'the run went on: the shift applied live').toBeGreaterThan(0);
  await playground.step();
  const strip = panel.getByRole('img', { name: 'Augmented samples' });
  await expect(strip).toBeVisible({ timeout: 60_000 });
  const summary = panel.locator('#augmented-summary');
  await expect(summary).toHaveText(/^16 digits of step \d+’s batch as the network sees them: shifted by up to ±2 pixels: \d+ of 16 moved/);
  await expect(strip).toHaveAttribute('aria-describedby', 'augmented-summary');
  const text = (await summary.textContent()) ?? '';
  const pairs = shifts(text);
  expect(pairs, text).toHaveLength(16);
  for (const [dx, dy] of pairs) {
    expect(Math.abs(dx)).toBeLessThanOrEqual(2);
    expect(Math.abs(dy)).toBeLessThanOrEqual(2);
  }
  expect(pairs.some(([dx, dy]) => dx !== 0 || dy !== 0), 'some digits moved').toBe(true);
  const moved = Number(/: (\d+) of 16 moved/.exec(text)?.[1]);
  expect(moved, 'the count of moved digits agrees with the shifts listed').toBe(pairs.filter(([dx, dy]) => dx !== 0 || dy !== 0).length);

  // the next step's batch is drawn anew
  await playground.step();
  await expect.poll(async () => (await summary.textContent()) !== text, { message: 'a new batch, new shifts' }).toBe(true);

  // off again: the plain batch, and the strip says how to turn augmentation on
  await page.getByRole('slider', { name: 'Shift (pixels)' }).fill('0');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('ashift=0');
  await playground.step();
  await expect(panel.getByText(/^Turn on Shift \(pixels\)/)).toBeVisible({ timeout: 60_000 });
  expect(pageErrors).toEqual([]);
});

test('jitter on the spiral: the batch’s augmented points are drawn as faint ghosts', async ({ playground, page, pageErrors }) => {
  test.setTimeout(180_000);
  await playground.goto('data=spiral&batch=16');
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await playground.openArea('Data & model');
  // the image settings do not fit points: not offered, and the reason is said
  await expect(page.getByRole('slider', { name: 'Shift (pixels)' })).toHaveCount(0);
  await expect(page.getByText('Shifts, rotations and pixel noise need images (MNIST digits).')).toBeVisible();
  const legend = page.locator('#output-legend');
  await playground.step();
  await expect(legend).not.toContainText('ghosts');

  await page.getByRole('slider', { name: 'Jitter' }).fill('0.2');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('jitter=0.2');
  await playground.step();
  await expect(legend).toContainText(/Faint ghosts: 16 points of step \d+’s batch as the network sees them \(jitter σ 0\.2\)/, { timeout: 30_000 });
  await expect(playground.decisionBoundary).toHaveAttribute('aria-describedby', 'output-legend');

  await page.getByRole('slider', { name: 'Mixup' }).fill('0.4');
  await playground.step();
  await expect(legend).toContainText(/\(jitter σ 0\.2; mixup a 0\.4\)/, { timeout: 30_000 });
  expect(pageErrors).toEqual([]);
});
