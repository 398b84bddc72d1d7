/**
 * The CPU backend's multi-task part (engine/cpuBackend.ts calls it for a model with heads): the gradient a
 * step applies (multitaskStep.ts, PCGrad or the plain weighted sum) and what an evaluation adds: each
 * head's loss and accuracy on both splits, Σ_k w_k L_k as the data loss, the first head's accuracy as the
 * run's, and the gradient conflict on the last step's batch (the cosine of the two task gradients over the
 * trunk, at the masters, REFERENCE.md "Strategies").
 */
import type { Evaluation } from '../backend';
import type { Dataset } from '../datasets';
import type { ModelSpec, ParamLayout } from '../model';
import type { LayerGroups } from '../model/groups';
import { headsLossAndGrad } from './multitask';
import { gradientConflict, isMultiTask, multiTaskGradient, PLAIN_TASKS, type TaskSettings } from './multitaskStep';

export interface MultiTaskCpu {
  /** The gradient ([layout.totalFloats]) of one step at weights p; X: [M, in], T: [M, C]. Remembers the batch and the weights. */
  gradient(p: Float32Array, X: Float32Array, T: Float32Array, M: number, tasks: TaskSettings | undefined, groups: LayerGroups | null): Float32Array;
  /** trainZ: [trainRows, C] and testZ: [test.n, C] the outputs; params the masters (for the conflict). */
  evaluate(trainZ: Float32Array, trainRows: number, testZ: Float32Array, params: Float32Array, groups: LayerGroups | null): Partial<Evaluation>;
}

/** The multi-task part of a CPU backend for this model, or null for a one-head model. */
export function multiTaskCpu(spec: ModelSpec, layout: ParamLayout, data: Dataset): MultiTaskCpu | null {
  if (!isMultiTask(spec)) return null;
  const heads = spec.heads;
  const C = data.outputDim;
  let weights = PLAIN_TASKS.weights;
  let last: { X: Float32Array; T: Float32Array; M: number } | null = null;
  const split = (Z: Float32Array, y: Float32Array, M: number) => headsLossAndGrad(Z, y.subarray(0, M * C), M, C, heads, weights);
  return {
    gradient(p, X, T, M, tasks, groups) {
      const t = tasks ?? PLAIN_TASKS;
      weights = t.weights;
      last = { X, T, M };
      return multiTaskGradient(spec, layout, p, X, T, M, t, groups).grads;
    },
    evaluate(trainZ, trainRows, testZ, params, groups) {
      const tr = split(trainZ, data.train.y, trainRows);
      const te = split(testZ, data.test.y, data.test.n);
      return {
        trainLoss: tr.loss,
        testLoss: te.loss,
        trainAccuracy: tr.heads[0].accuracy,
        testAccuracy: te.heads[0].accuracy,
        heads: heads.map((_, k) => ({ trainLoss: tr.heads[k].loss, testLoss: te.heads[k].loss, trainAccuracy: tr.heads[k].accuracy, testAccuracy: te.heads[k].accuracy })),
        conflict: last ? gradientConflict(spec, layout, params, last.X, last.T, last.M, groups) : null,
      };
    },
  };
}
