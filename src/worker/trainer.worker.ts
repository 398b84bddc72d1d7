/// <reference lib="webworker" />
/**
 * The training worker. Owns the run (data, model, one backend per lane, the compressor) and the step loop;
 * talks to the UI only through protocol.ts. The loop submits steps in time-boxed chunks, keeps at most one
 * chunk queued behind the GPU, and asks for metrics on the cadence of cadence.ts (every 100 ms for toy
 * models, spaced to at most 20% of the time for expensive ones) without ever waiting for them. In a race,
 * every lane trains the same network from the same weights on the same batches.
 *
 * Compression (engine/compressor.ts) acts on lane 0, the main run; race lanes are not compressed. Before a
 * step for which the compressor is due, the loop awaits its work (the one place it awaits the device:
 * pruning events are rare). Neuron pruning shrinks the model: lane 0 gets a new backend with the smaller
 * spec, and the next snapshot carries the new widths (snapshot.compression.widths).
 */
import { BackendLimitError, type TrainingBackend } from '../engine/backend';
import { Compressor, type Shrink } from '../engine/compressor';
import { needsRebuild, validateConfig, type RunConfig } from '../engine/config';
import type { MnistRaw } from '../engine/mnist';
import { compressionChanged, effectiveBatch, laneConfig, optimizerStateChanges, setupRun, stepSettings, type RunSetup } from '../engine/run';
import { loadMnist, mnistAssetUrl } from '../data/loadMnist';
import { createBackendChooser } from './backends';
import { EvalCadence, evalCost, type EvalKind } from './cadence';
import { MnistSource } from './dataLoader';
import { mnistTransfers, mnistView } from './mnistViews';
import { describeDivergence, laneLabel, toDatasetView, toPoint, toSnapshot } from './reports';
import type { FromWorker, MetricPoint, ToWorker } from './protocol';

const CHUNK_MS = 16;
/** At most this much device work per chunk (two chunks are in flight at most). */
const CHUNK_DEVICE_MS = 200;
const STATUS_MS = 250;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

interface Lane {
  /** The config this lane trains with (lane 0: the run's config). */
  config: RunConfig;
  backend: TrainingBackend;
  diverged: boolean;
  /** Gradient norms of the last finite evaluation, to tell where a divergence started. */
  lastGradNorms: number[] | null;
  /** Step at which the optimizer state was last zeroed: t counts from here. */
  optimizerSince: number;
}

interface Run {
  id: number;
  config: RunConfig;
  /** The run's setup; after neuron pruning, `init` holds the smaller model of lane 0. */
  setup: RunSetup;
  lanes: Lane[];
  step: number;
  running: boolean;
  points: MetricPoint[];
  lastPost: number;
  rate: Array<{ t: number; step: number }>;
  cadence: EvalCadence;
  /** Evaluations not yet resolved (a forced one waits for them, so the backend has a readback free). */
  inFlight: Set<Promise<unknown>>;
  compressor: Compressor;
  /** The compression work in progress, if any: one at a time. */
  compressing: Promise<void> | null;
  /** The loaded digits (MNIST runs only), for the misclassified digits. */
  mnist: MnistRaw | null;
}

let run: Run | null = null;
let runIds = 0;
let assetBase: string | null = null;

const mnistSource = new MnistSource(
  (progress) => loadMnist(mnistAssetUrl(assetBase ?? scope.location.href), progress),
  (loaded, total) => post({ type: 'loading', what: 'MNIST', loaded, total }),
);

const chooser = createBackendChooser(
  (reason) => {
    const r = run;
    post({ type: 'error', kind: 'device-lost', message: `${reason}. OptiPlay switched to the CPU and restarted this run from step 0; your settings are kept.` });
    if (r) enqueue(async () => { if (await build(r.config)) setRunning(r.running); });
  },
  (message) => post({ type: 'error', kind: 'internal', message }),
);

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Messages are handled one at a time (building a run is async). */
let chain: Promise<void> = Promise.resolve();
function enqueue(task: () => Promise<void> | void) {
  chain = chain.then(task).catch((e: unknown) => post({ type: 'error', kind: 'internal', message: errorText(e) }));
}

