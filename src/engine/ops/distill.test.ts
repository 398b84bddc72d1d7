/**
 * Distillation loss twin (ops/distill.ts): the gradient against central finite differences of the loss,
 * the α = 0 and α = 1 limits, non-negativity, huge logits, and PyTorch 1.13's numbers for one batch.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { distillLossAndGrad, softTargets } from './distill';
import { lossAndGrad } from './loss';

const M = 7, K = 10;

/** Student and teacher logits: [M, K] uniform in ±scale (float64, so finite differences are exact enough); y: [M, K] one-hot. */
function batch(seed: number, scale = 3) {
  const r = createRng(seed);
  const zs = Float64Array.from({ length: M * K }, () => (r.next() * 2 - 1) * scale);
  const zt = Float64Array.from({ length: M * K }, () => (r.next() * 2 - 1) * scale * 2);
  const y = new Float64Array(M * K);
  for (let m = 0; m < M; m++) y[m * K + r.int(K)] = 1;
  return { zs, zt, y };
}

const allFinite = (xs: ArrayLike<number>) => Array.from(xs).every(Number.isFinite);

describe('distillation loss and gradient', () => {
  const settings: Array<[number, number]> = [[1, 0], [1, 1], [1, 0.5], [2.5, 0.9], [4, 0.3], [20, 1], [20, 0.7], [0.5, 0.6]];
  for (const [T, alpha] of settings) {
    it(`matches central finite differences of the loss (M=7, K=10, T=${T}, α=${alpha})`, () => {
      const { zs, zt, y } = batch(T * 100 + alpha * 10);
      const { grad, loss } = distillLossAndGrad(zs, zt, y, M, K, T, alpha);
      const h = 1e-5;
      let worst = 0, scale = 0;
      for (let i = 0; i < M * K; i++) {
        const plus = zs.slice(), minus = zs.slice();
        plus[i] += h;
        minus[i] -= h;
        const fd = (distillLossAndGrad(plus, zt, y, M, K, T, alpha).loss - distillLossAndGrad(minus, zt, y, M, K, T, alpha).loss) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - grad[i]) / (1e-6 + Math.abs(fd)));
        scale = Math.max(scale, Math.abs(fd));
      }
      expect(loss).toBeGreaterThan(0);
      expect(scale, 'the gradient is not all zeros').toBeGreaterThan(1e-3);
      // grad is stored as float32 (≈ 6e-8 relative); the central difference errs by O(h²) and 1e-16/h
      expect(worst).toBeLessThan(2e-4);
    });
  }

  it('a wrong T factor in the gradient would fail the check (T·(p_s − p_t), not (p_s − p_t)/T)', () => {
    const { zs, zt, y } = batch(3);
    const T = 4;
    const { grad } = distillLossAndGrad(zs, zt, y, M, K, T, 1);
    const pS = softTargets(zs, K, T), pT = softTargets(zt, K, T);
    for (let i = 0; i < M * K; i++) expect(grad[i]).toBeCloseTo((T * (pS[i] - pT[i])) / M, 6);
  });

  it('α = 0 is plain cross-entropy: gradient and row losses equal ops/loss.ts (to one float32 rounding)', () => {
    for (const T of [1, 2.5, 20]) {
      const { zs, zt, y } = batch(11 + T, 6);
      const zs32 = Float32Array.from(zs), y32 = Float32Array.from(y);
      const d = distillLossAndGrad(zs32, Float32Array.from(zt), y32, M, K, T, 0);
      const ce = lossAndGrad(zs32, y32, M, K, 'crossentropy');
      d.grad.forEach((g, i) => expect(Math.abs(g - ce.grad[i])).toBeLessThanOrEqual(1.2e-7 * Math.abs(ce.grad[i])));
      d.rowLoss.forEach((l, m) => expect(Math.abs(l - ce.rowLoss[m])).toBeLessThanOrEqual(1.2e-7 * ce.rowLoss[m]));
      expect(Math.abs(d.loss - ce.loss)).toBeLessThan(1e-12 * ce.loss);
    }
  });

  it('teacher = student at α = 1 gives loss 0 and gradient 0 for any T', () => {
    for (const T of [1, 2.5, 20]) {
      const { zs, y } = batch(5);
      const d = distillLossAndGrad(zs, zs, y, M, K, T, 1);
      expect(d.loss).toBe(0);
      expect(d.grad.every((g) => g === 0)).toBe(true);
    }
  });

  it('the loss is ≥ 0 and finite over many random batches, temperatures and weights', () => {
    const r = createRng(99);
    for (let trial = 0; trial < 200; trial++) {
      const { zs, zt, y } = batch(1000 + trial, 0.01 + r.next() * 20);
      const T = 0.5 + r.next() * 20, alpha = r.next();
      const d = distillLossAndGrad(zs, zt, y, M, K, T, alpha);
      expect(d.loss).toBeGreaterThanOrEqual(0);
      expect(d.rowLoss.every((l) => l >= 0)).toBe(true);
      expect(allFinite(d.grad)).toBe(true);
    }
  });

  it('large logits (±80, ±1000) stay finite, and a row whose teacher probabilities underflow adds 0·log 0 = 0', () => {
    const zs = new Float32Array(M * K), zt = new Float32Array(M * K), y = new Float32Array(M * K);
    for (let m = 0; m < M; m++) {
      for (let k = 0; k < K; k++) {
        zs[m * K + k] = (k + m) % 2 ? 80 : -80;
        zt[m * K + k] = k === m ? 1000 : -1000;
      }
      y[m * K + m] = 1;
    }
    for (const T of [1, 2.5, 20]) {
      for (const alpha of [0, 0.5, 1]) {
        const d = distillLossAndGrad(zs, zt, y, M, K, T, alpha);
        expect(Number.isFinite(d.loss), `T=${T} α=${alpha}`).toBe(true);
        expect(allFinite(d.grad) && allFinite(d.rowLoss)).toBe(true);
        // each row's gradient sums to 0 (both softmaxes and y sum to 1)
        for (let m = 0; m < M; m++) expect(Math.abs(d.grad.subarray(m * K, m * K + K).reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
      }
    }
    // T = 1, α = 1: p_t is one-hot at k = m; p_s puts 1/5 on each of the five +80 entries
    const d = distillLossAndGrad(zs, zt, y, M, K, 1, 1);
    // row 0: +80 at odd k, the teacher's class 0 has log p_s = −160 − log 5
    expect(d.rowLoss[0]).toBeCloseTo((160 + Math.log(5)) / M, 4);
    expect(d.grad[0]).toBeCloseTo(-1 / M, 6);
    expect(d.grad[1]).toBeCloseTo(0.2 / M, 6);
  });

  it('counts a row as correct when the student argmax equals the target (first index wins ties)', () => {
    const d = distillLossAndGrad([3, 1, 2, 0, 5, 5, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 1, 0, 0], 2, 4, 2, 0.5);
    expect(Array.from(d.correct)).toEqual([1, 0]);
  });

  it('divides by norm instead of M when given (an evaluation split into chunks)', () => {
    const { zs, zt, y } = batch(8);
    const a = distillLossAndGrad(zs, zt, y, M, K, 3, 0.4);
    const b = distillLossAndGrad(zs, zt, y, M, K, 3, 0.4, 4 * M);
    expect(b.loss).toBeCloseTo(a.loss / 4, 12);
    expect(b.grad[5]).toBeCloseTo(a.grad[5] / 4, 9);
  });

  /*
   * Expected numbers from PyTorch 1.13 in float64 (Debian's /usr/bin/python3):
   *   import torch, torch.nn.functional as F
   *   zs = torch.tensor([[1.5, -0.25, 3.0, 0.5], [-2.0, 0.75, 0.125, 4.0], [80.0, -80.0, 0.0, 10.0]], dtype=torch.float64, requires_grad=True)
   *   zt = torch.tensor([[2.0, 0.5, 1.0, -1.0], [0.0, 3.5, -0.5, 1.25], [-80.0, 80.0, 5.0, 0.0]], dtype=torch.float64)
   *   y = torch.tensor([2, 1, 0])
   *   for T, a in [(2.5, 0.75), (1.0, 1.0), (20.0, 0.5)]:
   *       loss = F.kl_div(F.log_softmax(zs / T, 1), F.softmax(zt / T, 1), reduction='batchmean') * T * T * a + (1 - a) * F.cross_entropy(zs, y)
   *       g, = torch.autograd.grad(loss, zs)
   *       print(T, a, repr(loss.item()), [repr(v) for v in g.flatten().tolist()])
   */
  const torchZs = [1.5, -0.25, 3.0, 0.5, -2.0, 0.75, 0.125, 4.0, 80.0, -80.0, 0.0, 10.0];
  const torchZt = [2.0, 0.5, 1.0, -1.0, 0.0, 3.5, -0.5, 1.25, -80.0, 80.0, 5.0, 0.0];
  const torchY = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0];
  const torchCases: Array<{ T: number; alpha: number; loss: number; grad: number[] }> = [
    {
      T: 2.5, alpha: 0.75, loss: 101.21773345267093,
      grad: [-0.07746881434553834, -0.05588727530407766, 0.09793204609143345, 0.035424043558182614, -0.04690008509345746, -0.3090931919708918,
        0.01780520703643479, 0.33818807002791457, 0.6249999999995599, -0.6249999999999336, -5.0570040087066595e-14, 4.242349032152757e-13],
    },
    {
      T: 1, alpha: 1, loss: 54.434894262217504,
      grad: [-0.1478130865624488, -0.035712943507036084, 0.1732818959223097, 0.010244134147175269, -0.00794518035500022, -0.2767022412273373,
        0.0012233040760487547, 0.2834241175062888, 0.3333333333333333, -0.3333333333333333, -8.868628159765412e-34, 1.3250897502566207e-31],
    },
    {
      T: 20, alpha: 0.5, loss: 512.9329568313814,
      grad: [-0.01879130373211868, -0.04803286358993194, 0.02015484112007731, 0.046669326201973976, -0.06427125568197721, -0.26931477157323297,
        0.03911516326587587, 0.2944708639893341, 3.177015560796369, -3.197391914310102, -0.01701180165463576, 0.03738815516836852],
    },
  ];
  for (const c of torchCases) {
    it(`matches PyTorch's kl_div·T²·α + (1−α)·cross_entropy and its autograd gradient (T=${c.T}, α=${c.alpha})`, () => {
      const d = distillLossAndGrad(Float32Array.from(torchZs), Float32Array.from(torchZt), Float32Array.from(torchY), 3, 4, c.T, c.alpha);
      expect(Math.abs(d.loss - c.loss) / c.loss).toBeLessThan(1e-12);
      // the gradient is stored as float32: 1e-7 relative, plus 1e-12 for PyTorch's float64 near-zeros
      d.grad.forEach((g, i) => expect(Math.abs(g - c.grad[i]), `grad[${i}]`).toBeLessThanOrEqual(1e-12 + 1e-7 * Math.abs(c.grad[i])));
    });
  }
});

describe('soft targets', () => {
  it('are softmax(z/T) per row: rows sum to 1, T = 1 is softmax, larger T is flatter, T → large is uniform', () => {
    const z = [2, 1, 0, 80, -80, 0];
    const q1 = softTargets(z, 3, 1);
    const e = [Math.exp(2), Math.exp(1), 1];
    const s = e[0] + e[1] + e[2];
    expect(q1[0]).toBeCloseTo(e[0] / s, 7);
    expect(q1[2]).toBeCloseTo(e[2] / s, 7);
    expect(q1[3]).toBe(1);
    expect(q1[4]).toBe(0);
    const q5 = softTargets(z, 3, 5);
    expect(q5[0]).toBeLessThan(q1[0]);
    expect(q5[2]).toBeGreaterThan(q1[2]);
    for (let r = 0; r < 2; r++) expect(q5[r * 3] + q5[r * 3 + 1] + q5[r * 3 + 2]).toBeCloseTo(1, 6);
    const qBig = softTargets(z, 3, 1e6);
    for (const v of qBig) expect(v).toBeCloseTo(1 / 3, 3);
  });
});
