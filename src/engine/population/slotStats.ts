/**
 * What a population gives per slot beyond losses, for the Trainer's race lanes (engine/train/raceLanes.ts):
 * the statistics a single run's evaluation carries (backend.ts segmentSummary: per-layer norms of the last
 * step's gradients, Σθ² and Σ|θ| of the parameters) and each slot's parameters and optimizer state
 * (checkpoints, a class bias shift, a switch of optimizer).
 *
 * Segments are ordered as segmentSummary's, [W_0 … W_{L−1}, b_0 … b_{L−1}]; the sums are per segment
 * [S = 2L, 3] = (Σg², Σθ², Σ|θ|), each in float64 in index order on the CPU (so a CPU slot gives exactly
 * the numbers a CPU backend gives) and float32 per workgroup on the GPU (shaders/population_stats.wgsl).
 */
import type { Evaluation, TrainingState } from '../backend';
import type { ParamLayout } from '../model';

/** Per slot: the evaluation fields of segmentSummary. */
export type SlotStats = Pick<Evaluation, 'gradNorms' | 'paramSumSq' | 'paramSumAbs'>;

/** The per-slot access a population gives besides training (both backends implement it). */
export interface PopulationSlots {
  /**
   * Per slot, as of the work enqueued so far: the statistics of its parameters and of the gradients of the
   * last step it took (zeros before its first); idle slots give null.
   */
  slotStats(): Promise<Array<SlotStats | null>>;
  /** Slot `slot`'s parameters and optimizer state, each [layout.totalFloats] (reads back; checkpoints). */
  readSlotState(slot: number): Promise<TrainingState>;
  /** Sets slot `slot`'s parameters and optimizer state (a checkpoint's, or edited ones); the slot must hold a trial. */
  loadSlotState(slot: number, s: TrainingState): void;
  /** Zeroes slot `slot`'s optimizer state (a switch to another optimizer); the parameters stay. */
  resetSlotState(slot: number): void;
}

/** The segments [W_0 … W_{L−1}, b_0 … b_{L−1}] of a layout: [S] (offset, size) in floats. */
export function statSegments(layout: ParamLayout): Array<{ offset: number; size: number }> {
  return [...layout.layers.map(({ W }) => W), ...layout.layers.map(({ b }) => b)].map(({ offset, size }) => ({ offset, size }));
}

/** CPU twin of the stats kernel: [S, 3] = (Σg², Σθ², Σ|θ|) per segment, float64 sums in index order. */
export function segmentSums(layout: ParamLayout, params: Float32Array, grads: Float32Array): Float64Array {
  const segs = statSegments(layout);
  const out = new Float64Array(segs.length * 3); // [S, 3]
  segs.forEach(({ offset, size }, s) => {
    let g2 = 0, p2 = 0, pa = 0;
    for (let i = offset; i < offset + size; i++) {
      const g = grads[i], p = params[i];
      g2 += g * g;
      p2 += p * p;
      pa += Math.abs(p);
    }
    out.set([g2, p2, pa], s * 3);
  });
  return out;
}

/** The evaluation fields from per-segment sums [2·layers, 3] (as segmentSummary sums them). */
export function statsFromSums(sums: ArrayLike<number>, layers: number): SlotStats {
  const at = (seg: number, k: number) => sums[seg * 3 + k];
  let paramSumSq = 0, paramSumAbs = 0;
  for (let s = 0; s < 2 * layers; s++) {
    paramSumSq += at(s, 1);
    paramSumAbs += at(s, 2);
  }
  return { gradNorms: Array.from({ length: layers }, (_, l) => Math.sqrt(at(l, 0) + at(layers + l, 0))), paramSumSq, paramSumAbs };
}
