/**
 * A sweep's vocabulary (REFERENCE.md "Hyperparameter search"): the parameters a study varies and how each
 * is drawn, its trials and their states, and the pieces that choose (a Sampler: grid, random, TPE) and
 * stop (a Pruner: successive halving / ASHA, Hyperband) trials. Shared by the engine's search code, the
 * sweep worker, the Sweep page and the exports; no DOM, no GPU.
 */
import type { RunConfig } from '../runConfig';

/** The run-config fields a sweep can vary ('width' sets every hidden layer's width). */
export type SweepParamName =
  | 'learningRate'
  | 'batchSize'
  | 'regularizationRate'
  | 'seed'
  | 'optimizer'
  | 'momentum'
  | 'beta1'
  | 'beta2'
  | 'width'
  | 'sparsity'
  | 'bits';

/** How one parameter is drawn. `log`: uniform in log space (rates and regularization strengths). */
export type Distribution =
  | { kind: 'float'; low: number; high: number; log: boolean }
  | { kind: 'int'; low: number; high: number; log: boolean }
  | { kind: 'categorical'; choices: Array<string | number> };

export interface SearchParam {
  name: SweepParamName;
  dist: Distribution;
}

/** The parameters a study varies, in display order. */
export type SearchSpace = SearchParam[];

/** One configuration: a value for every parameter of the space. */
export type ParamValues = Partial<Record<SweepParamName, number | string>>;

export type SearchMethod = 'grid' | 'random' | 'tpe';
export type EarlyStopping = 'none' | 'asha' | 'hyperband';
export type Direction = 'maximize' | 'minimize';

/** waiting: asked, not started; running; complete: trained every step; pruned: stopped early; failed: diverged. */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

/** The objective measured at one step of a trial. */
export interface IntermediateValue {
  step: number;
  value: number;
}

export interface Trial {
  /** 0, 1, 2 … in the order the trials were asked for (Optuna's trial.number). */
  id: number;
  params: ParamValues;
  state: TrialState;
  /** The objective at every evaluation so far, by step (for curves, pruning and the history). */
  intermediate: IntermediateValue[];
  /** The objective at the last step trained (complete or pruned); null while it runs or when it failed. */
  value: number | null;
  /** Steps trained so far. */
  steps: number;
  /** Repeats over seeds: the trials of one configuration share a config id (the first trial's id). */
  configId: number;
  /** Hyperband: the bracket the trial was assigned to (0 = the most aggressive); absent otherwise. */
  bracket?: number;
  /** Why it failed (a non-finite loss), in words. */
  error?: string;
}

/** Chooses the next configuration from the trials so far (grid, random or TPE). */
export interface Sampler {
  readonly method: SearchMethod;
  /** The next configuration; null when the method has nothing left to try (a grid that is done). */
  ask(trials: readonly Trial[]): ParamValues | null;
}

/** Decides, at an evaluation, whether a running trial stops early (successive halving / ASHA, Hyperband). */
export interface Pruner {
  readonly kind: EarlyStopping;
  /** Called once per new trial before it runs (Hyperband assigns its bracket); returns the bracket or undefined. */
  assign(trial: Trial): number | undefined;
  /** The steps at which `trial` is judged (its rungs), ascending; [] when nothing prunes. */
  rungs(trial: Trial): number[];
  /** True when `trial`, which has just reported its value at `step` (a rung), should stop. */
  shouldPrune(trial: Trial, step: number, trials: readonly Trial[]): boolean;
}

/** What a study maximises or minimises. 'accuracy-at-size': test accuracy, 0 for a model over the size limit. */
export type ObjectiveName = 'test-accuracy' | 'test-loss' | 'accuracy-at-size';

/** Everything that defines a study besides its trials. */
export interface StudySettings {
  /** The search space; every field it leaves out is the base run's (a playground config, engine/config.ts). */
  space: SearchSpace;
  method: SearchMethod;
  earlyStopping: EarlyStopping;
  /** Trials to run (configurations × seeds per configuration). */
  trials: number;
  stepsPerTrial: number;
  objective: ObjectiveName;
  /** 'accuracy-at-size' only: the largest model that scores, in bytes (engine/modelSize.ts). */
  sizeLimitBytes: number;
  /** Each configuration repeated over this many seeds (1: no repeats); the table shows mean and spread. */
  seedsPerConfig: number;
  /** The sampler's own seed (random and TPE draws). */
  samplerSeed: number;
  /** Grid: points per float or int axis. */
  gridPoints: number;
}

/** A whole study as exported (JSON) and reloaded: the base run, the settings and every trial so far. */
export interface StudyRecord {
  format: 'optiplay-study';
  version: 1;
  /** The playground run every trial starts from (validated config, engine/config.ts). */
  base: RunConfig;
  settings: StudySettings;
  direction: Direction;
  trials: Trial[];
}
