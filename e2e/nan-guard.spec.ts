/**
 * Journey: a student sets the learning rate far too high and the loss blows up to NaN/∞. OptiPlay
 * must stop by itself, say why and what to do (a smaller learning rate), and keep everything the run
 * had drawn so far; the suggested fix must then work.
 */
import { test, expect, type Playground } from './support/fixtures';

/** ReLU 16-16, MSE on the line data, learning rate 10, batches of 8: the loss is NaN within ~100 steps. */
const DIVERGING = 'data=line&hidden=16,16&act=relu&loss=mse&lr=10&batch=8';
const HALT_NOTICE = /loss became (NaN|infinite)[\s\S]*smaller learning rate/i;

/** Waits for the run to halt by itself and checks that it stays halted with its history on screen. */
async function expectHalted(playground: Playground, minPoints: number) {
  const notice = playground.alerts.filter({ hasText: HALT_NOTICE });
  await expect(notice, 'a notice says the loss diverged and suggests a smaller learning rate').toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText(/learning rate/i);
  await expect(playground.trainButton, 'the button is back to "Train"').toBeVisible();
  await expect(playground.stepButton).toBeEnabled();

  // The step count stops and stays stopped.
  await expect(playground.status).toHaveText(/\b0 steps\/s/);
  const haltedAt = await playground.currentStep();
  await playground.page.waitForTimeout(1500);
  expect(await playground.currentStep(), 'no steps after the halt').toBe(haltedAt);

  // The history stays: the loss chart (its points, when there were enough to draw a line) and the
  // last finite readouts.
  expect(await playground.lossPointCount(), 'loss chart points kept').toBeGreaterThanOrEqual(minPoints);
  await expect(playground.section('Loss').getByText('Press Train or Step to see the loss.')).toHaveCount(0);
  await expect(playground.section('Loss').locator('svg.recharts-surface').first(), 'the loss chart is still drawn').toBeVisible();
  for (const readout of [playground.trainLossReadout, playground.testLossReadout]) {
    await expect(readout, 'a finite loss readout is kept').toHaveText(/^\d/);
  }
  return haltedAt;
}

test('a diverging run pauses by itself, says why, and keeps its history', async ({ playground, pageErrors }) => {
  await playground.goto(DIVERGING);
  await expect(playground.learningRate).toHaveValue('10');
  await expect(playground.alerts).toHaveCount(0);
  await playground.waitForFirstMetrics(); // the step-0 evaluation is finite
  await playground.train();

  // It may diverge before a second evaluation, and one point draws no line: only the chart is required here
  // (the next test checks a longer history point by point).
  const haltedAt = await expectHalted(playground, 0);
  expect(haltedAt, 'it did train before diverging').toBeGreaterThan(0);
  const notice = await playground.alerts.filter({ hasText: HALT_NOTICE }).textContent();
  console.log(`[journey] diverging run (${DIVERGING}) halted: status step ${haltedAt}; notice: ${notice}`);
  // The fitted curve is still drawn (the last finite snapshot), not blanked.
  await expect(playground.fittedCurve).toBeVisible();

  // Following the advice works: a smaller learning rate, Reset, Train.
  await playground.setLearningRate(0.01);
  await playground.reset();
  await expect(playground.alerts.filter({ hasText: HALT_NOTICE }), 'the halt notice goes with the old run').toHaveCount(0);
  await playground.train();
  await playground.waitForStep(Math.max(100, haltedAt + 50));
  await playground.pause();
  expect(await playground.alerts.filter({ hasText: HALT_NOTICE }).count(), 'no new halt at the smaller rate').toBe(0);
  expect(Number.isFinite(await playground.testLoss()), 'finite loss at the smaller rate').toBe(true);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('turning the learning rate up mid-run halts it with the whole history still on screen', async ({ playground, pageErrors }) => {
  await playground.goto(DIVERGING.replace('lr=10', 'lr=0.01'));
  await playground.train();
  await playground.waitForStep(100);
  await expect.poll(() => playground.lossPointCount(), { message: 'a loss history before the blow-up' }).toBeGreaterThanOrEqual(4);
  expect(await playground.alerts.filter({ hasText: HALT_NOTICE }).count(), 'no halt at lr 0.01').toBe(0);
  const pointsBefore = await playground.lossPointCount();
  const trainLossBefore = await playground.trainLoss();
  expect(Number.isFinite(trainLossBefore)).toBe(true);

  await playground.setLearningRate(10);
  const haltedAt = await expectHalted(playground, pointsBefore);
  expect(haltedAt).toBeGreaterThanOrEqual(100);
  await expect(playground.learningRate, 'the setting the user chose is kept').toHaveValue('10');
  expect(playground.urlParams().get('lr')).toBe('10');
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
