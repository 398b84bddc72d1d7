/**
 * Multi-task learning (issue 16, "Strategies") in headless Chromium: a person picks Second task = Parity
 * on a small MNIST subset, trains, and watches the Gradient conflict (the cosine between the digit and
 * parity gradients at the trunk, read from the chart's text alternative) and both heads' accuracies beside
 * each task alone; PCGrad and the Task weight apply live; the network diagram draws the two heads. The
 * run trains on WebGPU (the status line says so), PCGrad's projection included.
 */
import { test, expect } from './support/fixtures';

/** A small MNIST run: 1,000 digits, 784→32→(10 + 2), Adam. */
const RUN = 'data=mnist&n=1000&hidden=32&opt=adam&lr=0.003&batch=50';

const percent = (text: string) => Number(/([\d.]+)%/.exec(text)?.[1] ?? NaN);
/** "Digit 84.0% with both tasks, …" → the first percentage after the head's name. */
const headPercent = (summary: string, head: string) => Number(new RegExp(`${head} ([\\d.]+)% with both tasks`).exec(summary)?.[1] ?? NaN);

test('digit + parity: the gradient cosine is drawn live, both heads learn beside each task alone; PCGrad and Task weight apply live', async ({ playground, page, pageErrors }) => {
  test.setTimeout(360_000);
  await playground.goto(RUN);
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await playground.openArea('Multi-task');
  const second = page.getByLabel('Second task', { exact: true });
  await expect(second).toHaveValue('none');
  await second.selectOption({ label: 'Parity' });
  await expect(page).toHaveURL(/task2=parity/);
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 60_000 });
  await playground.train();

  // the Gradient conflict chart: the cosine between the tasks' trunk gradients, live
  const conflict = playground.section('Gradient conflict');
  const cosine = conflict.getByText(/^Gradient conflict between Digit and Parity: cosine −?\d\.\d\d at step [\d,]+/);
  await expect(cosine).toBeAttached({ timeout: 120_000 });
  // the run with two heads trains on WebGPU (gpu/multitaskStep.ts), with no CPU notice
  await expect(playground.status).toHaveText(/^WebGPU\b/);
  await expect(page.getByText(/trains on the CPU/)).toHaveCount(0);
  await expect(conflict.getByLabel('Cosine now', { exact: true })).toHaveText(/^−?\d\.\d\d$/);
  const value = Number(/cosine (−?[\d.]+)/.exec((await cosine.textContent()) ?? '')?.[1].replace('−', '-'));
  expect(value).toBeGreaterThanOrEqual(-1);
  expect(value).toBeLessThanOrEqual(1);

  // both heads learn, beside each task alone
  const heads = playground.section('Per-head accuracy');
  await playground.waitForStep(120);
  await expect(heads.getByLabel('Digit accuracy', { exact: true })).toHaveText(/%.*alone.*%/, { timeout: 60_000 });
  await expect(heads.getByLabel('Parity accuracy', { exact: true })).toHaveText(/%.*alone.*%/);
  const summary = heads.getByText(/^Test accuracy at step [\d,]+: Digit /);
  await expect.poll(async () => headPercent((await summary.textContent()) ?? '', 'Digit'), { timeout: 120_000, message: 'the digit head learns' }).toBeGreaterThan(50);
  await expect.poll(async () => headPercent((await summary.textContent()) ?? '', 'Parity'), { timeout: 120_000, message: 'the parity head learns' }).toBeGreaterThan(60);

  // PCGrad and the Task weight apply live: the run goes on (no new run, the step count keeps growing)
  const before = await playground.currentStep();
  await page.getByLabel('PCGrad', { exact: true }).check();
  await page.getByRole('slider', { name: 'Task weight' }).fill('2');
  await expect(page).toHaveURL(/pcg=1/);
  await expect(page).toHaveURL(/w2=2\b/);
  await expect.poll(() => playground.currentStep(), { timeout: 60_000 }).toBeGreaterThan(before + 20);
  expect(percent((await heads.getByLabel('Digit accuracy', { exact: true }).textContent()) ?? '')).toBeGreaterThan(30);

  // the network diagram draws the two heads
  const network = playground.section('Network');
  await network.scrollIntoViewIfNeeded();
  await expect(network.getByText(/Two heads on the shared trunk: Digit \(10 outputs\) and Parity \(2 outputs\)/)).toBeAttached({ timeout: 60_000 });
  expect(pageErrors).toEqual([]);
});
