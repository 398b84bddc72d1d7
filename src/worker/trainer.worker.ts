/// <reference lib="webworker" />
/**
 * The training worker. Owns the run (data, model, backend) and the step loop; talks to the UI only
 * through protocol.ts. The loop submits steps in time-boxed chunks, keeps at most one chunk queued
 * behind the GPU, and asks for metrics every EVAL_MS without ever waiting for them.
 */
import { BackendLimitError, type Evaluation, type Snapshot, type TrainingBackend } from '../engine/backend';
import { needsRebuild, validateConfig, type RunConfig } from '../engine/config';
import { effectiveBatch, setupRun, stepSettings, type RunSetup } from '../engine/run';
import { createBackendChooser } from './backends';
import type { DatasetView, FromWorker, MetricPoint, ToWorker } from './protocol';

const CHUNK_MS = 16;
const EVAL_MS = 100;
const SNAPSHOT_MS = 250;
const STATUS_MS = 250;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

interface Run {
  id: number;
  config: RunConfig;
  setup: RunSetup;
  backend: TrainingBackend;
  step: number;
  running: boolean;
  halted: boolean;
  points: MetricPoint[];
  lastEval: number;
  lastSnapshot: number;
  lastPost: number;
  rate: Array<{ t: number; step: number }>;
}

let run: Run | null = null;
let runIds = 0;

const chooser = createBackendChooser(
  (reason) => {
    const r = run;
    post({ type: 'error', kind: 'device-lost', message: `${reason}. OptiPlay switched to the CPU and restarted this run from step 0; your settings are kept.` });
    if (r) enqueue(async () => { if (await build(r.config)) setRunning(r.running); });
  },
  (message) => post({ type: 'error', kind: 'internal', message }),
);

/** Messages are handled one at a time (building a run is async). */
let chain: Promise<void> = Promise.resolve();
function enqueue(task: () => Promise<void> | void) {
  chain = chain.then(task).catch((e: unknown) => post({ type: 'error', kind: 'internal', message: (e as Error).message ?? String(e) }));
}

scope.onmessage = (e: MessageEvent<ToWorker>) => enqueue(() => handle(e.data));

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      if (msg.forceCpu) chooser.useCpu('The CPU backend was chosen');
      await build(validateConfig(msg.config).config);
      return;
    case 'configure': {
      const config = validateConfig(msg.config).config;
      if (run && !needsRebuild(run.config, config)) {
        run.config = config;
        return;
      }
      const wasRunning = run?.running ?? false;
      if (await build(config)) setRunning(wasRunning);
      return;
    }
    case 'train':
      setRunning(true);
      return;
    case 'pause':
      setRunning(false);
      return;
    case 'step':
      if (run && !run.running) {
        doStep(run);
        evaluate(run, true);
        postStatus(run);
      }
      return;
    case 'reset':
      if (run) await build(run.config);
      return;
  }
}

/** Builds a fresh run; on a model too big for the device the previous run is kept. */
async function build(config: RunConfig): Promise<boolean> {
  const setup = setupRun(config);
  let chosen;
  try {
    chosen = await chooser.create(setup.init, effectiveBatch(config, setup.data));
  } catch (e) {
    if (!(e instanceof BackendLimitError)) throw e;
    if (run) {
      post({ type: 'error', kind: 'limits', message: `${e.message} The previous model is kept.` });
      return false;
    }
    chooser.useCpu(e.message.replace(/\.$/, ''));
    chosen = await chooser.create(setup.init, effectiveBatch(config, setup.data));
  }
  if (run) {
    run.running = false;
    run.backend.destroy();
  }
  const r: Run = { id: ++runIds, config, setup, backend: chosen.backend, step: 0, running: false, halted: false, points: [], lastEval: 0, lastSnapshot: 0, lastPost: 0, rate: [] };
  run = r;
  const { data, init } = setup;
  const dataset: DatasetView = {
    task: data.task,
    inputDim: data.inputDim,
    outputDim: data.outputDim,
    trainX: data.train.x.slice(),
    trainY: data.train.y.slice(),
    testX: data.test.x.slice(),
    testY: data.test.y.slice(),
    bounds: data.bounds,
    gridSize: setup.gridSize,
  };
  post({
    type: 'ready',
    runId: r.id,
    config,
    backend: chosen.backend.info,
    notice: chosen.notice,
    dataset,
    widths: [data.inputDim, ...init.spec.layers.map((l) => l.outDim)],
    paramCount: init.layout.count,
  });
  evaluate(r, true);
  postStatus(r);
  return true;
}

