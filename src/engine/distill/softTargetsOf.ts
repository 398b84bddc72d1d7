/**
 * The Soft targets view's numbers (REFERENCE.md "Distillation"): for one input, the teacher's and the
 * student's softmax(z/T) at the run's temperature, and the student's at T = 1 (what it answers when
 * deployed). One forward pass of each model on the CPU (one row: microseconds beside a training step).
 */
import { forward } from '../fastNetwork';
import { paramLayout, type ModelSpec } from '../model';
import { softTargets } from '../ops/distill';

export interface SoftTargetNumbers {
  /** [K] each. */
  teacher: number[];
  student: number[];
  studentAtOne: number[];
}

/** The logits of one input row `x` ([spec.inputDim]) under `params` (in paramLayout(spec)): [K]. */
function logits(spec: ModelSpec, params: Float32Array, x: Float32Array): Float32Array {
  const acts = forward(spec, paramLayout(spec), params, x, 1);
  return acts[acts.length - 1];
}

export function softTargetsOf(teacher: { spec: ModelSpec; params: Float32Array }, student: { spec: ModelSpec; params: Float32Array }, x: Float32Array, temperature: number): SoftTargetNumbers {
  const zt = logits(teacher.spec, teacher.params, x);
  const zs = logits(student.spec, student.params, x);
  const K = zs.length;
  return {
    teacher: Array.from(softTargets(zt, K, temperature)),
    student: Array.from(softTargets(zs, K, temperature)),
    studentAtOne: Array.from(softTargets(zs, K, 1)),
  };
}
