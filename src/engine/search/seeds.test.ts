import { describe, expect, it } from 'vitest';
import { repeatTrials, seedRepeats, summarizeConfigs } from './seeds';
import { trialOf } from './testTrials';

describe('repeats over seeds', () => {
  it('expands a configuration into k trials with seeds base … base + k − 1 sharing a config id', () => {
    expect(seedRepeats({ learningRate: 0.1 }, 3, 42)).toEqual([
      { learningRate: 0.1, seed: 42 },
      { learningRate: 0.1, seed: 43 },
      { learningRate: 0.1, seed: 44 },
    ]);
    const ts = repeatTrials({ width: 8 }, 2, 1, 10);
    expect(ts.map((t) => [t.id, t.configId, t.params.seed, t.state])).toEqual([
      [10, 10, 1, 'waiting'],
      [11, 10, 2, 'waiting'],
    ]);
  });

  it('summarizes each configuration: mean, sample sd, n, min, max over complete trials; params without the seed', () => {
    const trials = [
      trialOf(0, { learningRate: 0.1, seed: 1 }, 0.9, 'complete', { configId: 0 }),
      trialOf(1, { learningRate: 0.1, seed: 2 }, 0.8, 'complete', { configId: 0 }),
      trialOf(2, { learningRate: 0.1, seed: 3 }, 0.7, 'complete', { configId: 0 }),
      trialOf(3, { learningRate: 0.1, seed: 4 }, 0.1, 'pruned', { configId: 0 }),
      trialOf(4, { learningRate: 0.01, seed: 1 }, 0.5, 'complete', { configId: 4 }),
      trialOf(5, { learningRate: 0.01, seed: 2 }, null, 'failed', { configId: 4 }),
      trialOf(6, { learningRate: 1, seed: 1 }, null, 'running', { configId: 6 }),
    ];
    const [a, b, c] = summarizeConfigs(trials);
    expect(a.configId).toBe(0);
    expect(a.params).toEqual({ learningRate: 0.1 });
    expect(a.n).toBe(3);
    expect(a.mean).toBeCloseTo(0.8, 12);
    expect(a.std).toBeCloseTo(0.1, 12); // sample sd of 0.9, 0.8, 0.7
    expect([a.min, a.max]).toEqual([0.7, 0.9]);
    expect(a.trialIds).toEqual([0, 1, 2, 3]);
    expect([b.n, b.mean, b.std, b.min, b.max]).toEqual([1, 0.5, 0, 0.5, 0.5]);
    expect([c.n, c.mean, c.std, c.min, c.max]).toEqual([0, null, null, null, null]);
  });
});
