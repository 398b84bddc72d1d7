/**
 * TPE's Parzen estimator for one parameter: a weighted mixture with one component per observation plus
 * a prior component, as Optuna 3.1's univariate _ParzenEstimator with its defaults (consider_prior,
 * prior_weight 1.0, consider_magic_clip, consider_endpoints false, default_weights).
 *
 * Numbers live in the internal space: log(x) for log parameters; ints widen to [low − 0.5, high + 0.5]
 * (in log space when log). A numeric component is a normal truncated to [low, high] centred on the
 * observation; its σ is the larger gap to its sorted neighbours (the bounds count as neighbours, except
 * that the outermost observations use their inner gap: consider_endpoints false), clipped to
 * [(high − low) / min(100, 1 + components), high − low]; the prior sits at the middle with σ = high − low.
 * A non-log int scores the mass of [x − 0.5, x + 0.5] (Optuna's q = step). A categorical component puts
 * prior_weight / (n + 1) on every choice and 1 more on the observed one, normalised per component.
 * Mixture weights: default_weights(n) (flat under 25 observations, then a ramp for the oldest) and
 * prior_weight for the prior, normalised.
 */
import type { Rng } from '../rng';
import { logAddExp, logGaussMass, truncnormLogPdf, truncnormSample } from './truncnorm';
import type { Distribution } from './types';

const PRIOR_WEIGHT = 1.0;

/** Optuna's default_weights: flat below 25, then the oldest n − 25 ramp from 1/n up to 1. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  const m = n - 25;
  const ramp = Array.from({ length: m }, (_, i) => (m === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (m - 1)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** Bounds of the internal space and the quantisation step (1 for a non-log int, none otherwise). */
function bounds(dist: Exclude<Distribution, { kind: 'categorical' }>): { low: number; high: number; q: number | null } {
  if (dist.kind === 'float') {
    return dist.log ? { low: Math.log(dist.low), high: Math.log(dist.high), q: null } : { low: dist.low, high: dist.high, q: null };
  }
  if (dist.log) return { low: Math.log(dist.low - 0.5), high: Math.log(dist.high + 0.5), q: null };
  return { low: dist.low - 0.5, high: dist.high + 0.5, q: 1 };
}

export interface ParzenEstimator {
  /** `size` draws from the mixture, as external values (ints rounded, log undone, categoricals chosen). */
  sample(rng: Rng, size: number): Array<number | string>;
  /** The mixture's log density (log mass for ints and categoricals) at an external value. */
  logPdf(value: number | string): number;
}

/** Draw an index from normalised weights. */
function pick(weights: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/** Mixture weights for `n` observations plus the prior, normalised. */
function mixtureWeights(n: number): number[] {
  const w = [...defaultWeights(n), PRIOR_WEIGHT];
  const total = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / total);
}

/** The Parzen estimator of `dist` from observed external values (oldest first). */
export function parzenEstimator(dist: Distribution, observations: ReadonlyArray<number | string>): ParzenEstimator {
  const weights = mixtureWeights(observations.length);
  const logWeights = weights.map(Math.log);
  if (dist.kind === 'categorical') return categoricalEstimator(dist.choices, observations, weights, logWeights);

  const { low, high, q } = bounds(dist);
  const toInternal = (x: number): number => (dist.log ? Math.log(x) : x);
  const n = observations.length;
  const mus = [...observations.map((v) => toInternal(Number(v))), 0.5 * (low + high)];

  // σ from the neighbours' gaps in sorted order (the prior's μ takes part, as in Optuna).
  const order = mus.map((_, i) => i).sort((i, j) => mus[i] - mus[j]);
  const ends = [low, ...order.map((i) => mus[i]), high];
  const sorted = order.map((_, k) => Math.max(ends[k + 1] - ends[k], ends[k + 2] - ends[k + 1]));
  if (ends.length >= 4) {
    sorted[0] = ends[2] - ends[1];
    sorted[sorted.length - 1] = ends[ends.length - 2] - ends[ends.length - 3];
  }
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, k) => (sigmas[i] = sorted[k]));
  const maxSigma = high - low;
  const minSigma = (high - low) / Math.min(100, 1 + mus.length);
  for (let i = 0; i < sigmas.length; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]));
  sigmas[n] = high - low;

  const fromInternal = (x: number): number => {
    if (dist.kind === 'float') return dist.log ? Math.min(dist.high, Math.max(dist.low, Math.exp(x))) : x;
    const r = Math.round(dist.log ? Math.exp(x) : x);
    return Math.min(dist.high, Math.max(dist.low, r));
  };

  const componentLogPdf = (x: number, i: number): number => {
    const mu = mus[i], s = sigmas[i];
    const a = (low - mu) / s, b = (high - mu) / s;
    if (q === null) return truncnormLogPdf(x, a, b, mu, s);
    const lo = Math.max(x - q / 2, low), hi = Math.min(x + q / 2, high);
    return logGaussMass((lo - mu) / s, (hi - mu) / s) - logGaussMass(a, b);
  };

  return {
    sample(rng, size) {
      const out: number[] = [];
      for (let k = 0; k < size; k++) {
        const i = pick(weights, rng.next());
        const mu = mus[i], s = sigmas[i];
        out.push(fromInternal(truncnormSample(rng.next(), (low - mu) / s, (high - mu) / s, mu, s)));
      }
      return out;
    },
    logPdf(value) {
      const x = toInternal(Number(value));
      let acc = -Infinity;
      for (let i = 0; i < mus.length; i++) acc = logAddExp(acc, componentLogPdf(x, i) + logWeights[i]);
      return acc;
    },
  };
}

function categoricalEstimator(
  choices: ReadonlyArray<string | number>,
  observations: ReadonlyArray<number | string>,
  weights: readonly number[],
  logWeights: readonly number[],
): ParzenEstimator {
  const n = observations.length;
  const k = choices.length;
  const rows = weights.map((_, i) => {
    const row = new Array<number>(k).fill(PRIOR_WEIGHT / (n + 1));
    if (i < n) {
      const c = choices.indexOf(observations[i]);
      if (c >= 0) row[c] += 1;
    }
    const total = row.reduce((s, x) => s + x, 0);
    return row.map((x) => x / total);
  });
  return {
    sample(rng, size) {
      const out: Array<number | string> = [];
      for (let s = 0; s < size; s++) out.push(choices[pick(rows[pick(weights, rng.next())], rng.next())]);
      return out;
    },
    logPdf(value) {
      const c = choices.indexOf(value);
      if (c < 0) return -Infinity;
      let acc = -Infinity;
      for (let i = 0; i < rows.length; i++) acc = logAddExp(acc, Math.log(rows[i][c]) + logWeights[i]);
      return acc;
    },
  };
}
