/**
 * Multi-task learning's second targets (REFERENCE.md "Strategies"): one table, read by the config's
 * field (FIELDS `secondTask`), the dataset builder (multitaskData.ts) and the Multi-task area.
 * MNIST's are computed from the digit label; the 2-D datasets' from the point itself (a second labelling
 * of the same points). 'none' is a plain one-head run.
 */

export const SECOND_TASKS = ['none', 'parity', 'five-or-more', 'closed-loop', 'upper-half', 'inner-disc'] as const;
export type SecondTask = (typeof SECOND_TASKS)[number];

export interface SecondTaskInfo {
  /** The select's option text and the head's name. */
  label: string;
  /** Which data it labels: MNIST digits or the points of a 2-D dataset. */
  on: 'mnist' | 'plane' | null;
  /** [2] the head's class names, class 0 first. */
  classNames: [string, string];
  /** One sentence for the help text. */
  rule: string;
}

export const SECOND_TASK_INFO: Record<SecondTask, SecondTaskInfo> = {
  none: { label: 'None', on: null, classNames: ['', ''], rule: 'one task: the usual single head' },
  parity: { label: 'Parity', on: 'mnist', classNames: ['even', 'odd'], rule: 'is the digit odd? (1, 3, 5, 7, 9)' },
  'five-or-more': { label: 'Five or more', on: 'mnist', classNames: ['0–4', '5–9'], rule: 'is the digit 5 or more?' },
  'closed-loop': {
    label: 'Has a closed loop',
    on: 'mnist',
    classNames: ['no loop', 'loop'],
    rule: 'does the digit have a closed loop? 0, 6, 8 and 9 do; 4 counts as open, as it is usually handwritten',
  },
  'upper-half': { label: 'Upper half', on: 'plane', classNames: ['below', 'above'], rule: 'is the point above the horizontal axis (second coordinate > 0)?' },
  'inner-disc': { label: 'Inside radius 0.5', on: 'plane', classNames: ['outside', 'inside'], rule: 'is the point within 0.5 of the origin?' },
};

/** Digits with a closed loop (SECOND_TASK_INFO['closed-loop'].rule). */
export const LOOP_DIGITS: ReadonlySet<number> = new Set([0, 6, 8, 9]);

/** The second tasks a dataset can take: MNIST's from the digit, the 2-D class datasets' from the point, none otherwise. */
export function secondTasksFor(dataset: string): SecondTask[] {
  const on = dataset === 'mnist' ? 'mnist' : ['spiral', 'circles', 'xor', 'gaussians'].includes(dataset) ? 'plane' : null;
  return SECOND_TASKS.filter((t) => t === 'none' || SECOND_TASK_INFO[t].on === on);
}

/** Why a second task does not fit a dataset, or null when it does. */
export function secondTaskProblem(task: SecondTask, dataset: string): string | null {
  if (secondTasksFor(dataset).includes(task)) return null;
  const on = SECOND_TASK_INFO[task].on;
  const fits = on === 'mnist' ? 'MNIST digits' : 'the 2-D class datasets (spiral, circles, xor, gaussians)';
  return `Second task: “${SECOND_TASK_INFO[task].label}” labels ${fits}, not ${dataset}; using none (multi-task needs classes on MNIST or a 2-D dataset)`;
}
