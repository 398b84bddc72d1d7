/**
 * The backward pass of a training step on the GPU (network.ts trainStepDispatches; a multi-task step's
 * per-task passes, multitaskStep.ts): for layers L-1 down to the lowest trainable one
 *   dW_l = dZ[l]ᵀ · act[l-1];  db_l = Σ_m dZ[l];  dZ[l-1] = (dZ[l] · W_l) ⊙ f'_{l-1}(act[l-1])
 * dW_l and db_l come from one dispatch (the dW matmul writes the bias gradient as row sums of dZ[l]ᵀ,
 * shaders/matmul.wgsl ROW_SUM): two dispatches per layer, one for the lowest.
 * CPU twin: engine/fastNetwork.ts lossAndGradient.
 */
import type { BackendInit } from '../engine/backend';
import { lowestTrainable, type LayerGroups } from '../engine/model/groups';
import { floatRange } from './buffers';
import { matmulDispatch } from './kernels/matmul';
import type { RunBuffers, Workspace } from './network';
import type { Dispatch } from './pipelines';

/** Makes a uniform buffer that its list owns (freed with the list). */
export type OwnedUniform = (label: string, words: number[]) => GPUBuffer;

/**
 * The backward pass on M rows from ws.dZ[last] (the loss gradient) into `grads` ([layout.totalFloats]:
 * rb.grads, or a task's own gradient under PCGrad, gpu/multitaskStep.ts), stopping at the lowest trainable
 * layer; a frozen layer's range of `grads` is not written.
 */
export function backwardDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, ws: Workspace, M: number, weights: GPUBuffer, groups: LayerGroups | null, grads: GPUBuffer, u: OwnedUniform): Dispatch[] {
  const { spec, layout } = init;
  const nL = spec.layers.length;
  const list: Dispatch[] = [];
  const lowest = groups ? lowestTrainable(groups) : 0;
  for (let l = nL - 1; l >= lowest; l--) {
    const L = spec.layers[l];
    const { W, b } = layout.layers[l];
    const input = l === 0 ? ws.bX : ws.acts[l - 1];
    // dW_l [out, in] = dZ[l]ᵀ [out, M] · input [M, in]; db_l [out] = its row sums over the M batch rows
    if (!groups?.[l]?.frozen) list.push(
      matmulDispatch(
        device,
        { transA: true, K: M, rowSum: true },
        { dims: u(`dW ${l}`, [L.outDim, M, L.inDim, 0]), A: ws.dZ[l], B: input, bias: rb.dummy, aux: rb.dummy, C: floatRange(grads, W.offset, W.size), rowSum: floatRange(grads, b.offset, b.size) },
        L.outDim,
        L.inDim,
      ),
    );
    if (l > lowest) {
      list.push(
        matmulDispatch(
          device,
          { gate: spec.layers[l - 1].activation, K: L.outDim },
          { dims: u(`dX ${l}`, [M, L.outDim, L.inDim, 0]), A: ws.dZ[l], B: floatRange(weights, W.offset, W.size), bias: rb.dummy, aux: ws.acts[l - 1], C: ws.dZ[l - 1] },
          M,
          L.inDim,
        ),
      );
    }
  }
  return list;
}

