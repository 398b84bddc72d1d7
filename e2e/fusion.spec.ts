/**
 * The Fuse area's journey (issue 16, "Strategies": model fusion), in headless Chromium on WebGPU: a person
 * trains and saves two small MNIST runs from different seeds, ensembles them and reads the ensemble's
 * accuracy beside its members', is told why the two cannot be averaged (no shared initialisation), and
 * draws the Interpolation curve between them with Align neurons on, reading the barrier before and after.
 */
import { test, expect, type Playground } from './support/fixtures';
import { RunsPanel } from './support/runs';

/** A small MNIST run (1,000 digits, 784 → 32 → 10, Adam): the seed is added per run. */
const RUN = 'data=mnist&n=1000&hidden=32&opt=adam&lr=0.003&batch=50';

const percent = (text: string | null) => Number(/([\d.]+)%/.exec(text ?? '')?.[1] ?? NaN);

/** Trains the run of this seed for 150 steps; Pause saves it, and it is the `count`th run listed in Runs. */
async function trainAndSave(playground: Playground, seed: number, count: number): Promise<void> {
  await playground.goto(`${RUN}&seed=${seed}`);
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(150);
  await playground.pause();
  const runs = new RunsPanel(playground);
  await runs.show();
  await expect(runs.rows).toHaveCount(count, { timeout: 30_000 });
}

test('two saved runs are ensembled, cannot be averaged, and are interpolated before and after aligning neurons', async ({ playground, page, pageErrors }) => {
  test.setTimeout(420_000);
  await trainAndSave(playground, 1, 1);
  await trainAndSave(playground, 2, 2);
  await playground.openArea('Fuse');

  // Ensemble: one run is not enough; two give the ensemble's accuracy and each member's.
  const ensembleGroup = page.getByRole('group', { name: 'Ensemble members' });
  const members = ensembleGroup.getByRole('checkbox');
  await expect(members).toHaveCount(2, { timeout: 30_000 });
  const ensemble = page.getByRole('button', { name: 'Ensemble', exact: true });
  await members.first().check();
  await expect(ensemble).toBeDisabled();
  await expect(page.getByText('Tick at least two saved runs (1 ticked).')).toBeVisible();
  await members.nth(1).check();
  await ensemble.click();
  const fused = playground.section('Fused models');
  const line = fused.getByRole('status').filter({ hasText: 'Ensemble accuracy' });
  await expect(line).toBeVisible({ timeout: 120_000 });
  const table = fused.getByRole('table').first();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  const accuracies = (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map(percent);
  expect(accuracies.every((a) => a > 50 && a <= 100), `member and ensemble accuracies ${accuracies.join(', ')}`).toBe(true);
  expect(percent(await line.textContent())).toBe(accuracies[2]);
  await expect(fused).toContainText('on the WebGPU');

  // Average weights: different seeds share no initialisation, said in a sentence.
  const ingredients = page.getByRole('group', { name: 'Soup ingredients' }).getByRole('checkbox');
  for (const box of await ingredients.all()) await box.check();
  await page.getByRole('button', { name: 'Average weights', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'share an initialisation (same seed and layout)' })).toBeVisible({ timeout: 60_000 });

  // Interpolate A → B with Align neurons: the curve and both barriers.
  const options = page.getByLabel('Run A', { exact: true }).locator('option');
  const ids = (await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => v !== '');
  expect(ids).toHaveLength(2);
  await page.getByLabel('Run A', { exact: true }).selectOption(ids[0]);
  await page.getByLabel('Run B', { exact: true }).selectOption(ids[1]);
  await page.getByLabel('α points', { exact: true }).fill('5');
  await expect(page.getByRole('checkbox', { name: 'Align neurons' })).toBeChecked();
  await page.getByRole('button', { name: 'Interpolate', exact: true }).click();
  const chart = page.getByRole('region', { name: 'Interpolation' });
  const barrier = chart.getByRole('status');
  await expect(barrier).toContainText('Barrier after alignment:', { timeout: 180_000 });
  const [before, after] = [...((await barrier.textContent()) ?? '').matchAll(/Barrier(?: after alignment)?: (-?[\d.]+)/g)].map((m) => Number(m[1]));
  expect(Number.isFinite(before) && Number.isFinite(after)).toBe(true);
  await expect(chart.locator('.recharts-line path[d^="M"]')).toHaveCount(4);
  console.log(`[fusion] ensemble ${accuracies.join(' / ')}%; barrier ${before} → ${after} after alignment`);

  // Accuracy vs size holds the ensemble as a point.
  await expect(playground.section('Accuracy vs size')).toContainText(/fused · Ensemble of 2/);
  expect(pageErrors).toEqual([]);
});
