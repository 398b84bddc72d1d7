/** The CPU twin of the augmentation kernel: shifts move pixels exactly, rotations turn them, mixup mixes. */
import { describe, expect, it } from 'vitest';
import { augmentRows, mixRows } from './augment';
import { augmentDraws, type AugmentDraws, type AugmentSettings } from '../strategies/augment';

const W = 5, H = 4, D = W * H;
/** Two 5×4 images: pixel (x, y) of image i is 1 + 100i + 10y + x. */
const SRC = Float32Array.from({ length: 2 * D }, (_, j) => 1 + 100 * Math.floor(j / D) + 10 * Math.floor((j % D) / W) + (j % W));
const OFF: AugmentSettings = { seed: 1, step: 0, image: { width: W, height: H }, shift: 0, rotation: 0, noise: 0, mixup: 0 };

/** Draws for one slot reading row `src`, with the given shift and angle (degrees). */
function one(src: number, dx: number, dy: number, deg = 0): AugmentDraws {
  const d = augmentDraws(OFF, Uint32Array.of(src));
  d.dx[0] = dx;
  d.dy[0] = dy;
  d.angle[0] = deg;
  d.cos[0] = Math.cos((deg * Math.PI) / 180);
  d.sin[0] = Math.sin((deg * Math.PI) / 180);
  return d;
}
const px = (img: Float32Array, x: number, y: number, o = 0) => img[o + y * W + x];

describe('augmentRows', () => {
  it('a whole-pixel shift moves the image right and down, zero filled', () => {
    const out = augmentRows(SRC, D, one(1, 2, -1), { ...OFF, shift: 2 });
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const sx = x - 2, sy = y + 1;
        const want = sx >= 0 && sy < H ? px(SRC, sx, sy, D) : 0;
        expect(px(out, x, y)).toBe(want);
      }
    }
  });

  it('no shift and rotation by 0 is the identity, exactly', () => {
    expect(augmentRows(SRC, D, one(0, 0, 0, 0), { ...OFF, rotation: 10 })).toEqual(SRC.slice(0, D));
  });

  it('a 90° rotation turns the picture counter-clockwise about its centre', () => {
    // a square image, so the quarter turn maps the grid onto itself
    const S = 5;
    const img = Float32Array.from({ length: S * S }, (_, j) => j + 1);
    const out = augmentRows(img, S * S, one(0, 0, 0, 90), { ...OFF, image: { width: S, height: S }, rotation: 30 });
    // counter-clockwise as drawn (y down): the pixel right of the centre goes up, the top one left
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        const want = img[x * S + (S - 1 - y)]; // out(x, y) = in(S−1−y, x)
        expect(out[y * S + x]).toBeCloseTo(want, 4);
      }
    }
    expect(out[1 * S + 2]).toBeCloseTo(img[2 * S + 3], 4); // above the centre ← right of it
  });

  it('a turn interpolates between pixels and reads 0 beyond the frame', () => {
    const r = augmentRows(SRC, D, one(0, 0, 0, 30), { ...OFF, rotation: 30 });
    const inside = (v: number) => v >= 0 && v <= 1 + 10 * (H - 1) + (W - 1);
    expect(Array.from(r).every(inside)).toBe(true);
    expect(Array.from(r).some((v) => v === 0 || !Number.isInteger(v))).toBe(true);
  });

  it('mixup: λ x_i + (1 − λ) x_j, with the partner slot', () => {
    const d = augmentDraws({ ...OFF, mixup: 1 }, Uint32Array.of(0, 1));
    d.partner.set([1, 1]);
    d.lambda.set([0.25, 1]);
    const out = augmentRows(SRC, D, d, { ...OFF, mixup: 1 });
    for (let j = 0; j < D; j++) expect(out[j]).toBeCloseTo(0.25 * SRC[j] + 0.75 * SRC[D + j], 5);
    expect(out.subarray(D)).toEqual(SRC.subarray(D));
    const Y = Float32Array.of(1, 0, 0, 1); // [2, 2] one-hot
    expect(Array.from(mixRows(Y, 2, d))).toEqual([0.25, 0.75, 0, 1]);
  });

  it('pixel noise adds N(0, σ²) per element, the same for the same step', () => {
    const s: AugmentSettings = { ...OFF, image: null, noise: 0.3 };
    const zeros = new Float32Array(64 * 784);
    const batch = Uint32Array.from({ length: 64 }, (_, i) => i);
    const out = augmentRows(zeros, 784, augmentDraws(s, batch), s);
    const mean = out.reduce((a, v) => a + v, 0) / out.length;
    const sd = Math.sqrt(out.reduce((a, v) => a + (v - mean) ** 2, 0) / out.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeCloseTo(0.3, 2);
    expect(augmentRows(zeros, 784, augmentDraws(s, batch), s)).toEqual(out);
    expect(augmentRows(zeros, 784, augmentDraws({ ...s, step: 1 }, batch), s)).not.toEqual(out);
  });
});

describe('augmentRows: the whole-pixel fast path', () => {
  it('equals the bilinear path for every shift up to 4 pixels', () => {
    const S = 28 * 28;
    const src = Float32Array.from({ length: 10 * S }, (_, i) => ((i * 7919) % 255) / 255);
    const batch = Uint32Array.from({ length: 10 }, (_, i) => 9 - i);
    for (let step = 0; step < 8; step++) {
      const s: AugmentSettings = { seed: 2, step, image: { width: 28, height: 28 }, shift: 4, rotation: 0, noise: 0, mixup: 0 };
      const d = augmentDraws(s, batch);
      const fast = augmentRows(src, S, d, s);
      // rotation on with θ = 0 for every row takes the per-pixel path
      const slow = augmentRows(src, S, d, { ...s, rotation: 1 });
      expect(fast).toEqual(slow);
      expect(fast).not.toEqual(augmentRows(src, S, d, { ...s, image: null }));
    }
  });
});
