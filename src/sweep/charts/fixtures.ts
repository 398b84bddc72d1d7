/** Small studies for the chart tests: a three-parameter space and trials in every state. */
import type { SearchSpace, Trial } from '../../engine/search/types';

export const SPACE: SearchSpace = [
  { name: 'learningRate', dist: { kind: 'float', low: 1e-4, high: 1e-1, log: true } },
  { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] } },
  { name: 'width', dist: { kind: 'int', low: 4, high: 64, log: false } },
];

export function trial(id: number, extra: Partial<Trial> = {}): Trial {
  const value = extra.value === undefined ? 50 + id : extra.value; // test accuracy in percent
  return {
    id,
    params: { learningRate: 1e-3 * (id + 1), optimizer: ['sgd', 'adam', 'rmsprop'][id % 3], width: 8 * (id + 1) },
    state: 'complete',
    intermediate: value === null ? [] : [{ step: 50, value: value - 10 }, { step: 100, value }],
    value,
    steps: 100,
    configId: id,
    ...extra,
  };
}

/** Trials 0–5 complete (values 50…55%), 6 pruned at step 50, 7 running, 8 waiting, 9 failed. */
export const TRIALS: Trial[] = [
  ...[0, 1, 2, 3, 4, 5].map((i) => trial(i)),
  trial(6, { state: 'pruned', steps: 50, value: 30, intermediate: [{ step: 50, value: 30 }] }),
  trial(7, { state: 'running', steps: 30, value: null, intermediate: [] }),
  trial(8, { state: 'waiting', steps: 0, value: null, intermediate: [] }),
  trial(9, { state: 'failed', steps: 10, value: null, intermediate: [], error: 'the loss became NaN' }),
];
