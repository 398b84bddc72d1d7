/**
 * The page's view of the training worker, and the pure reducer that folds each FromWorker message into
 * it. Metric points are kept per lane: lane 0 (the main run) feeds the Loss chart, the readouts and the
 * gradient chart; race lanes (1–3) only feed the race chart, so the two never mix.
 *
 * Train and Pause show at once (askRunning), before the worker answers: a status the worker posted
 * before it read the click (it says the opposite) does not flip the page back. After a Pause the run
 * shows `pausing` until the device has finished the steps already submitted to it, which is when the
 * evaluation the worker takes at the pause (at the step it stopped at) lands; for a heavy model that is
 * seconds after the click.
 */
import type { AugmentedView, CompressionView, FromWorker, LayerHistogram, MetricPoint, MnistView, NetworkView, SoftTargetsView, TeacherView, TransferPoint } from '../../worker/protocol';
import { upsertPoint, type SizePoint } from '../compress/pareto';
import { appendCapped } from '../common/series';
import { NO_FUSION, reduceFusion, type FusionState } from '../fuse/fusionState';

export type ReadyMessage = Extract<FromWorker, { type: 'ready' }>;
export type HaltedMessage = Extract<FromWorker, { type: 'halted' }>;
export type ErrorMessage = Extract<FromWorker, { type: 'error' }>;
export type LoadingMessage = Extract<FromWorker, { type: 'loading' }>;
export type LoadingState = Omit<LoadingMessage, 'type'>;
/** The run as built (its history goes into the lanes). */
export type RunInfo = Omit<ReadyMessage, 'type' | 'history'>;

export interface RunStatus {
  running: boolean;
  step: number;
  epoch: number;
  stepsPerSecond: number;
  /** Paused by the user, while the steps already submitted to the device finish. */
  pausing: boolean;
}

export interface OutputSnapshot {
  step: number;
  histograms: LayerHistogram[];
  output: Float32Array;
  compression: CompressionView;
  /** MNIST runs only. */
  mnist: MnistView | null;
  /** The Network panel's view; null for models too large to read back every snapshot. */
  network: NetworkView | null;
  /** Augmentation on: the last step's batch as the network saw it (Augmented samples, the Output canvas's ghosts). */
  augmented: AugmentedView | null;
}

export interface TrainerView {
  run: RunInfo | null;
  status: RunStatus;
  /** Lane 0 (the main run) only. The same array as lanes[0]. */
  metrics: MetricPoint[];
  /** Per lane, as in run.lanes: [main, …race lanes]. */
  lanes: MetricPoint[][];
  /** Lane → the step at which it diverged and stopped (absent while it trains). */
  halts: Record<number, number>;
  snapshot: OutputSnapshot | null;
  /** A dataset download in progress (MNIST), or null. */
  loading: LoadingState | null;
  /**
   * Every configuration evaluated in this session (kept across runs): its stored size and test accuracy,
   * for the "Accuracy vs size" scatter.
   */
  sizePoints: readonly SizePoint[];
  /** Train (true) or Pause (false) clicked and not yet confirmed by a status of the worker; null: none. */
  requested: boolean | null;
  /** The Soft targets view last answered for this run (a distilled one), or null. */
  softTargets: SoftTargetsView | null;
  /** The Transfer chart of this run: rows so far, the line saying how far it is (null: idle), and why it could not run. */
  transfer: TransferCurveState;
  /** The Fuse area's jobs on saved runs (ui/fuse/fusionState.ts), kept across runs. */
  fusion: FusionState;
}

export interface TransferCurveState {
  points: TransferPoint[];
  progress: string | null;
  problem: string | null;
}

const NO_CURVE: TransferCurveState = { points: [], progress: null, problem: null };

export const IDLE: RunStatus = { running: false, step: 0, epoch: 0, stepsPerSecond: 0, pausing: false };
export const EMPTY: TrainerView = { run: null, status: IDLE, metrics: [], lanes: [[]], halts: {}, snapshot: null, loading: null, sizePoints: [], requested: null, softTargets: null, transfer: NO_CURVE, fusion: NO_FUSION };

/** The teacher as a point of Accuracy vs size: its float32 size and the accuracy it was taken at. */
function teacherPoint(points: readonly SizePoint[], dataset: string, t: TeacherView): readonly SizePoint[] {
  const bytes = t.paramCount * 4;
  const c: CompressionView = { layers: [], total: { float32: bytes, dense: bytes, sparse: null, best: bytes }, sparsity: 0, widths: t.widths, label: 'teacher · dense float32', testAccuracy: t.testAccuracy };
  return upsertPoint(points, dataset, 0, c);
}

/** Train or Pause clicked: shown at once, awaiting the worker's status that agrees (reduce). */
export function askRunning(view: TrainerView, running: boolean): TrainerView {
  const { status } = view;
  const pausing = !running && (status.running || status.pausing);
  return { ...view, requested: running, status: { ...status, running, stepsPerSecond: running ? status.stepsPerSecond : 0, pausing } };
}

/** The run stopped without a word from the worker (it died, or broke): not running, nothing awaited. */
export function stopped(view: TrainerView): TrainerView {
  return { ...view, requested: null, status: { ...view.status, running: false, stepsPerSecond: 0, pausing: false } };
}

