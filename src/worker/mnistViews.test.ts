import { describe, expect, it } from 'vitest';
import { modelSpecFor, paramLayout } from '../engine/model';
import type { MnistSplitRaw } from '../engine/mnist';
import { confusionMatrix, firstLayerWeights, misclassifiedDigits, mnistTransfers, mnistView } from './mnistViews';

/** Rows of 10 logits whose largest entry is `predicted`. */
function outputs(predicted: number[]): Float32Array {
  const out = new Float32Array(predicted.length * 10);
  predicted.forEach((p, i) => {
    for (let c = 0; c < 10; c++) out[i * 10 + c] = -c * 0.01;
    out[i * 10 + p] = 5;
  });
  return out;
}

// 5 test "digits" of 2×2 pixels: pixel values i*10 + k tell the images apart
const test: MnistSplitRaw = {
  n: 5,
  labels: Uint8Array.from([7, 2, 1, 0, 4]),
  images: Uint8Array.from({ length: 20 }, (_, j) => Math.floor(j / 4) * 10 + (j % 4)),
};

describe('MNIST views', () => {
  it('the confusion matrix counts true digit × predicted digit', () => {
    const m = confusionMatrix(outputs([7, 3, 1, 0, 9]), test.labels, 5);
    expect(m).toHaveLength(100);
    expect(m.reduce((a, b) => a + b, 0)).toBe(5);
    expect(m[7 * 10 + 7]).toBe(1);
    expect(m[2 * 10 + 3]).toBe(1);
    expect(m[4 * 10 + 9]).toBe(1);
    expect(m[3 * 10 + 2]).toBe(0);
  });

  it('ties go to the first maximum, as the accuracy counts them', () => {
    const z = new Float32Array(10).fill(1);
    expect(confusionMatrix(z, Uint8Array.from([0]), 1)[0]).toBe(1);
  });

  it('only the first n rows count (the test split may be shorter than the loaded one)', () => {
    expect(confusionMatrix(outputs([7, 3, 1, 0, 9]), test.labels, 2).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('lists misclassified digits in test order with their own pixels, at most max', () => {
    const wrong = misclassifiedDigits(outputs([1, 3, 1, 5, 9]), test, 5, 4);
    expect(wrong.map((d) => [d.index, d.label, d.predicted])).toEqual([[0, 7, 1], [1, 2, 3], [3, 0, 5], [4, 4, 9]]);
    expect(Array.from(wrong[2].pixels)).toEqual([30, 31, 32, 33]);
    expect(misclassifiedDigits(outputs([1, 3, 1, 5, 9]), test, 5, 4, 2).map((d) => d.index)).toEqual([0, 1]);
    // a copy: the UI may take it without touching the loaded digits
    wrong[0].pixels[0] = 99;
    expect(test.images[0]).toBe(0);
  });

  it('first-layer weights: the W rows of the first neurons, at most max', () => {
    const spec = modelSpecFor({ hidden: [3], activation: 'relu' }, { inputDim: 4, outputDim: 10 });
    const layout = paramLayout(spec);
    const params = new Float32Array(layout.totalFloats);
    const W = layout.layers[0].W;
    for (let i = 0; i < W.size; i++) params[W.offset + i] = i + 1;
    const all = firstLayerWeights(params, layout);
    expect(all.neurons).toEqual([0, 1, 2]);
    expect(Array.from(all.weights)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const two = firstLayerWeights(params, layout, 2);
    expect(two.neurons).toEqual([0, 1]);
    expect(Array.from(two.weights)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the whole view, with every buffer movable to the UI', () => {
    const spec = modelSpecFor({ hidden: [2], activation: 'relu' }, { inputDim: 4, outputDim: 10 });
    const layout = paramLayout(spec);
    const view = mnistView(outputs([7, 2, 1, 0, 3]), new Float32Array(layout.totalFloats), layout, test, 5, 4);
    expect(view.confusion[4 * 10 + 3]).toBe(1);
    expect(view.misclassified).toHaveLength(1);
    expect(view.firstLayer.weights).toHaveLength(8);
    expect(mnistTransfers(view)).toHaveLength(2);
  });
});
