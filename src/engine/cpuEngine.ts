/**
 * The kernels under the CPU backend (cpuBackend.ts), behind one interface so the same backend, with its
 * pruning, quantization, parameter groups, distillation and augmentation, runs on either engine:
 * - `tsEngine` (here): the plain TypeScript twins (fastNetwork.ts, optimizers.ts, ops/fastQuantize.ts),
 *   which every kernel is tested against;
 * - the WebAssembly SIMD engine (wasm/wasmEngine.ts): the same operations as SIMD kernels on one memory
 *   arena, the matmuls split over threads.
 * Arrays from `alloc` live in the engine's memory (the arena, for WebAssembly) and are what the backend
 * keeps: parameters, gradients, optimizer state, the fake-quantized copy. Results are the twins' within
 * float32 rounding (the optimizer and quantization bit for bit).
 */
import type { LossName } from './config';
import type { ModelSpec, ParamLayout } from './model';
import type { LayerGroups } from './model/groups';
import { forward, lossAndGradient } from './fastNetwork';
import { optimizerStep } from './optimizers';
import { fakeQuantizeInto, fastSteGradient } from './ops/fastQuantize';
import type { QuantPlan } from './ops/quantize';

/** Another loss at the output (distillation): its value and dLoss/dZ [M, out] from the logits Z [M, out]. */
export type OutputLoss = (Z: Float32Array) => { loss: number; grad: Float32Array };

export interface CpuEngine {
  /** What the status details call it, e.g. "TypeScript" or "WebAssembly SIMD, 2 threads". */
  readonly name: string;
  /** A new zeroed array of n floats in the engine's memory. */
  alloc(n: number): Float32Array;
  /** acts[0] = X: [M, in]; acts[l+1] = f_l(acts[l]·W_lᵀ + b_l): [M, out_l]; arrays the caller may keep. */
  forward(spec: ModelSpec, layout: ParamLayout, params: Float32Array, X: Float32Array, M: number): Float32Array[];
  /**
   * The data loss of one batch (X: [M, in], T: [M, out]) and its gradient written into `grads`
   * ([layout.totalFloats]; 0 for frozen layers and below the lowest trainable one, fastNetwork.ts).
   */
  lossAndGradient(
    spec: ModelSpec, layout: ParamLayout, params: Float32Array, X: Float32Array, T: Float32Array, M: number, loss: LossName,
    groups: LayerGroups | null, outputLoss: OutputLoss | undefined, grads: Float32Array,
  ): number;
  /** optimizers.ts optimizerStep, in place. */
  optimizerStep: typeof optimizerStep;
  /** out = the plan's fake-quantized x (entries outside the plan copied from x). */
  quantize(x: Float32Array, plan: QuantPlan, qparams: Float32Array, out: Float32Array): void;
  /** grad ⊙ the clipped straight-through estimator at x, in place. */
  steGradient(x: Float32Array, grad: Float32Array, plan: QuantPlan, qparams: Float32Array): void;
  /** Sets every array's entries to +0 where the mask is 0. */
  applyMask(mask: Float32Array, arrays: Float32Array[]): void;
  destroy(): void;
}

export const tsEngine: CpuEngine = {
  name: 'TypeScript',
  alloc: (n) => new Float32Array(n),
  forward,
  lossAndGradient: (spec, layout, params, X, T, M, loss, groups, outputLoss, grads) =>
    lossAndGradient(spec, layout, params, X, T, M, loss, groups, outputLoss, grads).loss,
  optimizerStep,
  quantize(x, plan, qparams, out) {
    out.set(x);
    fakeQuantizeInto(x, plan, qparams, out);
  },
  steGradient: (x, grad, plan, qparams) => grad.set(fastSteGradient(x, grad, plan, qparams)),
  applyMask(mask, arrays) {
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 0) for (const a of arrays) if (i < a.length) a[i] = 0;
    }
  },
  destroy() {},
};
