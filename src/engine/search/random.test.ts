import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { randomSampler, sampleParam } from './random';
import { trialOf } from './testTrials';
import type { ParamValues, SearchSpace, Trial } from './types';

const space: SearchSpace = [
  { name: 'learningRate', dist: { kind: 'float', low: 1e-5, high: 1, log: true } },
  { name: 'momentum', dist: { kind: 'float', low: 0, high: 0.99, log: false } },
  { name: 'width', dist: { kind: 'int', low: 1, high: 4, log: false } },
  { name: 'batchSize', dist: { kind: 'int', low: 1, high: 1000, log: true } },
  { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] } },
];

function run(seed: number, n: number): ParamValues[] {
  const s = randomSampler(space, seed);
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) trials.push(trialOf(i, s.ask(trials)!, 0));
  return trials.map((t) => t.params);
}

describe('randomSampler', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(run(5, 20)).toEqual(run(5, 20));
    expect(run(5, 20)).not.toEqual(run(6, 20));
    // Stateless: the k-th ask depends on the seed and k only.
    const trials = run(5, 3).map((p, i) => trialOf(i, p, 0));
    expect(randomSampler(space, 5).ask(trials)).toEqual(run(5, 4)[3]);
  });

  it('draws every parameter in range, ints as integers, categoricals from the choices', () => {
    for (const p of run(1, 300)) {
      expect(p.learningRate as number).toBeGreaterThanOrEqual(1e-5);
      expect(p.learningRate as number).toBeLessThanOrEqual(1);
      expect(p.momentum as number).toBeGreaterThanOrEqual(0);
      expect(p.momentum as number).toBeLessThan(0.99);
      expect(Number.isInteger(p.width)).toBe(true);
      expect(Number.isInteger(p.batchSize)).toBe(true);
      expect(['sgd', 'adam', 'rmsprop']).toContain(p.optimizer);
    }
  });

  it('log floats are uniform in log space: each decade gets a fifth', () => {
    const rng = createRng(9);
    const n = 5000;
    const decades = new Array(5).fill(0);
    for (let i = 0; i < n; i++) decades[Math.min(4, Math.floor(-Math.log10(sampleParam(space[0].dist, rng) as number)))]++;
    for (const c of decades) expect(Math.abs(c / n - 0.2)).toBeLessThan(0.03);
  });

  it('linear floats have mean (low + high) / 2; ints and categoricals are uniform', () => {
    const rng = createRng(11);
    const n = 6000;
    const m = Array.from({ length: n }, () => sampleParam(space[1].dist, rng) as number);
    expect(m.reduce((s, x) => s + x, 0) / n).toBeCloseTo(0.495, 1);
    const w = [0, 0, 0, 0];
    const c: Record<string, number> = { sgd: 0, adam: 0, rmsprop: 0 };
    for (let i = 0; i < n; i++) {
      w[(sampleParam(space[2].dist, rng) as number) - 1]++;
      c[sampleParam(space[4].dist, rng) as string]++;
    }
    for (const k of w) expect(Math.abs(k / n - 0.25)).toBeLessThan(0.03);
    for (const k of Object.values(c)) expect(Math.abs(k / n - 1 / 3)).toBeLessThan(0.03);
  });

  it('log ints are log-uniform: as many draws in 1–9 as in 100–999 (roughly)', () => {
    const rng = createRng(13);
    let small = 0, large = 0;
    for (let i = 0; i < 6000; i++) {
      const v = sampleParam(space[3].dist, rng) as number;
      if (v < 10) small++;
      else if (v >= 100) large++;
    }
    // Log-uniform on [0.5, 1000.5]: P(v ≤ 9) = ln(9.5/0.5)/ln(2001) ≈ 0.387, P(v ≥ 100) ≈ 0.303.
    expect(small / 6000).toBeCloseTo(0.387, 1);
    expect(large / 6000).toBeCloseTo(0.303, 1);
  });
});
