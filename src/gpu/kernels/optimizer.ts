/**
 * One optimizer step over a parameter range (shaders/optimizer.wgsl), every optimizer of
 * engine/optimizers.ts specialised by override constants. CPU twin: engine/optimizers.ts (optimizerStep).
 */
import hyper from '../../../shaders/optimizer_hyper.wgsl?raw';
import optimizer from '../../../shaders/optimizer.wgsl?raw';
import { OPTIMIZER_UNIFORM_BYTES, optimizerUniforms, optimizerVariant, stateSlots, type OptimizerHyper } from '../../engine/optimizers';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export { OPTIMIZER_UNIFORM_BYTES };

export const OPTIMIZER: KernelDef = {
  label: 'optimizer',
  code: hyper + optimizer,
  entry: 'main',
  // uniforms, grads, params, state0, state1, mask
  bindings: ['uniform', 'read', 'rw', 'rw', 'rw', 'read'],
};
const WG = 256;

/**
 * Size of the placeholder buffer for unused state bindings: the two state bindings are writable, and
 * WebGPU rejects a dispatch whose writable bindings overlap, so an optimizer with fewer than two state
 * arrays gets disjoint 4-byte ranges of the placeholder, at offsets 0 and 256 (the storage offset alignment).
 */
export const OPTIMIZER_DUMMY_BYTES = 512;

/**
 * The dispatch for one step over n parameters. `states` holds stateSlots(h) ranges of n floats (extra
 * entries are ignored); unused state bindings get ranges of `dummy` (a storage buffer of at least
 * OPTIMIZER_DUMMY_BYTES, never read or written). Without a mask the mask binding is given `grads` again:
 * both are read-only, while binding the writable placeholder there would mix writable and read-only use of
 * one buffer in a dispatch, which WebGPU rejects. The pipeline depends on h (optimizer, regularization,
 * nesterov, centered) and on whether there is a mask; the bind group on the buffers, so a caller records
 * this once per configuration and rewrites only the uniforms each step (writeOptimizerUniforms).
 */
export function optimizerDispatch(
  device: GPUDevice,
  h: OptimizerHyper,
  uniforms: GPUBuffer,
  grads: Resource,
  params: Resource,
  states: readonly Resource[],
  mask: Resource | null,
  dummy: GPUBuffer,
  n: number,
): Dispatch {
  const slots = stateSlots(h);
  if (states.length < slots) throw new Error(`${h.optimizer} needs ${slots} state buffers, got ${states.length}`);
  const pipeline = getPipeline(device, OPTIMIZER, { WG, ...optimizerVariant(h), HAS_MASK: mask !== null });
  if (dummy.size < OPTIMIZER_DUMMY_BYTES) throw new Error(`the optimizer's placeholder buffer needs ${OPTIMIZER_DUMMY_BYTES} bytes, got ${dummy.size}`);
  const s0 = slots >= 1 ? states[0] : { buffer: dummy, offset: 0, size: 4 };
  const s1 = slots >= 2 ? states[1] : { buffer: dummy, offset: 256, size: 4 };
  return {
    pipeline,
    group: bindGroup(device, pipeline, [uniforms, grads, params, s0, s1, mask ?? grads]),
    workgroups: grid1d(Math.ceil(n / WG)),
  };
}

/** Writes the uniform block for step t (from 1) over n parameters into `buffer` (OPTIMIZER_UNIFORM_BYTES, UNIFORM | COPY_DST). */
export function writeOptimizerUniforms(device: GPUDevice, buffer: GPUBuffer, h: OptimizerHyper, t: number, n: number): void {
  device.queue.writeBuffer(buffer, 0, optimizerUniforms(h, t, n).words);
}
