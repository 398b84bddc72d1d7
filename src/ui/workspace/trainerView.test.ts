import { describe, expect, it } from 'vitest';
import type { FromWorker, MetricPoint } from '../../worker/protocol';
import { logAxis, positiveOrNull } from '../common/logAxis';
import { EMPTY, askRunning, reduce, speedText, stopped, type ReadyMessage, type TrainerView } from './trainerView';

const ready = (runId: number, lanes: string[]): ReadyMessage =>
  ({ type: 'ready', runId, lanes, config: {}, backend: {}, dataset: {}, widths: [2, 4, 2], paramCount: 22, cause: 'new', step: 0, history: [], storeId: `run-${runId}`, name: null }) as unknown as ReadyMessage;

const point = (lane: number, step: number, trainLoss = 1): MetricPoint => ({
  lane, step, epoch: 0, trainLoss, testLoss: trainLoss, totalLoss: trainLoss, gradNorms: [1, 2], learningRate: 0.1,
});

const fold = (msgs: FromWorker[], view: TrainerView = EMPTY) => msgs.reduce(reduce, view);

describe('trainer view', () => {
  it('keeps race lanes out of the main metrics', () => {
    const v = fold([ready(1, ['SGD', 'Adam']), { type: 'metrics', runId: 1, points: [point(0, 0), point(1, 0, 5), point(0, 10), point(1, 10, 4)] }]);
    expect(v.metrics.map((p) => [p.lane, p.step])).toEqual([[0, 0], [0, 10]]);
    expect(v.lanes[1].map((p) => p.trainLoss)).toEqual([5, 4]);
    expect(v.metrics).toBe(v.lanes[0]);
  });

  it('a race lane that diverges stops alone; the main run keeps running', () => {
    const running: FromWorker = { type: 'status', runId: 1, running: true, step: 40, epoch: 1, stepsPerSecond: 10 };
    const v = fold([ready(1, ['SGD', 'SGD · lr 10']), running, { type: 'halted', runId: 1, lane: 1, step: 30, message: 'x' }]);
    expect(v.status.running).toBe(true);
    expect(v.halts).toEqual({ 1: 30 });
    const w = reduce(v, { type: 'halted', runId: 1, lane: 0, step: 50, message: 'y' });
    expect(w.status.running).toBe(false);
  });

  it('a new run clears every lane and drops messages of the old one', () => {
    const v = fold([ready(1, ['A', 'B']), { type: 'metrics', runId: 1, points: [point(1, 0)] }, ready(2, ['A']), { type: 'metrics', runId: 1, points: [point(0, 5)] }]);
    expect(v.lanes).toEqual([[]]);
    expect(v.halts).toEqual({});
  });
});

describe('trainer view: opened runs', () => {
  it('an opened run brings its history into its lanes, starts at its step, and learns its saved name', () => {
    const opened = { ...ready(3, ['Adam', 'SGD']), cause: 'open', step: 40, history: [point(0, 10), point(1, 10, 3), point(0, 40)] } as unknown as ReadyMessage;
    let v = reduce(EMPTY, opened);
    expect(v.lanes.map((l) => l.map((p) => p.step))).toEqual([[10, 40], [10]]);
    expect(v.metrics).toBe(v.lanes[0]);
    expect(v.status).toMatchObject({ running: false, step: 40 });
    expect(v.run).not.toHaveProperty('history');
    v = reduce(v, { type: 'saved', runId: 3, summary: { name: 'Mine', savedAt: 123 } } as unknown as FromWorker);
    expect(v.run?.name).toBe('Mine');
    expect(reduce(v, { type: 'saved', runId: 2, summary: { name: 'Old', savedAt: 9 } } as unknown as FromWorker)).toBe(v);
  });
});

describe('trainer view: loading, compression, MNIST', () => {
  const compression = (label: string, best: number, testAccuracy: number) => ({
    layers: [], total: { float32: 1000, dense: best, sparse: null, best }, sparsity: 0, widths: [2, 4, 2], label, testAccuracy,
  });
  const readyMnist = (runId: number) => ({ ...ready(runId, ['Adam']), config: { dataset: 'mnist' } }) as unknown as ReadyMessage;
  const snap = (runId: number, step: number, label: string, best: number, acc: number): FromWorker => ({
    type: 'snapshot', runId, step, histograms: [], output: new Float32Array(0), compression: compression(label, best, acc),
  });

  it('shows download progress until the run is ready, or until a data error', () => {
    let v = fold([{ type: 'loading', what: 'MNIST', loaded: 3_100_000, total: 11_200_000 }]);
    expect(v.loading).toEqual({ what: 'MNIST', loaded: 3_100_000, total: 11_200_000 });
    v = reduce(v, readyMnist(1));
    expect(v.loading).toBeNull();
    v = fold([{ type: 'loading', what: 'MNIST', loaded: 1, total: 0 }, { type: 'error', kind: 'data', message: 'offline' }], v);
    expect(v.loading).toBeNull();
    expect(v.run?.runId).toBe(1);
  });

  it('keeps the latest compression and MNIST views, and every configuration across runs', () => {
    const mnist = { confusion: new Array(100).fill(0), misclassified: [], firstLayer: { neurons: [], weights: new Float32Array(0) } };
    let v = fold([readyMnist(1), snap(1, 10, 'dense float32', 1000, 0.5), { ...(snap(1, 20, 'dense float32', 1000, 0.8) as object), mnist } as unknown as FromWorker]);
    expect(v.snapshot?.compression.label).toBe('dense float32');
    expect(v.snapshot?.mnist).toBe(mnist);
    expect(v.sizePoints.map((p) => [p.label, p.accuracy])).toEqual([['dense float32', 0.8]]);
    v = fold([snap(1, 30, '90% magnitude', 120, 0.78), readyMnist(2), snap(1, 40, 'stale', 1, 1), snap(2, 0, 'dense float32', 1000, 0.1)], v);
    expect(v.snapshot?.mnist).toBeNull();
    expect(v.sizePoints.map((p) => [p.label, p.accuracy])).toEqual([['dense float32', 0.1], ['90% magnitude', 0.78]]);
  });
});

