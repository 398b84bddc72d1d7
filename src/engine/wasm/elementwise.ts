/**
 * The WebAssembly CPU engine's elementwise kernels (issue #18): the optimizer family with masks and coupled
 * regularization, masks, fake quantization with its straight-through estimator and scale computation, the
 * loss, and the activation backward — each a drop-in for its TypeScript twin with the same signature:
 *
 *   optimizerStep       ↔ engine/optimizers.ts optimizerStep            bit-identical
 *   applyMask           ↔ engine/cpuBackend.ts applyMask                bit-identical
 *   fakeQuantizeInto    ↔ ops/fastQuantize.ts fakeQuantizeInto          bit-identical
 *   steGradient         ↔ ops/fastQuantize.ts fastSteGradient           bit-identical
 *   computeQParams      ↔ ops/quantize.ts computeQParams                bit-identical
 *   lossAndGrad         ↔ ops/loss.ts lossAndGrad                       MSE bit-identical; cross-entropy
 *                                                                       within 1e-6 (float32 exp)
 *   activationBackward  ↔ ops/activation.ts activationBackward          bit-identical
 *   distillLossAndGrad  ↔ ops/distill.ts distillLossAndGrad            within ~1e-6 (float32 exp)
 *
 * One module, compiled once and instantiated on the arena's memory; no threads. Arrays that are views of the
 * arena run in place; any other Float32Array is copied into arena scratch for the call (and copied back when
 * written). Outputs the twin allocates (lossAndGrad's grad and rowLoss, steGradient's and
 * activationBackward's result, distillLossAndGrad's grad, rowLoss and correct) are arena views of
 * per-kernel scratch that the next call of the same kernel overwrites, unless the caller passes `out`
 * (steGradient, activationBackward). computeQParams returns a plain Float32Array, as its twin does.
 */
import { MAX_PAGES, type Arena } from './arena';
import { ModuleBuilder } from './emit';
import { instantiate } from './elementwiseCore';
import { addOptimizerKernels, optimizerStepKernel, type OptimizerStepFn } from './optimizerKernels';
import { addQuantKernels, quantKernels, type QuantKernels } from './quantKernels';
import { addLossKernels, lossKernels, type LossKernels } from './lossKernels';
import { addDistillKernel, distillKernel, type DistillFn } from './lossKernelsDistill';

export interface ElementwiseKernels extends QuantKernels, LossKernels {
  optimizerStep: OptimizerStepFn;
  distillLossAndGrad: DistillFn;
}

export async function createElementwiseKernels(arena: Arena): Promise<ElementwiseKernels> {
  const m = new ModuleBuilder({ initial: 1, maximum: MAX_PAGES, shared: arena.shared });
  addOptimizerKernels(m);
  addQuantKernels(m);
  addLossKernels(m);
  addDistillKernel(m);
  const exports = await instantiate(m.encode(), arena);
  return {
    optimizerStep: optimizerStepKernel(arena, exports),
    ...quantKernels(arena, exports),
    ...lossKernels(arena, exports),
    distillLossAndGrad: distillKernel(arena, exports),
  };
}
