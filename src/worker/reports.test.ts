import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../engine/config';
import { laneConfig, regularizationTerm, setupRun } from '../engine/run';
import { modelSpecFor } from '../engine/model';
import { describeDivergence, divergenceLayer, laneLabel, toDatasetView, toPoint, toSnapshot } from './reports';
import type { CompressionView } from './protocol';

const ev = { trainLoss: 0.5, testLoss: 0.6, gradNorms: [1, 2], paramSumSq: 8, paramSumAbs: 4, testAccuracy: 0.9, trainAccuracy: 0.95 };

describe('metric points', () => {
  it('total loss adds λ·Σθ²/2 for L2 and λ·Σ|θ| for L1', () => {
    const c = defaultConfig();
    expect(toPoint(0, 10, 1, 0.1, c, ev)!.totalLoss).toBe(0.5);
    expect(toPoint(0, 10, 1, 0.1, { ...c, regularization: 'l2', regularizationRate: 0.1 }, ev)!.totalLoss).toBeCloseTo(0.5 + 0.4, 12);
    expect(toPoint(0, 10, 1, 0.1, { ...c, regularization: 'l1', regularizationRate: 0.1 }, ev)!.totalLoss).toBeCloseTo(0.5 + 0.4, 12);
    expect(regularizationTerm({ regularization: 'l2', regularizationRate: 0.5 }, 3, 100)).toBe(0.75);
  });

  it('a non-finite loss gives no point', () => {
    expect(toPoint(0, 1, 0, 0.1, defaultConfig(), { ...ev, trainLoss: NaN })).toBeNull();
    expect(toPoint(0, 1, 0, 0.1, defaultConfig(), { ...ev, testLoss: Infinity })).toBeNull();
  });
});

describe('divergence', () => {
  it('names the layer whose gradient went non-finite first', () => {
    expect(divergenceLayer([1, 1, 1], [1, NaN, 2])).toBe(1);
  });
  it('when every layer is gone, names the one with the largest gradient just before', () => {
    expect(divergenceLayer([0.1, 50, 3], [NaN, NaN, NaN])).toBe(1);
  });
  it('the message names the layer and suggests a smaller learning rate', () => {
    const m = describeDivergence(0, 120, { ...defaultConfig(), learningRate: 10 }, null, [0.1, 50, 3], [NaN, NaN, NaN]);
    expect(m).toMatch(/step 120/);
    expect(m).toMatch(/layer 2/);
    expect(m).toMatch(/smaller learning rate/);
    expect(m).toMatch(/paused/);
  });
});

describe('race lanes', () => {
  it('a lane takes its optimizer reference defaults and its own rate, and shares the rest', () => {
    const main = { ...defaultConfig(), regularization: 'l2' as const, epsilon: 1e-3 };
    const lane = laneConfig(main, { optimizer: 'adagrad', learningRate: 0.05 });
    expect(lane.optimizer).toBe('adagrad');
    expect(lane.learningRate).toBe(0.05);
    expect(lane.epsilon).toBe(1e-10);
    expect(lane.regularization).toBe('l2');
    expect(lane.hidden).toEqual(main.hidden);
    expect(laneLabel(lane)).toBe('Adagrad · lr 0.05');
  });
});

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
