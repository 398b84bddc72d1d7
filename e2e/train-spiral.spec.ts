/**
 * Journey: a student opens OptiPlay, keeps the default run (two spirals, 2→16→16→2 ReLU, SGD) and
 * presses Train. The network must learn the spiral on WebGPU, and everything on screen must move with
 * it: the step count, the loss chart, the weight histograms and the decision boundary.
 */
import { test, expect } from './support/fixtures';

/** Test accuracy the default run must reach, in percent. */
const TARGET = 90;
/** The default run gets there in ~1,000–3,000 steps; past this many the app is not learning right. */
const MAX_STEPS = 5000;

test('the default spiral trains on WebGPU to 90% test accuracy, and the charts follow', async ({ playground, pageErrors }) => {
  await playground.goto();
  await playground.openArea('Data & model');
  await expect(playground.dataset).toHaveValue('spiral');

  // The status line names the WebGPU adapter: "WebGPU · <adapter> · Step 0 · …".
  await expect(playground.status).toHaveText(/^WebGPU · \S.*· Step 0\b/);
  const adapter = /^WebGPU · (.+?) · Step/.exec(await playground.statusText())?.[1] ?? '';
  expect(adapter.trim(), 'adapter name in the status line').not.toBe('');
  expect(await playground.currentStep()).toBe(0);

  // Step 0 is evaluated at once: readouts, a first weight snapshot and a first picture of the model.
  await playground.waitForFirstMetrics();
  await expect(playground.testAccuracyReadout).toHaveText(/^\d+(\.\d)?%$/);
  await expect((await playground.panel('Weights')).locator('figcaption')).toHaveCount(3); // 2→16, 16→16, 16→2
  const startAccuracy = await playground.testAccuracy();
  const startWeights = await playground.weightsSignature();
  const startCanvas = await playground.canvasHash();
  expect(startAccuracy, 'an untrained model is about at chance on two balanced classes').toBeLessThan(75);

  await playground.startRecording();
  const t0 = Date.now();
  await playground.train();

  // The loss chart moves while training: its first line is redrawn with more points.
  await playground.waitForStep(50);
  await expect.poll(() => playground.lossPointCount(), { message: 'loss chart points while training' }).toBeGreaterThan(2);
  const earlyPath = await playground.lossPathD();
  await expect
    .poll(() => playground.lossPathD(), { message: 'the loss chart is redrawn as training goes on' })
    .not.toBe(earlyPath);

  // Poll (often, so the step count is close to when the readout crossed) until 90% or too many steps.
  let polledAt = 0;
  await expect
    .poll(
      async () => {
        const [accuracy, step] = [await playground.testAccuracy(), await playground.currentStep()];
        if (accuracy >= TARGET && polledAt === 0) polledAt = step;
        return accuracy >= TARGET || step > MAX_STEPS;
      },
      { message: `test accuracy ≥ ${TARGET}% (or more than ${MAX_STEPS} steps)`, timeout: 150_000, intervals: [200] },
    )
    .toBe(true);
  // The in-page record has the step shown when the readout first crossed; the poll's is a later bound.
  const crossing = await playground.recordedAccuracyCrossing(TARGET);
  const reachedAt = crossing?.step ?? polledAt;
  const seconds = ((crossing?.time ?? Date.now()) - t0) / 1000;
  const stepAtEnd = await playground.currentStep();
  console.log(
    `[journey] spiral on ${adapter}: ${TARGET}% test accuracy at step ${reachedAt} after ${seconds.toFixed(1)} s ` +
      `(${(reachedAt / seconds).toFixed(0)} steps/s on average; status: "${await playground.statusText()}")`,
  );
  expect(reachedAt, `reached ${TARGET}% test accuracy within ${MAX_STEPS} steps (now at step ${stepAtEnd})`).toBeGreaterThan(0);
  expect(reachedAt).toBeLessThanOrEqual(MAX_STEPS);
  expect(reachedAt, 'it took real training, not a lucky start').toBeGreaterThanOrEqual(100);

  // Still training; then pause, and the rest of the page shows the trained model.
  await expect(playground.pauseButton).toBeVisible();
  await playground.pause();
  const pausedAt = await playground.currentStep();
  expect(pausedAt).toBeGreaterThanOrEqual(reachedAt);

  await expect
    .poll(() => playground.weightsSignature(), { message: 'weight histograms after training' })
    .not.toBe(startWeights);
  await expect.poll(() => playground.canvasHash(), { message: 'decision boundary pixels after training' }).not.toBe(startCanvas);
  // The output legend names the step of the picture shown: a trained one, not step 0.
  await expect(playground.section('Output')).toContainText(/Step [1-9]\d*\./);

  // Paused means paused: the step count holds still.
  await playground.page.waitForTimeout(1000);
  expect(await playground.currentStep()).toBe(pausedAt);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
