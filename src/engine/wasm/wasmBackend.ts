/**
 * The CPU backend on the WebAssembly SIMD engine: cpuBackend.ts's training step, evaluation, masks,
 * quantization, groups, distillation and augmentation, with its arrays in the engine's arena and its
 * kernels in WebAssembly (wasmEngine.ts). Where WebAssembly SIMD is missing, the TypeScript engine.
 */
import type { BackendInit, TrainingBackend } from '../backend';
import { createCpuBackend } from '../cpuBackend';
import { createWasmEngine, wasmEngineAvailable } from './wasmEngine';

/** Floats the backend allocates per parameter: masters, gradients, 2 state arrays, mask, fake-quantized copy. */
const PER_PARAM = 6;

export async function createFastCpuBackend(init: BackendInit, opts: { threads?: number } = {}): Promise<TrainingBackend> {
  if (!wasmEngineAvailable()) return createCpuBackend(init);
  const engine = await createWasmEngine({ threads: opts.threads, reserveFloats: init.layout.totalFloats * PER_PARAM });
  return createCpuBackend(init, engine);
}
