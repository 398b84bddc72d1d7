/**
 * The teacher of a distillation run (REFERENCE.md "Distillation"): a trained model kept as its own section
 * beside the student (its spec and parameters, in its own paramLayout), frozen. The training inputs never
 * change, so its forward pass runs once over every training row into the soft-target buffer the student's
 * steps gather from (BackendInit.softTargets), not in each step; T and α are the step's (live).
 */
import type { Dataset, Split } from '../datasets';
import { forward } from '../fastNetwork';
import { paramLayout, type ModelSpec } from '../model';

export interface Teacher {
  spec: ModelSpec;
  /** [paramLayout(spec).totalFloats] the teacher's weights (effective: as it was evaluated). */
  params: Float32Array<ArrayBuffer>;
  /** Its name in the run history ("Teacher 784-128-128-10") and its test accuracy (0..1) when it was taken. */
  name?: string;
  testAccuracy?: number;
}

/** Rows per forward chunk: bounds the activations held at once (1,024 rows of a 1,200-wide layer: 5 MB). */
const CHUNK = 1024;

const widths = (s: ModelSpec) => [s.inputDim, ...s.layers.map((l) => l.outDim)].join(' → ');

/** Throws a sentence when the teacher cannot teach this data's student (inputs and classes must match). */
export function checkTeacher(teacher: Teacher, inputDim: number, outputDim: number): void {
  const out = teacher.spec.layers[teacher.spec.layers.length - 1]?.outDim;
  if (teacher.spec.inputDim !== inputDim || out !== outputDim) {
    throw new Error(`The teacher (${widths(teacher.spec)}) does not take this data's ${inputDim} inputs and ${outputDim} classes.`);
  }
  if (teacher.params.length !== paramLayout(teacher.spec).totalFloats) throw new Error('The teacher’s weights do not fit its layers.');
}

/** The teacher's logits for every row of `split`: [split.n, outputDim] (the soft-target buffer). */
export function teacherLogits(teacher: Teacher, split: Split): Float32Array {
  const { spec } = teacher;
  const layout = paramLayout(spec);
  const K = spec.layers[spec.layers.length - 1].outDim;
  const out = new Float32Array(split.n * K);
  for (let r0 = 0; r0 < split.n; r0 += CHUNK) {
    const n = Math.min(CHUNK, split.n - r0);
    const acts = forward(spec, layout, teacher.params, split.x.subarray(r0 * spec.inputDim, (r0 + n) * spec.inputDim), n);
    out.set(acts[acts.length - 1], r0 * K);
  }
  return out;
}

/** Test accuracy (0..1) of the teacher on a dataset's test split (classification; 0 for a number to predict). */
export function teacherAccuracy(teacher: Teacher, data: Pick<Dataset, 'task' | 'test' | 'outputDim'>): number {
  const { test, outputDim: K } = data;
  if (data.task !== 'classification' || test.n === 0) return 0;
  const z = teacherLogits(teacher, test); // [test.n, K]
  let right = 0;
  for (let r = 0; r < test.n; r++) {
    let best = 0;
    let label = 0;
    for (let k = 1; k < K; k++) {
      if (z[r * K + k] > z[r * K + best]) best = k;
      if (test.y[r * K + k] > test.y[r * K + label]) label = k;
    }
    if (best === label) right++;
  }
  return right / test.n;
}

/** How long Train teacher and Train source first may train a model first, in epochs of its training rows. */
export const FIRST_EPOCHS = { min: 0.1, max: 20 } as const;

/** Epochs as typed, kept within FIRST_EPOCHS (NaN: the least). */
export function clampEpochs(v: number): number {
  return Number.isFinite(v) ? Math.min(FIRST_EPOCHS.max, Math.max(FIRST_EPOCHS.min, v)) : FIRST_EPOCHS.min;
}
