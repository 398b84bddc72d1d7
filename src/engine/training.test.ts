/** The CPU backend trains: the whole pipeline (config → data → model → sampler → steps → evaluation). */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './cpuBackend';
import { defaultConfig, validateConfig, type RunConfig } from './config';
import { effectiveBatch, setupRun, stepSettings } from './run';
import { BatchSampler } from './sampler';
import type { Evaluation } from './backend';

async function train(config: RunConfig, maxSteps: number, every: number, stop?: (e: Evaluation) => boolean) {
  const run = setupRun(config);
  const backend = createCpuBackend(run.init);
  const history: Array<{ step: number } & Evaluation> = [];
  const first = await backend.evaluate(false)!;
  history.push({ step: 0, ...first.evaluation });
  let step = 0;
  while (step < maxSteps) {
    for (let i = 0; i < every; i++, step++) backend.step(run.sampler.next(effectiveBatch(config, run.data)), stepSettings(config, step));
    const r = await backend.evaluate(false)!;
    history.push({ step, ...r.evaluation });
    if (stop?.(r.evaluation)) break;
  }
  return { run, backend, history, last: history[history.length - 1] };
}

describe('CPU training', () => {
  it.each([1, 2, 3])('default config (spiral, 16-16 relu, lr 0.1, batch 16), seed %i, reaches test accuracy ≥ 0.9 within 4000 steps', async (seed) => {
    const config = { ...defaultConfig(), seed };
    expect(validateConfig(config).corrections).toEqual([]);
    const { history, last, backend } = await train(config, 4000, 250, (e) => (e.testAccuracy ?? 0) >= 0.9);
    const start = history[0];
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(last.step).toBeLessThanOrEqual(4000);
    expect(last.trainLoss).toBeLessThan(0.5 * start.trainLoss);
    expect(last.testLoss).toBeLessThan(start.testLoss);
    expect(start.testAccuracy).toBeLessThan(0.8);
    // A snapshot has one histogram per layer and the grid output.
    const snap = (await backend.evaluate(true)!).snapshot!;
    expect(snap.histograms).toHaveLength(3);
    expect(snap.histograms[0].counts.reduce((s, c) => s + c, 0)).toBe(2 * 16);
    expect(snap.output.length).toBe(48 * 48 * 2);
    expect(snap.output.every(Number.isFinite)).toBe(true);
  }, 60_000);

  it('the loss goes down over training (smoothed)', async () => {
    const { history } = await train({ ...defaultConfig(), dataset: 'circles' }, 1500, 100);
    const early = history.slice(0, 3).reduce((s, h) => s + h.trainLoss, 0) / 3;
    const late = history.slice(-3).reduce((s, h) => s + h.trainLoss, 0) / 3;
    expect(late).toBeLessThan(0.3 * early);
    expect(history.every((h) => Number.isFinite(h.trainLoss))).toBe(true);
    expect(history[history.length - 1].testAccuracy).toBeGreaterThan(0.9);
  }, 60_000);

  it('fits the line y = 2x + 1 to a low MSE', async () => {
    const config = validateConfig({ dataset: 'line', noise: 0.05, hidden: [8], activation: 'tanh', learningRate: 0.05, batchSize: 16 }).config;
    expect(config.loss).toBe('mse');
    const { history, last } = await train(config, 2000, 200);
    expect(last.trainAccuracy).toBeUndefined();
    expect(last.testAccuracy).toBeUndefined();
    // Noise variance is 0.0025; a good fit is close to it, the start (≈ Var(2x+1) ≈ 4/3 + 1) is far above.
    expect(history[0].testLoss).toBeGreaterThan(0.3);
    expect(last.testLoss).toBeLessThan(0.01);
    expect(last.trainLoss).toBeLessThan(0.01);
  }, 60_000);

  it('a linear model (no hidden layers) fits the line with full-batch gradient descent', async () => {
    const config = validateConfig({ dataset: 'line', noise: 0, hidden: [], learningRate: 0.3, batchSize: 5000 }).config;
    const { run, backend, last } = await train(config, 300, 300);
    expect(last.testLoss).toBeLessThan(1e-6);
    const p = await backend.readParams();
    const { W, b } = run.init.layout.layers[0];
    expect(p[W.offset]).toBeCloseTo(2, 3);
    expect(p[b.offset]).toBeCloseTo(1, 3);
  }, 60_000);

  it('one seed gives identical parameters and metrics twice; another seed differs', async () => {
    const config = { ...defaultConfig(), hidden: [8, 8], seed: 1234 };
    const a = await train(config, 300, 100);
    const b = await train(config, 300, 100);
    const pa = await a.backend.readParams();
    const pb = await b.backend.readParams();
    expect(Array.from(pb)).toEqual(Array.from(pa));
    expect(b.history).toEqual(a.history);
    const c = await train({ ...config, seed: 1235 }, 300, 100);
    expect(Array.from(await c.backend.readParams())).not.toEqual(Array.from(pa));
  }, 60_000);

  it('a step with learning rate 0 changes nothing', async () => {
    const run = setupRun(defaultConfig());
    const backend = createCpuBackend(run.init);
    for (let i = 0; i < 5; i++) backend.step(run.sampler.next(16), stepSettings({ ...defaultConfig(), learningRate: 0 }, i));
    expect(Array.from(await backend.readParams())).toEqual(Array.from(run.init.params));
  });

  it('does not modify the initial parameters it was given', async () => {
    const run = setupRun(defaultConfig());
    const before = Array.from(run.init.params);
    const backend = createCpuBackend(run.init);
    for (let i = 0; i < 10; i++) backend.step(run.sampler.next(16), stepSettings({ ...defaultConfig(), learningRate: 0.1 }, i));
    expect(Array.from(run.init.params)).toEqual(before);
    expect(Array.from(await backend.readParams())).not.toEqual(before);
  });
});

