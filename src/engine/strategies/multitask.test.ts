/** Multi-task math: the two-head loss and its gradients against finite differences, PCGrad against its formula. */
import { describe, expect, it } from 'vitest';
import { initParams, paramLayout, type ModelSpec } from '../model';
import { createRng } from '../rng';
import { cosineOver, headsLossAndGrad, pcgradCombine, type Head } from './multitask';
import { gradientConflict, multiTaskGradient, taskGradients, trunkEnd } from './multitaskStep';

const HEADS: Head[] = [
  { name: 'A', classes: 3, offset: 0 },
  { name: 'B', classes: 2, offset: 3 },
];
const SPEC: ModelSpec = {
  inputDim: 3,
  layers: [
    { inDim: 3, outDim: 5, activation: 'tanh' },
    { inDim: 5, outDim: 5, activation: 'tanh' },
  ],
  heads: HEADS,
};

/** M rows of random inputs [M, 3] and targets [M, 5] (one-hot in each head). */
function batch(M: number, seed: number) {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: M * 3 }, () => rng.normal());
  const T = new Float32Array(M * 5);
  for (let m = 0; m < M; m++) {
    T[m * 5 + Math.floor(rng.next() * 3)] = 1;
    T[m * 5 + 3 + Math.floor(rng.next() * 2)] = 1;
  }
  return { X, T };
}

describe('headsLossAndGrad', () => {
  it('is Σ w_k CE_k over each head’s own softmax, and its gradient matches finite differences', () => {
    const M = 4, C = 5, w = [0.7, 1.9];
    const rng = createRng(3);
    const Z = Float64Array.from({ length: M * C }, () => 2 * rng.normal());
    const { T } = batch(M, 5);
    const f = (z: Float64Array) => headsLossAndGrad(Float32Array.from(z), T, M, C, HEADS, w).loss;
    const r = headsLossAndGrad(Float32Array.from(Z), T, M, C, HEADS, w);
    // direct: head B of row 0 by hand
    const z0 = [Z[3], Z[4]], t0 = T[3] === 1 ? 0 : 1;
    const lse = Math.log(Math.exp(z0[0]) + Math.exp(z0[1]));
    expect(r.heads[1].loss).toBeGreaterThan(0);
    expect(r.loss).toBeCloseTo(w[0] * r.heads[0].loss + w[1] * r.heads[1].loss, 6);
    let rowB = 0;
    for (let m = 0; m < M; m++) {
      const a = Z[m * C + 3], b = Z[m * C + 4];
      rowB += (Math.log(Math.exp(a) + Math.exp(b)) - (T[m * C + 3] ? a : b)) / M;
    }
    expect(r.heads[1].loss).toBeCloseTo(rowB, 5);
    expect(lse - z0[t0]).toBeGreaterThan(0);
    const h = 1e-3;
    for (let i = 0; i < M * C; i++) {
      const up = Z.slice(), dn = Z.slice();
      up[i] += h;
      dn[i] -= h;
      expect(r.grad[i]).toBeCloseTo((f(up) - f(dn)) / (2 * h), 3);
    }
  });

  it('gives a head of weight 0 no gradient but still reports its loss and accuracy', () => {
    const { T } = batch(3, 8);
    const Z = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i));
    const r = headsLossAndGrad(Z, T, 3, 5, HEADS, [1, 0]);
    for (let m = 0; m < 3; m++) expect([r.grad[m * 5 + 3], r.grad[m * 5 + 4]]).toEqual([0, 0]);
    expect(r.heads[1].loss).toBeGreaterThan(0);
    expect(r.loss).toBeCloseTo(r.heads[0].loss, 6);
  });
});

