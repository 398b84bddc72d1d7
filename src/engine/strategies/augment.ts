/**
 * Data augmentation (REFERENCE.md "Strategies"): what a step's batch goes through on its way into the
 * network, and the per-sample draws. Applied while gathering the batch: on the GPU in one pass
 * (shaders/augment.wgsl), on the CPU by its twin (engine/ops/augment.ts); the images never leave the
 * device, only the few numbers per row drawn here (augmentDraws) are uploaded with the batch.
 *
 * For a slot r of the batch, with its own draws (dx, dy, θ, partner p, λ):
 *   geo_r(x)  = the row shifted by (dx, dy) whole pixels and rotated by θ about the image centre,
 *               bilinear, zero outside (images only: MNIST)
 *   x̃_r = λ geo_r(x_{i_r}) + (1 − λ) geo_p(x_{i_p}) + σ z,   ỹ_r = λ y_{i_r} + (1 − λ) y_{i_p}
 * with dx, dy uniform in {−k … k}, θ uniform in [−d, d] degrees, p uniform over the batch's slots,
 * λ ~ Beta(a, a) (mixup; off: λ = 1) and z ~ N(0, 1) per input element (pixel noise, or jitter on
 * data that is not an image). Every draw is a function of (seed, step, slot) (augmentHash.ts).
 */
import type { DatasetName, RunConfig } from '../config';
import { betaSymmetric, draw, rowKey, stream, uniform } from './augmentHash';

/** MNIST's digits are 28×28 images, row-major (engine/mnist.ts). */
export const MNIST_IMAGE = { width: 28, height: 28 } as const;

/** What one step's augmentation does: StepSettings.augment (engine/run.ts stepSettings). */
export interface AugmentSettings {
  seed: number;
  /** The step the batch is for: draws differ from step to step. */
  step: number;
  /** The inputs as an image (shift and rotation need one), or null. */
  image: { width: number; height: number } | null;
  /** Largest |dx|, |dy| in whole pixels (0: no shift). */
  shift: number;
  /** Largest |θ| in degrees (0: no rotation). */
  rotation: number;
  /** σ of the Gaussian noise added to every input element (0: none). */
  noise: number;
  /** Mixup's Beta(a, a) parameter a (0: no mixup). */
  mixup: number;
}

/** The augmentation settings of the config (augmentFields.ts says which apply to which data). */
export type AugmentKey = 'augShift' | 'augRotation' | 'augNoise' | 'augJitter' | 'augMixup';

/** Which augmentation settings apply to a dataset, and why not when they do not (one source for the UI and the engine). */
export function augmentApplies(key: AugmentKey, dataset: DatasetName): { applies: true } | { applies: false; reason: string } {
  const image = dataset === 'mnist';
  if ((key === 'augShift' || key === 'augRotation' || key === 'augNoise') && !image) return { applies: false, reason: 'Shifts, rotations and pixel noise need images (MNIST digits).' };
  if (key === 'augJitter' && image) return { applies: false, reason: 'Jitter moves points of data that is not an image; MNIST has Pixel noise.' };
  return { applies: true };
}

/** The augmentation of a config at step `step`: settings that do not apply to its data are 0. */
export function augmentSettings(config: Pick<RunConfig, 'dataset' | 'seed' | AugmentKey>, step: number): AugmentSettings {
  const on = (key: AugmentKey) => (augmentApplies(key, config.dataset).applies ? config[key] : 0);
  const image = config.dataset === 'mnist';
  return {
    seed: config.seed,
    step,
    image: image ? { ...MNIST_IMAGE } : null,
    shift: on('augShift'),
    rotation: on('augRotation'),
    noise: image ? on('augNoise') : on('augJitter'),
    mixup: on('augMixup'),
  };
}

/** True when the settings change anything (otherwise the batch is a plain gather). */
export function augmentActive(s: AugmentSettings | undefined | null): s is AugmentSettings {
  return !!s && (s.shift > 0 || s.rotation > 0 || s.noise > 0 || s.mixup > 0);
}