scope.onmessage = (e: MessageEvent<ToWorker>) => enqueue(() => handle(e.data));

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      assetBase = msg.assetBase ?? null;
      if (msg.forceCpu) chooser.useCpu('The CPU backend was chosen');
      await build(validateConfig(msg.config).config);
      return;
    case 'configure': {
      const config = validateConfig(msg.config).config;
      if (run && !needsRebuild(run.config, config)) {
        const r = run;
        const before = r.config;
        r.config = config;
        [config, ...config.race.map((l) => laneConfig(config, l))].forEach((c, i) => setLaneConfig(r, r.lanes[i], c));
        // running: the loop picks the change up before its next step; paused: apply it now and show it
        if (!r.running && compressionChanged(before, config)) {
          await compressIfDue(r);
          if (run === r && !r.running) void evaluateNow(r);
        }
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
    case 'step': {
      const r = run;
      if (r && !r.running) {
        await compressIfDue(r);
        if (run !== r || r.running) return;
        doStep(r);
        void evaluateNow(r);
        postStatus(r);
      }
      return;
    }
    case 'reset':
      if (run) await build(run.config);
      return;
  }
}

/** The MNIST digits, downloading them once; null (with a 'data' error posted) when they cannot be had. */
async function mnistFor(config: RunConfig): Promise<MnistRaw | null> {
  try {
    return await mnistSource.get();
  } catch (e) {
    const kept = run ? 'The previous run is kept.' : 'Pick another dataset to train on, or reload the page to try again.';
    post({ type: 'error', kind: 'data', message: `MNIST could not be loaded (${config.samples} training digits were asked for): ${errorText(e)} ${kept}` });
    return null;
  }
}

/** Builds a fresh run; on a model too big for the device, or MNIST that cannot be loaded, the previous run is kept. */
async function build(config: RunConfig): Promise<boolean> {
  let mnist: MnistRaw | null = null;
  if (config.dataset === 'mnist') {
    mnist = await mnistFor(config);
    if (!mnist) return false;
  }
  const setup = setupRun(config, mnist ?? undefined);
  const batch = effectiveBatch(config, setup.data);
  const laneConfigs = [config, ...config.race.map((l) => laneConfig(config, l))];
  const made: Array<Awaited<ReturnType<typeof chooser.create>>> = [];
  try {
    for (let i = 0; i < laneConfigs.length; i++) made.push(await chooser.create(setup.init, batch));
  } catch (e) {
    made.forEach((m) => m.backend.destroy());
    if (!(e instanceof BackendLimitError)) throw e;
    if (run) {
      post({ type: 'error', kind: 'limits', message: `${e.message} The previous model is kept.` });
      return false;
    }
    chooser.useCpu(e.message.replace(/\.$/, ''));
    made.length = 0;
    for (let i = 0; i < laneConfigs.length; i++) made.push(await chooser.create(setup.init, batch));
  }
  if (run) {
    run.running = false;
    run.lanes.forEach((l) => l.backend.destroy());
  }
  const lanes: Lane[] = made.map((m, i) => ({ config: laneConfigs[i], backend: m.backend, diverged: false, lastGradNorms: null, optimizerSince: 0 }));
  const { spec, layout, params } = setup.init;
  const compressor = new Compressor({ spec, layout, initialParams: params, trainRows: setup.data.train.n, seed: config.seed });
  const r: Run = {
    id: ++runIds, config, setup, lanes, step: 0, running: false, points: [], lastPost: 0, rate: [],
    cadence: new EvalCadence(), inFlight: new Set(), compressor, compressing: null, mnist,
  };
  run = r;
  post({
    type: 'ready',
    runId: r.id,
    config,
    backend: made[0].backend.info,
    notice: made[0].notice,
    dataset: toDatasetView(setup),
    lanes: laneConfigs.map(laneLabel),
    widths: [setup.data.inputDim, ...spec.layers.map((l) => l.outDim)],
    paramCount: layout.count,
  });
  // quantization (or pruning from step 0) switched on in the link: in force before the first evaluation
  await compressIfDue(r);
  if (run !== r) return true;
  evaluate(r, 'snapshot', false);
  postStatus(r);
  return true;
}

/** A live settings change; switching optimizer zeroes its state (t restarts at 1), anything else keeps it. */
function setLaneConfig(r: Run, lane: Lane, config: RunConfig) {
  if (optimizerStateChanges(lane.config, config)) {
    lane.backend.resetOptimizerState();
    lane.optimizerSince = r.step;
  }
  lane.config = config;
}

