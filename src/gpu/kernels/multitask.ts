/**
 * Multi-task kernels (shaders/multitask.wgsl): the heads' weighted softmax cross-entropy and its gradient,
 * the trunk dot products of two task gradients, and PCGrad's combination. CPU twins:
 * engine/strategies/multitask.ts (headsLossAndGrad, dots, pcgradSum). Parity: e2e/kernels/multitask.spec.ts.
 * The GPU backend's multi-task step and evaluation use them (gpu/multitaskStep.ts).
 */
import code from '../../../shaders/multitask.wgsl?raw';
import type { Head } from '../../engine/strategies/multitask';
import { uniformBuffer } from '../buffers';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const HEADS_LOSS_GRAD: KernelDef = { label: 'multitask', code, entry: 'heads_loss_grad', bindings: ['uniform', 'read', 'read', 'read', 'rw', 'rw'] };
export const TRUNK_DOTS: KernelDef = { label: 'multitask', code, entry: 'trunk_dots', bindings: ['uniform', 'read', 'read', 'rw'] };
export const PCGRAD_COMBINE: KernelDef = { label: 'multitask', code, entry: 'pcgrad_combine', bindings: ['uniform', 'read', 'read', 'rw', 'rw'] };
const WG = 64;
const RWG = 256;

/** The kernels' uniform block {M, C, H, n, total, norm}: rows, outputs, heads, trunk floats, all floats, the loss's 1/M (0: M). */
export function multitaskParams(device: GPUDevice, u: { M?: number; C?: number; H?: number; n?: number; total?: number; norm?: number }, label = 'multitask'): GPUBuffer {
  return uniformBuffer(device, label, multitaskWords(u));
}

/** The words of multitaskParams' block (for a caller that owns its uniforms). */
export function multitaskWords(u: { M?: number; C?: number; H?: number; n?: number; total?: number; norm?: number }): number[] {
  return [u.M ?? 0, u.C ?? 0, u.H ?? 0, u.n ?? 0, u.total ?? 0, u.norm ?? 0, 0, 0];
}

/** The heads as the kernel reads them: [H] × {offset: u32, classes: u32, weight: f32, pad}, 16 bytes each. */
export function headWords(heads: readonly Head[], weights: readonly number[]): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(heads.length * 4);
  const asFloat = new Float32Array(words.buffer);
  heads.forEach((h, k) => {
    words[k * 4] = h.offset;
    words[k * 4 + 1] = h.classes;
    asFloat[k * 4 + 2] = weights[k] ?? 0;
  });
  return words;
}

/** params {M, C, H}; Z, T: [M, C]; heads: headWords → grad: [M, C], stats: [M, H] × (loss, correct). One thread per row. */
export function headsLossGradDispatch(device: GPUDevice, params: GPUBuffer, Z: Resource, T: Resource, heads: Resource, grad: Resource, stats: Resource, M: number): Dispatch {
  const pipeline = getPipeline(device, HEADS_LOSS_GRAD, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, Z, T, heads, grad, stats]), workgroups: [Math.ceil(M / WG), 1, 1] };
}

/** params {n}; g1, g2: [≥ n] → dots: [4] = (g1·g2, |g1|², |g2|², 0) over [0, n). One workgroup. */
export function trunkDotsDispatch(device: GPUDevice, params: GPUBuffer, g1: Resource, g2: Resource, dots: Resource): Dispatch {
  const pipeline = getPipeline(device, TRUNK_DOTS, { RWG });
  return { pipeline, group: bindGroup(device, pipeline, [params, g1, g2, dots]), workgroups: [1, 1, 1] };
}

/** params {n, total}; g1, g2: [total], dots from trunkDotsDispatch → summed: [total] (PCGrad over [0, n), the sum after). */
export function pcgradCombineDispatch(device: GPUDevice, params: GPUBuffer, g1: Resource, g2: Resource, dots: Resource, summed: Resource, total: number): Dispatch {
  const pipeline = getPipeline(device, PCGRAD_COMBINE, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, g1, g2, dots, summed]), workgroups: [Math.ceil(total / WG), 1, 1] };
}
