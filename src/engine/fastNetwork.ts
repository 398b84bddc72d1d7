/**
 * network.ts on the fast CPU products (ops/fastMatmul.ts): the same `forward` and `lossAndGradient`,
 * same signatures and results, several times faster on wide layers such as MNIST's 784×300. Also skips
 * the first layer's input gradient, which nothing uses.
 */
import type { LossName } from './config';
import type { ModelSpec, ParamLayout } from './model';
import { lowestTrainable, type LayerGroups } from './model/groups';
import { activationBackward } from './ops/activation';
import { fastLinearBackward, fastLinearForward } from './ops/fastMatmul';
import { lossAndGrad } from './ops/loss';

const slice = (p: Float32Array, off: number, size: number) => p.subarray(off, off + size);

/** acts[0] = X: [M, in]; acts[l+1] = f_l(acts[l] · W_lᵀ + b_l): [M, out_l]. */
export function forward(spec: ModelSpec, layout: ParamLayout, params: Float32Array, X: Float32Array, M: number): Float32Array[] {
  const acts = [X];
  spec.layers.forEach((L, l) => {
    const { W, b } = layout.layers[l];
    acts.push(fastLinearForward(acts[l], slice(params, W.offset, W.size), slice(params, b.offset, b.size), M, L.inDim, L.outDim, L.activation));
  });
  return acts;
}

/**
 * Loss and the full gradient (same layout as params) for one batch. With parameter groups
 * (model/groups.ts) the backward pass stops at the lowest trainable layer and a frozen layer's gradient
 * stays 0 (a frozen layer above a trainable one still passes the gradient down).
 */
export function lossAndGradient(
  spec: ModelSpec, layout: ParamLayout, params: Float32Array, X: Float32Array, T: Float32Array, M: number, loss: LossName,
  groups?: LayerGroups | null,
  /** Another loss at the output (distillation): its value and dLoss/dZ [M, out] from the logits Z [M, out]. */
  outputLoss?: (Z: Float32Array) => { loss: number; grad: Float32Array },
  /** Where the gradient goes ([layout.totalFloats], zeroed first); a new array when absent. */
  gradsOut?: Float32Array,
) {
  const acts = forward(spec, layout, params, X, M);
  const nL = spec.layers.length;
  const out = outputLoss ? outputLoss(acts[nL]) : lossAndGrad(acts[nL], T, M, spec.layers[nL - 1].outDim, loss);
  const grads = gradsOut ? gradsOut.fill(0) : new Float32Array(layout.totalFloats);
  const lowest = groups ? lowestTrainable(groups) : 0;
  let dA = out.grad; // [M, out_last]; the output layer is linear so dZ = dA there
  for (let l = nL - 1; l >= lowest; l--) {
    const L = spec.layers[l];
    const dZ = activationBackward(dA, acts[l + 1], L.activation); // [M, out_l]
    const { W, b } = layout.layers[l];
    const g = fastLinearBackward(dZ, acts[l], slice(params, W.offset, W.size), M, L.inDim, L.outDim, l > lowest);
    if (!groups?.[l]?.frozen) {
      grads.set(g.dW, W.offset);
      grads.set(g.db, b.offset);
    }
    dA = g.dX;
  }
  return { loss: out.loss, grads, output: acts[nL] };
}
