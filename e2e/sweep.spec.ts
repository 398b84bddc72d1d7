/**
 * Journey of issue 15 in headless Chromium on WebGPU: a person opens Sweep from the playground with a
 * spiral run, runs a 16-trial random search over the learning rate and the regularization rate with ASHA
 * (one population of 16 trials on the GPU), sees weak trials stopped at their rungs, brushes the
 * learning-rate axis of the parallel coordinates (the table dims the other rows), sorts the table by test
 * accuracy, and loads the best trial into the playground, where it pauses at the trial's last step with
 * the accuracy the table reported (±1 point); axe finds no serious violation on the finished study. Then a
 * bad study link is corrected in words.
 */
import { seriousViolations } from './support/axe';
import { test, expect, Playground } from './support/fixtures';

/** The playground's run: the spiral, 2→16→16→2 ReLU, SGD, batch 16, L2. */
const BASE = 'data=spiral&hidden=16,16&act=relu&opt=sgd&batch=16&reg=l2';
const STEPS = 600;
const percent = (text: string | null) => Number(/([\d.]+)%/.exec(text ?? '')?.[1] ?? NaN);

test('16 spiral trials: ASHA stops weak ones, brushing dims the table, the best trial loads into the playground at its accuracy', async ({ playground, page, context, pageErrors }) => {
  test.setTimeout(540_000);
  await playground.goto(BASE);
  const link = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Sweep', exact: true });
  await expect(link).toHaveAttribute('href', /sweep\.html#.*data=spiral/);
  await link.click();
  await expect(page).toHaveURL(/sweep\.html#/);
  await expect(page.getByText(/Sweeping the playground’s run: Spiral, hidden layers 16, 16/)).toBeVisible();

  // the default study: random search over the learning rate and the regularization rate, ASHA, 16 trials
  await expect(page.getByRole('checkbox', { name: 'Learning rate', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Regularization rate', exact: true })).toBeChecked();
  await expect(page.getByLabel('Search method', { exact: true })).toHaveValue('random');
  await expect(page.getByLabel('Early stopping', { exact: true })).toHaveValue('asha');
  await expect(page.getByLabel('Trials', { exact: true })).toHaveValue('16');
  await expect(page.getByLabel('Objective', { exact: true })).toHaveValue('test-accuracy');
  await page.getByLabel('Steps per trial', { exact: true }).fill(String(STEPS));
  await page.getByLabel('Steps per trial', { exact: true }).press('Enter');
  await expect(page.getByLabel('Steps per trial', { exact: true })).toHaveValue(String(STEPS));

  await page.getByRole('button', { name: 'Start sweep', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop sweep', exact: true })).toBeVisible();
  const status = page.getByRole('region', { name: 'Sweep progress' }).getByRole('status');
  await expect(status).toContainText('WebGPU', { timeout: 120_000 });
  await expect(status).toContainText('16 of 16 trials done', { timeout: 360_000 });
  await expect(page.getByRole('button', { name: 'Start sweep', exact: true })).toBeVisible();
  const pruned = Number(/(\d+) pruned/.exec((await status.textContent()) ?? '')?.[1] ?? 0);
  expect(pruned, 'ASHA stopped weak trials at their rungs').toBeGreaterThan(0);

  const trials = page.getByRole('region', { name: 'Trials' });
  const rows = trials.getByRole('row');
  await expect(rows).toHaveCount(17);
  await expect(trials.getByRole('cell', { name: /^pruned at step \d+$/ })).toHaveCount(pruned);
  for (const name of ['Optimization history', 'Parallel coordinates', 'Slice', 'Parameter importance', 'Trial curves', 'Decision boundaries']) {
    await expect(page.getByRole('region', { name, exact: true }), `the ${name} view`).toBeVisible();
  }
  expect(await seriousViolations(page), 'axe: no serious or critical violation on the finished study').toEqual([]);

  // brush the learning-rate axis: a drag over its upper half selects the complete trials in that range
  const pc = page.getByRole('region', { name: 'Parallel coordinates' });
  const axis = pc.getByRole('slider', { name: 'Learning rate axis' });
  await axis.scrollIntoViewIfNeeded();
  const box = (await axis.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.05);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6, { steps: 5 });
  await page.mouse.up();
  await expect(pc.getByRole('status')).toHaveText(/^Learning rate .+ – .+; \d+ of \d+ trials/);
  await expect(trials.getByText(/^\d+ of 16 trials inside the brushed ranges; the others are dimmed\.$/)).toBeVisible();
  await expect(trials.locator('tr.is-dimmed').first()).toBeVisible();
  await pc.getByRole('button', { name: 'Clear brushes' }).click();
  await expect(trials.getByText(/inside the brushed ranges/)).toHaveCount(0);

  // sort by test accuracy, best first, and load the best trial
  await trials.getByRole('button', { name: /^Test accuracy/ }).click();
  await expect(trials.getByRole('columnheader', { name: /^Test accuracy/ })).toHaveAttribute('aria-sort', 'descending');
  const top = rows.nth(1);
  await expect(top.getByRole('cell').nth(0)).toHaveText('complete');
  const reported = percent(await top.getByRole('cell').nth(1).textContent());
  expect(reported, 'the best trial learned the spiral beyond chance').toBeGreaterThan(60);
  await top.getByRole('button', { name: /^Select trial \d+$/ }).click();
  const [opened] = await Promise.all([context.waitForEvent('page'), trials.getByRole('button', { name: 'Load into playground', exact: true }).click()]);
  const loaded = new Playground(opened);
  await expect(loaded.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await expect(loaded.control('Stop at step')).toHaveValue(String(STEPS));
  await loaded.train();
  await expect(loaded.trainButton, 'the run pauses at the trial’s last step').toBeVisible({ timeout: 240_000 });
  await expect.poll(() => loaded.currentStep(), { timeout: 30_000 }).toBe(STEPS);
  // the evaluation taken at the pause: the Output picture's caption names its step, the readouts come with it
  await expect(loaded.section('Output')).toContainText(`Step ${STEPS}.`, { timeout: 30_000 });
  await expect
    .poll(() => loaded.testAccuracy(), { timeout: 30_000, message: `the playground's test accuracy at step ${STEPS} against the table's ${reported}%` })
    .toBeGreaterThanOrEqual(reported - 1);
  const reached = await loaded.testAccuracy();
  expect(Math.abs(reached - reported), `the playground reaches ${reached}% at step ${STEPS}, the table said ${reported}%`).toBeLessThanOrEqual(1);
  expect(pageErrors).toEqual([]);
});

test('a study link that cannot be read is corrected in words and the page still works', async ({ page, pageErrors }) => {
  await page.goto(`/sweep.html?study=%7Bbroken#${BASE}&prune=1&bogus=1`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Some settings in the link were corrected');
  await expect(alert).toContainText('not readable JSON');
  await expect(alert).toContainText('bogus');
  // the run's pruning is off in the sweep's trials, and the way back to the playground keeps it
  await expect(page.getByText(/A sweep trains plain runs: pruning is off in its trials\./)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Playground', exact: true })).toHaveAttribute('href', /[#&]prune=1(&|$)/);
  await expect(page.getByRole('button', { name: 'Start sweep', exact: true })).toBeEnabled();
  await page.getByRole('checkbox', { name: 'Learning rate', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'Regularization rate', exact: true }).uncheck();
  await expect(page.getByRole('button', { name: 'Start sweep', exact: true })).toBeDisabled();
  await expect(page.getByText('Choose at least one parameter to sweep.')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('a sweep over Sparsity and Bits trains its trials as pruned, quantized runs of their own on WebGPU', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  const study = { space: [{ name: 'sparsity', dist: { kind: 'float', low: 0.5, high: 0.9, log: false } }, { name: 'bits', dist: { kind: 'int', low: 3, high: 6, log: false } }], method: 'random', earlyStopping: 'none', trials: 3, stepsPerTrial: 40, objective: 'accuracy-at-size', sizeLimitBytes: 2000 };
  await page.goto(`/sweep.html?study=${encodeURIComponent(JSON.stringify(study))}#${BASE}`);
  await expect(page.getByRole('alert'), 'the lesson-style link needs no correction').toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Sparsity', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Bits', exact: true })).toBeChecked();
  await expect(page.getByLabel('Objective', { exact: true })).toHaveValue('accuracy-at-size');
  await page.getByRole('button', { name: 'Start sweep', exact: true }).click();
  const status = page.getByRole('region', { name: 'Sweep progress' }).getByRole('status');
  await expect(status).toContainText('3 of 3 trials done', { timeout: 180_000 });
  await expect(status).toContainText('WebGPU');
  const trials = page.getByRole('region', { name: 'Trials' });
  await expect(trials.getByRole('cell', { name: 'complete', exact: true })).toHaveCount(3);
  // 2-16-16-2 at 3–6 bits and at least half its weights pruned is well under 2,000 bytes: every trial scores its accuracy
  for (const cell of await trials.getByRole('cell', { name: /%$/ }).all()) expect(Number.parseFloat((await cell.textContent()) ?? '')).toBeGreaterThan(30);
  expect(pageErrors).toEqual([]);
});
