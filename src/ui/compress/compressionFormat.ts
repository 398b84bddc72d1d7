/** Formatting for the compression views: byte sizes, the model-size readout, pruned shares. */
import type { CompressionView, LayerCompression } from '../../worker/protocol';

/** Decimal units, 3 significant digits: 812 B, 33.2 kB, 1.07 MB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 999.5 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${Number(v.toPrecision(3))} ${units[u]}`;
}

/** How many times smaller `stored` is than `reference`, e.g. "32.1×" (one decimal below 100). */
export function formatRatio(reference: number, stored: number): string {
  if (!(stored > 0) || !Number.isFinite(reference)) return '—';
  const r = reference / stored;
  return `${r >= 100 ? Math.round(r) : r.toFixed(1)}×`;
}

/** Bytes of a dense float32 MLP with these widths (input to output): 4 per weight and bias. */
export function float32Bytes(widths: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < widths.length; l++) n += widths[l - 1] * widths[l] + widths[l];
  return 4 * n;
}

/**
 * "Model size: 1.07 MB float32 → 33.2 kB stored (32.1× smaller)". `builtWidths`: the widths the model
 * was built with; after neuron pruning the float32 reference is that model's, not the narrower one's.
 */
export function sizeReadout(c: CompressionView, builtWidths?: readonly number[]): string {
  const { best } = c.total;
  const float32 = Math.max(c.total.float32, builtWidths ? float32Bytes(builtWidths) : 0);
  if (best >= float32) return `Model size: ${formatBytes(float32)} float32 (nothing compressed)`;
  return `Model size: ${formatBytes(float32)} float32 → ${formatBytes(best)} stored (${formatRatio(float32, best)} smaller)`;
}

/** Share of a layer's weights that are pruned, 0..1. */
export function prunedShare(layer: Pick<LayerCompression, 'weights' | 'nonzeros'>): number {
  return layer.weights > 0 ? 1 - layer.nonzeros / layer.weights : 0;
}

/** "784 → 150 → 50 → 10". */
export const formatWidths = (widths: readonly number[]): string => widths.join(' → ');