/**
 * Does the compressor's work when it is due before the next step (one job at a time). A failure is
 * reported and training goes on uncompressed; the next due step tries again.
 */
async function compressIfDue(r: Run): Promise<void> {
  while (r.compressing) await r.compressing;
  if (run !== r || !r.compressor.due(r.config, r.step)) return;
  const job = (async () => {
    try {
      const step = r.step;
      const shrink = await r.compressor.apply(r.config, step, r.lanes[0].backend);
      if (run !== r) return;
      // a lottery-ticket rewind set the parameters and zeroed the optimizer state: t restarts at 1
      if (r.compressor.rewoundAt === step) r.lanes[0].optimizerSince = step;
      if (shrink) await adoptShrink(r, shrink);
    } catch (e) {
      if (run === r) post({ type: 'error', kind: 'internal', message: `Pruning or quantization failed at step ${r.step}: ${errorText(e)}` });
    }
  })();
  r.compressing = job;
  await job;
  r.compressing = null;
}

/**
 * Neuron pruning removed neurons: lane 0 continues on a backend built for the smaller model, from the
 * shrunk parameters, at the same step. The new backend's optimizer state is zero, so t restarts at 1
 * (as after an optimizer switch); the step count, the schedule and the history go on.
 */
async function adoptShrink(r: Run, shrink: Shrink): Promise<void> {
  const init = { ...r.setup.init, spec: shrink.spec, layout: shrink.layout, params: shrink.params };
  const made = await chooser.create(init, effectiveBatch(r.config, r.setup.data));
  if (run !== r) {
    made.backend.destroy();
    return;
  }
  // evaluations in flight read the old backend's buffers: let them land before it goes
  while (r.inFlight.size > 0) await Promise.allSettled([...r.inFlight]);
  if (run !== r) {
    made.backend.destroy();
    return;
  }
  const lane = r.lanes[0];
  lane.backend.destroy();
  lane.backend = made.backend;
  lane.optimizerSince = r.step;
  r.setup = { ...r.setup, init };
  r.compressor.adopt(made.backend);
  // the UI learns the new widths from the snapshot's compression view
  evaluate(r, 'snapshot', false);
}

function setRunning(on: boolean) {
  const r = run;
  if (!r || r.running === on) return;
  r.running = on;
  if (on) {
    r.rate = [];
    void loop(r);
  } else {
    flushPoints(r);
    void evaluateNow(r);
  }
  postStatus(r);
}

function doStep(r: Run) {
  const batch = r.setup.sampler.next(effectiveBatch(r.config, r.setup.data));
  for (const lane of r.lanes) if (!lane.diverged) lane.backend.step(batch, stepSettings(lane.config, r.step, lane.optimizerSince));
  r.step++;
}

