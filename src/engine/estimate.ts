/**
 * What a run will ask of the machine before it starts: memory by part (data, weights with their
 * gradients and optimizer state, masks and quantized copies, the batch's activations, the evaluation)
 * and the arithmetic of one training step. The worker refuses a run whose memory a browser tab cannot
 * hold and warns about one that is heavy, with these figures (worker/host.ts); the step time is then
 * measured on the device (worker/session.ts) and said when a step is slow.
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
  };
}

const fmtBytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${Math.round(n / 1e6)} MB` : `${Math.max(1, Math.round(n / 1e3))} kB`);

/** "1.8 GB (data 188 MB, weights 1.2 GB, activations 310 MB, evaluation 96 MB)". */
export function memoryText(e: RunEstimate): string {
  const { data, weights, activations, evaluation } = e.bytes;
  return `${fmtBytes(e.total)} (data ${fmtBytes(data)}, weights and optimizer state ${fmtBytes(weights)}, activations ${fmtBytes(activations)}, evaluation ${fmtBytes(evaluation)})`;
}

/** The verdict on a run's memory: null when it is light, else a refusal or a warning in words. */
export function memoryVerdict(e: RunEstimate): { refuse: boolean; message: string } | null {
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
