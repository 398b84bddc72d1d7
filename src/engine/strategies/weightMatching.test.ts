/**
 * Weight matching: the linear assignment against brute force, a permuted network computes the same
 * outputs, and matching a network with a permuted copy of itself recovers the permutation, with no
 * barrier between the network and the aligned copy.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { forward } from '../network';
import { createRng, shuffle } from '../rng';
import { linearAssignment } from './assignment';
import { backendEvaluator, evaluationInit } from './evaluate';
import { alphaGrid, interpolationPath } from './fusion';
import { permuteNetwork, weightMatching } from './weightMatching';
import { trainedSpiral } from './spiralNets';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

const randomPerm = (n: number, seed: number) => shuffle(Int32Array.from({ length: n }, (_, i) => i), createRng(seed));

describe('linear assignment', () => {
  it('finds the cheapest permutation (brute force over 6×6)', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 20; trial++) {
      const n = 6;
      const c = Float64Array.from({ length: n * n }, () => Math.round(rng.normal() * 10));
      const p = linearAssignment(c, n);
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const cost = (q: ArrayLike<number>) => Array.from({ length: n }, (_, i) => c[i * n + q[i]]).reduce((s, v) => s + v, 0);
      const best = Math.min(...permutations(n).map(cost));
      expect(cost(p)).toBe(best);
    }
  });
});

describe('weight matching', () => {
  const { setup, params } = trainedSpiral(1, 60);
  const { spec, layout } = setup.init;
  const x = setup.data.test.x;
  const n = setup.data.test.n;

  it('permuting hidden neurons leaves the outputs unchanged', () => {
    const perms = spec.layers.slice(0, -1).map((l, i) => randomPerm(l.outDim, 10 + i));
    const moved = permuteNetwork(spec, params, perms);
    expect(Array.from(moved)).not.toEqual(Array.from(params));
    const before = forward(spec, layout, params, x, n).at(-1)!;
    const after = forward(spec, layout, moved, x, n).at(-1)!;
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 4);
  });

  it('matching a network with a permuted copy of itself recovers the permutation, and no barrier is left', async () => {
    const perms = spec.layers.slice(0, -1).map((l, i) => randomPerm(l.outDim, 20 + i));
    const copy = permuteNetwork(spec, params, perms);
    const m = weightMatching({ spec, params }, { spec, params: copy }, 1);
    // copy's neuron j is params' neuron perms[j]: position i of the aligned copy must hold copy's neuron inverse(perms)[i]
    m.perms.forEach((p, l) => {
      const inverse = new Int32Array(p.length);
      perms[l].forEach((src, j) => (inverse[src] = j));
      expect(Array.from(p)).toEqual(Array.from(inverse));
    });
    expect(Array.from(m.params)).toEqual(Array.from(params));
    const evaluate = backendEvaluator(createCpuBackend(evaluationInit(spec, setup.data)));
    const y = setup.data.test.y;
    const K = setup.data.outputDim;
    const raw = await interpolationPath(params, copy, alphaGrid(5), evaluate, y, K);
    const aligned = await interpolationPath(params, m.params, alphaGrid(5), evaluate, y, K);
    expect(Math.abs(aligned.barrier)).toBeLessThan(1e-6);
    expect(raw.barrier).toBeGreaterThan(0.05);
  });

  it('refuses networks of different shapes with a sentence', () => {
    const other = { ...spec, layers: spec.layers.map((l, i) => (i === 0 ? { ...l, outDim: l.outDim + 1 } : l)) };
    expect(() => weightMatching({ spec, params }, { spec: other, params })).toThrow(/different layers/);
  });
});
