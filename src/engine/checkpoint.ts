/**
 * A checkpoint: the versioned, serialisable record of a whole run, enough to continue it exactly. The
 * Trainer (engine/train/trainer.ts) writes and restores it; IndexedDB storage (src/store/) and every export
 * (engine/export/) read this record and nothing else.
 *
 * Arrays are typed arrays (structured-clone friendly, so IndexedDB and postMessage take the record as is).
 * Parameter-shaped arrays are in the layout `paramLayout(spec)` of their lane's `spec` (model/layout rule:
 * 256-byte aligned tensors, padding zero), so `length === paramLayout(spec).totalFloats`.
 */
import type { RunConfig } from './config';
import type { ModelSpec } from './model';
import type { QuantScheme } from './ops/quantize';
import type { PruneMethod, QuantMode } from './compressionSettings';
import type { RngState } from './rng';
import type { MetricPoint } from './train/metrics';
import type { CsvSource } from './data/csvSource';
import type { Teacher } from './distill/teacher';
import type { Reference } from './train/reference';

export const CHECKPOINT_FORMAT = 'optiplay-run';
export const CHECKPOINT_VERSION = 1;


/** The batch sampler's position (engine/sampler.ts): the epoch's permutation, where it is, and its RNG. */
export interface SamplerState {
  n: number;
  /** [n] the current epoch's permutation of the training rows. */
  order: Uint32Array<ArrayBuffer>;
  pos: number;
  epochsDone: number;
  rng: RngState;
}

/** One trained model: lane 0 is the run, lanes 1–3 the race's other optimizer settings. */
export interface LaneRecord {
  /** The config this lane trains with (lane 0: the run's config). */
  config: RunConfig;
  /** The model as it is now (neuron pruning narrows lane 0's hidden layers). */
  spec: ModelSpec;
  /** [paramLayout(spec).totalFloats] float master parameters (pruned entries exactly 0). */
  params: Float32Array<ArrayBuffer>;
  /** Optimizer state, two arrays shaped like params (momentum buffer; Adam's m and v; …). */
  state: [Float32Array<ArrayBuffer>, Float32Array<ArrayBuffer>];
  /** Step at which this lane's optimizer state was last zeroed: t = step − optimizerSince + 1. */
  optimizerSince: number;
  /** Step at which the learning-rate schedule (re)started: it reads step − scheduleSince. */
  scheduleSince: number;
  /** A non-finite loss stopped this lane. */
  diverged: boolean;
  /** Gradient norms of the last finite evaluation (where a divergence started), or null. */
  lastGradNorms: number[] | null;
}

/** The pruning episode in progress (engine/compressor.ts). */
export interface EpisodeRecord {
  key: string;
  method: PruneMethod;
  gradual: boolean;
  start: number;
  intervals: number;
  every: number;
  initial: number;
  final: number;
  lastEvent: number;
  pruned: boolean;
  rewound: boolean;
}

/** Weight quantization in force: bits per layer (32 = float32), scheme, one scale per row or per tensor, mode. */
export interface QuantRecord {
  bits: number[];
  scheme: QuantScheme;
  perChannel: boolean;
  mode: QuantMode;
}

/** The Compressor's state (lane 0 only). */
export interface CompressorRecord {
  /** The model as built (the reference for sparsity and neuron shares). */
  baseSpec: ModelSpec;
  /** [paramLayout(lanes[0].spec).totalFloats] the initial parameters, shrunk like the model (rewind resets to them). */
  initial: Float32Array<ArrayBuffer>;
  /** [paramLayout(lanes[0].spec).totalFloats] 1 keep, 0 pruned (biases 1), or null for no mask. */
  mask: Float32Array<ArrayBuffer> | null;
  episode: EpisodeRecord | null;
  /** JSON of the QuantRecord last applied (the change detector), and the record itself. */
  quantKey: string;
  quant: QuantRecord | null;
  lastMethod: PruneMethod | null;
  rewoundAt: number | null;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** The run's config (lane 0's). */
  config: RunConfig;
  /** Steps done. */
  step: number;
  sampler: SamplerState;
  lanes: LaneRecord[];
  compressor: CompressorRecord;
  /** Every evaluation of the run, all lanes, in order. */
  history: MetricPoint[];
  /** When the record was taken (ms since the epoch). */
  savedAt: number;
  /** The user's table ('csv' runs only; absent otherwise): the run's data travels with it. */
  csv?: CsvSource;
  /** A distilled run's teacher (distill/teacher.ts), frozen; absent otherwise. Its soft targets are recomputed on restore. */
  teacher?: Teacher;
  /** A taught run (distilled or transferred): lane 1 is its reference, the same model alone or from scratch (train/reference.ts). */
  reference?: Reference;
}
