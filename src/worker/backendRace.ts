/**
 * Which backend trains a run (issue 18, "the faster backend is chosen for the person"). At the start of a
 * run the worker times a few real training steps of the run's own model, on its own data and batch size,
 * on each backend that can train it (WebGPU when an adapter exists and the model fits; the CPU engine,
 * whatever kernels createCpuBackend gives, always), through the TrainingBackend interface, and trains on
 * the faster. The person may override it (Backend: Automatic (fastest), WebGPU, CPU).
 *
 *   race:    one backend at a time: made, WARMUP_STEPS steps (the GPU compiles its pipelines), then timed
 *            in growing rounds kept queued as the training loop keeps them (samplesPerSecond) until
 *            TIMED_STEPS steps took at least MIN_TIMED_MS, or BUDGET_MS passed, whichever first; then
 *            destroyed before the next is made (a model near the GPU's limits never has two copies there). The run is then built fresh on the
 *            winner, so its results do not depend on the race (the two backends are deterministic twins).
 *   cache:   readings are kept per (model shape, loss, batch size, adapter) for the worker's life: a Reset
 *            or a rebuild of the same model is not timed again.
 *   skipped: a step over RACE_MAX_FLOPS (seconds on a software GPU) is not timed: the run trains on
 *            WebGPU as before the race existed, and the figures say why none were taken.
 *
 * The preference is the person's, not the run's: it is not in the config, the link or a checkpoint (a
 * shared link is opened on another machine, whose fastest backend may be the other one, and both give the
 * same numbers), so the page keeps it in the browser (ui/workspace/backendPreference.ts) and sends it.
 */
import { BackendLimitError, type BackendInfo, type StepSettings, type TrainingBackend } from '../engine/backend';
import type { RunSetup } from '../engine/run';
import { effectiveBatch, stepSettings } from '../engine/run';
import { BatchSampler } from '../engine/sampler';
import { laneTasks } from '../engine/strategies/multitaskLanes';

export type BackendKind = BackendInfo['kind'];
export type BackendChoice = 'auto' | BackendKind;

