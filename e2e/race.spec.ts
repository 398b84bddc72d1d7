/**
 * Journey: the optimizer race on WebGPU, its lanes the slots of one GPU population sharing the run's data
 * (e2e/support/race.ts): a lane that diverges stops alone, the run and the other lane go on, Reset
 * restarts it. e2e/race-cpu.spec.ts runs the same journey without WebGPU.
 */
import { test, expect } from './support/fixtures';
import { divergedLaneStopsOthersGoOn } from './support/race';

test('a race lane that diverges stops alone; the run and the other lane go on; Reset restarts it (WebGPU)', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  await divergedLaneStopsOthersGoOn(playground, 'webgpu');
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
