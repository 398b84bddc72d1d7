/**
 * What a run will ask of the machine before it starts: memory by part (data, weights with their
 * gradients and optimizer state, masks and quantized copies, the batch's activations, the evaluation)
 * and the arithmetic of one training step. The worker refuses a run whose memory a browser tab cannot
 * hold and warns about one that is heavy, with these figures (worker/host.ts). The step's time is
 * judged twice: before training, from the device's arithmetic speed measured once per backend
 * (worker/deviceSpeed.ts: stepTimeVerdict refuses or warns), and while training, from the steps
 * themselves (worker/session.ts: stepTimeWarning says a slow step once).
 */
import type { RunConfig } from './config';
import type { ModelSpec } from './model';

/** Above this a run is refused: a tab that allocates it may be killed by the browser, losing the page. */
export const REFUSE_BYTES = 2e9;
/** Above this a run is allowed with a warning. */
export const WARN_BYTES = 5e8;

export interface RunEstimate {
  /** Bytes by part. */
  bytes: { data: number; weights: number; activations: number; evaluation: number };
  total: number;
  /** Multiply-adds ×2 of one training step over every lane: forward 2·M·Σ(in·out), backward twice that. */
  flopsPerStep: number;
  lanes: number;
  /** Rows in one training batch (the batch size, at most the training rows). */
  batch: number;
}

const FLOAT = 4;

/**
 * `rows`: training and test rows of the run's data. Per lane the weights count 4 copies (parameters,
 * gradients, two optimizer-state arrays), plus a mask when pruning and a quantized copy when quantizing;
 * activations keep 3 arrays per layer (pre-activation, output, gradient) for the batch; the evaluation
 * runs the test rows forward (2 arrays per layer).
 */
export function estimateRun(config: RunConfig, spec: ModelSpec, rows: { train: number; test: number }): RunEstimate {
  const lanes = 1 + config.race.length;
  const outputDim = spec.layers[spec.layers.length - 1].outDim;
  const weights = spec.layers.reduce((n, l) => n + l.inDim * l.outDim + l.outDim, 0);
  const width = spec.inputDim + spec.layers.reduce((n, l) => n + l.outDim, 0);
  const copies = 4 + (config.prune ? 1 : 0) + (config.quantize ? 1 : 0);
  const batch = Math.min(config.batchSize, rows.train);
  const macs = spec.layers.reduce((n, l) => n + l.inDim * l.outDim, 0);
  const bytes = {
    data: (rows.train + rows.test) * (spec.inputDim + outputDim) * FLOAT,
    weights: lanes * copies * weights * FLOAT,
    activations: lanes * 3 * batch * width * FLOAT,
    evaluation: 2 * rows.test * width * FLOAT,
  };
  return {
    bytes,
    total: bytes.data + bytes.weights + bytes.activations + bytes.evaluation,
    flopsPerStep: lanes * 6 * batch * macs,
    lanes,
    batch,
  };
}

const fmtBytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${Math.round(n / 1e6)} MB` : `${Math.max(1, Math.round(n / 1e3))} kB`);

/** "1.8 GB (data 188 MB, weights 1.2 GB, activations 310 MB, evaluation 96 MB)". */
export function memoryText(e: RunEstimate): string {
  const { data, weights, activations, evaluation } = e.bytes;
  return `${fmtBytes(e.total)} (data ${fmtBytes(data)}, weights and optimizer state ${fmtBytes(weights)}, activations ${fmtBytes(activations)}, evaluation ${fmtBytes(evaluation)})`;
}

/** A refusal (the run is not started) or a warning (it starts), in words with the figures. */
export interface Verdict {
  refuse: boolean;
  message: string;
}

/** The verdict on a run's memory: null when it is light, else a refusal or a warning in words. */
export function memoryVerdict(e: RunEstimate): Verdict | null {
  if (e.total > REFUSE_BYTES) {
    return {
      refuse: true,
      message: `This run would need about ${memoryText(e)}, more than a browser tab can safely hold (${fmtBytes(REFUSE_BYTES)}), so it was not started. Use fewer or narrower layers, fewer race lanes, a smaller batch or fewer samples.`,
    };
  }
  if (e.total > WARN_BYTES) {
    return { refuse: false, message: `This run needs about ${memoryText(e)}; on a small machine the page may slow down. Pause answers between steps.` };
  }
  return null;
}

/** A step measured slower than this is said (stepTimeWarning). */
export const SLOW_STEP_MS = 1000;

/** The warning for a slow step once it is measured: null below SLOW_STEP_MS a step. */
export function stepTimeWarning(msPerStep: number, flopsPerStep: number): string | null {
  if (!(msPerStep >= SLOW_STEP_MS) || !Number.isFinite(msPerStep)) return null;
  const gflop = flopsPerStep / 1e9;
  const rate = gflop / (msPerStep / 1000);
  return `Each training step takes about ${(msPerStep / 1000).toFixed(1)} s on this device (${gflop.toFixed(1)} GFLOP a step at ${rate.toFixed(1)} GFLOP/s). Pause waits for the step under way; a smaller batch or model trains faster.`;
}

/**
 * A step estimated longer than this is refused before training. On the CPU backend a step runs on the
 * worker's thread, which posts nothing until it ends, and the page restarts a worker silent for 30 s
 * while training (worker/watchdog.ts SILENCE_MS): 10 s leaves room for the machine to get 3× slower
 * than when its speed was measured (a 2-core machine running a build beside the page does). On WebGPU
 * the device runs one job at a time: Pause's evaluation, a save and Step wait behind the step under way.
 */
export const REFUSE_STEP_MS = 10_000;

/** "4.3 s", "45 s", "3.5 min". */
function fmtSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${(s / 60).toFixed(1)} min`;
}

