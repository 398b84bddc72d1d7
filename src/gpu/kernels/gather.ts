/** Row gather for mini-batches (shaders/gather.wgsl). CPU twin: engine/ops/gather.ts. */
import code from '../../../shaders/gather.wgsl?raw';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const GATHER: KernelDef = { label: 'gather', code, entry: 'main', bindings: ['uniform', 'read', 'read', 'rw'] };
const WG = 64;

/** params: uniform {R, D}; idx: [R] u32; src: [n, D] → out: [R, D]. */
export function gatherDispatch(device: GPUDevice, params: GPUBuffer, idx: Resource, src: Resource, out: Resource, R: number, D: number): Dispatch {
  const pipeline = getPipeline(device, GATHER, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [params, idx, src, out]), workgroups: grid1d(Math.ceil((R * D) / WG)) };
}
