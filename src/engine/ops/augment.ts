/**
 * CPU twin of shaders/augment.wgsl (engine/strategies/augment.ts has the formulas), plain loops.
 *   augmentRows: src [n, D], draws for R slots → out [R, D]: gather, shift/rotate (bilinear, zero
 *                outside), mixup with the partner slot, then Gaussian noise per element.
 *   mixRows:     src [n, C] → out [R, C]: λ src[i_r] + (1 − λ) src[i_p] (targets, teacher logits).
 * Geometry reads the image as W×H row-major (D = W·H); the centre is ((W − 1)/2, (H − 1)/2). Output pixel
 * (x, y) reads the source at R(−θ)·(x − dx − cx, y − dy − cy) + (cx, cy), so whole-pixel shifts with θ = 0
 * copy pixels exactly.
 */
import { hasGeometry, type AugmentDraws, type AugmentSettings } from '../strategies/augment';
import { pixelNormal } from '../strategies/augmentHash';

/** Pixel (tx, ty) of the image at `base`, 0 outside the W×H frame. */
function tap(src: Float32Array, base: number, W: number, H: number, tx: number, ty: number): number {
  return tx < 0 || ty < 0 || tx >= W || ty >= H ? 0 : src[base + ty * W + tx];
}

/** Bilinear read of slot r's geometric transform at element d (the kernel's `geo`). */
function geo(src: Float32Array, D: number, W: number, H: number, draws: AugmentDraws, r: number, d: number): number {
  const base = draws.src[r] * D;
  const x = d % W, y = (d - x) / W;
  const cx = (W - 1) * 0.5, cy = (H - 1) * 0.5;
  const u = x - draws.dx[r] - cx, v = y - draws.dy[r] - cy;
  const c = draws.cos[r], s = draws.sin[r];
  if (s === 0 && c === 1) return tap(src, base, W, H, x - draws.dx[r], y - draws.dy[r]); // a whole-pixel shift: the bilinear weights are 1 and 0
  const sx = c * u - s * v + cx, sy = s * u + c * v + cy;
  const x0 = Math.floor(sx), y0 = Math.floor(sy);
  const fx = sx - x0, fy = sy - y0;
  return (tap(src, base, W, H, x0, y0) * (1 - fx) + tap(src, base, W, H, x0 + 1, y0) * fx) * (1 - fy)
    + (tap(src, base, W, H, x0, y0 + 1) * (1 - fx) + tap(src, base, W, H, x0 + 1, y0 + 1) * fx) * fy;
}

/** The batch as the network sees it: [draws.rows, D]. */
export function augmentRows(src: Float32Array, D: number, draws: AugmentDraws, s: AugmentSettings): Float32Array {
  const R = draws.rows;
  const out = new Float32Array(R * D);
  const geometry = hasGeometry(s);
  const W = s.image?.width ?? 0, H = s.image?.height ?? 0;
  if (geometry && W * H !== D) throw new Error(`augmentation: a ${W}×${H} image has ${W * H} pixels, the rows have ${D}`);
  if (geometry && s.rotation === 0 && !(s.mixup > 0) && !(s.noise > 0)) return shiftRows(src, W, H, draws, out);
  const read = geometry ? (r: number, d: number) => geo(src, D, W, H, draws, r, d) : (r: number, d: number) => src[draws.src[r] * D + d];
  const mix = s.mixup > 0;
  for (let r = 0; r < R; r++) {
    const lam = draws.lambda[r], p = draws.partner[r], key = draws.key[r];
    for (let d = 0; d < D; d++) {
      let v = read(r, d);
      if (mix) v = lam * v + (1 - lam) * read(p, d);
      if (s.noise > 0) v += s.noise * pixelNormal(key, d);
      out[r * D + d] = v;
    }
  }
  return out;
}

/**
 * Whole-pixel shifts alone, row by row (the reproduction's ±2-pixel MNIST runs): the same values as the
 * bilinear path, whose weights are then exactly 1 and 0; `out` is zero-filled.
 */
function shiftRows(src: Float32Array, W: number, H: number, draws: AugmentDraws, out: Float32Array): Float32Array {
  const D = W * H;
  for (let r = 0; r < draws.rows; r++) {
    const dx = draws.dx[r], dy = draws.dy[r], base = draws.src[r] * D;
    const x0 = Math.max(0, dx), x1 = Math.min(W, W + dx); // output columns with a source pixel
    if (x1 <= x0) continue;
    for (let y = Math.max(0, dy); y < Math.min(H, H + dy); y++) {
      const from = base + (y - dy) * W + (x0 - dx);
      out.set(src.subarray(from, from + (x1 - x0)), r * D + y * W + x0);
    }
  }
  return out;
}

/** Rows mixed as mixup mixes the inputs: [draws.rows, C]. */
export function mixRows(src: Float32Array, C: number, draws: AugmentDraws): Float32Array {
  const out = new Float32Array(draws.rows * C);
  for (let r = 0; r < draws.rows; r++) {
    const a = draws.src[r] * C, b = draws.src[draws.partner[r]] * C, lam = draws.lambda[r];
    for (let c = 0; c < C; c++) out[r * C + c] = lam * src[a + c] + (1 - lam) * src[b + c];
  }
  return out;
}
