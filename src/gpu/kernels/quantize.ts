/**
 * Quantization kernels (shaders/quantize.wgsl): per-tensor or per-channel ranges → scales and zero points,
 * fake quantization into a second allocation, and the clipped straight-through estimator on gradients.
 * CPU twin: engine/ops/quantize.ts.
 *
 *   const plan = quantPlan(quantSegmentsForLayout(layout, bitsPerLayer, scheme, perChannel));
 *   const t = createQuantTables(device, plan);
 *   PTQ: encode quantRangesDispatch(device, t, params), fakeQuantDispatch(device, t, params, qparams) once.
 *   QAT, every step: ranges(params) → fakeQuant(params → qparams) → forward/backward with qparams bound as
 *   the parameters → steDispatch(device, t, params, grads) → optimizer on the float master params.
 * t.qparams holds QPARAM_FLOATS floats (s, z, observed min, observed max) per scale slot, slots in plan order.
 */
import code from '../../../shaders/quantize.wgsl?raw';
import { QPARAM_FLOATS, type QuantPlan } from '../../engine/ops/quantize';
import { storageBuffer } from '../buffers';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const QUANT_RANGES: KernelDef = { label: 'quantize', code, entry: 'ranges', bindings: ['read', 'read', 'rw'] };
export const QUANT_FAKE: KernelDef = { label: 'quantize', code, entry: 'fake_quant', bindings: ['read', 'read', 'read', 'rw'] };
export const QUANT_STE: KernelDef = { label: 'quantize', code, entry: 'ste', bindings: ['read', 'read', 'read', 'rw'] };
const WG = 256;
const MAX_WORKGROUPS = 65535;

export interface QuantTables {
  plan: QuantPlan;
  segs: GPUBuffer;
  chans: GPUBuffer;
  /** QPARAM_FLOATS floats per scale slot (at least one slot, so the buffer is never empty). */
  qparams: GPUBuffer;
}

export function createQuantTables(device: GPUDevice, plan: QuantPlan): QuantTables {
  if (Math.ceil(plan.maxSize / WG) > MAX_WORKGROUPS) throw new Error(`a quantized tensor may hold at most ${MAX_WORKGROUPS * WG} values, got ${plan.maxSize}`);
  const segWords = plan.segWords.length ? plan.segWords : new Uint32Array(8);
  return {
    plan,
    segs: storageBuffer(device, 'quant segments', segWords.byteLength, segWords),
    // Sized exactly: the ranges kernel takes the number of slots from arrayLength.
    chans: storageBuffer(device, 'quant channels', plan.chanWords.byteLength, plan.chanWords),
    qparams: storageBuffer(device, 'quant params', Math.max(1, plan.channels) * QPARAM_FLOATS * 4),
  };
}

/** Computes every slot's (s, z, min, max) from x (the float parameters). Nothing to do when no segment is quantized. */
export function quantRangesDispatch(device: GPUDevice, t: QuantTables, x: Resource): Dispatch | null {
  if (t.plan.channels === 0) return null;
  const pipeline = getPipeline(device, QUANT_RANGES, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [t.chans, x, t.qparams]), workgroups: grid1d(t.plan.channels) };
}

function perEntry(device: GPUDevice, def: KernelDef, t: QuantTables, x: Resource, dst: Resource): Dispatch {
  const pipeline = getPipeline(device, def, { WG });
  const workgroups: [number, number, number] = [Math.max(1, Math.ceil(t.plan.maxSize / WG)), Math.max(1, t.plan.segments.length), 1];
  return { pipeline, group: bindGroup(device, pipeline, [t.segs, x, t.qparams, dst]), workgroups };
}

/** out ← fake-quantized x on the plan's segments (other entries untouched); x and out are distinct allocations. */
export function fakeQuantDispatch(device: GPUDevice, t: QuantTables, x: Resource, out: Resource): Dispatch {
  return perEntry(device, QUANT_FAKE, t, x, out);
}

/** grads ← clipped STE of grads (in place), with the scales in t.qparams and the float weights x. */
export function steDispatch(device: GPUDevice, t: QuantTables, x: Resource, grads: Resource): Dispatch {
  return perEntry(device, QUANT_STE, t, x, grads);
}