/** The Backend control's options, in order (the one source of their labels). */
export const BACKEND_CHOICES: ReadonlyArray<{ value: BackendChoice; label: string }> = [
  { value: 'auto', label: 'Automatic (fastest)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'cpu', label: 'CPU' },
];

/** A backend's name in the figures. */
export const BACKEND_NAMES: Record<BackendKind, string> = { webgpu: 'WebGPU', cpu: 'CPU' };

export function isBackendChoice(v: unknown): v is BackendChoice {
  return BACKEND_CHOICES.some((c) => c.value === v);
}

/** Untimed steps first: the GPU's first step compiles its pipelines, the CPU's warms its caches. */
export const WARMUP_STEPS = 2;
/** Timing stops once this many steps were timed over at least MIN_TIMED_MS… */
export const TIMED_STEPS = 5;
export const MIN_TIMED_MS = 100;
/** …or once this long has passed, whichever comes first (or, whatever the clock says, this many steps). */
export const BUDGET_MS = 300;
export const MAX_TIMED_STEPS = 100_000;
/** A round shorter than this is read only as part of the whole (the clock's resolution, a collection). */
export const MIN_ROUND_MS = 2;
/** A step heavier than this (FLOP, engine/estimate.ts) is not timed: a few would take seconds on a software GPU. */
export const RACE_MAX_FLOPS = 1e9;

/** The steps a backend is timed on: the run's batch size, its batches and step settings (seeded, so always the same). */
export interface Trial {
  batch: number;
  /** The i-th step's training rows ([batch]) and settings. */
  step(i: number): { rows: Uint32Array<ArrayBuffer>; settings: StepSettings };
}

/** The run's own steps: its batches (a sampler of its own, the run's is not touched) and lane 0's settings. */
export function trialOf(setup: Pick<RunSetup, 'config' | 'data' | 'init'>): Trial {
  const { config, data, init } = setup;
  const batch = effectiveBatch(config, data);
  const sampler = new BatchSampler(data.train.n, config.seed);
  const tasks = init.spec.heads ? { tasks: laneTasks(config, 0) } : {};
  return { batch, step: (i) => ({ rows: sampler.next(batch), settings: { ...stepSettings(config, i), ...tasks } }) };
}

/**
 * Training samples per second of `backend` on `trial`'s steps, as the worker's loop keeps it busy (one
 * round queued behind the one under way, worker/session.ts): WARMUP_STEPS untimed, then rounds of 1, 2,
 * 4, … steps, each enqueued before the previous one is waited for, each timed from the previous round's
 * end to its own; the fastest counts (once rounds outlast a round trip to the device, its latency is not
 * counted, as it is not while training). A backend that worked in step() (settled at once) is timed when
 * its round ends, not after the next one. Stops once TIMED_STEPS steps took MIN_TIMED_MS and the last
 * round is as fast as the best (within 10%), or BUDGET_MS after the warm-up.
 */
export async function samplesPerSecond(backend: TrainingBackend, trial: Trial, now: () => number = () => performance.now()): Promise<number> {
  let i = 0;
  const step = () => {
    const { rows, settings } = trial.step(i++);
    backend.step(rows, settings);
  };
  for (let w = 0; w < WARMUP_STEPS; w++) step();
  await backend.settled();
  const t0 = now();
  /** Rounds ended so far: steps enqueued up to each, and when it ended. */
  const ends: Array<{ steps: number; at: number }> = [];
  let enqueued = 0;
  let k = 1;
  let previous: Promise<void> | null = null;
  for (;;) {
    for (let j = 0; j < k; j++) step();
    enqueued += k;
    const upTo = enqueued;
    const ended = backend.settled().then(() => void ends.push({ steps: upTo, at: now() }));
    for (let y = 0; y < 3; y++) await null; // a settled() that resolves at once records its end here
    if (previous) await previous;
    previous = ended;
    if (ends.length < 2) {
      k *= 2;
      continue;
    }
    const [first, last] = [ends[0], ends[ends.length - 1]];
    const [steps, ms, spent] = [last.steps - first.steps, last.at - first.at, now() - t0];
    // the fastest round, end to end (early rounds may leave the device idle while their end is reported);
    // rounds under MIN_ROUND_MS are too short for the clock to judge alone
    const rounds = ends.slice(1).map((e, r) => ({ steps: e.steps - ends[r].steps, ms: e.at - ends[r].at }));
    const rate = (d: { steps: number; ms: number }) => (d.ms >= MIN_ROUND_MS ? (d.steps * 1000) / d.ms : 0);
    const best = Math.max(rate({ steps, ms }), ...rounds.map(rate));
    const steady = steps >= TIMED_STEPS && ms >= MIN_TIMED_MS && rate(rounds[rounds.length - 1]) >= 0.9 * best;
    if (spent >= BUDGET_MS || steady || steps >= MAX_TIMED_STEPS) {
      await previous;
      return (best > 0 ? best : (steps * 1000) / Math.max(ms, 1e-3)) * trial.batch;
    }
    // the next round at most what the budget has room for at the speed seen so far
    k = Math.max(1, Math.min(k * 2, Math.floor(((BUDGET_MS - spent) * steps) / Math.max(ms, 1e-3))));
  }
}

/** What the race found for one model: samples/s per backend (null: not timed, or the timing failed). */
export interface Readings {
  webgpu: number | null;
  cpu: number | null;
  /** Why WebGPU cannot train this model here (BackendLimitError's message), when it cannot. */
  gpuLimit?: string;
}

/** A backend that can be raced: made on demand, destroyed once timed. */
export interface Contender {
  kind: BackendKind;
  make(): Promise<TrainingBackend> | TrainingBackend;
}

/** Times each contender in turn on `trial` (one backend alive at a time). */
export async function race(contenders: Contender[], trial: Trial, now?: () => number): Promise<Readings> {
  const out: Readings = { webgpu: null, cpu: null };
  for (const c of contenders) {
    let backend: TrainingBackend | null = null;
    try {
      backend = await c.make();
      out[c.kind] = await samplesPerSecond(backend, trial, now);
    } catch (e) {
      if (e instanceof BackendLimitError && c.kind === 'webgpu') out.gpuLimit = e.message.replace(/\.$/, '');
      // any other failure: that backend is not timed (null), the other one trains
    } finally {
      backend?.destroy();
    }
  }
  return out;
}

/** What the status details say about the backend: both figures, which one trains and why. */
export interface BackendReport {
  /** The person's preference. */
  choice: BackendChoice;
  /** The backend lane 0 trains on. */
  using: BackendKind;
  /** Samples/s at this run's model and batch size (null: not timed). */
  speeds: { webgpu: number | null; cpu: number | null };
  /** WebGPU can train this model here (an adapter exists and the model fits it). */
  webgpu: boolean;
  /** The figures and the choice in a sentence, e.g. "WebGPU 1,240 samples/s · CPU 2,010 samples/s — using the CPU engine (the faster here)". */
  text: string;
}

/** A decision: the backend, the report, and a notice when the CPU is used because WebGPU cannot be. */
export interface Decision {
  kind: BackendKind;
  report: BackendReport;
  notice?: string;
}

export const CPU_SUFFIX = 'so OptiPlay trains on the CPU: the same math, only slower.';

const rate = (v: number | null) => (v === null ? 'not timed' : `${Math.round(v).toLocaleString('en-US')} samples/s`);

/**
 * The backend for `choice` given the readings: the person's choice when it can train the model, else the
 * faster one timed (WebGPU when neither was: the choice before this race existed). `noGpu`: why WebGPU
 * cannot be used at all (no adapter, failed to start), null when it can.
 */
export function decide(choice: BackendChoice, readings: Readings, noGpu: string | null, untimed?: string): Decision {
  const speeds = { webgpu: readings.webgpu, cpu: readings.cpu };
  const blocked = noGpu ?? readings.gpuLimit ?? null;
  let kind: BackendKind;
  let why: string;
  if (blocked) {
    kind = 'cpu';
    why = noGpu ? 'WebGPU is not available here' : 'the model does not fit WebGPU here';
  } else if (choice !== 'auto') {
    kind = choice;
    why = 'your choice';
  } else if (speeds.webgpu !== null && speeds.cpu !== null) {
    kind = speeds.cpu > speeds.webgpu ? 'cpu' : 'webgpu';
    why = 'the faster here';
  } else if (speeds.cpu !== null && readings.webgpu === null && !untimed) {
    kind = 'cpu';
    why = 'WebGPU could not be timed';
  } else {
    kind = 'webgpu';
    why = untimed ?? 'not timed';
  }
  const figures = `${BACKEND_NAMES.webgpu} ${blocked && speeds.webgpu === null ? 'unavailable' : rate(speeds.webgpu)} · ${BACKEND_NAMES.cpu} ${rate(speeds.cpu)}`;
  const using = kind === 'cpu' ? 'the CPU engine' : 'WebGPU';
  const report: BackendReport = { choice, using: kind, speeds, webgpu: !blocked, text: `${figures} — using ${using} (${why})` };
  return { kind, report, ...(blocked ? { notice: `${blocked}, ${CPU_SUFFIX}` } : {}) };
}

/** What the picker needs to know about one run. */
export interface PickInput {
  /** The model's shape, loss and batch size, and the adapter: the cache key. */
  key: string;
  /** The run's steps, or null when a step is too heavy to time (RACE_MAX_FLOPS). */
  trial: Trial | null;
  cpu: Contender;
  /** WebGPU, or why it cannot be used (no adapter, failed to start, the model does not fit). */
  gpu: Contender | { unavailable: string; limit: boolean };
}

/**
 * The person's preference and the readings taken so far (per PickInput.key, for the worker's life).
 * `alone` runs a race with the device to itself (the run training on it holds its steps meanwhile).
 */
export class BackendPicker {
  choice: BackendChoice = 'auto';
  private readonly readings = new Map<string, Readings>();

  /** `now`: the clock races are timed with (tests give a fake one). */
  constructor(private readonly now?: () => number) {}

  async pick(input: PickInput, alone: <T>(measure: () => Promise<T>) => Promise<T> = (m) => m()): Promise<Decision> {
    const { gpu, trial, key } = input;
    if ('unavailable' in gpu) {
      const known = this.readings.get(key) ?? { webgpu: null, cpu: null };
      return gpu.limit ? decide(this.choice, { ...known, gpuLimit: gpu.unavailable }, null) : decide(this.choice, known, gpu.unavailable);
    }
    let found = this.readings.get(key);
    // the person chose a backend: nothing is timed for it (the figures of an earlier race are still shown)
    if (!found && trial && this.choice === 'auto') {
      found = await alone(() => race([input.cpu, gpu], trial, this.now));
      this.readings.set(key, found);
    }
    return decide(this.choice, found ?? { webgpu: null, cpu: null }, null, trial ? undefined : 'a step too heavy to time');
  }

  /** Readings cached for `key` (tests, and the figures shown). */
  cached(key: string): Readings | undefined {
    return this.readings.get(key);
  }
}
