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
  // uniforms, grads (masked entries zeroed under HAS_MASK), params, state0, state1, mask
  bindings: ['uniform', 'rw', 'rw', 'rw', 'rw', 'read'],
};
const WG = 256;

/**
 * Size of the placeholder buffer for unused state bindings: the two state bindings are writable, and
 * WebGPU rejects a dispatch whose writable bindings overlap, so an optimizer with fewer than two state
 * arrays gets disjoint 4-byte ranges of the placeholder, at offsets 0 and 256 (the storage offset alignment).
 */
export const OPTIMIZER_DUMMY_BYTES = 512;

/** A 16-byte read-only placeholder per device for the mask binding of unmasked steps (never read). */
const noMasks = new WeakMap<GPUDevice, GPUBuffer>();
function noMask(device: GPUDevice): GPUBuffer {
  let b = noMasks.get(device);
  if (!b) noMasks.set(device, (b = device.createBuffer({ label: 'optimizer: no mask', size: 16, usage: GPUBufferUsage.STORAGE })));
  return b;
}

/**
 * The dispatch for one step over n parameters. `states` holds stateSlots(h) ranges of n floats (extra
 * entries are ignored); unused state bindings get ranges of `dummy` (a storage buffer of at least
 * OPTIMIZER_DUMMY_BYTES, never read or written). With a mask the step also zeroes the pruned entries of
 * `grads` (so it is the applied gradient). Without one the mask binding gets a read-only placeholder of
 * its own: every other binding is writable, and WebGPU rejects a dispatch that uses one buffer both
 * writable and read-only. The pipeline depends on h (optimizer, regularization, nesterov, centered) and on
 * whether there is a mask; the bind group on the buffers, so a caller records this once per configuration
 * and rewrites only the uniforms each step (writeOptimizerUniforms).
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
    group: bindGroup(device, pipeline, [uniforms, grads, params, s0, s1, mask ?? noMask(device)]),
    workgroups: grid1d(Math.ceil(n / WG)),
  };
}

/** Writes the uniform block for step t (from 1) over n parameters into `buffer` (OPTIMIZER_UNIFORM_BYTES, UNIFORM | COPY_DST). */
export function writeOptimizerUniforms(device: GPUDevice, buffer: GPUBuffer, h: OptimizerHyper, t: number, n: number): void {
  device.queue.writeBuffer(buffer, 0, optimizerUniforms(h, t, n).words);
}
