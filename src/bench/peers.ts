/**
 * Loads the peer libraries on demand (dynamic imports: they exist only in the benchmark bundle) and
 * switches TensorFlow.js between its backends. The wasm backend (threaded SIMD) is loaded by tfjsWasm.ts
 * from tfjs's prebuilt bundle, so that its pthread workers start.
 */
import { tfjsWasm } from './tfjsWasm';

export type Tf = typeof import('@tensorflow/tfjs');
export type Jax = typeof import('@jax-js/jax');
export type TfBackend = 'webgpu' | 'cpu' | 'wasm';

let tf: Promise<Tf> | null = null;
let jax: Promise<Jax> | null = null;

async function importTf(): Promise<Tf> {
  // no '@tensorflow/tfjs-backend-wasm' module here: its bundled threaded build cannot start its workers
  const [lib] = await Promise.all([import('@tensorflow/tfjs'), import('@tensorflow/tfjs-backend-webgpu')]);
  return lib;
}

/** TensorFlow.js with `backend` active (throws when the backend cannot start). */
export async function tfWith(backend: TfBackend): Promise<Tf> {
  const lib = await (tf ??= importTf());
  if (backend === 'wasm') return (await tfjsWasm(lib)).tf;
  if (!(await lib.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await lib.ready();
  return lib;
}

/** jax-js with `device` as its default device: 'webgpu', or 'wasm' (its WebAssembly backend, SIMD and threads). */
export async function jaxOn(device: 'webgpu' | 'wasm'): Promise<Jax> {
  const lib = await (jax ??= import('@jax-js/jax'));
  const devices = await lib.init(device);
  if (!devices.includes(device)) throw new Error(`jax-js: the ${device} device did not start`);
  lib.defaultDevice(device);
  return lib;
}
