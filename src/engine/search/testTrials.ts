/**
 * Test helpers for the search code: a trial from params and a value, without the ceremony.
 * Used by the search tests only.
 */
import type { ParamValues, Trial, TrialState } from './types';

export function trialOf(id: number, params: ParamValues, value: number | null, state: TrialState = 'complete', extra: Partial<Trial> = {}): Trial {
  return { id, params, state, intermediate: [], value, steps: 0, configId: id, ...extra };
}

/** A trial that reported `values[i]` at `steps[i]`. */
export function curveTrial(id: number, steps: number[], values: number[], extra: Partial<Trial> = {}): Trial {
  return {
    id,
    params: {},
    state: 'running',
    intermediate: steps.map((step, i) => ({ step, value: values[i] })),
    value: null,
    steps: steps[steps.length - 1] ?? 0,
    configId: id,
    ...extra,
  };
}
