/**
 * Repeats over seeds: one configuration trained with k seeds (base, base + 1, … base + k − 1) is k trials
 * sharing a config id (the first trial's id), and the table reports each configuration's mean and spread.
 * The spread is the sample standard deviation (n − 1 in the denominator; 0 for a single run), over the
 * configuration's complete trials only (a pruned trial stopped early, a failed one has no value).
 */
import type { ParamValues, Trial } from './types';

/** The k configurations of a repeat: `params` with seed = baseSeed … baseSeed + k − 1. */
export function seedRepeats(params: ParamValues, k: number, baseSeed: number): ParamValues[] {
  return Array.from({ length: Math.max(1, Math.floor(k)) }, (_, j) => ({ ...params, seed: baseSeed + j }));
}

/** The k waiting trials of one configuration, numbered from `firstId`, sharing configId = firstId. */
export function repeatTrials(params: ParamValues, k: number, baseSeed: number, firstId: number): Trial[] {
  return seedRepeats(params, k, baseSeed).map((p, j) => ({
    id: firstId + j,
    params: p,
    state: 'waiting',
    intermediate: [],
    value: null,
    steps: 0,
    configId: firstId,
  }));
}

export interface ConfigSummary {
  configId: number;
  /** The configuration without its seed. */
  params: ParamValues;
  /** Complete trials counted. */
  n: number;
  /** null while no trial of the configuration is complete. */
  mean: number | null;
  /** Sample standard deviation (n − 1); 0 when n = 1; null when n = 0. */
  std: number | null;
  min: number | null;
  max: number | null;
  /** Every trial of the configuration, whatever its state. */
  trialIds: number[];
}

/** One summary per configuration, in config-id order. */
export function summarizeConfigs(trials: readonly Trial[]): ConfigSummary[] {
  const groups = new Map<number, Trial[]>();
  for (const t of trials) {
    const g = groups.get(t.configId);
    if (g) g.push(t);
    else groups.set(t.configId, [t]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([configId, group]) => {
      const first = group.reduce((m, t) => (t.id < m.id ? t : m));
      const { seed: _seed, ...params } = first.params;
      const values = group
        .filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value))
        .map((t) => t.value as number);
      const n = values.length;
      const mean = n ? values.reduce((s, v) => s + v, 0) / n : null;
      const std = mean === null ? null : n < 2 ? 0 : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
      return {
        configId,
        params,
        n,
        mean,
        std,
        min: n ? Math.min(...values) : null,
        max: n ? Math.max(...values) : null,
        trialIds: group.map((t) => t.id).sort((a, b) => a - b),
      };
    });
}