/**
 * The status line's speed: "120 steps/s"; a step slower than a second "4.3 s/step"; paused "0 steps/s",
 * or "pausing: …" while the steps on the device finish.
 */
export function speedText(status: RunStatus): string {
  if (status.pausing) return 'pausing: finishing the step under way';
  const rate = status.running ? status.stepsPerSecond : 0;
  return rate > 0 && rate < 1 ? `${(1 / rate).toFixed(1)} s/step` : `${Math.round(rate)} steps/s`;
}

/** Appends each point to its own lane's capped history. */
function appendByLane(lanes: MetricPoint[][], points: readonly MetricPoint[]): MetricPoint[][] {
  const byLane = new Map<number, MetricPoint[]>();
  for (const p of points) {
    const list = byLane.get(p.lane);
    if (list) list.push(p);
    else byLane.set(p.lane, [p]);
  }
  const out = lanes.slice();
  for (const [lane, list] of byLane) {
    if (!Number.isInteger(lane) || lane < 0) continue;
    while (out.length <= lane) out.push([]);
    out[lane] = appendCapped(out[lane], list);
  }
  return out;
}

/** Folds one message into the view; messages from an older run (another runId) are dropped. */
export function reduce(view: TrainerView, msg: FromWorker): TrainerView {
  switch (msg.type) {
    case 'ready': {
      const { type: _type, history, ...run } = msg;
      const empty = run.lanes.map((): MetricPoint[] => []);
      if (empty.length === 0) empty.push([]);
      // an opened or recovered run brings its history: the charts continue it
      const lanes = history.length > 0 ? appendByLane(empty, history) : empty;
      const last = history.filter((p) => p.lane === 0).at(-1);
      const status = { ...IDLE, step: run.step, epoch: last?.epoch ?? 0 };
      const sizePoints = run.teacher ? teacherPoint(view.sizePoints, run.config.dataset, run.teacher) : view.sizePoints;
      return { ...view, run, status, metrics: lanes[0], lanes, halts: {}, snapshot: null, loading: null, requested: null, softTargets: null, transfer: NO_CURVE, sizePoints };
    }
    case 'saved':
      if (msg.runId !== view.run?.runId) return view;
      return { ...view, run: { ...view.run, name: msg.summary.name } };
    case 'configured':
    case 'exported':
      return view;
    case 'metrics': {
      if (msg.runId !== view.run?.runId) return view;
      const lanes = appendByLane(view.lanes, msg.points);
      // the pause's evaluation (taken at the step the worker stopped at, behind the steps on the device) landed
      const { status } = view;
      const settled = status.pausing && view.requested === null && msg.points.some((p) => p.lane === 0 && p.step >= status.step);
      return { ...view, lanes, metrics: lanes[0], ...(settled ? { status: { ...status, pausing: false } } : {}) };
    }
    case 'snapshot':
      if (msg.runId !== view.run?.runId) return view;
    {
      const snapshot = { step: msg.step, histograms: msg.histograms, output: msg.output, compression: msg.compression, mnist: msg.mnist ?? null, network: msg.network ?? null, augmented: msg.augmented ?? null };
      // a distilled student is its own point beside the same model trained alone
      const c = view.run.teacher ? { ...msg.compression, label: `distilled · ${msg.compression.label}` } : msg.compression;
      const sizePoints = upsertPoint(view.sizePoints, view.run.config.dataset, msg.step, c);
      return { ...view, snapshot, sizePoints };
    }
    case 'status': {
      if (msg.runId !== view.run?.runId) return view;
      // posted before the worker read the user's Train or Pause: its step counts, its running state does not
      const stale = view.requested !== null && msg.running !== view.requested;
      const running = stale ? view.status.running : msg.running;
      const status = { running, step: msg.step, epoch: msg.epoch, stepsPerSecond: running ? msg.stepsPerSecond : 0, pausing: !running && view.status.pausing };
      return { ...view, status, requested: stale ? view.requested : null };
    }
    case 'halted': {
      if (msg.runId !== view.run?.runId) return view;
      const halts = { ...view.halts, [msg.lane]: msg.step };
      // Only the main run's divergence pauses training; a race lane stops alone and the others go on.
      if (msg.lane !== 0) return { ...view, halts };
      const s = stopped(view);
      return { ...s, halts, status: { ...s.status, step: msg.step } };
    }
    case 'soft-targets':
      return msg.runId === view.run?.runId ? { ...view, softTargets: msg.view } : view;
    case 'transfer-curve':
      return msg.runId === view.run?.runId ? { ...view, transfer: { points: msg.points, progress: msg.progress, problem: msg.problem ?? null } } : view;
    case 'fusion':
      return { ...view, ...reduceFusion(view.fusion, view.sizePoints, msg.update) };
    case 'loading':
      return { ...view, loading: { what: msg.what, loaded: msg.loaded, total: msg.total } };
    case 'error':
      if (msg.kind === 'data') return { ...view, loading: null };
      return msg.kind === 'internal' ? stopped(view) : view;
  }
}
