/**
 * Data augmentation while gathering the batch (shaders/augment.wgsl): one dispatch builds the inputs
 * (shifted, turned, mixed, noised) and the targets and teacher logits (mixed under mixup, else gathered by
 * the draws' source rows). CPU twin: engine/ops/augment.ts; the per-row draws come from
 * engine/strategies/augment.ts augmentDraws and are uploaded each step (32 bytes a row), the pixels never
 * leave the device.
 */
import code from '../../../shaders/augment.wgsl?raw';
import { hasGeometry, type AugmentDraws, type AugmentSettings } from '../../engine/strategies/augment';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';
import type { GatherPart } from './gather';

// params, rows, srcX, srcT, srcZ, outX, outT, outZ
export const AUGMENT: KernelDef = { label: 'augment', code, entry: 'main', bindings: ['uniform', 'read', 'read', 'read', 'read', 'rw', 'rw', 'rw'] };
export const AUGMENT_UNIFORM_BYTES = 48;
/** Bytes per row of the draws table (WGSL struct Row). */
export const AUGMENT_ROW_BYTES = 32;
const WG = 64;

/**
 * The uniform block {R, D, W, H, seed, step} u32, σ f32, flags u32 (bit 0 geometry, bit 1 mixup), then the
 * targets' width C and the teacher logits' width CZ (0 without a teacher), u32.
 */
export function augmentUniformBytes(s: AugmentSettings, R: number, D: number, C: number, CZ = 0): ArrayBuffer {
  const bytes = new ArrayBuffer(AUGMENT_UNIFORM_BYTES);
  const geometry = hasGeometry(s);
  new Uint32Array(bytes, 0, 6).set([R, D, geometry ? s.image!.width : 0, geometry ? s.image!.height : 0, s.seed >>> 0, s.step >>> 0]);
  new Float32Array(bytes, 24, 1)[0] = s.noise;
  new Uint32Array(bytes, 28, 3).set([(geometry ? 1 : 0) | (s.mixup > 0 ? 2 : 0), C, CZ]);
  return bytes;
}

/** The draws as the kernel's rows: [R] × {src, partner, dx, dy, cos, sin, λ, key}. */
export function augmentRowBytes(d: AugmentDraws): ArrayBuffer {
  const bytes = new ArrayBuffer(Math.max(AUGMENT_ROW_BYTES, d.rows * AUGMENT_ROW_BYTES));
  const u = new Uint32Array(bytes), i = new Int32Array(bytes), f = new Float32Array(bytes);
  for (let r = 0; r < d.rows; r++) {
    const o = r * 8;
    u[o] = d.src[r];
    u[o + 1] = d.partner[r];
    i[o + 2] = d.dx[r];
    i[o + 3] = d.dy[r];
    f[o + 4] = d.cos[r];
    f[o + 5] = d.sin[r];
    f[o + 6] = d.lambda[r];
    u[o + 7] = d.key[r];
  }
  return bytes;
}

/**
 * params: uniform augmentUniformBytes(s, R, x.D, t.D, z.D); rows: the draws table; x: the inputs
 * [n, D] → [R, D]; t: the targets [n, C] → [R, C]; z: the teacher's logits [n, CZ] → [R, CZ], or with
 * D = 0 none (its src and out any distinct buffers of at least 4 bytes, never touched).
 */
export function augmentDispatch(device: GPUDevice, params: GPUBuffer, rows: Resource, x: GatherPart, t: GatherPart, z: GatherPart, R: number): Dispatch {
  const pipeline = getPipeline(device, AUGMENT, { WG });
  return {
    pipeline,
    group: bindGroup(device, pipeline, [params, rows, x.src, t.src, z.src, x.out, t.out, z.out]),
    workgroups: grid1d(Math.ceil((R * (x.D + t.D + z.D)) / WG)),
  };
}
