/**
 * Gradual pruning schedule (Zhu & Gupta 2017, REFERENCE.md "Pruning"):
 *   s_t = s_f + (s_i − s_f)·(1 − (t − t0)/(n·Δt))³  for t0 ≤ t ≤ t0 + n·Δt,
 * s_i before t0 and s_f after the window; pruning happens at t0, t0 + Δt, …, t0 + n·Δt (n + 1 events).
 * Steps count from 0 as the training loop does.
 */
export interface GradualSchedule {
  /** Initial sparsity s_i in [0, 1). */
  initial: number;
  /** Final sparsity s_f in [0, 1]. */
  final: number;
  /** First pruning step t0. */
  start: number;
  /** Number of pruning intervals n (0 = prune once, to s_f, at t0). */
  steps: number;
  /** Steps between pruning events Δt (≥ 1). */
  every: number;
}

/** Target total sparsity at step t. */
export function gradualSparsity(t: number, s: GradualSchedule): number {
  const span = s.steps * s.every;
  if (t < s.start) return s.initial;
  if (t >= s.start + span) return s.final;
  const r = 1 - (t - s.start) / span;
  return s.final + (s.initial - s.final) * r * r * r;
}

/** True at the steps where the mask is recomputed: every Δt steps inside [t0, t0 + n·Δt]. */
export function isPruneStep(t: number, s: GradualSchedule): boolean {
  const every = Math.max(1, Math.floor(s.every));
  return Number.isInteger(t) && t >= s.start && t <= s.start + s.steps * every && (t - s.start) % every === 0;
}

/**
 * The "amount of the remaining entries" (pruning rule 'remaining') that takes a group from sparsity
 * `current` to `target`: (target − current)/(1 − current), 0 when the target is already reached. The GPU
 * kernel's rule 'target' does this conversion itself from the live count, without rounding twice.
 */
export function amountOfRemaining(target: number, current: number): number {
  if (current >= 1 || target <= current) return 0;
  return Math.min(1, (target - current) / (1 - current));
}