describe('trainer view: Train and Pause answer at once', () => {
  const status = (running: boolean, step: number, stepsPerSecond = running ? 0.25 : 0): FromWorker => ({ type: 'status', runId: 1, running, step, epoch: 0, stepsPerSecond });
  const metrics = (...steps: number[]): FromWorker => ({ type: 'metrics', runId: 1, points: steps.map((s) => point(0, s)) });
  const training = () => fold([ready(1, ['Adam']), status(true, 3)]);

  it('a Pause shows at once as pausing, and a status posted before the worker read it does not flip the page back', () => {
    let v = askRunning(training(), false);
    expect(v.status).toMatchObject({ running: false, stepsPerSecond: 0, pausing: true });
    expect(speedText(v.status)).toBe('pausing: finishing the step under way');
    // the worker was between chunks: a status of the run still training, then its answer with every step enqueued
    v = reduce(v, status(true, 4));
    expect(v.status).toMatchObject({ running: false, step: 4, stepsPerSecond: 0, pausing: true });
    v = fold([metrics(3), status(false, 5)], v);
    expect(v.status).toMatchObject({ running: false, step: 5, pausing: true });
    expect(v.requested).toBeNull();
    // metrics from before step 5 do not end it; the pause's evaluation at step 5 (behind the steps on the device) does
    v = reduce(v, metrics(4));
    expect(v.status.pausing).toBe(true);
    v = reduce(v, metrics(5));
    expect(v.status.pausing).toBe(false);
    expect(speedText(v.status)).toBe('0 steps/s');
  });

  it('a Train shows at once, and a stale paused status does not flip it back', () => {
    let v = fold([ready(1, ['Adam']), status(false, 0)]);
    v = askRunning(v, true);
    expect(v.status.running).toBe(true);
    v = reduce(v, status(false, 0));
    expect(v.status.running).toBe(true);
    expect(v.requested).toBe(true);
    v = fold([status(true, 1, 0), status(true, 9, 40)], v);
    expect(v.requested).toBeNull();
    expect(v.status).toMatchObject({ running: true, step: 9, stepsPerSecond: 40, pausing: false });
    // once confirmed, the worker's word holds again (it stops by itself, e.g. a new backend)
    expect(reduce(v, status(false, 9)).status.running).toBe(false);
  });

  it('Train while pausing trains; a halt, a dead worker or a new run end the pausing', () => {
    const pausing = askRunning(training(), false);
    expect(askRunning(pausing, true).status).toMatchObject({ running: true, pausing: false });
    expect(reduce(pausing, { type: 'halted', runId: 1, lane: 0, step: 4, message: 'NaN' }).status).toMatchObject({ running: false, step: 4, pausing: false });
    expect(reduce(pausing, { type: 'error', kind: 'internal', message: 'x' }).status.pausing).toBe(false);
    expect(stopped(pausing)).toMatchObject({ requested: null, status: { running: false, pausing: false } });
    expect(reduce(pausing, ready(2, ['Adam']))).toMatchObject({ requested: null, status: { running: false, pausing: false } });
    // a Pause of a run already stopped is no pausing
    expect(askRunning(stopped(training()), false).status.pausing).toBe(false);
  });

  it('says the speed in steps a second, or seconds a step when slower than one a second', () => {
    const s = (running: boolean, stepsPerSecond: number) => speedText({ running, step: 1, epoch: 0, stepsPerSecond, pausing: false });
    expect(s(true, 120.4)).toBe('120 steps/s');
    expect(s(true, 0.23)).toBe('4.3 s/step');
    expect(s(true, 0)).toBe('0 steps/s');
    expect(s(false, 0.23)).toBe('0 steps/s');
  });
});

describe('log axis', () => {
  it('skips values a log scale cannot draw and snaps to nice ticks', () => {
    expect([0, -1, NaN, Infinity, 2].map(positiveOrNull)).toEqual([null, null, null, null, 2]);
    expect(logAxis([null, 0])).toBeNull();
    expect(logAxis([0.68, 0.75])).toEqual({ domain: [0.6, 0.8], ticks: [0.6, 0.7, 0.8] });
    const wide = logAxis([1e-7, 3]);
    expect(wide?.domain[0]).toBeLessThanOrEqual(1e-7);
    expect(wide?.domain[1]).toBeGreaterThanOrEqual(3);
    expect(wide?.ticks.length).toBeLessThanOrEqual(9);
  });
});
