/**
 * The race on a population, on WebGPU (engine/train/raceLanes.ts): a Trainer whose lane 0 is a GPU backend
 * and whose race lanes are the slots of one GPU population trains N steps, is checkpointed (structured-
 * cloned), restored the same way (the data shared with lane 0, as the worker does), optionally given a live
 * change there (`change`: frozen layers move the race lanes to a backend each), and trained N more; each
 * lane's evaluations along the way and its final parameters and optimizer state agree with a Trainer with
 * one CPU backend per lane (the old per-lane path, bit-exact on the CPU) within the caller's tolerance.
 */
import { validateConfig, defaultConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import { setupRun } from '../engine/run';
import type { MetricPoint } from '../engine/train/metrics';
import { Trainer, type BackendFactory } from '../engine/train/trainer';
import { createGpuBackend } from '../gpu/gpuBackend';
import { acquireData, releaseData } from '../gpu/network';
import { createGpuPopulation } from '../gpu/population';
import { compare } from './gpuRun';
import type { Tol } from './cases';

async function train(t: Trainer, steps: number, every: number): Promise<void> {
  for (let i = 1; i <= steps; i++) {
    if (t.compressionDue()) await t.compress();
    t.doStep();
    if (i % every === 0) await t.evaluate(false);
  }
  await t.quiet();
}

export function createRaceCases(device: GPUDevice) {
  const made: number[] = [];
  const pooled: BackendFactory = {
    create: async (init, batch) => ({ backend: createGpuBackend(device, 'harness', init, batch) }),
    createPopulation: async (init) => {
      made.push(init.trials);
      const data = acquireData(device, init.data[0]);
      const population = createGpuPopulation(device, init, { data });
      return { ...population, destroy: () => (population.destroy(), releaseData(device, init.data[0])) };
    },
  };
  const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

  return {
    /** N steps + checkpoint + restore + N steps on the GPU population vs 2N steps on CPU backends per lane. */
    async raceOnPopulation(p: { config: Record<string, unknown>; steps: number; every: number; change?: Record<string, unknown> } & Tol) {
      made.length = 0;
      const config = validateConfig({ ...defaultConfig(), ...p.config }).config;
      const first = await Trainer.create(setupRun(config), pooled);
      await train(first, p.steps, p.every);
      const ckpt = structuredClone(await first.checkpoint());
      first.destroy();
      const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config), pooled);
      const changed = { ...config, ...p.change };
      resumed.configure(changed);
      await train(resumed, p.steps, p.every);
      const reference = await Trainer.create(setupRun(config), cpu);
      await train(reference, p.steps, p.every);
      reference.configure(changed);
      await train(reference, p.steps, p.every);
      const [b, c] = await Promise.all([resumed.checkpoint(), reference.checkpoint()]);
      const lanes = b.lanes.length;
      const metrics = (h: MetricPoint[], lane: number) => h.filter((m) => m.lane === lane).flatMap((m) => [m.step, m.trainLoss, m.testLoss, m.totalLoss, ...m.gradNorms]);
      const state = (k: typeof b, lane: number) => [...k.lanes[lane].params, ...k.lanes[lane].state[0], ...k.lanes[lane].state[1]];
      const result = {
        populations: made.slice(),
        lanes,
        names: resumed.lanes.map((l) => l.backend.info.name),
        points: Array.from({ length: lanes }, (_, i) => resumed.history.filter((m) => m.lane === i).length),
        metrics: Array.from({ length: lanes }, (_, i) => compare(metrics(resumed.history, i), metrics(reference.history, i), p.atol * 10, p.rtol * 10)),
        state: Array.from({ length: lanes }, (_, i) => compare(state(b, i), state(c, i), p.atol, p.rtol)),
      };
      [resumed, reference].forEach((t) => t.destroy());
      return result;
    },
  };
}

export type RaceCases = ReturnType<typeof createRaceCases>;
