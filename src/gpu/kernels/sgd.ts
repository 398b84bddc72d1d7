/** SGD update over the whole parameter allocation (shaders/sgd.wgsl). CPU twin: engine/ops/sgd.ts. */
import code from '../../../shaders/sgd.wgsl?raw';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const SGD: KernelDef = { label: 'sgd', code, entry: 'main', bindings: ['uniform', 'read', 'rw'] };
const WG = 256;

/** params: uniform {n: u32, lr: f32}. */
export function sgdDispatch(device: GPUDevice, uniforms: GPUBuffer, grads: Resource, params: Resource, n: number): Dispatch {
  const pipeline = getPipeline(device, SGD, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [uniforms, grads, params]), workgroups: grid1d(Math.ceil(n / WG)) };
}

/** The uniform words {n, lr} with lr as float bits. */
export function sgdUniformWords(n: number, lr: number): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(2);
  words[0] = n;
  new Float32Array(words.buffer)[1] = lr;
  return words;
}
