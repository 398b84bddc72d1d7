/**
 * CPU twin of shaders/histogram.wgsl. Bins span [min, max] of the values; bin i covers
 * [min + i·w, min + (i+1)·w), the last bin includes max. All-equal values land in the middle bin.
 */
export interface Histogram {
  min: number;
  max: number;
  /** Σx² and Σ|x| over the values (for norms and regularization penalties). */
  sumSq: number;
  sumAbs: number;
  counts: Uint32Array;
}

export const HISTOGRAM_BINS = 32;

export function binIndex(x: number, min: number, max: number, bins: number): number {
  // float32 arithmetic, as the GPU does it
  const f = Math.fround;
  const w = f(max - min);
  if (!(w > 0)) return bins >> 1;
  const i = Math.floor(f(f(f(x - min) / w) * bins));
  return Math.min(bins - 1, Math.max(0, i));
}

export function histogram(values: Float32Array, bins = HISTOGRAM_BINS): Histogram {
  let min = Infinity, max = -Infinity, sumSq = 0, sumAbs = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sumSq += v * v;
    sumAbs += Math.abs(v);
  }
  if (values.length === 0) min = max = 0;
  const counts = new Uint32Array(bins);
  for (const v of values) counts[binIndex(v, Math.fround(min), Math.fround(max), bins)]++;
  return { min, max, sumSq, sumAbs, counts };
}
