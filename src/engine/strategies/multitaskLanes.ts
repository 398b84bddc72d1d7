/**
 * A multi-task run's race against the two single-task models (REFERENCE.md "Strategies"): lane 0 trains
 * both heads (w₁ = 1, w₂ = Task weight, PCGrad as set); lane 1 the first task alone (w = [1, 0]); lane 2
 * the second task alone (w = [0, 1]). All three are the same two-head model from the same initial weights
 * on the same batches: a head weighed 0 gets no gradient and sends none into the trunk, so lane 1's trunk
 * and first head train exactly as a single-task model of the same widths would (its idle head is never
 * read for its task), and likewise lane 2's.
 */
import type { RunConfig } from '../config';
import type { TaskSettings } from './multitaskStep';
import { SECOND_TASK_INFO } from './secondTasks';

/** Lane 0's name in a multi-task run. */
export const BOTH_TASKS = 'Both tasks';

/** The names of the heads of a run's multi-task model: [first, second] (MNIST's digit, or a 2-D dataset's class). */
export function headNames(config: Pick<RunConfig, 'dataset' | 'secondTask'>): [string, string] {
  return [config.dataset === 'mnist' ? 'Digit' : 'Class', SECOND_TASK_INFO[config.secondTask].label];
}

/** Lane labels: [both tasks, first alone, second alone]. */
export function multiTaskLabels(heads: readonly string[]): string[] {
  return [BOTH_TASKS, `${heads[0]} alone`, `${heads[1]} alone`];
}

/** Every lane's config: the run's, and the two single-task lanes (no race, no PCGrad: one task has nothing to project). */
export function multiTaskConfigs(config: RunConfig): RunConfig[] {
  const single = { ...config, race: [], pcgrad: false };
  return [config, single, { ...single }];
}

/** How lane `lane` of a multi-task run weighs the tasks. */
export function laneTasks(config: Pick<RunConfig, 'taskWeight' | 'pcgrad'>, lane: number): TaskSettings {
  if (lane === 1) return { weights: [1, 0], pcgrad: false };
  if (lane === 2) return { weights: [0, 1], pcgrad: false };
  return { weights: [1, config.taskWeight], pcgrad: config.pcgrad };
}
