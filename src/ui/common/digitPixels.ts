/** Pixel painting for the MNIST views: 28×28 digits in grey, weights in a diverging blue–white–orange. */

export const DIGIT_SIDE = 28;

/** A digit (0 = background, 255 = ink) as dark ink on white RGBA. */
export function digitRgba(pixels: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(DIGIT_SIDE * DIGIT_SIDE * 4);
  for (let i = 0; i < DIGIT_SIDE * DIGIT_SIDE; i++) {
    const v = 255 - (pixels[i] ?? 0);
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}

const NEG = [29, 95, 191];
const POS = [212, 96, 11];

/**
 * A weight in [−limit, limit] as a colour: white at exactly 0 (a pruned weight), blue for negative and
 * orange for positive, deeper with |w|. Returns [r, g, b].
 */
export function divergingColour(w: number, limit: number): [number, number, number] {
  const px = new Uint8ClampedArray(3);
  writeDivergingColour(px, 0, w, limit);
  return [px[0], px[1], px[2]];
}

/** divergingColour written into `out` at `o` (r, g, b; alpha untouched), allocating nothing: for whole images. */
export function writeDivergingColour(out: Uint8ClampedArray, o: number, w: number, limit: number): void {
  if (w === 0 || !(limit > 0) || !Number.isFinite(w)) {
    out[o] = out[o + 1] = out[o + 2] = 255;
    return;
  }
  const t = Math.min(1, Math.abs(w) / limit);
  const c = w < 0 ? NEG : POS;
  out[o] = Math.round(255 + (c[0] - 255) * t);
  out[o + 1] = Math.round(255 + (c[1] - 255) * t);
  out[o + 2] = Math.round(255 + (c[2] - 255) * t);
}

/** A symmetric colour limit: the 99th percentile of |w| over the non-zero weights (so a few outliers do not wash out the rest). */
export function colourLimit(weights: ArrayLike<number>): number {
  const all = new Float64Array(weights.length);
  let n = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] !== 0 && Number.isFinite(weights[i])) all[n++] = Math.abs(weights[i]);
  if (n === 0) return 1;
  const abs = all.subarray(0, n).sort(); // a typed array sorts numerically, far faster than a comparator
  return abs[Math.min(n - 1, Math.floor(n * 0.99))];
}