describe('BatchSampler', () => {
  it('a batch size ≥ the training size is full-batch GD: every row, every step', () => {
    const config = { ...defaultConfig(), batchSize: 5000 };
    const run = setupRun(config);
    const n = run.data.train.n;
    expect(effectiveBatch(config, run.data)).toBe(n);
    for (let s = 0; s < 5; s++) {
      const batch = run.sampler.next(effectiveBatch(config, run.data));
      expect(batch.length).toBe(n);
      expect(Array.from(batch).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(run.sampler.epoch).toBe(5);
    const big = new BatchSampler(10, 1).next(11);
    expect(big.length).toBe(10);
  });

  it('covers every row exactly once per epoch, last batch smaller, epoch counts fractionally', () => {
    const s = new BatchSampler(10, 3);
    const seen: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const b = s.next(4);
      sizes.push(b.length);
      seen.push(...b);
      if (i === 0) expect(s.epoch).toBeCloseTo(0.4);
    }
    expect(sizes).toEqual([4, 4, 2]);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.epoch).toBe(1);
    // The next epoch is a fresh permutation, again complete.
    const next = [...s.next(5), ...s.next(5)];
    expect(next.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.epoch).toBe(2);
  });

  it('shuffles: epochs come in different orders, and the same seed repeats them', () => {
    const a = new BatchSampler(50, 9), b = new BatchSampler(50, 9);
    const e1 = Array.from(a.next(50 - 1)).concat(Array.from(a.next(1)));
    const e2 = Array.from(a.next(49)).concat(Array.from(a.next(1)));
    expect(e1).not.toEqual(e2);
    expect(e1).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(b.next(49)).concat(Array.from(b.next(1)))).toEqual(e1);
  });

  it('the batch size can change between steps', () => {
    const s = new BatchSampler(20, 1);
    const got = [...s.next(3), ...s.next(7), ...s.next(10)];
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(s.epoch).toBe(1);
  });
});
