/**
 * Heavy but valid settings (toward issue 17): a link asking for six layers of 1,024 on all of MNIST with
 * four race lanes at batch 5,000 is refused before anything is allocated, with the memory figures, and the
 * page trains the default run instead (or keeps the run it had); a heavy run that fits is started with a
 * warning, its slow steps are said with their measured time, and Pause is answered.
 */
import { test, expect } from './support/fixtures';

const TOO_HEAVY = 'data=mnist&n=60000&hidden=1024,1024,1024,1024,1024,1024&batch=5000&race=sgd:0.1,adam:0.001,rmsprop:0.01';
const HEAVY = 'data=mnist&n=60000&hidden=1024,1024,1024&batch=2000&opt=adam&lr=0.001';

test('a link too heavy for a tab is refused with its figures; the page trains the default run or keeps its own', async ({ playground, page, pageErrors }) => {
  test.setTimeout(240_000);
  await playground.goto(TOO_HEAVY);
  const refusal = playground.alerts.filter({ hasText: 'would need about' });
  await expect(refusal).toContainText(/would need about 2\.\d GB \(data 222 MB, weights and optimizer state \d+ MB, activations 1\.\d GB, evaluation \d+ MB\), more than a browser tab can safely hold/, { timeout: 120_000 });
  await expect(refusal).toContainText('The default run was loaded instead.');
  await expect(page.getByText(/2 → 16 → 16 → 2 · \d+ parameters/)).toBeVisible();
  await playground.openArea('Data & model');
  await expect(playground.dataset, 'the controls show the run that trains').toHaveValue('spiral');
  await playground.train();
  await playground.waitForStep(50);
  // pasted while a run trains: refused, and that run goes on
  await playground.openLinkInPlace(TOO_HEAVY);
  await expect(playground.alerts.filter({ hasText: 'The previous model is kept.' })).toContainText('would need about', { timeout: 120_000 });
  const at = await playground.currentStep();
  await playground.waitForStep(at + 50);
  await playground.pause();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('a heavy run that fits starts with a warning and its figures, says its slow steps, and Pause is answered', async ({ playground, page, pageErrors }) => {
  test.setTimeout(240_000);
  await playground.goto(HEAVY);
  await expect(playground.alerts.filter({ hasText: 'This run needs about' })).toContainText(/This run needs about \d+ MB \(data 222 MB, .*\)/, { timeout: 120_000 });
  await expect(page.getByText(/784 → 1024 → 1024 → 1024 → 10 · [\d,]+ parameters/)).toBeVisible();
  await playground.waitForFirstMetrics(180_000);
  await playground.train();
  await playground.waitForStep(1, 120_000);
  // once the device's time per step is measured, a slow step is said with its figures
  await expect(playground.alerts.filter({ hasText: 'Each training step takes about' })).toContainText(/about \d+\.\d s on this device \(\d+\.\d GFLOP a step at \d+\.\d GFLOP\/s\)/, { timeout: 120_000 });
  const t0 = Date.now();
  await playground.pauseButton.click();
  await expect(playground.status, 'the worker answers Pause').toHaveText(/\b0 steps\/s$/, { timeout: 10_000 });
  const answered = Date.now() - t0;
  console.log(`[heavy] Pause answered in ${answered} ms (status: ${await playground.statusText()})`);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