async function loop(r: Run) {
  let queued: Promise<void> | null = null;
  // device time per step, measured from chunk completions (0: unknown): caps a chunk at CHUNK_DEVICE_MS of
  // device work, so a slow device (LeNet on a software GPU) is not handed seconds of queued steps
  let msPerStep = 0;
  let lastDone: number | null = null;
  while (r.running && run === r) {
    const t0 = performance.now();
    const first = r.step;
    const cap = msPerStep > 0 ? Math.max(1, Math.floor(CHUNK_DEVICE_MS / msPerStep)) : Infinity;
    let due = false;
    do {
      due = r.compressor.due(r.config, r.step);
      if (due) break;
      doStep(r);
    } while (performance.now() - t0 < CHUNK_MS && r.step - first < cap);
    if (due) {
      await compressIfDue(r);
      queued = null; // the compressor's device work finished after every step enqueued before it
      lastDone = null;
      if (!r.running || run !== r) break;
      continue;
    }
    const steps = r.step - first;
    const done = r.lanes[r.lanes.length - 1].backend.settled().then(() => {
      // this chunk was queued before the previous one finished: the device worked on it from then on
      const t = performance.now();
      if (lastDone !== null && steps > 0) {
        const ms = (t - lastDone) / steps;
        msPerStep = msPerStep === 0 ? ms : msPerStep + 0.3 * (ms - msPerStep);
      }
      lastDone = t;
    });
    if (queued) await queued;
    queued = done;
    // a pause, a reset or a rebuild may have come in while waiting: this run's backends may be gone
    if (!r.running || run !== r) break;
    const now = performance.now();
    const kind = r.cadence.due(now);
    if (kind) evaluate(r, kind);
    if (now - r.lastPost >= STATUS_MS) {
      flushPoints(r);
      postStatus(r);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * A fresh evaluation with a snapshot now (Pause, Step, a setting changed while paused), once the ones in
 * flight have come back so the backend has a readback free.
 */
async function evaluateNow(r: Run): Promise<void> {
  await quiet(r);
  if (run === r && !r.running) evaluate(r, 'snapshot');
}

/** Resolves once no compression job and no evaluation of this run is in flight. */
async function quiet(r: Run): Promise<void> {
  while (r.compressing || r.inFlight.size > 0) {
    if (r.compressing) await r.compressing;
    if (r.inFlight.size > 0) await Promise.allSettled([...r.inFlight]);
  }
}

/**
 * Enqueues an evaluation of every live lane (a snapshot of lane 0 when kind is 'snapshot'); never waits.
 * `measure` false: its time does not count for the cadence (the first one on a new backend also compiles
 * the evaluation pipelines, seconds on a software GPU).
 */
function evaluate(r: Run, kind: EvalKind, measure = true) {
  const t0 = performance.now();
  r.cadence.started(t0, kind);
  const step = r.step;
  const epoch = r.setup.sampler.epoch;
  // what this evaluation sees: the model and compression in force now
  const { spec, layout } = r.setup.init;
  const compression = kind === 'snapshot' ? r.compressor.view(r.config) : null;
  let ahead: number | null = null;
  void r.lanes[r.lanes.length - 1].backend.settled().then(() => (ahead = performance.now()));
  let extraMs = 0;
  const pendings = r.lanes.map((lane, i) => {
    if (lane.diverged) return null;
    const pending = lane.backend.evaluate(kind === 'snapshot' && i === 0);
    if (!pending) return null;
    const learningRate = stepSettings(lane.config, Math.max(0, step - 1), Math.min(lane.optimizerSince, Math.max(0, step - 1))).hyper.learningRate;
    return pending.then(
      ({ evaluation, snapshot }) => {
        if (run !== r) return;
        const point = toPoint(i, step, epoch, learningRate, lane.config, evaluation);
        if (!point) return onDivergence(r, i, step, evaluation.gradNorms);
        lane.lastGradNorms = evaluation.gradNorms;
        r.points.push(point);
        if (!r.running) flushPoints(r);
        if (snapshot && compression) {
          const s0 = performance.now();
          const mnist = r.mnist && snapshot.testOutput && snapshot.params
            ? mnistView(snapshot.testOutput, snapshot.params, layout, r.mnist.test, r.setup.data.test.n, r.mnist.rows * r.mnist.cols)
            : undefined;
          const msg = toSnapshot(r.id, step, spec, snapshot, compression, evaluation.testAccuracy, mnist);
          post(msg, [msg.output.buffer, ...(mnist ? mnistTransfers(mnist) : [])]);
          extraMs += performance.now() - s0;
        }
      },
      (e: unknown) => {
        // a run replaced meanwhile destroys its buffers, readbacks in flight included: nothing is lost
        if (run === r) post({ type: 'error', kind: 'internal', message: `Reading metrics failed: ${errorText(e)}` });
      },
    );
  });
  const t1 = performance.now();
  const all = Promise.all(pendings).then(() => {
    if (measure && pendings.some((p) => p)) r.cadence.measured(kind, evalCost(t0, t1, ahead, performance.now()) + extraMs);
  });
  r.inFlight.add(all);
  void all.finally(() => r.inFlight.delete(all));
}

function onDivergence(r: Run, i: number, step: number, gradNorms: number[]) {
  const lane = r.lanes[i];
  if (lane.diverged) return;
  lane.diverged = true;
  flushPoints(r);
  const message = describeDivergence(i, step, lane.config, r.lanes.length > 1 ? laneLabel(lane.config) : null, lane.lastGradNorms, gradNorms);
  if (i === 0) r.running = false;
  post({ type: 'halted', runId: r.id, lane: i, step, message });
  postStatus(r);
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
