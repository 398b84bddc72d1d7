/**
 * The population rows (gpu/population.ts, DESIGN.md seam 4): wall time of a sweep's steps on the default
 * spiral playground run (validateConfig({}): 2-16-16-2, batch 16, SGD), one trial against 16 trials of
 * as many steps each (16 seeds: 16 datasets, 16 initialisations), timed in turns so that both see the same
 * machine; and LeNet-300-100 at batch 128 with 8 Adam trials at once, in samples per second per trial,
 * beside the single-run row.
 */
import { validateConfig } from '../engine/config';
import type { StepSettings } from '../engine/backend';
import { initParams } from '../engine/model';
import type { PopulationBackend, PopulationInit } from '../engine/population/types';
import { setupRun, stepSettings } from '../engine/run';
import { BatchSampler } from '../engine/sampler';
import { createGpuPopulation } from '../gpu/population';
import { lenet, SEED } from './lenet';
import { profilePopulation } from './populationProfile';
import { attempt, record, type BenchResult, type Peer } from './results';
import { repsPerSecond, scale, summarize } from './timing';

export const SWEEP_STEPS = 200;
const SWEEP_TRIALS = [1, 16];
const LENET_TRIALS = 8;

/**
 * A population with one trial per slot: `prepare` draws one step's rows and settings of every slot
 * (arrays allocated once, as the sweep does) and returns the call that enqueues that step; `run` enqueues
 * `steps` steps and waits for them.
 */
interface Driven {
  pop: PopulationBackend;
  prepare: () => () => void;
  run: (steps: number) => Promise<void>;
}

function drive(pop: PopulationBackend, init: PopulationInit, samplers: BatchSampler[], settingsAt: (slot: number, step: number) => StepSettings): Driven {
  const T = init.trials, B = init.batch;
  const rows = new Uint32Array(T * B); // [T, B]
  const counts = new Uint32Array(T); // [T]
  const settings: StepSettings[] = new Array<StepSettings>(T);
  let done = 0;
  const prepare = () => {
    for (let s = 0; s < T; s++) {
      const batch = samplers[s].next(B);
      rows.set(batch, s * B);
      counts[s] = batch.length;
      settings[s] = settingsAt(s, done);
    }
    done++;
    return () => pop.step(rows, counts, settings);
  };
  return {
    pop,
    prepare,
    async run(steps) {
      for (let k = 0; k < steps; k++) prepare()();
      await pop.settled();
    },
  };
}

/** T spiral trials of the default playground config, seeds 1…T. */
function spiralPopulation(device: GPUDevice, T: number): Driven {
  const configs = Array.from({ length: T }, (_, i) => validateConfig({ seed: i + 1 }).config);
  const setups = configs.map((c) => setupRun(c));
  const { spec, layout, loss } = setups[0].init;
  const init: PopulationInit = { spec, layout, loss, data: setups.map((s) => s.data), trials: T, batch: configs[0].batchSize };
  const pop = createGpuPopulation(device, init);
  setups.forEach((s, i) => pop.setTrial(i, s.init.params, i));
  return drive(pop, init, setups.map((s) => s.sampler), (slot, step) => stepSettings(configs[slot], step));
}

/** LeNet-300-100 (bench/lenet.ts data), T Adam trials from T initialisations, one shared dataset. */
function lenetPopulation(device: GPUDevice, T: number, batch: number): Driven {
  const net = lenet(batch);
  const { spec, layout, loss, data } = net.init;
  const init: PopulationInit = { spec, layout, loss, data: [data], trials: T, batch };
  const pop = createGpuPopulation(device, init);
  for (let s = 0; s < T; s++) pop.setTrial(s, initParams(spec, layout, SEED + s), 0);
  const samplers = Array.from({ length: T }, (_, s) => new BatchSampler(data.train.n, SEED + s));
  return drive(pop, init, samplers, (_, step) => stepSettings(net.config, step));
}

async function checkTrains(pop: PopulationBackend, label: string): Promise<void> {
  const evals = await pop.evaluate(256);
  const bad = evals.find((e) => !e || !Number.isFinite(e.trainLoss) || e.trainLoss <= 0);
  if (bad !== undefined) throw new Error(`${label}: a trial's training loss is ${bad?.trainLoss} after warm-up`);
}

/** Timed runs of each spiral population, taken in turns (1 trial, 16 trials, 1, 16 …) so that both see the same machine. */
const SWEEP_REPS = 9;

export async function runSweepRows(res: BenchResult, device: GPUDevice, want: (p: Peer) => boolean, log: (s: string) => void, filter?: RegExp): Promise<void> {
  if (!want('optiplay')) return;
  const named = SWEEP_TRIALS.map((T) => ({ T, name: `sweep spiral ${T} trial${T > 1 ? 's' : ''}` })).filter((r) => !filter || filter.test(r.name));
  if (named.length > 0) {
    await attempt(res, log, named.map((r) => r.name).join(' / '), async () => {
      const pops = named.map((r) => ({ ...r, d: spiralPopulation(device, r.T), times: [] as number[] }));
      try {
        for (const p of pops) {
          await p.d.run(5); // pipelines compiled, buffers warm
          await checkTrains(p.d.pop, p.name);
        }
        for (let i = 0; i < SWEEP_REPS; i++) {
          for (const p of pops) {
            const t0 = performance.now();
            await p.d.run(SWEEP_STEPS);
            p.times.push((performance.now() - t0) / 1000);
          }
        }
        for (const p of pops) {
          const rate = summarize(p.times);
          record(res, p.name, 's', 'optiplay', rate);
          log(`${p.name}: ${SWEEP_STEPS} steps per trial in ${rate.median.toFixed(3)} s (${rate.min.toFixed(3)}–${rate.max.toFixed(3)})`);
        }
      } finally {
        for (const p of pops) p.d.pop.destroy();
      }
    });
  }
  const name = `train lenet-300-100 b128 ${LENET_TRIALS} trials`;
  if (filter && !filter.test(name)) return;
  await attempt(res, log, name, async () => {
    const d = lenetPopulation(device, LENET_TRIALS, 128);
    try {
      await d.run(4);
      await checkTrains(d.pop, name);
      const rate = scale(await repsPerSecond((reps) => d.run(reps), { targetMs: 1500, minReps: 2, maxReps: 400 }), 128);
      record(res, name, 'samples/s', 'optiplay', rate);
      log(`${name}: ${rate.median.toFixed(1)} samples/s per trial (${rate.min.toFixed(1)}–${rate.max.toFixed(1)})`);
    } finally {
      d.pop.destroy();
    }
  });
}

/** The `popprofile` section: where a step of each population row's population goes (populationProfile.ts). */
export async function profilePopulations(res: BenchResult, device: GPUDevice, timestamps: boolean, log: (s: string) => void): Promise<void> {
  const cases: Array<[string, () => Driven, number]> = [
    ...SWEEP_TRIALS.map((T): [string, () => Driven, number] => [`spiral ${T}`, () => spiralPopulation(device, T), 200]),
    [`lenet b128 ${LENET_TRIALS}`, () => lenetPopulation(device, LENET_TRIALS, 128), 4],
  ];
  for (const [name, make, steps] of cases) {
    await attempt(res, log, `population profile ${name}`, async () => {
      const d = make();
      try {
        await profilePopulation(device, timestamps, name, d, steps, log);
      } finally {
        d.pop.destroy();
      }
    });
  }
}
