/**
 * Distillation loss and its gradient (shaders/distill.wgsl). CPU twin: engine/ops/distill.ts.
 * The uniform block is loss.wgsl's {M, K, slot, norm} (u32) followed by T and α (f32) and two pad words,
 * so the same buffer also drives reduceRowsDispatch (src/gpu/kernels/loss.ts), which sums the per-row stats.
 */
import code from '../../../shaders/distill.wgsl?raw';
import { UNIFORM } from '../buffers';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const DISTILL_GRAD: KernelDef = { label: 'distill', code, entry: 'distill_grad', bindings: ['uniform', 'read', 'read', 'read', 'rw', 'rw'] };
export const DISTILL_UNIFORM_BYTES = 32;
const WG = 64;

export interface DistillUniforms {
  /** Rows in the batch. */
  M: number;
  /** Classes (logits per row). */
  K: number;
  /** Where reduce_rows writes the sums: sums[2·slot], sums[2·slot + 1]. */
  slot: number;
  /** Temperature, > 0. */
  T: number;
  /** Weight of the soft (teacher) term, in [0, 1]. */
  alpha: number;
  /** Divisor instead of M (0 or absent: M). */
  norm?: number;
}

/** The 32 bytes of the uniform block: u32 {M, K, slot, norm}, f32 {T, α}, two zero pad words. */
export function distillUniformBytes(u: DistillUniforms): ArrayBuffer {
  const bytes = new ArrayBuffer(DISTILL_UNIFORM_BYTES);
  new Uint32Array(bytes, 0, 4).set([u.M, u.K, u.slot, u.norm ?? 0]);
  new Float32Array(bytes, 16, 2).set([u.T, u.alpha]);
  return bytes;
}

/** Rewrites the uniform block (a training loop changing T, α or the batch size). */
export function writeDistillUniforms(device: GPUDevice, buffer: GPUBuffer, u: DistillUniforms): void {
  device.queue.writeBuffer(buffer, 0, distillUniformBytes(u));
}

/** A new uniform buffer holding `u`. */
export function distillUniformBuffer(device: GPUDevice, u: DistillUniforms, label = 'distill'): GPUBuffer {
  const buffer = device.createBuffer({ label, size: DISTILL_UNIFORM_BYTES, usage: UNIFORM });
  writeDistillUniforms(device, buffer, u);
  return buffer;
}

/**
 * params: the uniform block above; Zs, Zt, Y: [M, K] → grad: [M, K] (dLoss/dZs), stats: [M] × (loss_m, correct_m),
 * loss_m carrying the 1/M (or 1/norm). One thread per row.
 */
export function distillGradDispatch(device: GPUDevice, params: GPUBuffer, Zs: Resource, Zt: Resource, Y: Resource, grad: Resource, stats: Resource, M: number): Dispatch {
  const pipeline = getPipeline(device, DISTILL_GRAD, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, Zs, Zt, Y, grad, stats]), workgroups: [Math.max(1, Math.ceil(M / WG)), 1, 1] };
}
