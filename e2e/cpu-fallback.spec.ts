/**
 * Journey: a visitor whose browser has no usable WebGPU. OptiPlay must say so plainly and train the
 * same network on the CPU engine instead.
 *
 * This Chromium without --enable-unsafe-webgpu still exposes navigator.gpu, but requestAdapter()
 * resolves to null (in the page and in the training worker alike): the "no adapter" path. An init
 * script could not reach the worker, so the browser itself is launched without WebGPU.
 */
import { CHROMIUM_ARGS, findChromium } from './support/browser';
import { test, expect } from './support/fixtures';

test.use({
  launchOptions: {
    executablePath: findChromium(),
    args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'),
  },
});

/**
 * Test accuracy the CPU run must reach on the default spiral, in percent. No step budget here: the CPU
 * engine runs thousands of steps a second, far ahead of what a loaded page shows (the WebGPU spec and
 * the engine's unit tests hold the learning speed to account).
 */
const TARGET = 80;

test('without WebGPU the default spiral trains on the CPU, and the page says so', async ({ playground, page, pageErrors }) => {
  await playground.goto();

  // Precondition: this browser really offers no WebGPU adapter.
  const gpu = await page.evaluate(async () => {
    if (!('gpu' in navigator) || !navigator.gpu) return 'no navigator.gpu';
    return (await navigator.gpu.requestAdapter()) ? 'adapter' : 'no adapter';
  });
  expect(gpu, 'the browser was launched without a WebGPU adapter').not.toBe('adapter');

  await expect(playground.status).toHaveText(/^CPU · Step 0\b/);
  expect(await playground.backend()).toBe('cpu');
  const notice = playground.alerts.filter({ hasText: /WebGPU/ });
  await expect(notice).toBeVisible();
  await expect(notice, 'the notice says why: WebGPU is unavailable').toContainText(
    /not available|no GPU adapter|unavailable|failed to start|could not find/i,
  );
  await expect(notice, 'the notice says training runs on the CPU').toContainText(/trains on the CPU|CPU/);
  console.log(`[journey] fallback (${gpu} in the page): ${(await notice.textContent())?.replace(/Dismiss$/, '')}`);

  await playground.waitForFirstMetrics();
  await expect(playground.testAccuracyReadout).toHaveText(/%$/);
  const startAccuracy = await playground.testAccuracy();
  const startCanvas = await playground.canvasHash();

  await playground.startRecording();
  const t0 = Date.now();
  await playground.train();
  let polledAt = 0;
  await expect
    .poll(
      async () => {
        const [accuracy, step] = [await playground.testAccuracy(), await playground.currentStep()];
        if (accuracy >= TARGET && polledAt === 0) polledAt = step;
        return accuracy >= TARGET;
      },
      { message: `test accuracy ≥ ${TARGET}% on the CPU`, timeout: 120_000, intervals: [100] },
    )
    .toBe(true);
  // The in-page record has the step shown when the readout first crossed; the poll's is a later bound.
  const crossing = await playground.recordedAccuracyCrossing(TARGET);
  const reachedAt = crossing?.step ?? polledAt;
  const seconds = ((crossing?.time ?? Date.now()) - t0) / 1000;
  await playground.pause();
  const step = await playground.currentStep();
  const accuracy = await playground.testAccuracy();
  console.log(
    `[journey] CPU path: ${TARGET}% at step ${reachedAt} after ${seconds.toFixed(1)} s; paused at step ${step} with ` +
      `${accuracy}% test accuracy (from ${startAccuracy}%); status: "${await playground.statusText()}"`,
  );
  expect(reachedAt, `reached ${TARGET}% after real training`).toBeGreaterThan(0);
  expect(accuracy, 'clearly better than at the start').toBeGreaterThan(startAccuracy + 20);
  await expect(playground.status, 'still the CPU after training').toHaveText(/^CPU · Step [1-9]/);
  await expect.poll(() => playground.canvasHash(), { message: 'the decision boundary is redrawn' }).not.toBe(startCanvas);

  // The notice can be dismissed; the run is unaffected.
  await playground.dismissAlerts();
  expect(await playground.currentStep()).toBe(step);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
