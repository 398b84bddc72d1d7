/**
 * The optimizer race journey (e2e/race.spec.ts on WebGPU, e2e/race-cpu.spec.ts without). The race trains
 * its lanes as the slots of one population (engine/train/raceLanes.ts; on WebGPU sharing the run's data
 * upload, on the CPU the population's CPU twin). A race
 * with a lane whose learning rate is far too high: that lane stops with "diverged at step N" in the race
 * table while the run and the other lane train on with finite losses; Reset starts every lane again.
 * The same race trains on the CPU when the browser has no WebGPU.
 */
import { expect, type Playground } from './fixtures';

/** Lane 2, SGD at rate 10 on ReLU 16-16 with MSE on the line data: NaN within ~100 steps (nan-guard.spec.ts); lane 3 trains. */
const RACE = 'data=line&hidden=16,16&act=relu&loss=mse&opt=adam&lr=0.01&batch=8&race=sgd:10,rmsprop:0.01';

async function raceTable(playground: Playground) {
  await playground.openArea('Train');
  const table = playground.page.getByRole('table', { name: 'Latest evaluation per lane' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  return table;
}

export async function divergedLaneStopsOthersGoOn(playground: Playground, backend: 'webgpu' | 'cpu') {
  await playground.goto(RACE);
  await playground.waitForFirstMetrics();
  expect(await playground.backend()).toBe(backend);
  const table = await raceTable(playground);
  const rows = table.locator('tbody').getByRole('row');
  await expect(rows).toHaveCount(3);
  await playground.train();
  await expect(rows.nth(1), 'the SGD lane at rate 10 stops').toContainText(/diverged at step \d/, { timeout: 120_000 });
  const at = await playground.currentStep();
  await playground.waitForStep(at + 100);
  await expect(playground.pauseButton, 'the run goes on').toBeVisible();
  for (const i of [0, 2]) {
    await expect(rows.nth(i), `lane ${i + 1} did not diverge`).not.toContainText('diverged');
    await expect(rows.nth(i).getByRole('cell').nth(1), `lane ${i + 1} has a finite train loss`).toHaveText(/^\d/);
  }
  await playground.pause();
  await playground.reset();
  await expect(rows.nth(1), 'Reset starts the diverged lane again').not.toContainText('diverged', { timeout: 30_000 });
  await playground.step();
  await expect(rows.nth(1).getByRole('cell').nth(1), 'the reset lane trains again').toHaveText(/^\d/, { timeout: 30_000 });
}

