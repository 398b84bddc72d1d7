/**
 * Journey: while the network trains, a teacher turns the learning rate and the batch size to show
 * their effect. Both apply live: the run goes on from where it was, its history stays, and the link
 * (URL hash) follows. Reset then starts the same run again from step 0, reproducibly from the seed.
 */
import { test, expect, type Playground } from './support/fixtures';

/** Asserts that, since startRecording(), the step count only ever grew and the history was never cleared. */
async function expectUninterrupted(playground: Playground, what: string) {
  const { steps, cleared } = await playground.recordedRun();
  expect(steps.length, `${what}: the status line showed step counts`).toBeGreaterThan(1);
  expect(steps.every((s) => Number.isFinite(s)), `${what}: every status line had a step count (${steps.join(', ')})`).toBe(true);
  const drops = steps.filter((s, i) => i > 0 && s < steps[i - 1]);
  expect(drops, `${what}: the step count never went back (seen: ${steps.join(', ')})`).toEqual([]);
  expect(cleared, `${what}: the loss history was never cleared`).toBe(0);
}

test('learning rate and batch size apply live; Reset restarts the same run from step 0', async ({ playground, pageErrors }) => {
  await playground.goto();
  await expect(playground.learningRate).toHaveValue('0.1');
  await expect(playground.batchSize).toHaveValue('16');
  expect(playground.urlParams().get('lr')).toBe('0.1');

  // The first evaluation of the seeded run (step 0), to compare with after Reset.
  await playground.waitForFirstMetrics();
  const initialTestLoss = await playground.testLossReadout.textContent();
  const initialTrainLoss = await playground.trainLossReadout.textContent();
  const initialWeights = await playground.weightsSignature(true);
  const initialCanvas = await playground.canvasHash();

  await playground.train();
  await playground.waitForStep(100);
  await expect.poll(() => playground.lossPointCount()).toBeGreaterThanOrEqual(3);
  await playground.startRecording();

  // ---- Learning rate, while training ---------------------------------------------------------------
  const pointsBeforeLr = await playground.lossPointCount();
  const stepBeforeLr = await playground.currentStep();
  await playground.setLearningRate(0.03);
  await expect(playground.learningRate).toHaveValue('0.03');
  await expect.poll(() => playground.urlParams().get('lr'), { message: 'the link holds the new rate' }).toBe('0.03');
  await playground.waitForStep(stepBeforeLr + 150);
  await expect(playground.pauseButton, 'still training').toBeVisible();
  // The chart kept its earlier points and added new ones (a rebuilt run would start again from one).
  await expect.poll(() => playground.lossPointCount(), { message: 'loss chart points after the change' }).toBeGreaterThan(pointsBeforeLr);
  await expectUninterrupted(playground, 'after changing the learning rate');
  // Other settings are untouched.
  expect(playground.urlParams().get('batch')).toBe('16');
  expect(playground.urlParams().get('data')).toBe('spiral');

  // ---- Batch size, while training ------------------------------------------------------------------
  const pointsBeforeBatch = await playground.lossPointCount();
  const stepBeforeBatch = await playground.currentStep();
  await playground.setBatchSize(64);
  await expect(playground.batchSize).toHaveValue('64');
  await expect.poll(() => playground.urlParams().get('batch'), { message: 'the link holds the new batch size' }).toBe('64');
  await playground.waitForStep(stepBeforeBatch + 150);
  await expect(playground.pauseButton, 'still training').toBeVisible();
  await expect.poll(() => playground.lossPointCount()).toBeGreaterThan(pointsBeforeBatch);
  await expectUninterrupted(playground, 'after changing the batch size');
  expect(playground.urlParams().get('lr')).toBe('0.03');
  await expect(playground.alerts, 'valid live changes raise no notice').toHaveCount(0);

  // ---- Reset ---------------------------------------------------------------------------------------
  const trainedCanvas = await playground.canvasHash();
  expect(trainedCanvas, 'the decision boundary changed while training').not.toBe(initialCanvas);
  await playground.reset();
  await expect(playground.trainButton, 'Reset stops training').toBeVisible();
  await expect(playground.status).toHaveText(/Step 0\b.*\b0 steps\/s/);
  // The history is gone: at most the new run's step-0 evaluation is drawn.
  await expect.poll(() => playground.lossPointCount(), { message: 'loss chart points after Reset' }).toBeLessThanOrEqual(1);
  // Same seed, same data and starting weights: the same first metrics, histograms and picture.
  await expect(playground.testLossReadout).toHaveText(initialTestLoss ?? '');
  await expect(playground.trainLossReadout).toHaveText(initialTrainLoss ?? '');
  await expect.poll(() => playground.weightsSignature(), { message: 'initial weight histograms after Reset' }).toBe(initialWeights);
  await expect.poll(() => playground.canvasHash(), { message: 'initial decision boundary after Reset' }).toBe(initialCanvas);
  // Reset keeps the settings, live ones included.
  await playground.openArea('Train');
  await expect(playground.learningRate).toHaveValue('0.03');
  await expect(playground.batchSize).toHaveValue('64');
  expect(playground.urlParams().get('lr')).toBe('0.03');

  // Stopped means stopped.
  await playground.page.waitForTimeout(1000);
  expect(await playground.currentStep()).toBe(0);
  // Reset is an ordinary action: it must not raise an error notice (soft, so the checks above still report).
  expect.soft(await playground.alerts.allTextContents(), 'no notice after Reset').toEqual([]);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('changing a model setting while training rebuilds the run and keeps training', async ({ playground, pageErrors }) => {
  await playground.goto();
  await playground.waitForFirstMetrics();
  const seed1TestLoss = await playground.testLossReadout.textContent();
  await playground.train();
  await playground.waitForStep(100);
  await expect.poll(() => playground.lossPointCount()).toBeGreaterThanOrEqual(3);
  await playground.startRecording();

  // The seed is not a live setting: new data and weights, a new run from step 0.
  await playground.setField('Seed', 5);
  await expect.poll(() => playground.urlParams().get('seed'), { message: 'the link holds the new seed' }).toBe('5');
  await expect.poll(async () => (await playground.recordedRun()).cleared, { message: 'the old history is cleared' }).toBeGreaterThan(0);
  // …and the new run trains on by itself, as the old one did.
  await playground.startRecording();
  await playground.waitForStep(100);
  await expect(playground.pauseButton).toBeVisible();
  await expect.poll(() => playground.lossPointCount(), { message: 'the new run draws its own loss curve' }).toBeGreaterThanOrEqual(2);
  await expect(playground.seed).toHaveValue('5');
  await playground.pause();
  expect.soft(await playground.alerts.allTextContents(), 'no notice after rebuilding the run').toEqual([]);

  // Back to seed 1: Reset-free, the first metrics of seed 1 come back exactly.
  await playground.setField('Seed', 1);
  await expect(playground.status).toHaveText(/Step 0\b/);
  await expect(playground.testLossReadout).toHaveText(seed1TestLoss ?? '');
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
