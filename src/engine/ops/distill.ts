/**
 * CPU twin of shaders/distill.wgsl: knowledge-distillation loss and its gradient wrt the student's logits
 * (Hinton et al. 2015; ../shared/REFERENCE.md "Distillation").
 *
 * Per row m, with student logits z_s, teacher logits z_t, targets y (one-hot), temperature T > 0, weight α:
 *   p_s^T = softmax(z_s/T), p_t^T = softmax(z_t/T), p_s = softmax(z_s)
 *   loss_m = [α·T²·KL(p_t^T ‖ p_s^T) + (1−α)·CE(y, z_s)] / M
 *   dZ_m   = [α·T·(p_s^T − p_t^T) + (1−α)·(p_s − y)] / M
 * α weights the soft term (the reference's convention; Keras' example weights the hard term instead).
 *
 * The T factor of the gradient: log p_s^T_i = z_s,i/T − lse(z_s/T), so
 *   ∂/∂z_s,j [−Σ_i p_t,i log p_s,i] = −Σ_i p_t,i (δ_ij − p_s,j)/T = (p_s,j − p_t,j)/T,
 * and Σ p_t log p_t does not depend on z_s: d/dz_s of T²·KL(p_t^T ‖ p_s^T) is T·(p_s^T − p_t^T). The T²
 * keeps the soft gradient's size independent of T.
 *
 * Numerics: every softmax subtracts its row max before exp, and before dividing by T; KL is
 * Σ p_t (log p_t − log p_s) with both logs from log-softmax (never log of a probability), so a term whose
 * p_t underflows to 0 contributes 0 (0·log 0 = 0) and logits of ±1000 stay finite. KL is clamped at 0
 * (Gibbs: rounding may leave −1e-16). The hard term is ops/loss.ts's cross-entropy, but with the max
 * kept out of the log-sum-exp (log p_s = (z − max) − log Σ exp(z − max), never lse − z), so a row of equal
 * logits of 1000 loses nothing to float32 cancellation in the kernel; at α = 0 the twin equals lossAndGrad
 * to float64 rounding.
 *
 * Arithmetic is float64 on the inputs as given (like ops/loss.ts); T and α are rounded to float32 first,
 * as the kernel reads them from an f32 uniform. `rowLoss` carries the 1/M (or 1/norm) factor, as the
 * loss kernel's per-row stats do, so the batch loss is Σ rowLoss; `correct` is 1 where the student's
 * argmax equals the target's (first index wins ties).
 */

export interface DistillResult {
  /** Σ_m loss_m, accumulated in float64 before rowLoss is stored as float32. */
  loss: number;
  /** dLoss/dZ_s: [M, K]. */
  grad: Float32Array;
  /** loss_m (already divided by M): [M]. */
  rowLoss: Float32Array;
  /** 1 where argmax z_s = argmax y, else 0: [M]. */
  correct: Float32Array;
}

/**
 * Zs: [M, K] student logits, Zt: [M, K] teacher logits (already gathered for the batch), Y: [M, K] targets.
 * `norm` replaces M as the divisor (an evaluation split into chunks normalises by the split's rows).
 */
export function distillLossAndGrad(
  Zs: ArrayLike<number>,
  Zt: ArrayLike<number>,
  Y: ArrayLike<number>,
  M: number,
  K: number,
  T: number,
  alpha: number,
  norm = M,
): DistillResult {
  const t = Math.fround(T), a = Math.fround(alpha);
  const grad = new Float32Array(M * K); // [M, K]
  const rowLoss = new Float32Array(M); // [M]
  const correct = new Float32Array(M); // [M]
  let total = 0;
  for (let m = 0; m < M; m++) {
    const o = m * K;
    let bs = 0, by = 0, bt = 0;
    for (let k = 1; k < K; k++) {
      if (Zs[o + k] > Zs[o + bs]) bs = k;
      if (Y[o + k] > Y[o + by]) by = k;
      if (Zt[o + k] > Zt[o + bt]) bt = k;
    }
    const mxs = Zs[o + bs], mxt = Zt[o + bt];
    let se = 0, seS = 0, seT = 0;
    for (let k = 0; k < K; k++) {
      se += Math.exp(Zs[o + k] - mxs);
      seS += Math.exp((Zs[o + k] - mxs) / t);
      seT += Math.exp((Zt[o + k] - mxt) / t);
    }
    const lse = Math.log(se); // lse(z_s) − max
    const lseS = Math.log(seS), lseT = Math.log(seT);
    let kl = 0, ce = 0;
    for (let k = 0; k < K; k++) {
      const ls = (Zs[o + k] - mxs) / t - lseS; // log p_s^T
      const lt = (Zt[o + k] - mxt) / t - lseT; // log p_t^T
      const pt = Math.exp(lt);
      if (pt > 0) kl += pt * (lt - ls);
      const l1 = Zs[o + k] - mxs - lse; // log softmax(z_s)
      ce -= Y[o + k] * l1;
      grad[o + k] = (a * t * (Math.exp(ls) - pt) + (1 - a) * (Math.exp(l1) - Y[o + k])) / norm;
    }
    const l = (a * t * t * Math.max(kl, 0) + (1 - a) * ce) / norm;
    rowLoss[m] = l;
    correct[m] = bs === by ? 1 : 0;
    total += l;
  }
  return { loss: total, grad, rowLoss, correct };
}

/** Soft targets q = softmax(z/T) per row (the UI's "Soft targets" view); z: [rows, K] → [rows, K]. */
export function softTargets(z: ArrayLike<number>, K: number, T: number): Float32Array {
  const rows = Math.floor(z.length / K);
  const q = new Float32Array(rows * K); // [rows, K]
  for (let r = 0; r < rows; r++) {
    const o = r * K;
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, z[o + k]);
    let se = 0;
    for (let k = 0; k < K; k++) se += Math.exp((z[o + k] - mx) / T);
    for (let k = 0; k < K; k++) q[o + k] = Math.exp((z[o + k] - mx) / T) / se;
  }
  return q;
}
