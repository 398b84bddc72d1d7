/**
 * Multi-task training on the CPU (the twin of what a backend does for a model with heads): the gradient
 * of Σ_k w_k L_k, per-task gradients through the whole trunk, PCGrad over the trunk, and the gradient
 * conflict (REFERENCE.md "Strategies"). The trunk is every layer below the output layer, i.e. the
 * parameters [0, trunkEnd(layout)) of the arena; the output layer's rows are the heads', each getting only
 * its own task's gradient, so there the task gradients simply add.
 *   plain     one backward pass of Σ_k w_k L_k (the conflict is measured at evaluation only)
 *   PCGrad    one backward pass per task (dZ with the other head's columns 0) into g_1, g_2; over the
 *             trunk g = g_1' + g_2' (multitask.ts pcgradCombine), over the heads g = g_1 + g_2
 */
import { lossAndGradient } from '../fastNetwork';
import type { ModelSpec, ParamLayout } from '../model';
import type { LayerGroups } from '../model/groups';
import { cosineOver, headsLossAndGrad, pcgradSum, type Head } from './multitask';

/** How a step weighs the tasks: w_k per head, and whether PCGrad projects the trunk's gradients. */
export interface TaskSettings {
  weights: number[];
  pcgrad: boolean;
}

/** One head's metrics at an evaluation (losses unweighted). */
export interface HeadEvaluation {
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
}

/** Multi-task settings when a step gives none: every task at weight 1, no PCGrad. */
export const PLAIN_TASKS: TaskSettings = { weights: [1, 1], pcgrad: false };

/** True for a model with more than one head. */
export function isMultiTask(spec: Pick<ModelSpec, 'heads'>): spec is { heads: Head[] } {
  return (spec.heads?.length ?? 0) > 1;
}

/** End (in floats) of the trunk's parameters: where the output layer's W starts. */
export function trunkEnd(layout: ParamLayout): number {
  return layout.layers[layout.layers.length - 1].W.offset;
}

type Args = [spec: ModelSpec, layout: ParamLayout, params: Float32Array, X: Float32Array, T: Float32Array, M: number];

/** X: [M, in], T: [M, C]: each task's loss w_k L_k and gradient ([layout.totalFloats]) through the whole net. */
export function taskGradients(...[spec, layout, params, X, T, M, weights, groups]: [...Args, number[], (LayerGroups | null)?]) {
  const heads = spec.heads ?? [];
  const C = spec.layers[spec.layers.length - 1].outDim;
  return heads.map((_, k) => {
    const only = heads.map((__, j) => (j === k ? (weights[j] ?? 0) : 0));
    return lossAndGradient(spec, layout, params, X, T, M, 'crossentropy', groups, (Z) => headsLossAndGrad(Z, T, M, C, heads, only));
  });
}

/**
 * The gradient a multi-task step applies ([layout.totalFloats]) and its loss Σ_k w_k L_k. With PCGrad,
 * also the trunk cosine of the two task gradients before projection (null without PCGrad or with a zero one).
 */
export function multiTaskGradient(...[spec, layout, params, X, T, M, tasks, groups]: [...Args, TaskSettings, (LayerGroups | null)?]) {
  const heads = spec.heads ?? [];
  const C = spec.layers[spec.layers.length - 1].outDim;
  if (!tasks.pcgrad || heads.length !== 2) {
    const r = lossAndGradient(spec, layout, params, X, T, M, 'crossentropy', groups, (Z) => headsLossAndGrad(Z, T, M, C, heads, tasks.weights));
    return { loss: r.loss, grads: r.grads, conflict: null as number | null };
  }
  const [a, b] = taskGradients(spec, layout, params, X, T, M, tasks.weights, groups);
  return { loss: a.loss + b.loss, ...pcgradSum(a.grads, b.grads, trunkEnd(layout)) };
}

/**
 * The gradient conflict on a batch: the cosine of the two tasks' loss gradients (unit weights: the cosine
 * is the tasks', whatever they are weighted by) over the trunk; null when one of them is zero there.
 */
export function gradientConflict(...[spec, layout, params, X, T, M, groups]: [...Args, (LayerGroups | null)?]): number | null {
  const [a, b] = taskGradients(spec, layout, params, X, T, M, [1, 1], groups);
  return cosineOver(a.grads, b.grads, 0, trunkEnd(layout));
}
