/// <reference lib="webworker" />
/**
 * The training worker. Owns the run (data, model, one backend per lane) and the step loop; talks to the
 * UI only through protocol.ts. The loop submits steps in time-boxed chunks, keeps at most one chunk
 * queued behind the GPU, and asks for metrics every EVAL_MS without ever waiting for them. In a race,
 * every lane trains the same network from the same weights on the same batches.
 */
import { BackendLimitError, type TrainingBackend } from '../engine/backend';
import { needsRebuild, validateConfig, type RunConfig } from '../engine/config';
import { effectiveBatch, laneConfig, optimizerStateChanges, setupRun, stepSettings, type RunSetup } from '../engine/run';
import { createBackendChooser } from './backends';
import { describeDivergence, laneLabel, toDatasetView, toPoint, toSnapshot } from './reports';
import type { FromWorker, MetricPoint, ToWorker } from './protocol';

const CHUNK_MS = 16;
const EVAL_MS = 100;
const SNAPSHOT_MS = 250;
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
  setup: RunSetup;
  lanes: Lane[];
  step: number;
  running: boolean;
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
        const r = run;
        r.config = config;
        [config, ...config.race.map((l) => laneConfig(config, l))].forEach((c, i) => setLaneConfig(r, r.lanes[i], c));
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
  const r: Run = { id: ++runIds, config, setup, lanes, step: 0, running: false, points: [], lastEval: 0, lastSnapshot: 0, lastPost: 0, rate: [] };
  run = r;
  post({
    type: 'ready',
    runId: r.id,
    config,
    backend: made[0].backend.info,
    notice: made[0].notice,
    dataset: toDatasetView(setup),
    lanes: laneConfigs.map(laneLabel),
    widths: [setup.data.inputDim, ...setup.init.spec.layers.map((l) => l.outDim)],
    paramCount: setup.init.layout.count,
  });
  evaluate(r, true);
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

function setRunning(on: boolean) {
  const r = run;
  if (!r || r.running === on) return;
  r.running = on;
  if (on) {
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
  for (const lane of r.lanes) if (!lane.diverged) lane.backend.step(batch, stepSettings(lane.config, r.step, lane.optimizerSince));
  r.step++;
}

async function loop(r: Run) {
  let queued: Promise<void> | null = null;
  while (r.running && run === r) {
    const t0 = performance.now();
    do doStep(r);
    while (performance.now() - t0 < CHUNK_MS);
    const done = r.lanes[r.lanes.length - 1].backend.settled();
    if (queued) await queued;
    queued = done;
    // a pause, a reset or a rebuild may have come in while waiting: this run's backends may be gone
    if (!r.running || run !== r) break;
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
  const now = performance.now();
  r.lastEval = now;
  if (withSnapshot) r.lastSnapshot = now;
  const step = r.step;
  const epoch = r.setup.sampler.epoch;
  r.lanes.forEach((lane, i) => {
    if (lane.diverged) return;
    const pending = lane.backend.evaluate(withSnapshot && i === 0);
    if (!pending) return;
    const learningRate = stepSettings(lane.config, Math.max(0, step - 1), Math.min(lane.optimizerSince, Math.max(0, step - 1))).hyper.learningRate;
    pending.then(
      ({ evaluation, snapshot }) => {
        if (run !== r) return;
        const point = toPoint(i, step, epoch, learningRate, lane.config, evaluation);
        if (!point) return onDivergence(r, i, step, evaluation.gradNorms);
        lane.lastGradNorms = evaluation.gradNorms;
        r.points.push(point);
        if (!r.running) flushPoints(r);
        if (snapshot) {
          const msg = toSnapshot(r.id, step, r.setup, snapshot);
          post(msg, [msg.output.buffer]);
        }
      },
      (e: unknown) => {
        // a run replaced meanwhile destroys its buffers, readbacks in flight included: nothing is lost
        if (run === r) post({ type: 'error', kind: 'internal', message: `Reading metrics failed: ${(e as Error).message}` });
      },
    );
  });
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