/** "34.9 GFLOP a step at 8.1 GFLOP/s". */
function flopsText(flopsPerStep: number, flopsPerSecond: number): string {
  return `${(flopsPerStep / 1e9).toFixed(1)} GFLOP a step at ${(flopsPerSecond / 1e9).toFixed(1)} GFLOP/s`;
}

/**
 * The verdict on a step's time before training, at `flopsPerSecond` measured on this device
 * (deviceSpeed.ts): a refusal above REFUSE_STEP_MS, a warning from SLOW_STEP_MS, else null; null too
 * when the speed is unknown (the measured slow-step warning still comes once training).
 */
export function stepTimeVerdict(e: RunEstimate, flopsPerSecond: number | null): Verdict | null {
  if (flopsPerSecond === null || !(flopsPerSecond > 0) || !Number.isFinite(flopsPerSecond)) return null;
  const ms = (e.flopsPerStep / flopsPerSecond) * 1000;
  const figures = `${fmtSeconds(ms)} on this device (${flopsText(e.flopsPerStep, flopsPerSecond)}, measured)`;
  if (ms > REFUSE_STEP_MS) {
    return {
      refuse: true,
      message: `Each training step would take about ${figures}, longer than the ${fmtSeconds(REFUSE_STEP_MS)} a step may take here, so it was not started. Use fewer or narrower layers, fewer race lanes or a smaller batch.`,
    };
  }
  if (ms >= SLOW_STEP_MS) {
    return { refuse: false, message: `Each training step will take about ${figures}. Pause stops after the step under way; a smaller batch or model trains faster.` };
  }
  return null;
}

/**
 * A step of fewer FLOPs is not timed before training: it takes under a second on any backend measured
 * here (the slowest, the CPU engine, does its matmuls at ~0.7 GFLOP/s on this 2-core machine; SwiftShader
 * ~5), so the device is not measured for it (on SwiftShader that costs a pipeline compile, ~1 s).
 * The default spiral run is ~0.001 GFLOP a step, LeNet-300-100 at batch 128 is 0.2.
 */
export const TIMED_FLOPS = 0.1e9;

/**
 * Memory and step time together: a refusal on memory, else one on time (each says only its own reason),
 * else the warnings in one notice; null when the run is light. `flopsPerSecond` null: time not judged.
 */
export function runVerdict(e: RunEstimate, flopsPerSecond: number | null): Verdict | null {
  const memory = memoryVerdict(e);
  if (memory?.refuse) return memory;
  const time = stepTimeVerdict(e, flopsPerSecond);
  if (time?.refuse || !memory) return time;
  return time ? { refuse: false, message: `${memory.message} ${time.message}` } : memory;
}

/**
 * runVerdict, asking `speed` for the device's FLOP/s (worker/deviceSpeed.ts: a measurement, cached) only
 * when the answer can matter: the memory does not refuse the run and a step has TIMED_FLOPS or more.
 */
export async function judgeRun(e: RunEstimate, speed: () => Promise<number | null>): Promise<Verdict | null> {
  const timed = !memoryVerdict(e)?.refuse && e.flopsPerStep >= TIMED_FLOPS;
  return runVerdict(e, timed ? await speed() : null);
}
