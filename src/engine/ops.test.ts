/**
 * CPU ops against values worked out by hand in the comments, plus a finite-difference gradient check of
 * the whole network against an independent float64 reference written here.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES, type Activation, type LossName } from './config';
import { initParams, modelSpecFor, paramLayout, PARAM_ALIGN, type ModelSpec, type ParamLayout } from './model';
import { forward, lossAndGradient } from './network';
import { activate, activationBackward, activationGradFromOutput } from './ops/activation';
import { gatherRows } from './ops/gather';
import { binIndex, histogram, HISTOGRAM_BINS } from './ops/histogram';
import { accuracy, lossAndGrad } from './ops/loss';
import { linearBackward, linearForward, matmul } from './ops/matmul';
import { createRng } from './rng';

const f32 = (xs: number[]) => Float32Array.from(xs);
const expectClose = (actual: ArrayLike<number>, expected: number[], digits = 5) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `index ${i}`).toBeCloseTo(e, digits));
};

// X: [2,3], W: [2,3] (rows are output neurons), b: [2]
const X = f32([1, 2, 3, -1, 0, 2]);
const W = f32([1, 0, -1, 0.5, -1, 2]);
const b = f32([2.5, -1]);
// Z = X·Wᵀ + b, by hand:
//  row 0: n0 = 1·1 + 2·0 + 3·(-1) + 2.5 = 0.5     n1 = 1·0.5 + 2·(-1) + 3·2 - 1 = 3.5
//  row 1: n0 = -1·1 + 0 + 2·(-1) + 2.5 = -0.5     n1 = -1·0.5 + 0 + 2·2 - 1 = 2.5
const Z = [0.5, 3.5, -0.5, 2.5];

describe('activations', () => {
  it('activate and its derivative from the output', () => {
    expect(activate(-2, 'relu')).toBe(0);
    expect(activate(3, 'relu')).toBe(3);
    expect(activate(0, 'sigmoid')).toBe(0.5);
    expect(activate(0, 'tanh')).toBe(0);
    expect(activate(-7, 'linear')).toBe(-7);
    expect(activationGradFromOutput(0, 'relu')).toBe(0);
    expect(activationGradFromOutput(2, 'relu')).toBe(1);
    expect(activationGradFromOutput(0.5, 'tanh')).toBe(0.75); // 1 - 0.5²
    expect(activationGradFromOutput(0.5, 'sigmoid')).toBe(0.25); // 0.5·(1 - 0.5)
    expect(activationGradFromOutput(123, 'linear')).toBe(1);
  });

  it('sigmoid is finite for large |z|', () => {
    expect(activate(1000, 'sigmoid')).toBe(1);
    expect(activate(-1000, 'sigmoid')).toBe(0);
  });

  it('activationBackward multiplies elementwise', () => {
    const dA = f32([2, -3, 4, 1]);
    expectClose(activationBackward(dA, f32([0, 1.5, 2, 0]), 'relu'), [0, -3, 4, 0]);
    expectClose(activationBackward(dA, f32([0.5, 0, -0.5, 1]), 'tanh'), [1.5, -3, 3, 0]);
    expectClose(activationBackward(dA, f32([0.5, 0.5, 0.25, 1]), 'sigmoid'), [0.5, -0.75, 0.75, 0]);
  });
});

describe('linearForward', () => {
  it('computes X·Wᵀ + b with a linear activation', () => {
    expectClose(linearForward(X, W, b, 2, 3, 2, 'linear'), Z);
  });
  it('applies ReLU', () => {
    expectClose(linearForward(X, W, b, 2, 3, 2, 'relu'), [0.5, 3.5, 0, 2.5]);
  });
  it('applies tanh', () => {
    expectClose(linearForward(X, W, b, 2, 3, 2, 'tanh'), [0.46211716, 0.99817790, -0.46211716, 0.98661430]);
  });
  it('applies sigmoid', () => {
    expectClose(linearForward(X, W, b, 2, 3, 2, 'sigmoid'), [0.62245933, 0.97068777, 0.37754067, 0.92414182]);
  });
  it('works without a bias', () => {
    // Z - b: [0.5-2.5, 3.5+1, -0.5-2.5, 2.5+1]
    expectClose(linearForward(X, W, null, 2, 3, 2, 'linear'), [-2, 4.5, -3, 3.5]);
  });
  it('handles a 1×1×1 layer and M = 0', () => {
    expectClose(linearForward(f32([3]), f32([-2]), f32([1]), 1, 1, 1, 'linear'), [-5]);
    expect(linearForward(new Float32Array(0), W, b, 0, 3, 2, 'relu').length).toBe(0);
  });
});

describe('matmul', () => {
  // A: [2,3], B: [3,2]; A·B by hand:
  //  [1·7+2·9+3·11, 1·8+2·10+3·12] = [58, 64]
  //  [4·7+5·9+6·11, 4·8+5·10+6·12] = [139, 154]
  const A = f32([1, 2, 3, 4, 5, 6]);
  const B = f32([7, 8, 9, 10, 11, 12]);
  const At = f32([1, 4, 2, 5, 3, 6]); // [3,2]
  const Bt = f32([7, 9, 11, 8, 10, 12]); // [2,3]
  const AB = [58, 64, 139, 154];

  it('plain', () => expectClose(matmul(A, B, 2, 3, 2), AB));
  it('transA', () => expectClose(matmul(At, B, 2, 3, 2, true, false), AB));
  it('transB', () => expectClose(matmul(A, Bt, 2, 3, 2, false, true), AB));
  it('both transposed', () => expectClose(matmul(At, Bt, 2, 3, 2, true, true), AB));
  it('B·A is [3,3]', () => {
    // row 0: [7·1+8·4, 7·2+8·5, 7·3+8·6] = [39, 54, 69]; row 2: [11+48, 22+60, 33+72]
    const C = matmul(B, A, 3, 2, 3);
    expect(C.length).toBe(9);
    expectClose(C.subarray(0, 3), [39, 54, 69]);
    expectClose(C.subarray(6, 9), [59, 82, 105]);
  });
});

describe('linearBackward', () => {
  it('gives dX = dZ·W, dW = dZᵀ·X, db = Σ dZ on a 2×3·3×2 example', () => {
    const dZ = f32([1, -1, 0.5, 2]);
    const g = linearBackward(dZ, X, W, 2, 3, 2);
    // dX row 0 = 1·[1,0,-1] - 1·[0.5,-1,2] = [0.5, 1, -3]
    // dX row 1 = 0.5·[1,0,-1] + 2·[0.5,-1,2] = [1.5, -2, 3.5]
    expectClose(g.dX, [0.5, 1, -3, 1.5, -2, 3.5]);
    // dW row 0 = 1·[1,2,3] + 0.5·[-1,0,2] = [0.5, 2, 4]
    // dW row 1 = -1·[1,2,3] + 2·[-1,0,2] = [-3, -2, 1]
    expectClose(g.dW, [0.5, 2, 4, -3, -2, 1]);
    // db = [1 + 0.5, -1 + 2]
    expectClose(g.db, [1.5, 1]);
  });
});

describe('lossAndGrad', () => {
  it('MSE: mean of squared errors over batch and outputs, grad 2(z−t)/(M·C)', () => {
    const Zm = f32([1, 2, 3, 5]);
    const T = f32([0, 2, 1, 1]);
    // errors [1, 0, 2, 4] → squares 1 + 0 + 4 + 16 = 21, / 4 = 5.25
    const r = lossAndGrad(Zm, T, 2, 2, 'mse');
    expect(r.loss).toBeCloseTo(5.25, 6);
    expectClose(r.rowLoss, [0.25, 5]);
    expectClose(r.grad, [0.5, 0, 1, 2]);
  });

  it('MSE of a perfect fit is 0 with zero gradient', () => {
    const r = lossAndGrad(f32([1, -2]), f32([1, -2]), 2, 1, 'mse');
    expect(r.loss).toBe(0);
    expect(Array.from(r.grad)).toEqual([0, 0]);
  });

  it('softmax cross-entropy, including huge logits (max subtracted, finite)', () => {
    const Zc = f32([0, Math.log(3), 1000, 1000, 1000, -1000]);
    const T = f32([1, 0, 0, 1, 0, 1]);
    const r = lossAndGrad(Zc, T, 3, 2, 'crossentropy');
    // row 0: softmax = [1/4, 3/4], target class 0 → −ln(1/4) = ln 4; grad ([1/4, 3/4] − [1, 0]) / 3
    // row 1: softmax = [1/2, 1/2], target class 1 → ln 2;            grad ([1/2, 1/2] − [0, 1]) / 3
    // row 2: softmax = [1, e^−2000 ≈ 0], target class 1 → 2000;      grad ([1, 0] − [0, 1]) / 3
    expect(r.grad.every(Number.isFinite)).toBe(true);
    expect(r.rowLoss.every(Number.isFinite)).toBe(true);
    expect(r.rowLoss[0]).toBeCloseTo(Math.log(4) / 3, 5);
    expect(r.rowLoss[1]).toBeCloseTo(Math.log(2) / 3, 5);
    expect(r.rowLoss[2]).toBeCloseTo(2000 / 3, 3);
    expect(r.loss).toBeCloseTo((Math.log(4) + Math.log(2) + 2000) / 3, 3);
    expectClose(r.grad, [-0.25, 0.25, 1 / 6, -1 / 6, 1 / 3, -1 / 3]);
  });

  it('softmax cross-entropy with three classes', () => {
    // z = [1, 2, 3], target class 2: lse − 3 = ln(e¹ + e² + e³) − 3 = ln(1 + e⁻¹ + e⁻²)
    const r = lossAndGrad(f32([1, 2, 3]), f32([0, 0, 1]), 1, 3, 'crossentropy');
    expect(r.loss).toBeCloseTo(Math.log(1 + Math.exp(-1) + Math.exp(-2)), 6);
    const s = 1 + Math.exp(-1) + Math.exp(-2);
    expectClose(r.grad, [Math.exp(-2) / s, Math.exp(-1) / s, 1 / s - 1]);
    // The gradient of each row sums to zero.
    expect(r.grad[0] + r.grad[1] + r.grad[2]).toBeCloseTo(0, 6);
  });

  it('cross-entropy is invariant to adding a constant to a row of logits', () => {
    const a = lossAndGrad(f32([0.3, -1.2]), f32([0, 1]), 1, 2, 'crossentropy');
    const c = lossAndGrad(f32([500.3, 498.8]), f32([0, 1]), 1, 2, 'crossentropy');
    expect(c.loss).toBeCloseTo(a.loss, 3);
    expectClose(c.grad, Array.from(a.grad), 3);
  });
});

describe('accuracy', () => {
  it('counts argmax matches, first index winning ties', () => {
    const Zc = f32([0.1, 0.9, 2, 1, 0.5, 0.5, -1, -2]);
    const T = f32([0, 1, 0, 1, 1, 0, 1, 0]);
    // row 0 ✓ (1 = 1), row 1 ✗ (0 ≠ 1), row 2 ✓ (tie → 0 = 0), row 3 ✓ (0 = 0)
    expect(accuracy(Zc, T, 4, 2)).toBe(0.75);
    expect(accuracy(Zc, T, 1, 2)).toBe(1);
    expect(accuracy(new Float32Array(0), new Float32Array(0), 0, 2)).toBe(0);
  });
});

describe('histogram', () => {
  it('bins [min, max] evenly and puts max in the last bin', () => {
    const h = histogram(f32([0, 0.25, 0.5, 0.75, 1]), 4);
    expect(h.min).toBe(0);
    expect(h.max).toBe(1);
    // 0→0, 0.25→1, 0.5→2, 0.75→3, 1 → last bin 3
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
  });

  it('handles negative ranges', () => {
    const h = histogram(f32([-3, -1, -2.5, -1.5]), 2);
    // width 2, bins [-3,-2) and [-2,-1]
    expect(Array.from(h.counts)).toEqual([2, 2]);
    expect(h.min).toBe(-3);
    expect(h.max).toBe(-1);
  });

  it('puts all-equal values in the middle bin', () => {
    expect(Array.from(histogram(f32([0.7, 0.7, 0.7]), 5).counts)).toEqual([0, 0, 3, 0, 0]);
    const h = histogram(f32([2, 2]));
    expect(h.counts.length).toBe(HISTOGRAM_BINS);
    expect(h.counts[HISTOGRAM_BINS / 2]).toBe(2);
    expect(binIndex(5, 5, 5, 32)).toBe(16);
  });

  it('counts sum to n for random values, and empty input gives zeros', () => {
    const r = createRng(8);
    const v = Float32Array.from({ length: 1001 }, () => r.normal() * 3);
    const h = histogram(v);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(1001);
    expect(h.counts[0]).toBeGreaterThan(0);
    expect(h.counts[HISTOGRAM_BINS - 1]).toBeGreaterThan(0);
    const e = histogram(new Float32Array(0));
    expect(e.counts.reduce((s, c) => s + c, 0)).toBe(0);
    expect(e.min).toBe(0);
    expect(e.max).toBe(0);
  });
});

describe('gatherRows', () => {
  it('copies the indexed rows in order, repeats allowed', () => {
    const src = f32([1, 2, 3, 4, 5, 6]); // [3,2]
    expect(Array.from(gatherRows(src, Uint32Array.of(2, 0, 2), 2))).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(gatherRows(src, Uint32Array.of(1), 2))).toEqual([3, 4]);
    expect(Array.from(gatherRows(src, Uint32Array.of(1, 0), 3))).toEqual([4, 5, 6, 1, 2, 3]);
    expect(gatherRows(src, new Uint32Array(0), 2).length).toBe(0);
  });
});

describe('model layout', () => {
  it('aligns every tensor to 64 floats and counts real parameters', () => {
    const spec = modelSpecFor({ hidden: [3, 5], activation: 'tanh' }, { inputDim: 2, outputDim: 2 });
    expect(spec.layers.map((l) => [l.inDim, l.outDim, l.activation])).toEqual([
      [2, 3, 'tanh'],
      [3, 5, 'tanh'],
      [5, 2, 'linear'],
    ]);
    const layout = paramLayout(spec);
    for (const t of layout.tensors) expect(t.offset % PARAM_ALIGN).toBe(0);
    expect(layout.count).toBe(2 * 3 + 3 + 3 * 5 + 5 + 5 * 2 + 2);
    expect(layout.totalFloats).toBe(6 * PARAM_ALIGN);
    const p = initParams(spec, layout, 1);
    // Biases zero, padding zero, weights not.
    for (const { b: bs } of layout.layers) expect(Array.from(p.subarray(bs.offset, bs.offset + bs.size)).every((v) => v === 0)).toBe(true);
    expect(p[layout.layers[0].W.size]).toBe(0);
    expect(p[0]).not.toBe(0);
  });
});

// ---- Finite-difference gradient check against an independent float64 reference -------------------

function act64(z: number, a: Activation): number {
  if (a === 'relu') return Math.max(0, z);
  if (a === 'tanh') return Math.tanh(z);
  if (a === 'sigmoid') return 1 / (1 + Math.exp(-z));
  return z;
}

/** Float64 forward + loss written independently of the engine. */
function refLoss(spec: ModelSpec, layout: ParamLayout, p: Float64Array, x: Float64Array, t: Float64Array, M: number, loss: LossName): number {
  let A = x;
  spec.layers.forEach((L, l) => {
    const { W, b: B } = layout.layers[l];
    const out = new Float64Array(M * L.outDim);
    for (let m = 0; m < M; m++) {
      for (let o = 0; o < L.outDim; o++) {
        let s = p[B.offset + o];
        for (let i = 0; i < L.inDim; i++) s += A[m * L.inDim + i] * p[W.offset + o * L.inDim + i];
        out[m * L.outDim + o] = act64(s, L.activation);
      }
    }
    A = out;
  });
  const C = spec.layers[spec.layers.length - 1].outDim;
  let total = 0;
  for (let m = 0; m < M; m++) {
    const z = Array.from(A.subarray(m * C, m * C + C));
    if (loss === 'mse') {
      for (let c = 0; c < C; c++) total += (z[c] - t[m * C + c]) ** 2 / (M * C);
    } else {
      const mx = Math.max(...z);
      const lse = mx + Math.log(z.reduce((s, v) => s + Math.exp(v - mx), 0));
      for (let c = 0; c < C; c++) total -= (t[m * C + c] * (z[c] - lse)) / M;
    }
  }
  return total;
}

