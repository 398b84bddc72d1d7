/** Loss, its gradient and row reductions (shaders/loss.wgsl). CPU twin: engine/ops/loss.ts. */
import code from '../../../shaders/loss.wgsl?raw';
import type { LossName } from '../../engine/config';
import { LOSS_CODE } from '../../engine/ops/loss';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const LOSS_GRAD: KernelDef = { label: 'loss', code, entry: 'loss_grad', bindings: ['uniform', 'read', 'read', 'rw', 'rw'] };
export const REDUCE_ROWS: KernelDef = { label: 'loss', code, entry: 'reduce_rows', bindings: ['uniform', 'read', 'rw'] };
const WG = 64;

/** params: uniform {M, C, slot, 0}; Z, T: [M, C] → grad: [M, C], stats: [M] × (loss, correct). */
export function lossGradDispatch(device: GPUDevice, loss: LossName, params: GPUBuffer, Z: Resource, T: Resource, grad: Resource, stats: Resource, M: number): Dispatch {
  const pipeline = getPipeline(device, LOSS_GRAD, { LOSS: LOSS_CODE[loss], WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, Z, T, grad, stats]), workgroups: [Math.ceil(M / WG), 1, 1] };
}

/** Sums stats over rows [0, M) into sums[2·slot], sums[2·slot+1] (one workgroup). */
export function reduceRowsDispatch(device: GPUDevice, params: GPUBuffer, stats: Resource, sums: Resource): Dispatch {
  const pipeline = getPipeline(device, REDUCE_ROWS, { RWG: 256 });
  return { pipeline, group: bindGroup(device, pipeline, [params, stats, sums]), workgroups: [1, 1, 1] };
}
