/**
 * CPU twins of shaders/prune.wgsl (REFERENCE.md "Pruning"): magnitude pruning with a fixed tie rule, and
 * the structured neuron scores (row L2 norms, mean |activation|).
 *
 * Magnitude pruning works on groups of segments of the parameter allocation. A group with one segment is
 * "per layer" (torch l1_unstructured); a group with several is "global" (torch global_unstructured: one k
 * over the union). Within a group, the live entries (mask ≠ 0) are ordered by (|w|, flat index) ascending,
 * |w| compared as float32 bit patterns (non-negative floats order like their bits), and the first k are
 * pruned. k is computed in float32 with round-half-to-even (Python's round, as torch does):
 *   rule 'remaining': k = round(amount · m)                      (torch: amount of the entries not yet pruned)
 *   rule 'target':    k = clamp(round(amount · n) − (n − m), 0, m)  (amount = target sparsity of the group)
 * where m = live entries, n = all entries of the group. The new mask is 1/0; weights at mask 0 become +0.
 */
import { roundHalfEven } from './quantize';

export interface Segment {
  /** Offset in floats into the parameter allocation. */
  offset: number;
  size: number;
}

export type PruneRule = 'remaining' | 'target';

export interface PruneGroup {
  /** Segments in ascending offset order (flat-index order is the tie rule), not overlapping. */
  segments: Segment[];
  amount: number;
  rule: PruneRule;
}

/** What one group's pruning did (the GPU writes the same four words per group). */
export interface PruneInfo {
  /** Live entries before pruning (m). */
  live: number;
  /** Entries pruned now. */
  k: number;
  /** Bit pattern of |w| of the k-th pruned entry (0 when k = 0). */
  thresholdBits: number;
  /** Pruned entries whose |w| equals the threshold (0 when k = 0). */
  ties: number;
}

/** One group per segment ("per layer") or one group over all of them ("global"). */
export function pruneGroups(segments: Segment[], amount: number, scope: 'layer' | 'global', rule: PruneRule = 'remaining'): PruneGroup[] {
  const sorted = [...segments].sort((a, b) => a.offset - b.offset);
  return scope === 'global' ? [{ segments: sorted, amount, rule }] : segments.map((s) => ({ segments: [s], amount, rule }));
}

export function validateGroups(groups: PruneGroup[]): void {
  for (const g of groups) {
    if (!(g.amount >= 0 && g.amount <= 1)) throw new Error(`pruning amount must be in [0, 1], got ${g.amount}`);
    g.segments.forEach((s, i) => {
      if (i > 0 && s.offset < g.segments[i - 1].offset + g.segments[i - 1].size) throw new Error('segments of a pruning group must be in ascending offset order and must not overlap');
    });
  }
}

/** Number of entries to prune (float32 arithmetic, as the GPU computes it). */
export function pruneCount(amount: number, rule: PruneRule, live: number, total: number): number {
  const f = Math.fround;
  if (rule === 'remaining') return Math.min(live, roundHalfEven(f(f(amount) * live)));
  return Math.max(0, Math.min(live, roundHalfEven(f(f(amount) * total)) - (total - live)));
}

const bitsView = new Uint32Array(1);
const floatView = new Float32Array(bitsView.buffer);
/** Bit pattern of |w| as float32. */
export function absBits(w: number): number {
  floatView[0] = w;
  return bitsView[0] & 0x7fffffff;
}

/** Magnitude pruning of every group; returns the new mask and the masked weights (inputs untouched). */
export function magnitudePrune(weights: Float32Array, mask: Float32Array, groups: PruneGroup[]): { weights: Float32Array; mask: Float32Array; info: PruneInfo[] } {
  validateGroups(groups);
  const w = weights.slice();
  const mk = mask.slice();
  const info = groups.map((g) => {
    const live: Array<[number, number]> = [];
    let total = 0;
    for (const s of g.segments) {
      total += s.size;
      for (let i = s.offset; i < s.offset + s.size; i++) if (mask[i] !== 0) live.push([absBits(weights[i]), i]);
    }
    live.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const k = pruneCount(g.amount, g.rule, live.length, total);
    const thresholdBits = k > 0 ? live[k - 1][0] : 0;
    let ties = 0;
    for (let j = 0; j < k; j++) {
      mk[live[j][1]] = 0;
      if (live[j][0] === thresholdBits) ties++;
    }
    for (const s of g.segments) {
      for (let i = s.offset; i < s.offset + s.size; i++) {
        mk[i] = mk[i] === 0 ? 0 : 1;
        if (mk[i] === 0) w[i] = 0;
      }
    }
    return { live: live.length, k, thresholdBits, ties };
  });
  return { weights: w, mask: mk, info };
}

/** Fraction of the segments' mask entries that are 0 (pruned). */
export function maskedSparsity(mask: Float32Array, segments: Segment[]): number {
  let pruned = 0, total = 0;
  for (const s of segments) {
    total += s.size;
    for (let i = s.offset; i < s.offset + s.size; i++) if (mask[i] === 0) pruned++;
  }
  return total > 0 ? pruned / total : 0;
}

/** A matrix [rows, cols] at `offset` whose row scores go to scores[out .. out + rows). */
export interface RowBlock {
  offset: number;
  rows: number;
  cols: number;
  out: number;
}

/** Row blocks for the W tensors of `layers`, scores packed one layer after another. */
export function rowBlocks(layout: { layers: Array<{ W: { offset: number; shape: number[] } }> }, layers: number[]): RowBlock[] {
  let out = 0;
  return layers.map((l) => {
    const { offset, shape } = layout.layers[l].W;
    const b = { offset, rows: shape[0], cols: shape[1], out };
    out += shape[0];
    return b;
  });
}

/** L2 norm of every row (torch ln_structured, n = 2, dim 0): float64 sums, as reference. */
export function rowNorms(weights: Float32Array, blocks: RowBlock[]): Float32Array {
  const scores = new Float32Array(blocks.reduce((a, b) => Math.max(a, b.out + b.rows), 0));
  for (const b of blocks) {
    for (let r = 0; r < b.rows; r++) {
      let s = 0;
      for (let c = 0; c < b.cols; c++) s += weights[b.offset + r * b.cols + c] ** 2;
      scores[b.out + r] = Math.sqrt(s);
    }
  }
  return scores;
}

/** "Neuron activity": mean over the M samples of |A[m, n]|; A: [M, N] → [N]. */
export function activityScores(A: Float32Array, M: number, N: number): Float32Array {
  const out = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += Math.abs(A[m * N + n]);
    out[n] = M > 0 ? s / M : 0;
  }
  return out;
}

/**
 * The `keepCount` neurons with the highest scores, as sorted indices. The order (score, index) ascending
 * decides who goes, as in magnitude pruning: among equal scores the lower index is removed first.
 */
export function strongestNeurons(scores: ArrayLike<number>, keepCount: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
  return order.slice(Math.max(0, scores.length - keepCount)).sort((a, b) => a - b);
}
