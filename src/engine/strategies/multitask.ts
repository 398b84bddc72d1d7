/**
 * Multi-task learning (REFERENCE.md "Strategies"): one trunk, several heads, loss = Σ_k w_k L_k.
 * The heads are named segments of the output layer: head k owns output columns [offset, offset + classes),
 * so two heads on a shared trunk are one output layer with the heads' rows side by side, and head k's rows
 * only ever get task k's gradient. Each head's loss is the softmax cross-entropy over its own columns.
 *
 * This file holds the math (CPU, the definition of right):
 *   headsLossAndGrad   Σ_k w_k CE_k and dLoss/dZ, with each head's loss and correct count
 *   pcgradCombine      PCGrad (Yu et al. 2020) on two task gradients over the trunk, summed
 *   cosineOver         the cosine of two gradients over a range (the "gradient conflict")
 * The second targets and the dataset with two heads are in multitaskData.ts; the training step in
 * multitaskStep.ts.
 */

/** One head: a named segment of the output layer. */
export interface Head {
  name: string;
  /** Output columns this head owns. */
  classes: number;
  /** First output column of the head. */
  offset: number;
  /** [classes] what each column means, e.g. ["even", "odd"]. */
  classNames?: string[];
}

/** One head's statistics on a batch or split: its mean cross-entropy and the share of rows it gets right. */
export interface HeadStat {
  loss: number;
  accuracy: number;
}

export interface HeadsLoss {
  /** Σ_k w_k L_k. */
  loss: number;
  /** dLoss/dZ: [M, C]. */
  grad: Float32Array;
  /** Per head, unweighted: [heads]. */
  heads: HeadStat[];
}

/**
 * Z: [M, C] logits, T: [M, C] targets (each head's columns one-hot), heads covering columns of C,
 * weights: [heads]. L_k = (1/M) Σ_m (lse_k(z_m) − Σ_{c ∈ k} t_mc z_mc); dLoss/dz_mc = w_k (softmax_k(z_m)_c − t_mc)/M
 * for c in head k (a column no head owns gets 0). A head with weight 0 still reports its loss and accuracy.
 */
export function headsLossAndGrad(Z: Float32Array, T: Float32Array, M: number, C: number, heads: readonly Head[], weights: readonly number[]): HeadsLoss {
  const grad = new Float32Array(M * C);
  const sums = heads.map(() => ({ loss: 0, correct: 0 }));
  for (let m = 0; m < M; m++) {
    const o = m * C;
    heads.forEach((h, k) => {
      const a = o + h.offset;
      let bz = 0, bt = 0;
      for (let c = 1; c < h.classes; c++) {
        if (Z[a + c] > Z[a + bz]) bz = c;
        if (T[a + c] > T[a + bt]) bt = c;
      }
      const mx = Z[a + bz];
      let se = 0;
      for (let c = 0; c < h.classes; c++) se += Math.exp(Z[a + c] - mx);
      const lse = mx + Math.log(se);
      let l = 0;
      const w = weights[k] ?? 0;
      for (let c = 0; c < h.classes; c++) {
        l += T[a + c] * (lse - Z[a + c]);
        grad[a + c] = w === 0 ? 0 : (w * (Math.exp(Z[a + c] - lse) - T[a + c])) / M; // a head weighed 0: exactly +0
      }
      sums[k].loss += l / M;
      if (bz === bt) sums[k].correct++;
    });
  }
  const stats = sums.map((s) => ({ loss: s.loss, accuracy: M > 0 ? s.correct / M : 0 }));
  return { loss: stats.reduce((a, s, k) => a + (weights[k] ?? 0) * s.loss, 0), grad, heads: stats };
}

/** g1·g2, |g1|² and |g2|² over [lo, hi), in float64. */
export function dots(g1: Float32Array, g2: Float32Array, lo = 0, hi = g1.length): { dot: number; n1: number; n2: number } {
  let dot = 0, n1 = 0, n2 = 0;
  for (let i = lo; i < hi; i++) {
    dot += g1[i] * g2[i];
    n1 += g1[i] * g1[i];
    n2 += g2[i] * g2[i];
  }
  return { dot, n1, n2 };
}

/** cos(g1, g2) over [lo, hi); null when either is zero there (no direction to compare). */
export function cosineOver(g1: Float32Array, g2: Float32Array, lo = 0, hi = g1.length): number | null {
  const { dot, n1, n2 } = dots(g1, g2, lo, hi);
  return n1 > 0 && n2 > 0 ? dot / Math.sqrt(n1 * n2) : null;
}

/**
 * PCGrad (REFERENCE.md "Strategies"; Yu et al. 2020) for two tasks over [lo, hi), both directions from the
 * original gradients: when g1·g2 < 0, g1' = g1 − (g1·g2/|g2|²) g2 and g2' = g2 − (g1·g2/|g1|²) g1; else
 * g' = g. Writes g1' + g2' into `out` over [lo, hi) and returns the cosine before projection (null: a zero
 * gradient, left alone). g1, g2, out: [n] (out may be g1 or g2).
 */
export function pcgradCombine(g1: Float32Array, g2: Float32Array, out: Float32Array, lo = 0, hi = g1.length): number | null {
  const { dot, n1, n2 } = dots(g1, g2, lo, hi);
  const conflict = dot < 0 && n1 > 0 && n2 > 0;
  const a = conflict ? dot / n1 : 0; // share of g1 removed from g2
  const b = conflict ? dot / n2 : 0; // share of g2 removed from g1
  for (let i = lo; i < hi; i++) {
    const x = g1[i], y = g2[i];
    out[i] = x - b * y + (y - a * x);
  }
  return n1 > 0 && n2 > 0 ? dot / Math.sqrt(n1 * n2) : null;
}

/** Head `head`'s columns of Z: [rows, C] → [rows, head.classes] (the views that draw one task read the first head's). */
export function headColumns(Z: Float32Array, C: number, head: Head): Float32Array<ArrayBuffer> {
  const rows = Math.floor(Z.length / C);
  const out = new Float32Array(rows * head.classes);
  for (let r = 0; r < rows; r++) out.set(Z.subarray(r * C + head.offset, r * C + head.offset + head.classes), r * head.classes);
  return out;
}

/**
 * The gradient a PCGrad step applies ([g1.length]), as shaders/multitask.wgsl pcgrad_combine writes it:
 * PCGrad over the trunk [0, trunkEnd), the plain sum g1 + g2 over the heads [trunkEnd, end). Returns the
 * trunk cosine before projection (null: a zero gradient).
 */
export function pcgradSum(g1: Float32Array, g2: Float32Array, trunkEnd: number): { grads: Float32Array; conflict: number | null } {
  const grads = new Float32Array(g1.length);
  const conflict = pcgradCombine(g1, g2, grads, 0, trunkEnd);
  for (let i = trunkEnd; i < grads.length; i++) grads[i] = g1[i] + g2[i];
  return { grads, conflict };
}
