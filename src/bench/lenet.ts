/**
 * LeNet-300-100 (784 → 300 → 100 → 10, relu, softmax cross-entropy) on random MNIST-shaped data: pixels
 * uniform in [0, 1), one-hot labels over 10 classes. The same data, initial weights and batches feed
 * every engine in the training rows.
 */
import type { BackendInit } from '../engine/backend';
import { defaultConfig, validateConfig, type RunConfig } from '../engine/config';
import type { Dataset } from '../engine/datasets';
import { initParams, paramLayout, type ModelSpec } from '../engine/model';
import { createRng } from '../engine/rng';
import { BatchSampler } from '../engine/sampler';

export const LENET_WIDTHS = [784, 300, 100, 10];
const TRAIN_ROWS = 4096;
const TEST_ROWS = 256;
export const SEED = 7;

function split(n: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * 784 }, () => rng.next());
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) y[i * 10 + rng.int(10)] = 1;
  return { x, y, n };
}

export interface Lenet {
  init: BackendInit;
  /** Adam, learning rate 1e-3, the batch size of the row. */
  config: RunConfig;
  batches: BatchSampler;
}

export function lenet(batch: number): Lenet {
  const spec: ModelSpec = {
    inputDim: 784,
    layers: LENET_WIDTHS.slice(1).map((outDim, l) => ({ inDim: LENET_WIDTHS[l], outDim, activation: l === 2 ? 'linear' : 'relu' })),
  };
  const layout = paramLayout(spec);
  const data: Dataset = {
    name: 'spiral', // the Dataset type names the toy sets; only the shapes and the task matter here
    task: 'classification',
    inputDim: 784,
    outputDim: 10,
    train: split(TRAIN_ROWS, SEED),
    test: split(TEST_ROWS, SEED + 1),
    bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
  };
  const init: BackendInit = { spec, layout, params: initParams(spec, layout, SEED), data, loss: 'crossentropy', grid: new Float32Array(784), gridRows: 1, maxEvalRows: TEST_ROWS };
  const config = validateConfig({ ...defaultConfig(), optimizer: 'adam', learningRate: 1e-3, batchSize: batch }).config;
  return { init, config, batches: new BatchSampler(TRAIN_ROWS, SEED) };
}

/** W_l as [in, out] (TensorFlow.js's kernel layout) and b_l, from OptiPlay's parameter allocation. */
export function denseWeights(init: BackendInit): Array<{ kernel: Float32Array; bias: Float32Array; inDim: number; outDim: number }> {
  return init.layout.layers.map(({ W, b }, l) => {
    const { inDim, outDim } = init.spec.layers[l];
    const kernel = new Float32Array(inDim * outDim);
    for (let o = 0; o < outDim; o++) for (let i = 0; i < inDim; i++) kernel[i * outDim + o] = init.params[W.offset + o * inDim + i];
    return { kernel, bias: init.params.slice(b.offset, b.offset + b.size), inDim, outDim };
  });
}
