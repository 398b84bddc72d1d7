/** Turns engine results into protocol messages: dataset views and snapshots (metric points and divergence text: engine/train/divergence.ts). */
import type { Snapshot } from '../engine/backend';
import type { ModelSpec } from '../engine/model';
import type { RunSetup } from '../engine/run';
import type { CsvInfo } from '../engine/datasets';
import { headColumns } from '../engine/strategies/multitask';
import type { CompressionView, CsvView, DatasetView, FromWorker, MnistView, NetworkView } from './protocol';

/**
 * The data as the UI draws it. MNIST's images stay in the worker (188 MB of floats for all 60,000 digits):
 * trainX and testX are empty for MNIST, the labels (one-hot) are sent; the MNIST views carry the digits shown.
 */
export function toDatasetView(setup: RunSetup, table?: Omit<CsvView, keyof CsvInfo>): DatasetView {
  const { data } = setup;
  // the points are sent when they are drawn: not MNIST's images, nor a table the Output panel has no picture of
  const images = setup.gridSize > 0;
  const csv = data.csv && table ? { csv: { ...data.csv, ...table } } : {};
  // multi-task: the views that draw the data show the first task (the Multi-task area shows both heads' metrics)
  const first = data.heads?.[0];
  const targets = (y: Float32Array) => (first ? headColumns(y, data.outputDim, first) : y.slice());
  return {
    ...csv,
    task: data.task,
    inputDim: data.inputDim,
    outputDim: first ? first.classes : data.outputDim,
    trainX: images ? data.train.x.slice() : new Float32Array(0),
    trainY: targets(data.train.y),
    testX: images ? data.test.x.slice() : new Float32Array(0),
    testY: targets(data.test.y),
    bounds: data.bounds,
    gridSize: setup.gridSize,
  };
}

/**
 * A snapshot message: histograms labelled with the widths in force (`spec`, which neuron pruning shrinks),
 * the compression view with the test accuracy of the same evaluation, and the MNIST views and the
 * Network panel's view (worker/networkView.ts, when the snapshot carries the effective parameters) when given.
 */
export function toSnapshot(
  runId: number,
  step: number,
  spec: ModelSpec,
  snapshot: Snapshot,
  compression: CompressionView,
  testAccuracy: number | undefined,
  mnist?: MnistView,
  network?: NetworkView,
): Extract<FromWorker, { type: 'snapshot' }> {
  const histograms = snapshot.histograms.map((h, l) => {
    const L = spec.layers[l];
    return { label: `Layer ${l + 1} (${L.inDim}→${L.outDim})`, min: h.min, max: h.max, counts: Array.from(h.counts) };
  });
  const msg: Extract<FromWorker, { type: 'snapshot' }> = {
    type: 'snapshot',
    runId,
    step,
    histograms,
    output: spec.heads ? headColumns(snapshot.output, spec.layers[spec.layers.length - 1].outDim, spec.heads[0]) : snapshot.output,
    compression: testAccuracy === undefined ? compression : { ...compression, testAccuracy },
  };
  if (mnist) msg.mnist = mnist;
  if (network) msg.network = network;
  return msg;
}
