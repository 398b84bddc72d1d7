/**
 * The options of the run config's pruning and quantization fields (config.ts FIELDS), and the bit width
 * each layer gets from them. Kept apart from config.ts so the field table stays readable.
 */
import type { RunConfig } from './config';

/** Pruning (REFERENCE.md "Pruning"): unstructured by |w| per layer or over all layers, or whole neurons. */
export const PRUNE_METHODS = ['magnitude', 'global-magnitude', 'neuron-l2', 'neuron-activity'] as const;
export type PruneMethod = (typeof PRUNE_METHODS)[number];
/** One-shot: the whole sparsity at once. Gradual: the cubic schedule of Zhu & Gupta (2017). */
export const PRUNE_SCHEDULES = ['one-shot', 'gradual'] as const;
export type PruneScheduleName = (typeof PRUNE_SCHEDULES)[number];
export const QUANT_SCHEMES = ['symmetric', 'affine'] as const;
export const GRANULARITIES = ['per-tensor', 'per-channel'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
/** Post-training: only evaluation sees the quantized weights. Aware: training's forward pass too (STE). */
export const QUANT_MODES = ['post-training', 'aware'] as const;
export type QuantMode = (typeof QUANT_MODES)[number];
/** In "Bits per layer": 0 = the "Bits" setting, 1..8 bits, 32 = float32 (kept unquantized). */
export const LAYER_BITS_FLOAT = 32;

/** The bit width of each layer (input to output): 1..8, or 32 when the layer stays float32 or quantization is off. */
export function bitsPerLayer(config: Pick<RunConfig, 'quantize' | 'bits' | 'layerBits'>, layers: number): number[] {
  return Array.from({ length: layers }, (_, l) => {
    if (!config.quantize) return LAYER_BITS_FLOAT;
    const b = config.layerBits[l] ?? 0;
    return b === 0 ? config.bits : b;
  });
}
