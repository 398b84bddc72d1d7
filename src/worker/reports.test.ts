import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../engine/config';
import { setupRun } from '../engine/run';
import { modelSpecFor } from '../engine/model';
import { toDatasetView, toSnapshot } from './reports';
import type { CompressionView } from './protocol';

describe('snapshots', () => {
  const compression: CompressionView = {
    layers: [], total: { float32: 100, dense: 100, sparse: null, best: 100 }, sparsity: 0, widths: [784, 5, 10], label: 'dense float32',
  };
  const hist = { min: -1, max: 1, counts: new Uint32Array([1, 2]), sumSq: 0, sumAbs: 0 };

  it('labels histograms with the widths in force and adds the test accuracy to the compression view', () => {
    const spec = modelSpecFor({ hidden: [5], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
    const msg = toSnapshot(3, 40, spec, { histograms: [hist, hist], output: new Float32Array(0) }, compression, 0.93);
    expect(msg.histograms.map((h) => h.label)).toEqual(['Layer 1 (784→5)', 'Layer 2 (5→10)']);
    expect(msg.compression.testAccuracy).toBe(0.93);
    expect(msg.compression.widths).toEqual([784, 5, 10]);
    expect(compression.testAccuracy).toBeUndefined();
    expect(msg.mnist).toBeUndefined();
  });

  it('regression has no accuracy; MNIST views ride along when given', () => {
    const spec = modelSpecFor({ hidden: [], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
    const mnist = { confusion: new Array(100).fill(0), misclassified: [], firstLayer: { neurons: [], weights: new Float32Array(0) } };
    const msg = toSnapshot(1, 0, spec, { histograms: [hist], output: new Float32Array(0) }, compression, undefined, mnist);
    expect('testAccuracy' in msg.compression).toBe(false);
    expect(msg.mnist).toBe(mnist);
  });
});

describe('dataset view', () => {
  it('toy data sends its points; MNIST keeps the images in the worker and sends the labels', () => {
    const toy = toDatasetView(setupRun(defaultConfig()));
    expect(toy.trainX.length).toBe(toy.trainY.length); // 2 inputs, 2 classes
    const split = (n: number) => ({ n, images: new Uint8Array(n * 4), labels: Uint8Array.from({ length: n }, (_, i) => i % 10) });
    const view = toDatasetView(setupRun({ ...defaultConfig(), dataset: 'mnist', samples: 20, hidden: [3] }, { rows: 2, cols: 2, train: split(20), test: split(20) }));
    expect(view.trainX.length).toBe(0);
    expect(view.testX.length).toBe(0);
    expect(view.trainY.length / view.outputDim).toBe(20);
    expect(view.gridSize).toBe(0);
  });
});