function setRunning(on: boolean) {
  const r = run;
  if (!r || r.running === on) return;
  r.running = on;
  if (on) {
    r.halted = false;
    r.rate = [];
    void loop(r);
  } else {
    flushPoints(r);
    evaluate(r, true);
  }
  postStatus(r);
}

function doStep(r: Run) {
  const batch = r.setup.sampler.next(effectiveBatch(r.config, r.setup.data));
  r.backend.step(batch, stepSettings(r.config, r.step));
  r.step++;
}

async function loop(r: Run) {
  let queued: Promise<void> | null = null;
  while (r.running && run === r) {
    const t0 = performance.now();
    do doStep(r);
    while (performance.now() - t0 < CHUNK_MS);
    const done = r.backend.settled();
    if (queued) await queued;
    queued = done;
    const now = performance.now();
    if (now - r.lastEval >= EVAL_MS) evaluate(r, now - r.lastSnapshot >= SNAPSHOT_MS);
    if (now - r.lastPost >= STATUS_MS) {
      flushPoints(r);
      postStatus(r);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function evaluate(r: Run, withSnapshot: boolean) {
  const pending = r.backend.evaluate(withSnapshot);
  if (!pending) return;
  const now = performance.now();
  r.lastEval = now;
  if (withSnapshot) r.lastSnapshot = now;
  const step = r.step;
  const epoch = r.setup.sampler.epoch;
  pending.then(
    ({ evaluation, snapshot }) => onEvaluation(r, step, epoch, evaluation, snapshot),
    (e: unknown) => {
      // a run replaced meanwhile destroys its buffers, readbacks in flight included: nothing is lost
      if (run === r) post({ type: 'error', kind: 'internal', message: `Reading metrics failed: ${(e as Error).message}` });
    },
  );
}

function onEvaluation(r: Run, step: number, epoch: number, ev: Evaluation, snapshot?: Snapshot) {
  if (run !== r) return;
  if (!Number.isFinite(ev.trainLoss) || !Number.isFinite(ev.testLoss)) {
    if (r.halted) return;
    r.halted = true;
    const what = Number.isNaN(ev.trainLoss) || Number.isNaN(ev.testLoss) ? 'NaN (not a number)' : 'infinite';
    flushPoints(r);
    r.running = false;
    post({
      type: 'halted',
      runId: r.id,
      step,
      message: `The loss became ${what} by step ${step}, so training was paused. The learning rate ${r.config.learningRate} is probably too large: try a smaller learning rate, then Reset.`,
    });
    postStatus(r);
    return;
  }
  r.points.push({ step, epoch, ...ev });
  if (!r.running) flushPoints(r);
  if (snapshot) {
    const histograms = snapshot.histograms.map((h, l) => {
      const L = r.setup.init.spec.layers[l];
      return { label: `Layer ${l + 1} (${L.inDim}→${L.outDim})`, min: h.min, max: h.max, counts: Array.from(h.counts) };
    });
    post({ type: 'snapshot', runId: r.id, step, histograms, output: snapshot.output }, [snapshot.output.buffer]);
  }
}

function flushPoints(r: Run) {
  r.lastPost = performance.now();
  if (r.points.length === 0) return;
  post({ type: 'metrics', runId: r.id, points: r.points });
  r.points = [];
}

function postStatus(r: Run) {
  const t = performance.now();
  r.rate.push({ t, step: r.step });
  while (r.rate.length > 2 && t - r.rate[0].t > 2000) r.rate.shift();
  const first = r.rate[0];
  const stepsPerSecond = r.running && t > first.t ? ((r.step - first.step) * 1000) / (t - first.t) : 0;
  post({ type: 'status', runId: r.id, running: r.running, step: r.step, epoch: r.setup.sampler.epoch, stepsPerSecond });
}
