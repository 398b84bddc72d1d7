/**
 * TPE, the Tree-structured Parzen Estimator (Bergstra et al. 2011), as Optuna 3.1's TPESampler with its
 * defaults, independent per parameter (multivariate = false).
 *
 * - Observations: complete trials, and pruned trials ranked by their last intermediate value, as Optuna
 *   does: complete trials come first (best value first), then pruned trials by the step they reached
 *   (further is better) and then by that value; a pruned trial with no value ranks last. Running,
 *   waiting and failed (diverged) trials are not observations.
 * - Fewer than n_startup_trials = 10 observations: a random configuration (random.ts).
 * - Otherwise split the observations: the best gamma(n) = min(⌈0.1 n⌉, 25) are "below" (good), the rest
 *   "above"; each group, oldest first, gives a Parzen estimator per parameter (parzen.ts): l(x) from below,
 *   g(x) from above. Draw n_ei_candidates = 24 candidates from l and keep the one that maximises
 *   log l(x) − log g(x), i.e. the expected improvement's ratio l/g.
 * One deliberate difference: the truncated normal's density includes its 1/σ (Optuna fixed this in 3.5;
 * 3.1 left it out, which under-weights narrow components).
 * Deterministic per seed and stateless: the k-th ask draws from askRng(seed, k) only.
 */
import { parzenEstimator } from './parzen';
import { askRng, sampleParam } from './random';
import type { Direction, ParamValues, Sampler, SearchSpace, Trial } from './types';

export const N_STARTUP_TRIALS = 10;
export const N_EI_CANDIDATES = 24;

/** Optuna's default_gamma: how many of n observations count as good. */
export const gamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/** A trial as TPE ranks it: (stepKey, loss) compared lexicographically, smaller is better. */
export interface Observation {
  trial: Trial;
  stepKey: number;
  loss: number;
}

/** The trials TPE learns from, in id order, with their rank keys (loss = value, negated when maximizing). */
export function observations(trials: readonly Trial[], direction: Direction): Observation[] {
  const sign = direction === 'minimize' ? 1 : -1;
  const out: Observation[] = [];
  for (const trial of [...trials].sort((a, b) => a.id - b.id)) {
    if (trial.state === 'complete') {
      if (trial.value === null || Number.isNaN(trial.value)) continue;
      out.push({ trial, stepKey: -Infinity, loss: sign * trial.value });
    } else if (trial.state === 'pruned') {
      const last = trial.intermediate.reduce<{ step: number; value: number } | null>(
        (m, iv) => (m === null || iv.step >= m.step ? iv : m),
        null,
      );
      if (last === null) out.push({ trial, stepKey: 1, loss: 0 });
      else out.push({ trial, stepKey: -last.step, loss: Number.isNaN(last.value) ? Infinity : sign * last.value });
    }
  }
  return out;
}

/** Three-way comparison that, unlike subtraction, handles equal infinities. */
const cmp = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Split observations into the best `nBelow` and the rest, each kept in chronological order. */
export function splitObservations(obs: readonly Observation[], nBelow: number): { below: Observation[]; above: Observation[] } {
  const ranked = obs
    .map((o, i) => ({ o, i }))
    .sort((x, y) => cmp(x.o.stepKey, y.o.stepKey) || cmp(x.o.loss, y.o.loss) || x.i - y.i);
  const belowIdx = new Set(ranked.slice(0, nBelow).map((r) => r.i));
  return {
    below: obs.filter((_, i) => belowIdx.has(i)),
    above: obs.filter((_, i) => !belowIdx.has(i)),
  };
}

export function tpeSampler(space: SearchSpace, seed: number, direction: Direction): Sampler {
  return {
    method: 'tpe',
    ask(trials: readonly Trial[]): ParamValues {
      const rng = askRng(seed, trials.length);
      const obs = observations(trials, direction);
      const values: ParamValues = {};
      if (obs.length < N_STARTUP_TRIALS) {
        for (const p of space) values[p.name] = sampleParam(p.dist, rng);
        return values;
      }
      const { below, above } = splitObservations(obs, gamma(obs.length));
      for (const p of space) {
        // Trials that lack the parameter (a space that grew) are left out for it, as Optuna does.
        const of = (group: Observation[]) =>
          group.map((o) => o.trial.params[p.name]).filter((v): v is number | string => v !== undefined);
        const l = parzenEstimator(p.dist, of(below));
        const g = parzenEstimator(p.dist, of(above));
        const candidates = l.sample(rng, N_EI_CANDIDATES);
        let best = candidates[0];
        let bestScore = -Infinity;
        for (const c of candidates) {
          const score = l.logPdf(c) - g.logPdf(c);
          if (score > bestScore) {
            bestScore = score;
            best = c;
          }
        }
        values[p.name] = best;
      }
      return values;
    },
  };
}
