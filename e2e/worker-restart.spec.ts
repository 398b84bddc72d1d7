/**
 * Reliability: a training worker that dies is restarted from the run's last save, with a notice
 * (worker/watchdog.ts, worker/client.ts, ui/workspace/useTrainer.ts). The page is opened with ?test-hooks,
 * whose `optiplayTest.send({ type: 'crash', how })` breaks the worker as a bug would: 'throw' (an uncaught
 * exception from a timer: the page's Worker fires `error`) or 'close' (it ends itself and falls silent: the
 * page notices after SILENCE_MS of silence while training). The restored run comes back paused at its last
 * save (the safer choice: the user sees what happened before it trains on) and trains on from there under
 * the same saved run.
 */
import type { Page } from '@playwright/test';
import { test, expect, type Playground } from './support/fixtures';
import { RunsPanel } from './support/runs';

const SPIRAL = 'data=spiral&n=300&hidden=8,8&opt=adam&lr=0.03&batch=32';
const NOTICE = /The training worker stopped unexpectedly/;

const crash = (page: Page, how: 'throw' | 'close') =>
  page.evaluate((h) => (window as unknown as { optiplayTest: { send(m: unknown): void } }).optiplayTest.send({ type: 'crash', how: h }), how);

/** Opens the page with test hooks, trains until the Runs table lists the run (autosaved), and returns its saved step. */
async function trainUntilSaved(playground: Playground, runs: RunsPanel): Promise<number> {
  await playground.page.goto(`/?test-hooks#${SPIRAL}`);
  await playground.waitForFirstMetrics();
  await playground.train();
  await runs.show();
  // the worker saves every 4 s while training; a second save makes sure the one read below is not the last
  await expect(runs.rows).toHaveCount(1, { timeout: 60_000 });
  const savedStep = async () => Number(((await runs.rows.first().locator('td').nth(3).textContent()) ?? '').replace(/[^\d]/g, ''));
  const first = await savedStep();
  await expect.poll(savedStep, { message: 'a second autosave', timeout: 30_000 }).toBeGreaterThan(first);
  return savedStep();
}

/** The notice says the run was reopened at step N, the status line shows step N, the run is paused. */
async function expectReopened(playground: Playground, why: RegExp, savedBefore: number, timeout: number): Promise<number> {
  const notice = playground.alerts.filter({ hasText: NOTICE });
  await expect(notice).toContainText(/OptiPlay restarted it and reopened your run from its last save at step [\d,]+\. It is paused: press Train to go on\./, { timeout });
  const text = (await notice.textContent()) ?? '';
  expect(text).toMatch(why);
  const step = Number(/at step ([\d,]+)/.exec(text)?.[1].replace(/,/g, ''));
  expect(step, 'reopened at or after the save seen before the crash').toBeGreaterThanOrEqual(savedBefore);
  await expect.poll(() => playground.currentStep(), { message: 'the status line shows the reopened step' }).toBe(step);
  await expect(playground.trainButton, 'the reopened run waits, paused').toBeVisible();
  return step;
}

/** Trains on past `step` and pauses; the same saved run goes on (one row in Runs). */
async function trainsOn(playground: Playground, runs: RunsPanel, step: number): Promise<void> {
  await playground.train();
  await playground.waitForStep(step + 150);
  await playground.pause();
  expect(await playground.testLoss()).toBeLessThan(2);
  await expect(runs.rows, 'the reopened run is saved under its own name, not as a new run').toHaveCount(1);
}

/** Page errors and console errors, but the deliberate crash's own report (if the browser logs it). */
const unexpected = (errors: string[]) => errors.filter((e) => !/Deliberate crash \(test hook\)/.test(e));

test('a worker that throws is restarted and the run reopened, paused, from its last save; it trains on', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  const runs = new RunsPanel(playground);
  const saved = await trainUntilSaved(playground, runs);
  await crash(playground.page, 'throw');
  const step = await expectReopened(playground, /\(an error it did not catch: .*Deliberate crash \(test hook\)\)/, saved, 60_000);
  console.log(`throw: saved step ${saved} seen before the crash, reopened at step ${step}`);
  await trainsOn(playground, runs, step);
  console.log(`throw: page and console errors seen: ${JSON.stringify(pageErrors)}`);
  expect(unexpected(pageErrors)).toEqual([]);
});

test('a worker that ends itself silently is noticed after 30 s of silence while training, and restarted the same way', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  const runs = new RunsPanel(playground);
  const saved = await trainUntilSaved(playground, runs);
  const t0 = Date.now();
  await crash(playground.page, 'close');
  // nothing fires for a closed worker: only the silence tells (SILENCE_MS = 30 s, checked every second)
  const step = await expectReopened(playground, /\(it sent nothing for 3\d seconds while training\)/, saved, 90_000);
  const seconds = (Date.now() - t0) / 1000;
  console.log(`close: saved step ${saved}, reopened at step ${step}, notice after ${seconds.toFixed(1)} s`);
  expect(seconds, 'not before SILENCE_MS').toBeGreaterThanOrEqual(30);
  await trainsOn(playground, runs, step);
  expect(unexpected(pageErrors)).toEqual([]);
});

test('after three restarts within a minute the fourth failure gives up, saying so, and Reset starts afresh', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  const runs = new RunsPanel(playground);
  const saved = await trainUntilSaved(playground, runs);
  const notice = playground.alerts.filter({ hasText: NOTICE });
  for (let i = 1; i <= 3; i++) {
    await crash(playground.page, 'throw');
    await expectReopened(playground, /Deliberate crash/, saved, 60_000);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  }
  await crash(playground.page, 'throw');
  await expect(notice).toContainText(/stopped unexpectedly again \(.*Deliberate crash.*\): 4 times within a minute, so OptiPlay stopped restarting it/);
  await expect(notice).toContainText(/Press Reset to start a new run with the same settings, or reload the page/);
  await expect(playground.trainButton).toBeVisible();
  // Reset starts a new worker and a new run from step 0 with the same settings; it trains
  await playground.reset();
  await expect(notice).toHaveCount(0);
  await playground.train();
  await playground.waitForStep(100);
  await playground.pause();
  expect(unexpected(pageErrors)).toEqual([]);
});
