/**
 * What else changes when the dataset does, so a switch never leaves a nonsense combination:
 * - to MNIST from a toy set: all 60,000 training digits, a 784-input-friendly network ([300, 100] unless
 *   the hidden layers are already at least that wide), a learning rate that suits the optimizer on MNIST,
 *   a batch of at least 64 and cross-entropy;
 * - back to a toy set: at most 5,000 generated samples (the default when there were more) and, if the
 *   network was MNIST-sized, the default toy network and the optimizer's reference rate;
 * - regression needs MSE; classification gets cross-entropy back.
 */
import {
  FIELDS,
  MAX_TOY_SAMPLES,
  MNIST_TRAIN_DIGITS,
  defaultConfig,
  isRegression,
  type DatasetName,
  type OptimizerName,
  type RunConfig,
} from '../../engine/config';
import { defaultLearningRate } from '../common/labels';

/** Learning rates that train an MLP on MNIST well in a few hundred steps, per optimizer. */
export const MNIST_LEARNING_RATES: Record<OptimizerName, number> = {
  sgd: 0.1,
  momentum: 0.01,
  rmsprop: 0.001,
  adagrad: 0.01,
  adam: 0.001,
  adamw: 0.001,
};

const MNIST_HIDDEN = [300, 100];
const MNIST_MIN_BATCH = 64;
/** A toy network wider than this in any layer is taken to be MNIST-sized. */
const TOY_MAX_WIDTH = 64;

/** Whether `hidden` is at least as wide as [300, 100], layer by layer. */
function wideEnough(hidden: readonly number[]): boolean {
  return hidden.length >= MNIST_HIDDEN.length && MNIST_HIDDEN.every((w, i) => hidden[i] >= w);
}

export function switchDataset(config: RunConfig, dataset: DatasetName): Partial<RunConfig> {
  if (dataset === config.dataset) return {};
  if (dataset === 'mnist') {
    return {
      dataset,
      loss: 'crossentropy',
      samples: MNIST_TRAIN_DIGITS,
      hidden: wideEnough(config.hidden) ? [...config.hidden] : [...MNIST_HIDDEN],
      learningRate: MNIST_LEARNING_RATES[config.optimizer],
      batchSize: Math.max(config.batchSize, MNIST_MIN_BATCH),
    };
  }
  const loss = isRegression(dataset) ? 'mse' : isRegression(config.dataset) ? 'crossentropy' : config.loss;
  const patch: Partial<RunConfig> = { dataset, loss };
  if (config.dataset === 'mnist') {
    const defaults = defaultConfig();
    if (config.samples > MAX_TOY_SAMPLES) patch.samples = defaults.samples;
    if (config.hidden.some((w) => w > TOY_MAX_WIDTH)) {
      patch.hidden = [...defaults.hidden];
      patch.learningRate = defaultLearningRate(config.optimizer);
      patch.batchSize = defaults.batchSize;
    }
  }
  return patch;
}

/** The Samples field's upper bound for a dataset. */
export function maxSamples(dataset: DatasetName): number {
  return dataset === 'mnist' ? MNIST_TRAIN_DIGITS : MAX_TOY_SAMPLES;
}

/** The Samples field's lower bound (the config table's). */
export const MIN_SAMPLES = (() => {
  const f = FIELDS.find((x) => x.key === 'samples');
  return f && f.kind.type === 'int' ? f.kind.min : 1;
})();
