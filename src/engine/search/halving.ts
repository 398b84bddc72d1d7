/**
 * Early stopping: asynchronous successive halving (ASHA, Li et al. 2018) and Hyperband (Li et al. 2017),
 * with Optuna's SuccessiveHalvingPruner and HyperbandPruner semantics, and a pruner that never stops.
 *
 * ASHA: with r = minSteps, η = reductionFactor and s = minEarlyStoppingRate, a trial is judged at its
 * rungs r·η^(s+k) (k = 0, 1, …) below maxSteps. At a rung, the competitors are the values every other
 * trial had when it passed that rung (its first evaluation at or after the rung's step), plus this
 * trial's value; the trial continues only if its value is within the best ⌊n/η⌋ of those n values — and
 * while n < η (the first η − 1 trials at a rung) only if it is the best so far (Optuna's
 * _is_trial_promotable_to_next_rung). A NaN value stops the trial. Asynchronous: a trial is judged
 * against whoever has reached the rung so far, so the order trials arrive in matters; when a population
 * reaches a rung together and is judged after all have reported, this is exactly successive halving.
 *
 * Hyperband: brackets b = 0 … s_max with s_max the largest s such that r·η^s ≤ maxSteps (Optuna's
 * ⌊log_η(R/r)⌋, computed exactly here); bracket b is ASHA with min_early_stopping_rate b (bracket 0
 * prunes the most). A trial's bracket comes from crc32("<studyName>_<id>") modulo the total budget,
 * with bracket b's budget ⌈B·η^(B−1−b)/(B−b)⌉ for B brackets, so brackets that prune more get more
 * trials; trials compete only with trials of their own bracket.
 */
import { crc32 } from './crc32';
import type { Direction, Pruner, Trial } from './types';

export interface AshaOptions {
  minSteps: number;
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
  maxSteps: number;
  direction: Direction;
}

export interface HyperbandOptions {
  minSteps: number;
  maxSteps: number;
  reductionFactor?: number;
  direction: Direction;
  /** Hashed with the trial id to pick its bracket (Optuna hashes the study's name). */
  studyName?: string;
}

/** The steps r·η^(s+k), k = 0, 1, …, that lie below maxSteps. */
export function ashaRungs(minSteps: number, reductionFactor: number, minEarlyStoppingRate: number, maxSteps: number): number[] {
  const out: number[] = [];
  for (let step = minSteps * reductionFactor ** minEarlyStoppingRate; step < maxSteps; step *= reductionFactor) out.push(step);
  return out;
}

/** Optuna's _is_trial_promotable_to_next_rung; `competing` includes `value`. */
export function isPromotable(value: number, competing: readonly number[], reductionFactor: number, direction: Direction): boolean {
  let idx = Math.floor(competing.length / reductionFactor) - 1;
  if (idx === -1) idx = 0;
  const sorted = [...competing].sort((a, b) => a - b);
  return direction === 'maximize' ? value >= sorted[sorted.length - 1 - idx] : value <= sorted[idx];
}

/** The value a trial recorded at the rung at `step`: its first evaluation at or after it; null if none. */
function valueAtRung(trial: Trial, step: number): number | null {
  let best: { step: number; value: number } | null = null;
  for (const iv of trial.intermediate) if (iv.step >= step && (best === null || iv.step < best.step)) best = iv;
  return best === null ? null : best.value;
}

/**
 * Successive halving's decision for `trial` at `step`, against `pool` (the trials it competes with):
 * every rung passed since its previous evaluation is judged in turn, as Optuna's loop over rungs does.
 */
function haltAt(trial: Trial, step: number, pool: readonly Trial[], rungs: readonly number[], eta: number, direction: Direction): boolean {
  // This evaluation (the latest at or before `step`) and the one before it.
  let now: { step: number; value: number } | null = null;
  for (const iv of trial.intermediate) if (iv.step <= step && (now === null || iv.step >= now.step)) now = iv;
  if (now === null) return false;
  let previous = -Infinity;
  for (const iv of trial.intermediate) if (iv.step < now.step) previous = Math.max(previous, iv.step);
  const judged = rungs.filter((r) => r > previous && r <= now.step);
  if (judged.length === 0) return false;
  const value = now.value;
  if (Number.isNaN(value)) return true;
  for (const rung of judged) {
    const competing = [value];
    for (const other of pool) {
      if (other.id === trial.id) continue;
      const v = valueAtRung(other, rung);
      if (v !== null && !Number.isNaN(v)) competing.push(v);
    }
    if (!isPromotable(value, competing, eta, direction)) return true;
  }
  return false;
}

export function ashaPruner(options: AshaOptions): Pruner {
  const { minSteps, maxSteps, direction } = options;
  const eta = options.reductionFactor ?? 3;
  const rungs = ashaRungs(minSteps, eta, options.minEarlyStoppingRate ?? 0, maxSteps);
  return {
    kind: 'asha',
    assign: () => undefined,
    rungs: () => [...rungs],
    shouldPrune: (trial, step, trials) => haltAt(trial, step, trials, rungs, eta, direction),
  };
}

export interface HyperbandBracket {
  /** 0 = the most aggressive; also its min_early_stopping_rate. */
  bracket: number;
  /** Its share of trials, in units of the total budget (Optuna's trial allocation budget). */
  budget: number;
  rungs: number[];
}

/** Hyperband's brackets for r = minSteps, R = maxSteps and η. */
export function hyperbandBrackets(minSteps: number, maxSteps: number, reductionFactor = 3): HyperbandBracket[] {
  let sMax = 0;
  while (minSteps * reductionFactor ** (sMax + 1) <= maxSteps) sMax++;
  const n = sMax + 1;
  return Array.from({ length: n }, (_, b) => {
    const s = n - 1 - b;
    return {
      bracket: b,
      budget: Math.ceil((n * reductionFactor ** s) / (s + 1)),
      rungs: ashaRungs(minSteps, reductionFactor, b, maxSteps),
    };
  });
}

/** The bracket of trial `id`: crc32("<studyName>_<id>") mod the total budget, walked through the budgets. */
export function hyperbandBracketOf(id: number, brackets: readonly HyperbandBracket[], studyName = 'optiplay'): number {
  const total = brackets.reduce((s, b) => s + b.budget, 0);
  let n = crc32(`${studyName}_${id}`) % total;
  for (const b of brackets) {
    n -= b.budget;
    if (n < 0) return b.bracket;
  }
  return brackets.length - 1;
}

export function hyperbandPruner(options: HyperbandOptions): Pruner {
  const { minSteps, maxSteps, direction, studyName } = options;
  const eta = options.reductionFactor ?? 3;
  const brackets = hyperbandBrackets(minSteps, maxSteps, eta);
  const bracketOf = (t: Trial): number => t.bracket ?? hyperbandBracketOf(t.id, brackets, studyName);
  return {
    kind: 'hyperband',
    assign: (trial) => hyperbandBracketOf(trial.id, brackets, studyName),
    rungs: (trial) => [...brackets[bracketOf(trial)].rungs],
    shouldPrune: (trial, step, trials) => {
      const b = bracketOf(trial);
      const pool = trials.filter((t) => bracketOf(t) === b);
      return haltAt(trial, step, pool, brackets[b].rungs, eta, direction);
    },
  };
}

/** Never stops a trial. */
export function noPruner(): Pruner {
  return { kind: 'none', assign: () => undefined, rungs: () => [], shouldPrune: () => false };
}
