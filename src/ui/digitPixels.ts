/** Pixel painting for the MNIST views: 28×28 digits in grey, weights in a diverging blue–white–orange. */

export const DIGIT_SIDE = 28;

/** A digit (0 = background, 255 = ink) as dark ink on white RGBA. */
export function digitRgba(pixels: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(DIGIT_SIDE * DIGIT_SIDE * 4);
  for (let i = 0; i < DIGIT_SIDE * DIGIT_SIDE; i++) {
    const v = 255 - (pixels[i] ?? 0);
    out.set([v, v, v, 255], i * 4);
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
  if (w === 0 || !(limit > 0) || !Number.isFinite(w)) return [255, 255, 255];
  const t = Math.min(1, Math.abs(w) / limit);
  const c = w < 0 ? NEG : POS;
  return [Math.round(255 + (c[0] - 255) * t), Math.round(255 + (c[1] - 255) * t), Math.round(255 + (c[2] - 255) * t)];
}

/** A symmetric colour limit: the 99th percentile of |w| over the non-zero weights (so a few outliers do not wash out the rest). */
export function colourLimit(weights: ArrayLike<number>): number {
  const abs: number[] = [];
  for (let i = 0; i < weights.length; i++) if (weights[i] !== 0 && Number.isFinite(weights[i])) abs.push(Math.abs(weights[i]));
  if (abs.length === 0) return 1;
  abs.sort((a, b) => a - b);
  return abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.99))];
}