/** Whether the settings move pixels (shift or rotation): the kernel's geometry path. */
export const hasGeometry = (s: AugmentSettings): boolean => !!s.image && (s.shift > 0 || s.rotation > 0);

/** Per-slot draws of one step's batch, each [R]. */
export interface AugmentDraws {
  rows: number;
  /** The training row each slot gathers (the batch). */
  src: Uint32Array<ArrayBuffer>;
  /** The slot it is mixed with (itself without mixup). */
  partner: Uint32Array<ArrayBuffer>;
  /** Whole-pixel shift, right and down. */
  dx: Int32Array<ArrayBuffer>;
  dy: Int32Array<ArrayBuffer>;
  /** Rotation in degrees, counter-clockwise as drawn; cos θ and sin θ in float32, as the kernel reads them. */
  angle: Float32Array<ArrayBuffer>;
  cos: Float32Array<ArrayBuffer>;
  sin: Float32Array<ArrayBuffer>;
  /** λ, the weight of the slot's own sample (1 without mixup). */
  lambda: Float32Array<ArrayBuffer>;
  /** Each slot's key (augmentHash.ts rowKey), for its pixel noise. */
  key: Uint32Array<ArrayBuffer>;
}

/** Purposes of the per-sample draws (top bit set: pixel noise uses 2d and 2d + 1 below 2³¹). */
const PURPOSE = { dx: 0x80000001, dy: 0x80000002, angle: 0x80000003, partner: 0x80000004, beta: 0x80001000 } as const;

/** The draws for a batch (training rows `batch`, [R]) under settings `s`. */
export function augmentDraws(s: AugmentSettings, batch: Uint32Array): AugmentDraws {
  const R = batch.length;
  const d: AugmentDraws = {
    rows: R, src: Uint32Array.from(batch), partner: new Uint32Array(R), dx: new Int32Array(R), dy: new Int32Array(R),
    angle: new Float32Array(R), cos: new Float32Array(R), sin: new Float32Array(R), lambda: new Float32Array(R), key: new Uint32Array(R),
  };
  const k = Math.round(s.shift);
  const geometry = hasGeometry(s);
  for (let r = 0; r < R; r++) {
    const key = rowKey(s.seed, s.step, r);
    d.key[r] = key;
    d.partner[r] = r;
    d.lambda[r] = 1;
    d.cos[r] = 1;
    if (geometry && k > 0) {
      d.dx[r] = Math.min(2 * k, Math.floor(uniform(draw(key, PURPOSE.dx)) * (2 * k + 1))) - k;
      d.dy[r] = Math.min(2 * k, Math.floor(uniform(draw(key, PURPOSE.dy)) * (2 * k + 1))) - k;
    }
    if (geometry && s.rotation > 0) {
      const deg = (2 * uniform(draw(key, PURPOSE.angle)) - 1) * s.rotation;
      d.angle[r] = deg;
      d.cos[r] = Math.cos((deg * Math.PI) / 180);
      d.sin[r] = Math.sin((deg * Math.PI) / 180);
    }
    if (s.mixup > 0) {
      d.partner[r] = Math.min(R - 1, Math.floor(uniform(draw(key, PURPOSE.partner)) * R));
      d.lambda[r] = betaSymmetric(s.mixup, stream(key, PURPOSE.beta));
    }
  }
  return d;
}

/** Rows of the augmented batch a snapshot carries: 16 digits for the strip, or up to 256 points for the ghosts. */
export function augmentViewRows(data: { name: DatasetName }): number {
  return data.name === 'mnist' ? 16 : 256;
}

/** The first `rows` slots of some draws (copied); partners beyond them keep their slot numbers. */
export function firstDraws(d: AugmentDraws, rows: number): AugmentDraws {
  const cut = <T extends { slice(a: number, b: number): T }>(a: T) => a.slice(0, rows);
  return {
    rows, src: cut(d.src), partner: cut(d.partner), dx: cut(d.dx), dy: cut(d.dy), angle: cut(d.angle),
    cos: cut(d.cos), sin: cut(d.sin), lambda: cut(d.lambda), key: cut(d.key),
  };
}
