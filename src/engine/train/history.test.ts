import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import { setupRun } from '../run';
import { HISTORY_POINTS_PER_LANE, thinHistory, thinLane } from './history';
import type { MetricPoint } from './metrics';
import { Trainer, type BackendFactory } from './trainer';

const point = (lane: number, step: number): MetricPoint => ({ lane, step, epoch: 0, trainLoss: 1, testLoss: 1, totalLoss: 1, gradNorms: [], learningRate: 0.1 });

describe('the history bound', () => {
  it('keeps a short history whole, and thins a long one to the bound, dense at the end', () => {
    const short = Array.from({ length: 10 }, (_, i) => i);
    expect(thinLane(short, 10)).toEqual(short);
    const long = Array.from({ length: 100_000 }, (_, i) => i);
    const kept = thinLane(long, 2000);
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept[0], 'the run’s start stays').toBe(0);
    expect(kept.slice(-1000), 'the latest 1,000 stay, every one').toEqual(long.slice(-1000));
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
  });

  it('thins each lane of a mixed history apart and keeps the order', () => {
    const mixed: MetricPoint[] = [];
    for (let s = 0; s < 3000; s++) for (const lane of [0, 1, 2]) mixed.push(point(lane, s));
    mixed.push(point(3, 3000)); // a lane with one point
    const thinned = thinHistory(mixed, 500);
    for (const lane of [0, 1, 2]) {
      const steps = thinned.filter((p) => p.lane === lane).map((p) => p.step);
      expect(steps.length).toBeLessThanOrEqual(500);
      expect(steps.at(-1)).toBe(2999);
    }
    expect(thinned.filter((p) => p.lane === 3)).toHaveLength(1);
    for (let i = 1; i < thinned.length; i++) expect(thinned[i].step * 4 + thinned[i].lane).toBeGreaterThan(thinned[i - 1].step * 4 + thinned[i - 1].lane);
    const under = mixed.slice(0, 30);
    expect(thinHistory(under, 500), 'nothing to thin: the same array').toBe(under);
  });

  it('a long run keeps its history, hence its checkpoint, flat (a tiny model, two lanes, 6,000 evaluations)', async () => {
    const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };
    const { config } = validateConfig({ dataset: 'xor', samples: 100, hidden: [4], batchSize: 8, optimizer: 'adam', learningRate: 0.01, race: [{ optimizer: 'sgd', learningRate: 0.1 }] });
    const t = await Trainer.create(setupRun(config), cpu);
    const sizes: number[] = [];
    for (let e = 1; e <= 6000; e++) {
      t.doStep();
      await t.evaluate(false);
      if (e % 1000 === 0) sizes.push(t.history.length);
    }
    expect(Math.max(...sizes), 'history points, both lanes').toBeLessThanOrEqual(2 * HISTORY_POINTS_PER_LANE);
    expect(sizes.at(-1), 'it stops growing once at the bound').toBeLessThanOrEqual(sizes[2]);
    const steps = t.history.filter((p) => p.lane === 0).map((p) => p.step);
    expect(steps[0], 'the first evaluation is kept').toBe(1);
    expect(steps.at(-1)).toBe(6000);
    const ckpt = await t.checkpoint();
    expect(ckpt.history.length).toBe(t.history.length);
    t.destroy();
  }, 60_000);
});
