/**
 * The race rows: LeNet-300-100 with Adam at batch 128 and three race lanes (SGD, RMSprop, Adagrad), four
 * lanes in all, through the playground's Trainer on the GPU: the race's lanes as a GPU backend each (the
 * old path) and as the slots of one GPU population sharing the run's data (engine/train/raceLanes.ts, the
 * worker's path). Samples per second count every lane's rows (4 × 128 per step).
 */
import type { BackendInit } from '../engine/backend';
import { validateConfig } from '../engine/config';
import { Trainer, type BackendFactory } from '../engine/train/trainer';
import { createGpuBackend } from '../gpu/gpuBackend';
import { acquireData, releaseData } from '../gpu/network';
import { createGpuPopulation } from '../gpu/population';
import { lenet } from './lenet';
import { attempt, record, type BenchResult, type Peer } from './results';
import { repsPerSecond, scale } from './timing';
import { trainSteps } from './trainOptiplay';

const BATCH = 128;
const RACE = ['sgd:0.01', 'rmsprop:0.001', 'adagrad:0.01'];

function factory(device: GPUDevice, population: boolean): BackendFactory {
  const create = async (init: BackendInit, batch: number) => ({ backend: createGpuBackend(device, 'bench', init, batch) });
  if (!population) return { create };
  return {
    create,
    createPopulation: async (init) => {
      const data = acquireData(device, init.data[0]);
      const p = createGpuPopulation(device, init, { data });
      return { ...p, destroy: () => (p.destroy(), releaseData(device, init.data[0])) };
    },
  };
}

export async function runRaceRows(res: BenchResult, device: GPUDevice, want: (p: Peer) => boolean, log: (s: string) => void, filter?: RegExp): Promise<void> {
  if (!want('optiplay')) return;
  for (const population of [false, true]) {
    const name = `race lenet-300-100 b${BATCH} ×4 ${population ? 'one population' : 'a backend per lane'}`;
    if (filter && !filter.test(name)) continue;
    await attempt(res, log, name, async () => {
      const net = lenet(BATCH);
      const config = validateConfig({ ...net.config, race: RACE }).config;
      const t = await Trainer.create({ config, data: net.init.data, init: net.init, gridSize: 0, sampler: net.batches }, factory(device, population));
      try {
        await trainSteps(t, 8);
        const r = await t.evaluate(false);
        if (!r || r.points.length !== 4 || !r.points.every((p) => Number.isFinite(p.trainLoss))) throw new Error(`${name}: the four lanes did not all evaluate`);
        const rate = scale(await repsPerSecond((reps) => trainSteps(t, reps), { targetMs: 1500, minReps: 4, maxReps: 200 }), 4 * BATCH);
        record(res, name, 'samples/s', 'optiplay', rate);
        log(`${name}: ${rate.median.toFixed(1)} samples/s (${rate.min.toFixed(1)}–${rate.max.toFixed(1)})`);
      } finally {
        t.destroy();
      }
    });
  }
}
