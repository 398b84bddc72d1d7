/**
 * The study's objective over its trials: the best trial, and the best value so far after each trial
 * (the Optimization history chart: each trial's value and the running best, as Optuna Dashboard draws
 * it). Only complete trials count, as in Optuna's plot_optimization_history: a pruned trial's value was
 * measured before the end of training and is not comparable.
 */
import type { Direction, Trial } from './types';

const counts = (t: Trial): t is Trial & { value: number } =>
  t.state === 'complete' && t.value !== null && Number.isFinite(t.value);

/** Is a better than b in this direction? */
export const better = (a: number, b: number, direction: Direction): boolean => (direction === 'maximize' ? a > b : a < b);

/** The complete trial with the best value (the earliest on ties); null when none is complete. */
export function best(trials: readonly Trial[], direction: Direction): Trial | null {
  let top: (Trial & { value: number }) | null = null;
  for (const t of [...trials].sort((a, b) => a.id - b.id)) {
    if (counts(t) && (top === null || better(t.value, top.value, direction))) top = t;
  }
  return top;
}

export interface HistoryPoint {
  id: number;
  value: number;
  /** The best value among this and every earlier complete trial. */
  best: number;
}

/** The complete trials in id order, each with its value and the best so far. */
export function bestSoFar(trials: readonly Trial[], direction: Direction): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  let top: number | null = null;
  for (const t of [...trials].sort((a, b) => a.id - b.id)) {
    if (!counts(t)) continue;
    if (top === null || better(t.value, top, direction)) top = t.value;
    out.push({ id: t.id, value: t.value, best: top });
  }
  return out;
}
