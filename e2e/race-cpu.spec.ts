/**
 * Journey: the optimizer race without WebGPU (the browser launched without it, as cpu-fallback.spec.ts
 * does): its lanes train as the slots of the population's CPU twin, and a lane that diverges stops alone
 * while the run and the other lane go on (e2e/support/race.ts).
 */
import { CHROMIUM_ARGS, findChromium } from './support/browser';
import { test, expect } from './support/fixtures';
import { divergedLaneStopsOthersGoOn } from './support/race';

test.use({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu') } });

test('without WebGPU the race trains on the CPU: a lane that diverges stops alone; Reset restarts it', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  await divergedLaneStopsOthersGoOn(playground, 'cpu');
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
