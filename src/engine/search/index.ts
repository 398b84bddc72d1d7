/**
 * The engine's hyperparameter search (REFERENCE.md "Hyperparameter search"): samplers (grid, random,
 * TPE), pruners (ASHA, Hyperband, none), repeats over seeds, the objective's history and parameter
 * importance, and the factories the sweep uses to build a sampler and a pruner from a study's settings.
 */
import { gridSampler } from './grid';
import { ashaPruner, hyperbandPruner, noPruner } from './halving';
import { randomSampler } from './random';
import { tpeSampler } from './tpe';
import type { Direction, EarlyStopping, Pruner, Sampler, SearchMethod, SearchSpace } from './types';

export { gridAxis, gridPoints, gridSampler, gridSize } from './grid';
export { randomSampler, sampleParam } from './random';
export { gamma, N_EI_CANDIDATES, N_STARTUP_TRIALS, tpeSampler } from './tpe';
export {
  ashaPruner,
  ashaRungs,
  hyperbandBracketOf,
  hyperbandBrackets,
  hyperbandPruner,
  isPromotable,
  noPruner,
  type AshaOptions,
  type HyperbandBracket,
  type HyperbandOptions,
} from './halving';
export { repeatTrials, seedRepeats, summarizeConfigs, type ConfigSummary } from './seeds';
export { parameterImportance, studyImportance, type ParamImportance, type StudyImportance } from './importance';
export { best, bestSoFar, better, type HistoryPoint } from './objective';

/** The sampler a study's settings name; `gridPoints` is the grid's points per float or int axis. */
export function makeSampler(method: SearchMethod, space: SearchSpace, seed: number, direction: Direction, gridPoints: number): Sampler {
  switch (method) {
    case 'grid':
      return gridSampler(space, gridPoints);
    case 'random':
      return randomSampler(space, seed);
    case 'tpe':
      return tpeSampler(space, seed, direction);
  }
}

/** The pruner a study's settings name (η = 3; ASHA with min_early_stopping_rate 0). */
export function makePruner(kind: EarlyStopping, options: { minSteps: number; maxSteps: number; direction: Direction }): Pruner {
  switch (kind) {
    case 'none':
      return noPruner();
    case 'asha':
      return ashaPruner(options);
    case 'hyperband':
      return hyperbandPruner(options);
  }
}
