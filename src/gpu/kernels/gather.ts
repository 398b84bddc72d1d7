/**
 * Row gather of up to three matrices by one index list in one dispatch (shaders/gather.wgsl): a training
 * step's inputs, targets and teacher logits. CPU twin: engine/ops/gather.ts (gatherRows, once per matrix).
 */
import code from '../../../shaders/gather.wgsl?raw';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

// params, idx, src0, src1, src2, out0, out1, out2
export const GATHER: KernelDef = { label: 'gather', code, entry: 'main', bindings: ['uniform', 'read', 'read', 'read', 'read', 'rw', 'rw', 'rw'] };
const WG = 64;
/** Columns of one row each invocation copies (shaders/gather.wgsl CH). */
const CH = 8;

/** One matrix to gather: src [n, D] → out [R, D]. */
export interface GatherPart {
  src: Resource;
  out: Resource;
  D: number;
}

/** The uniform words {R, D0, D1, D2} for these parts (an absent part has width 0). */
export function gatherWords(R: number, parts: readonly GatherPart[]): number[] {
  return [R, ...[0, 1, 2].map((j) => parts[j]?.D ?? 0)];
}

/** 512 bytes per device: absent parts' outputs get disjoint ranges of it (at 0 and 256), never written. */
const spares = new WeakMap<GPUDevice, GPUBuffer>();
function spare(device: GPUDevice): GPUBuffer {
  let b = spares.get(device);
  if (!b) spares.set(device, (b = device.createBuffer({ label: 'gather: no part', size: 512, usage: GPUBufferUsage.STORAGE })));
  return b;
}

/**
 * params: uniform gatherWords(R, parts); idx: [R] u32; parts: one to three matrices, each src [n, D] →
 * out [R, D]. An absent part's source is bound to idx (read-only, never read as one) and its output to a
 * placeholder range.
 */
export function gatherDispatch(device: GPUDevice, params: GPUBuffer, idx: Resource, parts: readonly GatherPart[], R: number): Dispatch {
  if (parts.length < 1 || parts.length > 3) throw new Error(`gather: one to three matrices, got ${parts.length}`);
  const pipeline = getPipeline(device, GATHER, { WG });
  const src = [0, 1, 2].map((j) => parts[j]?.src ?? idx);
  const out = [0, 1, 2].map((j) => parts[j]?.out ?? { buffer: spare(device), offset: (j - 1) * 256, size: 4 });
  const chunks = R * parts.reduce((a, q) => a + Math.ceil(q.D / CH), 0);
  return { pipeline, group: bindGroup(device, pipeline, [params, idx, ...src, ...out]), workgroups: grid1d(Math.ceil(chunks / WG)) };
}
