/**
 * Loads the peer libraries on demand (dynamic imports: they exist only in the benchmark bundle) and
 * switches TensorFlow.js between its backends. The wasm backend's binaries are emitted into the
 * benchmark build as assets and handed to setWasmPaths.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type Tf = typeof import('@tensorflow/tfjs');
export type Jax = typeof import('@jax-js/jax');
export type TfBackend = 'webgpu' | 'cpu' | 'wasm';

let tf: Promise<Tf> | null = null;
let jax: Promise<Jax> | null = null;

async function importTf(): Promise<Tf> {
  const [lib, , wasm] = await Promise.all([import('@tensorflow/tfjs'), import('@tensorflow/tfjs-backend-webgpu'), import('@tensorflow/tfjs-backend-wasm')]);
  wasm.setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  // The threaded build starts its pthread workers from a script that does not survive bundling (they
  // fail with "e is not defined" and the backend never becomes ready): the wasm peer runs SIMD, one thread.
  lib.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return lib;
}

/** TensorFlow.js with `backend` active (throws when the backend cannot start). */
export async function tfWith(backend: TfBackend): Promise<Tf> {
  const lib = await (tf ??= importTf());
  if (!(await lib.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await lib.ready();
  return lib;
}

/** jax-js with WebGPU as its default device. */
export async function jaxWebgpu(): Promise<Jax> {
  const lib = await (jax ??= import('@jax-js/jax'));
  const devices = await lib.init('webgpu');
  if (!devices.includes('webgpu')) throw new Error('jax-js: the webgpu device did not start');
  lib.defaultDevice('webgpu');
  return lib;
}
