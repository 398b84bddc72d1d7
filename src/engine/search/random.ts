/**
 * Random search, and the per-parameter draw that TPE also uses for its start-up trials.
 *
 * As Optuna's RandomSampler: a float is uniform on [low, high] (uniform in log space when log: rates
 * and regularization strengths); an int is uniform over low … high, or, when log, drawn log-uniformly
 * on [low − 0.5, high + 0.5] and rounded (so each int gets the mass of its half-unit neighbourhood);
 * a categorical is uniform over its choices.
 *
 * Deterministic per seed, and stateless: the configuration asked for trial number k depends only on the
 * seed and k (askRng), so a sampler rebuilt after a reload asks exactly what the first one would have.
 */
import { createRng, type Rng } from '../rng';
import type { Distribution, ParamValues, Sampler, SearchSpace, Trial } from './types';

/** murmur3's 32-bit finaliser: spreads neighbouring inputs over the whole range. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The generator for the k-th ask of a sampler seeded with `seed` (independent streams per k). */
export function askRng(seed: number, k: number): Rng {
  return createRng(fmix32((seed >>> 0) ^ fmix32(Math.imul(k + 1, 0x9e3779b1) >>> 0)));
}

/** One value drawn from `dist` (see the file's docblock for each kind). */
export function sampleParam(dist: Distribution, rng: Rng): number | string {
  switch (dist.kind) {
    case 'categorical':
      return dist.choices[rng.int(dist.choices.length)];
    case 'float': {
      if (!dist.log) return dist.low + rng.next() * (dist.high - dist.low);
      const lo = Math.log(dist.low), hi = Math.log(dist.high);
      return Math.min(dist.high, Math.max(dist.low, Math.exp(lo + rng.next() * (hi - lo))));
    }
    case 'int': {
      if (!dist.log) return dist.low + rng.int(dist.high - dist.low + 1);
      const lo = Math.log(dist.low - 0.5), hi = Math.log(dist.high + 0.5);
      const v = Math.round(Math.exp(lo + rng.next() * (hi - lo)));
      return Math.min(dist.high, Math.max(dist.low, v));
    }
  }
}

/** A configuration with every parameter of `space` drawn independently. */
export function sampleSpace(space: SearchSpace, rng: Rng): ParamValues {
  const values: ParamValues = {};
  for (const p of space) values[p.name] = sampleParam(p.dist, rng);
  return values;
}

export function randomSampler(space: SearchSpace, seed: number): Sampler {
  return {
    method: 'random',
    ask(trials: readonly Trial[]): ParamValues {
      return sampleSpace(space, askRng(seed, trials.length));
    },
  };
}