describe('two-head model gradients', () => {
  const layout = paramLayout(SPEC);
  const params = initParams(SPEC, layout, 4);
  const M = 6, w = [1, 0.5];
  const { X, T } = batch(M, 9);

  it('the summed gradient matches finite differences of Σ w_k L_k at every parameter', () => {
    const g = multiTaskGradient(SPEC, layout, params, X, T, M, { weights: w, pcgrad: false }).grads;
    const f = (p: Float32Array) => multiTaskGradient(SPEC, layout, p, X, T, M, { weights: w, pcgrad: false }).loss;
    const h = 1e-2;
    for (const t of layout.tensors) {
      for (let i = t.offset; i < t.offset + t.size; i++) {
        const up = params.slice(), dn = params.slice();
        up[i] += h;
        dn[i] -= h;
        expect(g[i]).toBeCloseTo((f(up) - f(dn)) / (2 * h), 2);
      }
    }
  });

  it('head k’s rows of the output layer get only task k’s gradient; the task gradients add to the summed one', () => {
    const [a, b] = taskGradients(SPEC, layout, params, X, T, M, w);
    const sum = multiTaskGradient(SPEC, layout, params, X, T, M, { weights: w, pcgrad: false }).grads;
    const W = layout.layers[1].W; // [5, 5]: rows 0–2 head A, rows 3–4 head B
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 5; c++) {
        const i = W.offset + r * 5 + c;
        if (r < 3) expect(b.grads[i]).toBe(0);
        else expect(a.grads[i]).toBe(0);
      }
    }
    for (let i = 0; i < sum.length; i++) expect(sum[i]).toBeCloseTo(a.grads[i] + b.grads[i], 6);
    expect(trunkEnd(layout)).toBe(W.offset);
  });

  it('PCGrad projects the trunk (and only the trunk) and reports the conflict it saw', () => {
    const [a, b] = taskGradients(SPEC, layout, params, X, T, M, w);
    const end = trunkEnd(layout);
    const pc = multiTaskGradient(SPEC, layout, params, X, T, M, { weights: w, pcgrad: true });
    const expected = new Float32Array(a.grads.length);
    const cos = pcgradCombine(a.grads, b.grads, expected, 0, end);
    expect(pc.conflict).toBe(cos);
    for (let i = 0; i < end; i++) expect(pc.grads[i]).toBeCloseTo(expected[i], 6);
    for (let i = end; i < pc.grads.length; i++) expect(pc.grads[i]).toBeCloseTo(a.grads[i] + b.grads[i], 6);
    expect(gradientConflict(SPEC, layout, params, X, T, M)).toBeCloseTo(cosineOver(a.grads, b.grads, 0, end)!, 5);
  });
});

describe('pcgradCombine', () => {
  it('on conflicting vectors: each loses its component along the other (both from the originals), then they add', () => {
    const g1 = Float32Array.of(1, 0, 2), g2 = Float32Array.of(-1, 1, 0);
    const out = new Float32Array(3);
    const cos = pcgradCombine(g1, g2, out);
    const dot = -1, n1 = 5, n2 = 2;
    const p1 = [1 - (dot / n2) * -1, 0 - (dot / n2) * 1, 2 - (dot / n2) * 0]; // g1 − (g1·g2/|g2|²) g2
    const p2 = [-1 - (dot / n1) * 1, 1 - (dot / n1) * 0, 0 - (dot / n1) * 2]; // g2 − (g1·g2/|g1|²) g1
    expect(cos).toBeCloseTo(dot / Math.sqrt(n1 * n2), 6);
    out.forEach((v, i) => expect(v).toBeCloseTo(p1[i] + p2[i], 6));
    // the projected g1 is orthogonal to g2
    expect(p1[0] * -1 + p1[1] * 1 + p1[2] * 0).toBeCloseTo(0, 6);
  });

  it('leaves non-conflicting vectors alone (their plain sum), and only touches [lo, hi)', () => {
    const g1 = Float32Array.of(9, 1, 2, 9), g2 = Float32Array.of(9, 3, -1, 9);
    const out = Float32Array.of(7, 7, 7, 7);
    const cos = pcgradCombine(g1, g2, out, 1, 3);
    expect(cos).toBeCloseTo(1 / (Math.sqrt(5) * Math.sqrt(10)), 6);
    expect(Array.from(out)).toEqual([7, 4, 1, 7]);
  });

  it('a zero gradient has no direction: no projection, no cosine', () => {
    const out = new Float32Array(2);
    expect(pcgradCombine(Float32Array.of(0, 0), Float32Array.of(1, -2), out)).toBeNull();
    expect(Array.from(out)).toEqual([1, -2]);
  });
});
