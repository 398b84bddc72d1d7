/**
 * The dataset of a multi-task run: the same points with a second target beside the first (secondTasks.ts).
 * Targets grow from [n, C] to [n, C + 2]: columns [0, C) the first task's one-hot (MNIST's digit, a 2-D
 * dataset's class), columns [C, C + 2) the second task's; `heads` names the two segments, and the model
 * built on the data (model/index.ts modelSpecFor) takes them as its output layer's heads.
 */
import type { Dataset, Split } from '../datasets';
import type { Head } from './multitask';
import { LOOP_DIGITS, SECOND_TASK_INFO, type SecondTask } from './secondTasks';

/** The second target (0 or 1) of one row: x: [inputDim] its inputs, first: its first-task class. */
export function secondLabel(task: SecondTask, first: number, x: ArrayLike<number>): number {
  switch (task) {
    case 'parity':
      return first % 2;
    case 'five-or-more':
      return first >= 5 ? 1 : 0;
    case 'closed-loop':
      return LOOP_DIGITS.has(first) ? 1 : 0;
    case 'upper-half':
      return x[1] > 0 ? 1 : 0;
    case 'inner-disc':
      return x[0] * x[0] + x[1] * x[1] < 0.25 ? 1 : 0;
    case 'none':
      return 0;
  }
}

/** The heads of a dataset with C first-task classes and a second task. */
export function twoHeads(C: number, task: SecondTask, firstName: string): Head[] {
  const info = SECOND_TASK_INFO[task];
  return [
    { name: firstName, classes: C, offset: 0 },
    { name: info.label, classes: 2, offset: C, classNames: [...info.classNames] },
  ];
}

function widen(s: Split, inputDim: number, C: number, task: SecondTask): Split {
  const W = C + 2;
  const y = new Float32Array(s.n * W); // [n, C + 2]
  for (let i = 0; i < s.n; i++) {
    let first = 0;
    for (let c = 0; c < C; c++) {
      y[i * W + c] = s.y[i * C + c];
      if (s.y[i * C + c] > s.y[i * C + first]) first = c;
    }
    y[i * W + C + secondLabel(task, first, s.x.subarray(i * inputDim, (i + 1) * inputDim))] = 1;
  }
  return { x: s.x, y, n: s.n };
}

/** `ds` with the second task's targets and two heads ('none': `ds` itself). Throws on data it cannot label. */
export function withSecondTask(ds: Dataset, task: SecondTask): Dataset {
  if (task === 'none') return ds;
  const on = SECOND_TASK_INFO[task].on;
  const fits = ds.task === 'classification' && (on === 'mnist' ? ds.name === 'mnist' : ds.inputDim === 2 && ds.name !== 'mnist');
  if (!fits) throw new Error(`Second task “${SECOND_TASK_INFO[task].label}” cannot label ${ds.name}: multi-task needs classes, on MNIST or a 2-D dataset.`);
  const C = ds.outputDim;
  return {
    ...ds,
    outputDim: C + 2,
    train: widen(ds.train, ds.inputDim, C, task),
    test: widen(ds.test, ds.inputDim, C, task),
    heads: twoHeads(C, task, ds.name === 'mnist' ? 'Digit' : 'Class'),
  };
}
