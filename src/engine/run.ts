/**
 * Everything one run needs, built from a validated config: data, model, initial parameters, the output
 * grid and the batch sampler. Backend-agnostic; the worker drives it.
 */
import type { RaceLane, RunConfig } from './config';
import { OPTIMIZER_DEFAULTS } from './optimizers';
import { makeDataset, outputGrid, type Dataset } from './datasets';
import type { MnistRaw } from './mnist';
import type { CsvSource } from './data/csvSource';
import type { BackendInit, StepSettings } from './backend';
import { learningRateAt } from './schedules';
import { initParams, modelSpecFor, paramLayout } from './model';
import { BatchSampler } from './sampler';
import { withSecondTask } from './strategies/multitaskData';
import { augmentSettings } from './strategies/augment';

export const GRID_2D = 48;
export const GRID_1D = 200;
export const MAX_EVAL_ROWS = 4096;
/**
 * Snapshots carry the effective parameters (BackendInit.snapshotParams, for the Network panel) when the
 * whole allocation is at most this many floats (1.2 MB): small enough to read back a few times a second.
 * LeNet-300-100 (266,610 floats plus padding) fits; its snapshots are rare anyway (cadence.ts spaces them
 * to a fifth of the time); anything larger draws no network.
 */
export const SNAPSHOT_PARAMS_MAX_FLOATS = 300_000;

export interface RunSetup {
  config: RunConfig;
  data: Dataset;
  init: BackendInit;
  gridSize: number;
  sampler: BatchSampler;
  /** The user's table the data was built from ('csv' runs): the checkpoint keeps it, so the run reopens with it. */
  csv?: CsvSource;
}

/**
 * Whether the Output panel can draw the model over its input: two inputs (a plane, any task) or one input
 * with a number to predict (a curve). MNIST and tables of other shapes have no picture.
 */
export function hasOutputPicture(data: Pick<Dataset, 'name' | 'inputDim' | 'task'>): boolean {
  return data.name !== 'mnist' && (data.inputDim === 2 || (data.inputDim === 1 && data.task === 'regression'));
}

/**
 * Builds a run. MNIST needs the loaded digits (`mnist`), 'csv' the user's table (`csv`). Data without an
 * output picture (hasOutputPicture) has no grid (gridRows 0, gridSize 0); MNIST's snapshots carry the
 * extras the MNIST views are drawn from (test outputs, effective parameters).
 */
export function setupRun(asked: RunConfig, mnist?: MnistRaw, csv?: CsvSource): RunSetup {
  const data = withSecondTask(makeDataset(asked, mnist, csv), asked.secondTask); // multi-task: a second head's targets
  const config: RunConfig = { ...asked, loss: runLoss(asked, data) };
  const spec = modelSpecFor(config, data);
  const layout = paramLayout(spec);
  const params = initParams(spec, layout, config.seed);
  const isMnist = config.dataset === 'mnist';
  const grid = hasOutputPicture(data) ? outputGrid(data, data.inputDim === 2 ? GRID_2D : GRID_1D) : { x: new Float32Array(0), rows: 0, size: 0 };
  return {
    config,
    data,
    ...(config.dataset === 'csv' && csv ? { csv } : {}),
    gridSize: grid.size,
    sampler: new BatchSampler(data.train.n, config.seed),
    init: {
      spec, layout, params, data, loss: config.loss, grid: grid.x, gridRows: grid.rows, maxEvalRows: MAX_EVAL_ROWS, snapshotExtras: isMnist,
      snapshotParams: layout.totalFloats <= SNAPSHOT_PARAMS_MAX_FLOATS,
    },
  };
}

/** The loss a run trains with: the user's table decides its task, and a number to predict takes MSE (validateConfig does so for Line and Sine). */
export function runLoss(config: Pick<RunConfig, 'loss'>, data: Pick<Dataset, 'task'>): RunConfig['loss'] {
  return data.task === 'regression' && config.loss === 'crossentropy' ? 'mse' : config.loss;
}

/**
 * The optimizer settings for the step after `stepsDone` steps: the config's, with the scheduled learning
 * rate. `optimizerSince` is the step at which the optimizer's state was last zeroed (t counts from there);
 * `scheduleSince` the step at which the learning-rate schedule (re)started (a fine-tuning branch).
 */
export function stepSettings(config: RunConfig, stepsDone: number, optimizerSince = 0, scheduleSince = 0): StepSettings {
  const { optimizer, momentum, nesterov, dampening, beta1, beta2, epsilon, centered, weightDecay, regularization, regularizationRate } = config;
  return {
    hyper: { optimizer, momentum, nesterov, dampening, beta1, beta2, epsilon, centered, weightDecay, regularization, regularizationRate, learningRate: learningRateAt(config.learningRate, stepsDone - scheduleSince, config) },
    t: stepsDone - optimizerSince + 1,
    // read only by a backend with soft targets (a distilled student)
    distill: { temperature: config.temperature, alpha: config.distillWeight },
    // data augmentation: its draws are a function of (seed, step, slot), so the step is all the state it needs
    augment: augmentSettings(config, stepsDone),
  };
}

/**
 * The config a race lane trains with: the main config (data, model, seed, regularization, schedule) with
 * the lane's optimizer at its reference defaults and the lane's learning rate.
 */
export function laneConfig(config: RunConfig, lane: RaceLane): RunConfig {
  return { ...config, ...OPTIMIZER_DEFAULTS[lane.optimizer], optimizer: lane.optimizer, learningRate: lane.learningRate, race: [] };
}

/** The regularization term added to the data loss for the "total" loss curve (REFERENCE.md). */
export function regularizationTerm(config: Pick<RunConfig, 'regularization' | 'regularizationRate'>, sumSq: number, sumAbs: number): number {
  if (config.regularization === 'l2') return (config.regularizationRate * sumSq) / 2;
  if (config.regularization === 'l1') return config.regularizationRate * sumAbs;
  return 0;
}

/** True when going from a to b changes what the optimizer state means (the state must be zeroed). */
export function optimizerStateChanges(a: RunConfig, b: RunConfig): boolean {
  return a.optimizer !== b.optimizer || (a.optimizer === 'rmsprop' && a.centered !== b.centered);
}

/** The batch size actually used: the configured one, at most the training-set size. */
export function effectiveBatch(config: RunConfig, data: Dataset): number {
  return Math.max(1, Math.min(config.batchSize, data.train.n));
}

/** The pruning and quantization settings (all live): a change to any of them is compression work. */
export const COMPRESSION_FIELDS = [
  'prune', 'sparsity', 'pruneMethod', 'pruneSchedule', 'pruneStart', 'pruneSteps', 'pruneEvery', 'rewind',
  'quantize', 'bits', 'layerBits', 'quantScheme', 'granularity', 'quantMode',
] as const satisfies ReadonlyArray<keyof RunConfig>;

/** True when a pruning or quantization setting differs between a and b. */
export function compressionChanged(a: RunConfig, b: RunConfig): boolean {
  return COMPRESSION_FIELDS.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