describe.each(LOSSES)('network.lossAndGradient matches central finite differences (%s)', (loss) => {
  it.each(ACTIVATIONS.flatMap((a) => [[a, [3]] as const, [a, [3, 3]] as const]))('activation %s, hidden %j', (activation, hidden) => {
    const spec = modelSpecFor({ hidden: [...hidden], activation }, { inputDim: 2, outputDim: 2 });
    const layout = paramLayout(spec);
    const seed = 17 + ACTIVATIONS.indexOf(activation) + 10 * hidden.length;
    const params = initParams(spec, layout, seed);
    const rng = createRng(seed);
    // Non-zero biases so the check covers them meaningfully.
    for (const { b: B } of layout.layers) for (let i = 0; i < B.size; i++) params[B.offset + i] = 0.3 * rng.normal();
    const M = 4;
    const x = Float32Array.from({ length: M * 2 }, () => rng.next() * 2 - 1);
    const t = new Float32Array(M * 2);
    for (let m = 0; m < M; m++) {
      if (loss === 'crossentropy') t[m * 2 + (m % 2)] = 1;
      else for (let c = 0; c < 2; c++) t[m * 2 + c] = rng.normal();
    }

    const got = lossAndGradient(spec, layout, params, x, t, M, loss);
    const p64 = Float64Array.from(params);
    const x64 = Float64Array.from(x), t64 = Float64Array.from(t);
    const L0 = refLoss(spec, layout, p64, x64, t64, M, loss);
    expect(got.loss).toBeCloseTo(L0, 5);
    const outRef = forward(spec, layout, params, x, M);
    expect(Array.from(outRef[outRef.length - 1])).toEqual(Array.from(got.output));

    const h = 1e-5;
    let checked = 0;
    for (const slot of layout.tensors) {
      for (let i = slot.offset; i < slot.offset + slot.size; i++) {
        const keep = p64[i];
        p64[i] = keep + h;
        const lp = refLoss(spec, layout, p64, x64, t64, M, loss);
        p64[i] = keep - h;
        const lm = refLoss(spec, layout, p64, x64, t64, M, loss);
        p64[i] = keep;
        const num = (lp - lm) / (2 * h);
        const ana = got.grads[i];
        const rel = Math.abs(ana - num) / Math.max(Math.abs(ana), Math.abs(num), 1e-3);
        expect(rel, `${slot.name}[${i - slot.offset}] analytic ${ana} numeric ${num}`).toBeLessThan(1e-2);
        checked++;
      }
    }
    expect(checked).toBe(layout.count);
    // Padding between tensors gets no gradient.
    const real = new Set<number>();
    for (const slot of layout.tensors) for (let i = 0; i < slot.size; i++) real.add(slot.offset + i);
    for (let i = 0; i < got.grads.length; i++) if (!real.has(i)) expect(got.grads[i]).toBe(0);
  });
});
