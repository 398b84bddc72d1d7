/**
 * The MNIST views of a snapshot (protocol.ts MnistView): the confusion matrix and the misclassified digits
 * from the test split's raw outputs, and the first layer's weights as images from the effective parameters.
 * Predictions are the argmax of the outputs, first maximum on ties (as ops/loss.ts accuracy counts them).
 */
import { MNIST_CLASSES, type MnistSplitRaw } from '../engine/mnist';
import type { ParamLayout } from '../engine/model';
import type { MnistView } from './protocol';

export const MAX_MISCLASSIFIED = 24;
export const MAX_WEIGHT_IMAGES = 64;

/** Index of the largest of `classes` outputs in row `row` (the first one on ties). */
export function argmaxRow(outputs: Float32Array, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (outputs[row * classes + c] > outputs[row * classes + best]) best = c;
  return best;
}

/** counts[true · classes + predicted] over the first `n` test rows. */
export function confusionMatrix(outputs: Float32Array, labels: Uint8Array, n: number, classes = MNIST_CLASSES): number[] {
  const counts = new Array<number>(classes * classes).fill(0);
  for (let i = 0; i < n; i++) counts[labels[i] * classes + argmaxRow(outputs, i, classes)]++;
  return counts;
}

/** The first `max` misclassified rows among the first `n`, in test-set order, with their pixels (copied). */
export function misclassifiedDigits(outputs: Float32Array, test: MnistSplitRaw, n: number, pixelsPerImage: number, max = MAX_MISCLASSIFIED, classes = MNIST_CLASSES): MnistView['misclassified'] {
  const out: MnistView['misclassified'] = [];
  for (let i = 0; i < n && out.length < max; i++) {
    const predicted = argmaxRow(outputs, i, classes);
    if (predicted === test.labels[i]) continue;
    out.push({ index: i, label: test.labels[i], predicted, pixels: test.images.slice(i * pixelsPerImage, (i + 1) * pixelsPerImage) });
  }
  return out;
}

/** The first layer's W rows of the first `max` neurons, [neurons.length, inDim], copied from `params`. */
export function firstLayerWeights(params: Float32Array, layout: ParamLayout, max = MAX_WEIGHT_IMAGES): MnistView['firstLayer'] {
  const W = layout.layers[0].W;
  const [rows, inDim] = W.shape;
  const count = Math.min(rows, max);
  return {
    neurons: Array.from({ length: count }, (_, i) => i),
    weights: params.slice(W.offset, W.offset + count * inDim),
  };
}

/** The whole view from a snapshot's extras: `testOutput` [n, 10] for the first `n` test digits, `params` effective. */
export function mnistView(testOutput: Float32Array, params: Float32Array, layout: ParamLayout, test: MnistSplitRaw, n: number, pixelsPerImage: number): MnistView {
  return {
    confusion: confusionMatrix(testOutput, test.labels, n),
    misclassified: misclassifiedDigits(testOutput, test, n, pixelsPerImage),
    firstLayer: firstLayerWeights(params, layout),
  };
}

/** The buffers of a view that can be moved to the UI instead of copied. */
export function mnistTransfers(view: MnistView): ArrayBuffer[] {
  return [view.firstLayer.weights.buffer, ...view.misclassified.map((d) => d.pixels.buffer)];
}
