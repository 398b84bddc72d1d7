import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { defaultWeights, parzenEstimator } from './parzen';
import type { Distribution } from './types';

/**
 * Reference log densities from Optuna 3.1's _ParzenEstimator (univariate, consider_prior, prior_weight 1,
 * consider_magic_clip, consider_endpoints false, default_weights), with the truncated normal's −log σ that
 * Optuna 3.5 added; computed with numpy from optuna/samplers/_tpe/parzen_estimator.py at tag v3.1.0.
 */
const cases: Array<[string, Distribution, Array<number | string>, Array<number | string>, number[]]> = [
  ['float', { kind: 'float', low: 0, high: 1, log: false }, [0.5, 0.1, 0.15, 0.9], [0.0, 0.05, 0.3, 0.5, 0.77, 1.0],
    [0.1611446091723181, 0.2659847305137808, 0.1657573660818228, -0.07159281668796535, -0.22846209806693485, -0.4640942099099217]],
  ['log float', { kind: 'float', low: 1e-5, high: 1, log: true }, [1e-3, 2e-2, 5e-3], [1e-5, 1e-4, 1e-3, 3e-3, 0.1, 1.0],
    [-3.6002235852829023, -2.778405115754673, -2.11387663290986, -1.984801089209992, -2.5008697328526006, -3.3731064035876592]],
  ['int', { kind: 'int', low: 1, high: 10, log: false }, [3, 3, 7], [1, 2, 3, 4, 7, 10],
    [-2.3818353971107196, -2.1258976592764585, -2.00355253842499, -2.0005307494414493, -2.319627226585768, -3.1761945848557334]],
  ['log int', { kind: 'int', low: 8, high: 512, log: true }, [16, 64, 64, 300], [8, 16, 50, 64, 300, 512],
    [-1.9046425298518255, -1.600240155618542, -1.145012647247494, -1.1250925888347214, -1.6904872485735454, -1.8910427140134054]],
  ['categorical', { kind: 'categorical', choices: ['a', 'b', 'c'] }, ['a', 'c', 'c'], ['a', 'b', 'c'],
    [-1.0986122886681096, -1.6582280766035324, -0.7419373447293772]],
  ['30 observations (ramped weights)', { kind: 'float', low: -2, high: 3, log: false },
    Array.from({ length: 30 }, (_, i) => -1.9 + (4.8 * i) / 29), [-2.0, -1.0, 0.0, 0.33, 2.5, 3.0],
    [-4.017414460923255, -1.5270209532529482, -1.520403434395111, -1.5202564089901363, -1.506429338219936, -2.0351120544172234]],
  ['no observations (the prior alone)', { kind: 'float', low: 0, high: 2, log: false }, [], [0.0, 1.0, 1.7],
    [-0.7771693800689957, -0.6521693800689957, -0.7134193800689957]],
];

describe('parzenEstimator', () => {
  it.each(cases)('%s: log densities match Optuna’s estimator', (_name, dist, obs, xs, want) => {
    const pe = parzenEstimator(dist, obs);
    xs.forEach((x, i) => expect(pe.logPdf(x)).toBeCloseTo(want[i], 9));
  });

  it('default weights: flat under 25, then a ramp from 1/n for the oldest', () => {
    expect(defaultWeights(0)).toEqual([]);
    expect(defaultWeights(24)).toEqual(new Array(24).fill(1));
    expect(defaultWeights(26)).toEqual([1 / 26, ...new Array(25).fill(1)]);
    const w = defaultWeights(30);
    expect(w[0]).toBeCloseTo(1 / 30, 15);
    expect(w[4]).toBe(1);
    expect(w[2]).toBeCloseTo((1 / 30 + 1) / 2, 12);
  });

  it('densities and masses are normalised', () => {
    const f = parzenEstimator({ kind: 'float', low: 0, high: 1, log: false }, [0.2, 0.21, 0.8]);
    let s = 0;
    for (let i = 0; i < 10000; i++) s += Math.exp(f.logPdf((i + 0.5) / 10000)) / 10000;
    expect(s).toBeCloseTo(1, 4);
    const g = parzenEstimator({ kind: 'int', low: 1, high: 10, log: false }, [2, 9]);
    expect(Array.from({ length: 10 }, (_, i) => Math.exp(g.logPdf(i + 1))).reduce((a, b) => a + b)).toBeCloseTo(1, 10);
    const c = parzenEstimator({ kind: 'categorical', choices: [1, 2, 4] }, [4, 4]);
    expect([1, 2, 4].map((v) => Math.exp(c.logPdf(v))).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('samples lie in the space, ints are integers, and they crowd around the observations', () => {
    const rng = createRng(1);
    const lr = parzenEstimator({ kind: 'float', low: 1e-5, high: 1, log: true }, [1e-2, 1.1e-2, 0.9e-2]).sample(rng, 2000) as number[];
    expect(Math.min(...lr)).toBeGreaterThanOrEqual(1e-5);
    expect(Math.max(...lr)).toBeLessThanOrEqual(1);
    // Three of the four components sit at 1e-2: most draws fall within a decade of it.
    expect(lr.filter((x) => Math.abs(Math.log10(x) + 2) < 1).length / lr.length).toBeGreaterThan(0.6);
    const ints = parzenEstimator({ kind: 'int', low: 8, high: 512, log: true }, [64]).sample(rng, 500) as number[];
    for (const v of ints) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(8);
      expect(v).toBeLessThanOrEqual(512);
    }
    const cats = parzenEstimator({ kind: 'categorical', choices: ['a', 'b', 'c'] }, ['b', 'b', 'b']).sample(rng, 2000);
    // Each observed component: b with (1 + 1/4) / (1 + 3/4) = 5/7; the prior: 1/3. Mixed 3:1 → 0.619.
    expect(cats.filter((v) => v === 'b').length / 2000).toBeCloseTo(0.619, 1);
  });
});
