/** Training through augmentation on the CPU backend: shifted MNIST still learns, and one seed gives one run. */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import { loadMnistNode } from '../mnistNode';
import type { MnistRaw } from '../mnist';
import { effectiveBatch, setupRun, stepSettings } from '../run';
import { augmentRows } from '../ops/augment';
import { augmentDraws } from './augment';

let mnist: MnistRaw;
beforeAll(() => {
  mnist = loadMnistNode();
});

const SMALL: Partial<RunConfig> = { dataset: 'mnist', samples: 1000, hidden: [32], optimizer: 'adam', learningRate: 0.003, batchSize: 32, seed: 5 };
const config = (extra: Partial<RunConfig>) => validateConfig({ ...defaultConfig(), ...SMALL, ...extra }).config;

async function train(c: RunConfig, steps: number) {
  const run = setupRun(c, mnist);
  const backend = createCpuBackend({ ...run.init, maxEvalRows: 500 });
  const first = (await backend.evaluate(false))!.evaluation.trainLoss;
  for (let s = 0; s < steps; s++) backend.step(run.sampler.next(effectiveBatch(run.config, run.data)), stepSettings(run.config, s));
  const last = await backend.evaluate(true)!;
  return { run, first, last, params: await backend.readParams() };
}

describe('augmented training (CPU)', () => {
  it('with ±2-pixel shifts the loss still falls; the same seed gives the same weights', async () => {
    const c = config({ augShift: 2 });
    const a = await train(c, 150);
    expect(a.last.evaluation.trainLoss).toBeLessThan(a.first * 0.5);
    const b = await train(c, 150);
    expect(b.params).toEqual(a.params);
    const plain = await train(config({}), 150);
    expect(plain.params).not.toEqual(a.params);
  }, 60_000);

  it('a snapshot carries the last batch as the network saw it: the shifted digits of its draws', async () => {
    const c = config({ augShift: 3, augMixup: 0.4 });
    const { run, last } = await train(c, 3);
    const batch = last.snapshot!.batch!;
    expect(batch.rows).toBe(16);
    expect(batch.draws.dx.some((v) => v !== 0)).toBe(true);
    // the same draws and rows, gathered again, are what the step trained on
    const settings = stepSettings(run.config, 2).augment!;
    const replay = setupRun(c, mnist).sampler;
    replay.next(32);
    replay.next(32);
    const rows = replay.next(32);
    const x = augmentRows(run.data.train.x, 784, augmentDraws(settings, rows), settings);
    expect(batch.x).toEqual(x.subarray(0, 16 * 784));
    const y = batch.y;
    for (let r = 0; r < 16; r++) expect(y.subarray(r * 10, r * 10 + 10).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  }, 60_000);
});
