import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { binCount, correlationRatio, parameterImportance, studyImportance } from './importance';
import { sampleSpace } from './random';
import { trialOf } from './testTrials';
import type { SearchSpace, Trial } from './types';

const space: SearchSpace = [
  { name: 'learningRate', dist: { kind: 'float', low: 1e-5, high: 1, log: true } },
  { name: 'momentum', dist: { kind: 'float', low: 0, high: 0.99, log: false } },
  { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] } },
];

function trials(n: number, seed: number, f: (p: Trial['params'], noise: number) => number): Trial[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = sampleSpace(space, rng);
    return trialOf(i, p, f(p, rng.normal()));
  });
}

describe('parameterImportance', () => {
  it('η²: 1 when the groups fix the value, 0 when the groups have equal means', () => {
    expect(correlationRatio(['a', 'a', 'b', 'b'], [1, 1, 3, 3])).toBeCloseTo(1, 12);
    expect(correlationRatio(['a', 'b', 'a', 'b'], [1, 1, 3, 3])).toBeCloseTo(0, 12);
    // Means 1 and 3 around 2: between 2·1² + 2·1² = 4; total 2² + 0 + 0 + 2² = 8.
    expect(correlationRatio(['a', 'a', 'b', 'b'], [0, 2, 2, 4])).toBeCloseTo(0.5, 12);
    expect(correlationRatio(['a', 'b'], [2, 2])).toBe(0);
  });

  it('bins: 2 to 6 as n grows', () => {
    expect([3, 8, 9, 16, 24, 25, 100].map(binCount)).toEqual([2, 3, 4, 5, 5, 6, 6]);
  });

  it('the parameter that drives the objective gets most of the importance, pure noise little; sums to 1', () => {
    const ts = trials(60, 1, (p, noise) => -((Math.log10(p.learningRate as number) + 2) ** 2) + 0.3 * noise);
    const imp = parameterImportance(space, ts);
    expect(imp.map((x) => x.name)).toEqual(['learningRate', 'momentum', 'optimizer']);
    expect(imp.reduce((s, x) => s + x.importance, 0)).toBeCloseTo(1, 12);
    expect(imp[0].importance).toBeGreaterThan(0.75);
    expect(imp[1].importance).toBeLessThan(0.15);
    expect(imp[2].importance).toBeLessThan(0.15);
  });

  it('a categorical that drives the objective is found too', () => {
    const ts = trials(40, 2, (p, noise) => (p.optimizer === 'adam' ? 1 : 0) + 0.1 * noise);
    const imp = parameterImportance(space, ts);
    expect(imp[2].importance).toBeGreaterThan(0.75);
  });

  it('[] under 3 complete trials; pruned and failed trials do not count', () => {
    const ts = trials(2, 3, (p) => p.momentum as number);
    expect(parameterImportance(space, ts)).toEqual([]);
    const more = [...ts, trialOf(2, ts[0].params, 0.5, 'pruned'), trialOf(3, ts[1].params, null, 'failed')];
    expect(parameterImportance(space, more)).toEqual([]);
  });

  it('equal shares when the objective does not vary', () => {
    const imp = parameterImportance(space, trials(10, 4, () => 1));
    for (const x of imp) expect(x.importance).toBeCloseTo(1 / 3, 12);
  });
});

describe('studyImportance', () => {
  it('falls back to the first rung when early stopping left fewer than 3 complete trials', () => {
    const space: SearchSpace = [
      { name: 'learningRate', dist: { kind: 'float', low: 1e-3, high: 1, log: true } },
      { name: 'seed', dist: { kind: 'int', low: 1, high: 100, log: false } },
    ];
    const trials: Trial[] = Array.from({ length: 12 }, (_, i) => {
      const lr = 10 ** (-3 + (3 * i) / 11);
      const v = 50 + 40 * (i / 11);
      return { id: i, params: { learningRate: lr, seed: (i * 37) % 100 }, state: i < 10 ? 'pruned' : 'complete', intermediate: [{ step: 10, value: v }, { step: 30, value: v + 1 }], value: v, steps: i < 10 ? 10 : 90, configId: i };
    });
    const s = studyImportance(space, trials, 10);
    expect(s.atStep).toBe(10);
    expect(s.trials).toBe(12);
    expect(s.importance[0].importance).toBeGreaterThan(0.7);
    const all = studyImportance(space, trials.map((t) => ({ ...t, state: 'complete' })), 10);
    expect(all.atStep).toBeNull();
  });
});
