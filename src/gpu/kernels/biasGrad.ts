/** Bias gradient, column sums of dZ (shaders/bias_grad.wgsl). CPU twin: engine/ops/matmul.ts linearBackward. */
import code from '../../../shaders/bias_grad.wgsl?raw';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const BIAS_GRAD: KernelDef = { label: 'bias_grad', code, entry: 'main', bindings: ['uniform', 'read', 'rw'] };
const WG = 64;

/** dims: uniform {M, N}; dZ: [M, N]; db: [N]. */
export function biasGradDispatch(device: GPUDevice, dims: GPUBuffer, dZ: Resource, db: Resource, N: number): Dispatch {
  const pipeline = getPipeline(device, BIAS_GRAD, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [dims, dZ, db]), workgroups: [Math.ceil(N / WG), 1, 1] };
}
