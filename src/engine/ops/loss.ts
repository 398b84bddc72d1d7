/**
 * CPU twins of shaders/loss.wgsl. Outputs are raw (linear) logits Z: [M, C]; targets T: [M, C]
 * (one-hot rows for classes, values for regression).
 * - MSE: mean over the batch and outputs of (t - z)²  (no 1/2), grad = 2(z - t)/(M·C).
 * - Softmax cross-entropy: row max subtracted before log-sum-exp; loss_m = lse(z_m) - Σ_c t_mc z_mc,
 *   grad = (softmax(z) - t)/M.
 * `rowLoss[m]` already carries the 1/M (and 1/C) factors, so the batch loss is Σ rowLoss.
 */
import type { LossName } from '../config';

export const LOSS_CODE: Record<LossName, number> = { mse: 0, crossentropy: 1 };

export interface LossResult {
  rowLoss: Float32Array;
  grad: Float32Array;
  /** Σ rowLoss, in float64. */
  loss: number;
}

export function lossAndGrad(Z: Float32Array, T: Float32Array, M: number, C: number, kind: LossName): LossResult {
  const rowLoss = new Float32Array(M);
  const grad = new Float32Array(M * C);
  let total = 0;
  for (let m = 0; m < M; m++) {
    const o = m * C;
    let l = 0;
    if (kind === 'mse') {
      for (let c = 0; c < C; c++) {
        const d = Z[o + c] - T[o + c];
        l += d * d;
        grad[o + c] = (2 * d) / (M * C);
      }
      l /= M * C;
    } else {
      let mx = -Infinity;
      for (let c = 0; c < C; c++) mx = Math.max(mx, Z[o + c]);
      let se = 0;
      for (let c = 0; c < C; c++) se += Math.exp(Z[o + c] - mx);
      const lse = mx + Math.log(se);
      for (let c = 0; c < C; c++) {
        l += T[o + c] * (lse - Z[o + c]);
        grad[o + c] = (Math.exp(Z[o + c] - lse) - T[o + c]) / M;
      }
      l /= M;
    }
    rowLoss[m] = l;
    total += l;
  }
  return { rowLoss, grad, loss: total };
}

/** Share of rows whose argmax of Z equals the argmax of T (first index wins ties). */
export function accuracy(Z: Float32Array, T: Float32Array, M: number, C: number): number {
  let correct = 0;
  for (let m = 0; m < M; m++) {
    let bz = 0, bt = 0;
    for (let c = 1; c < C; c++) {
      if (Z[m * C + c] > Z[m * C + bz]) bz = c;
      if (T[m * C + c] > T[m * C + bt]) bt = c;
    }
    if (bz === bt) correct++;
  }
  return M > 0 ? correct / M : 0;
}
