/**
 * Where a transferred model starts (REFERENCE.md "Transfer learning"): from a source run's trained
 * weights (fine-tuning), optionally with the head re-initialised for the target task, or from the blend
 * θ = θ_target + α·θ_source ("Transfer blend": the target's fresh initial weights plus α times the
 * source's). The source must have the target's architecture; the source's float master weights are used
 * (its pruned weights are 0). Which layers then train, and how fast, is the config's (Frozen layers, the
 * transferred layers' rate: model/groups.ts).
 */
import type { LaneRecord } from '../checkpoint';
import { initParams, paramLayout, type ModelSpec } from '../model';

export interface TransferOptions {
  /** The output layer starts from the target's fresh initial weights instead of the source's. */
  reinitHead: boolean;
  /** null: start from the source's weights; α: θ = θ_target + α·θ_source. */
  blend: number | null;
}

const widths = (s: ModelSpec) => [s.inputDim, ...s.layers.map((l) => l.outDim)].join(' → ');

/** A salt for the re-initialised head's seed: its own draw, never the seed's first layer weights' stream. */
const HEAD_SALT = 104_729;

/**
 * Fresh weights for re-initialising a head, from the run's seed but their own stream. A source trained
 * from the same seed as the target (a 0–4 run and a 5–9 run both at seed 1) would otherwise get back its
 * own starting head, to which its trunk has co-adapted: the old classes would win every answer at step 0.
 */
export function freshHead(target: ModelSpec, seed: number): Float32Array {
  return initParams(target, paramLayout(target), seed + HEAD_SALT);
}

/**
 * The target's starting weights in paramLayout(target): `initial` are its fresh initial weights
 * ([paramLayout(target).totalFloats]); a re-initialised head comes from `head` (same layout; default
 * `initial`, freshHead in the page). Throws a sentence when the source's model is not the target's.
 */
export function transferParams(source: { lanes: ReadonlyArray<Pick<LaneRecord, 'spec' | 'params'>> }, target: ModelSpec, initial: Float32Array, opts: TransferOptions, head: Float32Array = initial): Float32Array<ArrayBuffer> {
  const from = source.lanes[0]?.spec;
  const same = from && from.inputDim === target.inputDim && from.layers.length === target.layers.length &&
    from.layers.every((l, i) => l.inDim === target.layers[i].inDim && l.outDim === target.layers[i].outDim);
  if (!from || !same) {
    throw new Error(`The saved run's model (${from ? widths(from) : 'none'}) is not this run's (${widths(target)}): set the same layers to start from it.`);
  }
  const layout = paramLayout(target);
  const src = source.lanes[0].params; // [totalFloats], the same layout as the target's
  const out = new Float32Array(layout.totalFloats);
  if (opts.blend === null) out.set(src);
  else for (let i = 0; i < out.length; i++) out[i] = initial[i] + opts.blend * src[i];
  if (opts.reinitHead) {
    const { W, b } = layout.layers[layout.layers.length - 1];
    for (const t of [W, b]) out.set(head.subarray(t.offset, t.offset + t.size), t.offset);
  }
  return out;
}
