/**
 * Parameter importance: the share of the objective's variance each parameter explains on its own.
 *
 * For each parameter, the complete trials are put into bins by that parameter — its categories, or for
 * a number its quantile bins (in log space when the parameter is log; 2 to 6 bins, ⌊√n⌋ + 1 for n
 * trials, so that each bin holds a few trials; a number with no more distinct values than that, such as
 * a grid axis, gets one bin per value). The correlation ratio
 *
 *   η² = Σ_bins n_b (mean_b − mean)² / Σ_trials (value − mean)²
 *
 * is the fraction of the variance of the objective that the bins' means account for: 1 when the
 * parameter alone fixes the value, near 0 when the value does not depend on it. The importances are the
 * η² normalised to sum to 1 over the parameters (equal shares when no parameter explains anything).
 *
 * It reads one parameter at a time, so effects that only show in combination are missed, and with few
 * trials even a parameter that does nothing gets about (bins − 1)/(n − 1) by chance. Optuna's default
 * (fANOVA) fits a random forest instead; this is the cheaper, first-order reading of the same question.
 * Needs at least 3 complete trials; only complete trials count (a pruned value is from an earlier step).
 */
import type { SearchParam, SearchSpace, SweepParamName, Trial } from './types';

export interface ParamImportance {
  name: SweepParamName;
  importance: number;
}

export const MIN_TRIALS = 3;

/** How many quantile bins n trials get: ⌊√n⌋ + 1, between 2 and 6. */
export const binCount = (n: number): number => Math.min(6, Math.max(2, Math.floor(Math.sqrt(n)) + 1));

/** The bin of each value: categories, or quantile bins of numbers (ties share a bin). */
function bins(param: SearchParam, values: ReadonlyArray<number | string>): string[] {
  if (param.dist.kind === 'categorical') return values.map(String);
  const log = param.dist.log;
  const xs = values.map((v) => (log ? Math.log(Number(v)) : Number(v)));
  const b = binCount(xs.length);
  if (new Set(xs).size <= b) return xs.map(String);
  const sorted = [...xs].sort((p, q) => p - q);
  const cuts = Array.from({ length: b - 1 }, (_, j) => sorted[Math.floor(((j + 1) * sorted.length) / b)]);
  return xs.map((x) => String(cuts.filter((c) => x >= c).length));
}

/** The correlation ratio η² of `ys` grouped by `keys`; 0 when the values do not vary. */
export function correlationRatio(keys: readonly string[], ys: readonly number[]): number {
  const n = ys.length;
  if (n === 0) return 0;
  const mean = ys.reduce((s, y) => s + y, 0) / n;
  const total = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  if (!(total > 0)) return 0;
  const groups = new Map<string, { sum: number; n: number }>();
  keys.forEach((k, i) => {
    const g = groups.get(k) ?? { sum: 0, n: 0 };
    g.sum += ys[i];
    g.n += 1;
    groups.set(k, g);
  });
  let between = 0;
  for (const g of groups.values()) between += g.n * (g.sum / g.n - mean) ** 2;
  return Math.min(1, between / total);
}

/** Each parameter's importance (η², normalised), in the space's order; [] with fewer than 3 complete trials. */
export function parameterImportance(space: SearchSpace, trials: readonly Trial[]): ParamImportance[] {
  const done = trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  if (done.length < MIN_TRIALS || space.length === 0) return [];
  const raw = space.map((p) => {
    const have = done.filter((t) => t.params[p.name] !== undefined);
    if (have.length < MIN_TRIALS) return 0;
    const keys = bins(p, have.map((t) => t.params[p.name] as number | string));
    return correlationRatio(keys, have.map((t) => t.value as number));
  });
  const sum = raw.reduce((s, r) => s + r, 0);
  return space.map((p, i) => ({ name: p.name, importance: sum > 0 ? raw[i] / sum : 1 / space.length }));
}

/** What the Parameter importance chart reads: the importances and the step their values were taken at (null: each trial's final value). */
export interface StudyImportance {
  importance: ParamImportance[];
  /** null: over the complete trials; a step: over every trial's objective at that step. */
  atStep: number | null;
  trials: number;
}

/**
 * The importance a study shows: over its complete trials when there are at least MIN_TRIALS and at least
 * half as many as reached the first rung; else (early stopping ended most of them) over every trial's
 * objective at `firstRung`, the first step at which every trial is judged, a step they all reached.
 */
export function studyImportance(space: SearchSpace, trials: readonly Trial[], firstRung: number): StudyImportance {
  const complete = trials.filter((t) => t.state === 'complete').length;
  const atRung = trials.flatMap((t): Trial[] => {
    const v = t.intermediate.find((p) => p.step === firstRung);
    return v && t.state !== 'failed' ? [{ ...t, state: 'complete', value: v.value }] : [];
  });
  if (complete >= MIN_TRIALS && 2 * complete >= atRung.length) return { importance: parameterImportance(space, trials), atStep: null, trials: complete };
  return { importance: parameterImportance(space, atRung), atStep: firstRung, trials: atRung.length };
}
