/** Turns engine results into protocol messages: dataset views, metric points, snapshots, divergence text. */
import type { Evaluation, Snapshot } from '../engine/backend';
import type { RunConfig } from '../engine/config';
import type { ModelSpec } from '../engine/model';
import { regularizationTerm, type RunSetup } from '../engine/run';
import type { CompressionView, DatasetView, FromWorker, MetricPoint, MnistView } from './protocol';

const OPTIMIZER_NAMES: Record<RunConfig['optimizer'], string> = {
  sgd: 'SGD', momentum: 'Momentum', rmsprop: 'RMSprop', adagrad: 'Adagrad', adam: 'Adam', adamw: 'AdamW',
};

export function laneLabel(config: RunConfig): string {
  const extra = config.optimizer === 'momentum' && config.nesterov ? ' (Nesterov)' : config.optimizer === 'rmsprop' && config.centered ? ' (centered)' : '';
  return `${OPTIMIZER_NAMES[config.optimizer]}${extra} · lr ${config.learningRate}`;
}

/**
 * The data as the UI draws it. MNIST's images stay in the worker (188 MB of floats for all 60,000 digits):
 * trainX and testX are empty for MNIST, the labels (one-hot) are sent; the MNIST views carry the digits shown.
 */
export function toDatasetView(setup: RunSetup): DatasetView {
  const { data } = setup;
  const images = data.name !== 'mnist';
  return {
    task: data.task,
    inputDim: data.inputDim,
    outputDim: data.outputDim,
    trainX: images ? data.train.x.slice() : new Float32Array(0),
    trainY: data.train.y.slice(),
    testX: images ? data.test.x.slice() : new Float32Array(0),
    testY: data.test.y.slice(),
    bounds: data.bounds,
    gridSize: setup.gridSize,
  };
}

/** A metric point, or null when the loss is not finite (the run diverged). */
export function toPoint(lane: number, step: number, epoch: number, learningRate: number, config: RunConfig, ev: Evaluation): MetricPoint | null {
  if (!Number.isFinite(ev.trainLoss) || !Number.isFinite(ev.testLoss)) return null;
  const totalLoss = ev.trainLoss + regularizationTerm(config, ev.paramSumSq, ev.paramSumAbs);
  const point: MetricPoint = { lane, step, epoch, trainLoss: ev.trainLoss, testLoss: ev.testLoss, totalLoss, gradNorms: ev.gradNorms, learningRate };
  if (ev.trainAccuracy !== undefined) point.trainAccuracy = ev.trainAccuracy;
  if (ev.testAccuracy !== undefined) point.testAccuracy = ev.testAccuracy;
  return point;
}

/**
 * A snapshot message: histograms labelled with the widths in force (`spec`, which neuron pruning shrinks),
 * the compression view with the test accuracy of the same evaluation, and the MNIST views when given.
 */
export function toSnapshot(
  runId: number,
  step: number,
  spec: ModelSpec,
  snapshot: Snapshot,
  compression: CompressionView,
  testAccuracy: number | undefined,
  mnist?: MnistView,
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
    output: snapshot.output,
    compression: testAccuracy === undefined ? compression : { ...compression, testAccuracy },
  };
  if (mnist) msg.mnist = mnist;
  return msg;
}

/**
 * Which layer the divergence started in: a layer whose gradient norm is already non-finite while others
 * are not; else, when all are, the layer with the largest gradient norm at the last finite reading.
 */
export function divergenceLayer(before: number[] | null, now: number[]): number | null {
  const bad = now.map((g, l) => (Number.isFinite(g) ? -1 : l)).filter((l) => l >= 0);
  if (bad.length > 0 && bad.length < now.length) return bad[0];
  if (before && before.length > 0) return before.reduce((best, g, l) => (g > before[best] ? l : best), 0);
  return bad.length > 0 ? bad[bad.length - 1] : null;
}

export function describeDivergence(lane: number, step: number, config: RunConfig, laneName: string | null, lastFinite: number[] | null, now: number[]): string {
  // a reading taken before any step has no gradient yet (all zeros): it tells nothing
  const before = lastFinite && lastFinite.some((g) => g > 0) ? lastFinite : null;
  const layer = divergenceLayer(before, now);
  const where = layer === null ? '' : ` It started in layer ${layer + 1}${before ? ` (gradient norm ${before[layer].toPrecision(3)} just before)` : ''}.`;
  const who = laneName ? `Race lane “${laneName}”: the` : 'The';
  const what = lane === 0 ? 'so training was paused' : 'so this lane stopped; the others go on';
  return `${who} loss became NaN or infinite by step ${step}, ${what}.${where} The learning rate ${config.learningRate} is probably too large: try a smaller learning rate, then Reset.`;
}
