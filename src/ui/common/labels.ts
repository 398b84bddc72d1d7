/** Display names for the optimizer, regularization and schedule choices, and their select options. */
import { OPTIMIZERS, REGULARIZATIONS, SCHEDULES, type OptimizerName, type Regularization, type ScheduleName } from '../../engine/config';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_LABELS } from '../../engine/optimizers';
import type { SelectOption } from './fields';

export { OPTIMIZER_LABELS };

const REGULARIZATION_LABELS: Record<Regularization, string> = { none: 'None', l1: 'L1', l2: 'L2' };
const SCHEDULE_LABELS: Record<ScheduleName, string> = { constant: 'Constant', step: 'Step', cosine: 'Cosine', warmup: 'Warm-up' };

export const OPTIMIZER_OPTIONS: SelectOption<OptimizerName>[] = OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }));
export const REGULARIZATION_OPTIONS: SelectOption<Regularization>[] = REGULARIZATIONS.map((r) => ({ value: r, label: REGULARIZATION_LABELS[r] }));
export const SCHEDULE_OPTIONS: SelectOption<ScheduleName>[] = SCHEDULES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }));

/** An optimizer's reference learning rate (engine/optimizers.ts OPTIMIZER_DEFAULTS). */
export function defaultLearningRate(optimizer: OptimizerName): number {
  return OPTIMIZER_DEFAULTS[optimizer].learningRate ?? 0.1;
}

/** "SGD and Momentum 0.1, RMSprop and Adagrad 0.01, Adam and AdamW 0.001": the default rates, grouped. */
export function defaultRatesText(): string {
  const groups = new Map<number, string[]>();
  for (const o of OPTIMIZERS) {
    const lr = defaultLearningRate(o);
    groups.set(lr, [...(groups.get(lr) ?? []), OPTIMIZER_LABELS[o]]);
  }
  return [...groups].map(([lr, names]) => `${names.join(' and ')} ${lr}`).join(', ');
}
