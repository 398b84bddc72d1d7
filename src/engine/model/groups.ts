/**
 * Parameter groups: how each layer of a model trains (PyTorch's param groups, optax's masks). A layer is
 * frozen (REFERENCE.md "Transfer learning": no update, its optimizer state untouched, no weight gradient;
 * the backward pass stops at the lowest trainable layer) or trains at the learning rate × its lrFactor
 * (discriminative rates: transferred layers at lr × factor, factor < 1). Both backends read the same
 * description: the CPU twin (engine/cpuBackend.ts) and the GPU (gpu/network.ts) walk it layer by layer.
 *
 *   const groups = transferGroups(spec.layers.length, 2, 0.1);  // layers 0–1 frozen, 2…L−2 at lr × 0.1, the head at lr
 *   backend.setGroups(groups);                                   // from the next step on
 */
import type { ParamLayout } from './index';

/** How one layer's W and b train. */
export interface LayerTraining {
  frozen: boolean;
  /** The layer's learning rate is the scheduled rate × lrFactor (ignored when frozen). */
  lrFactor: number;
}

/** [layers] one entry per layer, input side first. */
export type LayerGroups = readonly LayerTraining[];

/** A contiguous range of the parameter arena that trains at one learning-rate factor: W and b of layers [from, to). */
export interface GroupRange {
  from: number;
  to: number;
  /** Floats into the arena (256-byte aligned, as every tensor), and how many (padding between tensors included). */
  offset: number;
  size: number;
  lrFactor: number;
}

/** Every layer trains at the base rate: what a model without groups does. */
export function allTrainable(layers: number): LayerGroups {
  return Array.from({ length: layers }, () => ({ frozen: false, lrFactor: 1 }));
}

/**
 * Fine-tuning a transferred model: the first `frozen` layers frozen, the other transferred layers at
 * lr × `transferFactor`, the output layer (the head, new or re-initialised for the target task) at lr.
 * `frozen` is clipped to the hidden layers: the head always trains.
 */
export function transferGroups(layers: number, frozen: number, transferFactor: number): LayerGroups {
  const k = Math.max(0, Math.min(layers - 1, Math.floor(frozen)));
  return Array.from({ length: layers }, (_, l) => ({ frozen: l < k, lrFactor: l === layers - 1 ? 1 : transferFactor }));
}

/** Whether the groups change nothing (every layer trains at lr × 1). */
export function isPlain(groups: LayerGroups | null | undefined): boolean {
  return !groups || groups.every((g) => !g.frozen && g.lrFactor === 1);
}

/** The lowest layer that trains (the backward pass stops there); `layers` when every layer is frozen. */
export function lowestTrainable(groups: LayerGroups): number {
  const l = groups.findIndex((g) => !g.frozen);
  return l < 0 ? groups.length : l;
}

/**
 * The arena ranges the optimizer updates: consecutive trainable layers with the same factor merged (each
 * range runs from its first W to its last b, so it is contiguous), frozen layers left out.
 */
export function groupRanges(layout: ParamLayout, groups: LayerGroups): GroupRange[] {
  const ranges: GroupRange[] = [];
  layout.layers.forEach(({ W, b }, l) => {
    const g = groups[l] ?? { frozen: false, lrFactor: 1 };
    if (g.frozen) return;
    const last = ranges[ranges.length - 1];
    if (last && last.to === l && last.lrFactor === g.lrFactor) {
      last.to = l + 1;
      last.size = b.offset + b.size - last.offset;
    } else ranges.push({ from: l, to: l + 1, offset: W.offset, size: b.offset + b.size - W.offset, lrFactor: g.lrFactor });
  });
  return ranges;
}

/** Checks a groups description against a model of `layers` layers; throws a clear Error. */
export function checkGroups(groups: LayerGroups, layers: number): void {
  if (groups.length !== layers) throw new Error(`the parameter groups describe ${groups.length} layers, the model has ${layers}`);
  groups.forEach((g, l) => {
    if (!(g.lrFactor > 0 && Number.isFinite(g.lrFactor))) throw new Error(`layer ${l + 1}: the learning-rate factor must be a positive number, got ${g.lrFactor}`);
  });
}
