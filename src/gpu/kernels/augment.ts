/**
 * Data augmentation while gathering the batch (shaders/augment.wgsl): augment_x builds the inputs,
 * mix_rows mixes targets (and a teacher's logits) under mixup. CPU twin: engine/ops/augment.ts; the
 * per-row draws come from engine/strategies/augment.ts augmentDraws and are uploaded each step (32 bytes
 * a row), the pixels never leave the device.
 */
import code from '../../../shaders/augment.wgsl?raw';
import { hasGeometry, type AugmentDraws, type AugmentSettings } from '../../engine/strategies/augment';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

const BINDINGS = ['uniform', 'read', 'read', 'rw'] as const;
export const AUGMENT_X: KernelDef = { label: 'augment x', code, entry: 'augment_x', bindings: [...BINDINGS] };
export const MIX_ROWS: KernelDef = { label: 'mix rows', code, entry: 'mix_rows', bindings: [...BINDINGS] };
export const AUGMENT_UNIFORM_BYTES = 32;
/** Bytes per row of the draws table (WGSL struct Row). */
export const AUGMENT_ROW_BYTES = 32;
const WG = 64;

/** The uniform block {R, D, W, H, seed, step} u32, σ f32, flags u32 (bit 0 geometry, bit 1 mixup). */
export function augmentUniformBytes(s: AugmentSettings, R: number, D: number): ArrayBuffer {
  const bytes = new ArrayBuffer(AUGMENT_UNIFORM_BYTES);
  const geometry = hasGeometry(s);
  new Uint32Array(bytes, 0, 6).set([R, D, geometry ? s.image!.width : 0, geometry ? s.image!.height : 0, s.seed >>> 0, s.step >>> 0]);
  new Float32Array(bytes, 24, 1)[0] = s.noise;
  new Uint32Array(bytes, 28, 1)[0] = (geometry ? 1 : 0) | (s.mixup > 0 ? 2 : 0);
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

/** params: uniform (augmentUniformBytes); rows: the draws table; src: [n, D] → out: [R, D]. */
export function augmentDispatch(device: GPUDevice, params: GPUBuffer, rows: Resource, src: Resource, out: Resource, R: number, D: number): Dispatch {
  const pipeline = getPipeline(device, AUGMENT_X, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, rows, src, out]), workgroups: grid1d(Math.ceil((R * D) / WG)) };
}

/** params: uniform with R and D = the rows' width (the rest unused); src: [n, D] → out: [R, D]. */
export function mixRowsDispatch(device: GPUDevice, params: GPUBuffer, rows: Resource, src: Resource, out: Resource, R: number, D: number): Dispatch {
  const pipeline = getPipeline(device, MIX_ROWS, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, rows, src, out]), workgroups: grid1d(Math.ceil((R * D) / WG)) };
}
