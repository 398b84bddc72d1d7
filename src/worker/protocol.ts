/**
 * The only door between the UI and the training worker: a discriminated union each way.
 * Everything crossing it is structured-clone friendly (typed arrays, plain objects).
 */
import type { RunConfig } from '../engine/config';
import type { BackendInfo } from '../engine/backend';
import type { Task } from '../engine/datasets';
import type { RunSummary } from '../store/runStore';

export type ToWorker =
  /**
   * First message: build the run. `forceCpu` skips WebGPU (tests, or a user's choice). `assetBase`: the
   * app's absolute base URL (document.baseURI), where the worker finds the MNIST asset (data/loadMnist.ts).
   */
  | { type: 'init'; config: RunConfig; forceCpu?: boolean; assetBase: string }
  /** A new validated config. Learning rate and batch size apply live; anything else rebuilds the run. */
  | { type: 'configure'; config: RunConfig }
  | { type: 'train' }
  | { type: 'pause' }
  /** One training step (while paused), followed by fresh metrics and a snapshot. */
  | { type: 'step' }
  /** Same config, fresh data/weights from the seed, step 0. */
  | { type: 'reset' }
  /** Save the run now into the browser's run history, under `name` (null keeps its name). */
  | { type: 'save'; name: string | null }
  /** Continue a saved run (src/store): the run, its history and its clocks, where it stopped. */
  | { type: 'open'; id: string }
  /** Start a run from an OptiPlay safetensors file (engine/export/safetensors.ts). */
  | { type: 'import'; fileName: string; bytes: Uint8Array<ArrayBuffer> }
  /** Write the run as a file: answered by 'exported' (or an 'error' of kind 'export'). */
  | { type: 'export'; kind: ExportKind }
  /** Tests: destroy the GPU device as if the browser had lost it. */
  | { type: 'lose-device' };

/** The files Export model writes (engine/export/index.ts). */
export type { ExportKind } from '../engine/export';
import type { ExportKind } from '../engine/export';

/** Why a run was (re)built: a new config or Reset, a saved run opened, a file imported, a lost GPU recovered. */
export type ReadyCause = 'new' | 'open' | 'import' | 'recovered';

export interface DatasetView {
  task: Task;
  inputDim: number;
  outputDim: number;
  /**
   * [n, inputDim] and [n, outputDim] as in engine/datasets.ts. MNIST: trainX and testX are empty (the
   * digits stay in the worker; snapshot.mnist carries the ones shown), trainY and testY are sent.
   */
  trainX: Float32Array;
  trainY: Float32Array;
  testX: Float32Array;
  testY: Float32Array;
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** Output grid: G×G cells over the bounds (2-D, row-major from the top) or G points along x (1-D). */
  gridSize: number;
}

export type { MetricPoint } from '../engine/train/metrics';
import type { MetricPoint } from '../engine/train/metrics';

export interface LayerHistogram {
  /** "Layer 1 (2→16)" etc. */
  label: string;
  min: number;
  max: number;
  counts: number[];
}

/** Model size and sparsity now (engine/modelSize.ts, REFERENCE.md "Quantization": Deep Compression's accounting). */
export interface LayerCompression {
  /** "Layer 1 (784→300)" etc., with the widths in force now. */
  label: string;
  weights: number;
  nonzeros: number;
  /** 1..8, or 32 (float32). */
  bits: number;
  /** Bytes: float32 (weights and biases), quantized dense, and sparse (null when nothing is pruned). */
  float32: number;
  dense: number;
  sparse: number | null;
}

export interface CompressionView {
  layers: LayerCompression[];
  /** Bytes of the whole model: float32 (all weights and biases as floats), dense, sparse, and best = stored size. */
  total: { float32: number; dense: number; sparse: number | null; best: number };
  /** Share of all weights (W) that are pruned: 0..1. */
  sparsity: number;
  /** Layer widths in force, input to output (neuron pruning shrinks the hidden ones). */
  widths: number[];
  /** What is applied, for the scatter's legend and tooltip, e.g. "90% magnitude · 4-bit aware" or "dense float32". */
  label: string;
  /** Test accuracy (0..1) of the evaluation this snapshot comes from (classification only). */
  testAccuracy?: number;
}

export interface MnistView {
  /** 10×10 counts over the test split, row = true digit, column = predicted: confusion[true * 10 + predicted]. */
  confusion: number[];
  /** Up to 24 misclassified test digits, in test-set order. */
  misclassified: Array<{ index: number; label: number; predicted: number; pixels: Uint8Array<ArrayBuffer> }>;
  /**
   * First layer's weights as evaluation sees them (masked, quantized): up to 64 neurons, each 28×28
   * row-major, `weights` = [neurons.length, 784]. The neurons shown are the first 64 in layer order.
   */
  firstLayer: { neurons: number[]; weights: Float32Array<ArrayBuffer> };
}

export type FromWorker =
  /** The MNIST download: bytes so far of `total` (0 while unknown); ends with 'ready' or a 'data' error. */
  | { type: 'loading'; what: string; loaded: number; total: number }
  /** A run was (re)built: clear the charts for this runId. */
  | {
      type: 'ready';
      runId: number;
      config: RunConfig;
      backend: BackendInfo;
      /** Shown to the user, e.g. why the CPU is used. */
      notice?: string;
      dataset: DatasetView;
      /** One label per trained lane: [main, …race lanes], e.g. ["SGD · lr 0.1", "Adam · lr 0.001"]. */
      lanes: string[];
      /** Layer widths, input to output, e.g. [2, 16, 16, 2]. */
      widths: number[];
      paramCount: number;
      cause: ReadyCause;
      /** The step the run starts from (0 for a new run). */
      step: number;
      /** The run's metric history so far (empty for a new run), every lane. */
      history: MetricPoint[];
      /** The run's id in the run history (src/store) and its name there, once saved. */
      storeId: string;
      name: string | null;
    }
  /**
   * The answer to each 'configure' that was taken: `rebuilt` true after the 'ready' of the new run, false
   * when the change applied live to the run that keeps training. (A refused one is answered by an 'error'
   * of kind 'limits' or 'data'.)
   */
  | { type: 'configured'; runId: number; config: RunConfig; rebuilt: boolean }
  /** The run was saved in the run history (automatically while training, on Pause, or by Save run). */
  | { type: 'saved'; runId: number; summary: RunSummary }
  /** An exported file, ready to download. `note` says something the user should know (e.g. how quantization is written). */
  | { type: 'exported'; kind: ExportKind; name: string; mime: string; bytes: Uint8Array<ArrayBuffer>; note?: string }
  | { type: 'metrics'; runId: number; points: MetricPoint[] }
  | {
      type: 'snapshot';
      runId: number;
      step: number;
      histograms: LayerHistogram[];
      output: Float32Array;
      /** Always present (dense float32 when nothing is pruned or quantized). */
      compression: CompressionView;
      /** MNIST runs only. */
      mnist?: MnistView;
    }
  | { type: 'status'; runId: number; running: boolean; step: number; epoch: number; stepsPerSecond: number }
  /**
   * A non-finite loss. Lane 0 (the main run): training paused, the history stays. A race lane: that
   * lane stops, the others go on.
   */
  | { type: 'halted'; runId: number; lane: number; step: number; message: string }
  /**
   * Something failed. `limits`: the model does not fit the device and the previous run is kept.
   * `device-lost`: the GPU went away; the run resumed from its last checkpoint (on a new GPU device, or on
   * the CPU when no adapter came back). `data`: MNIST could not be loaded (the previous run, if any, is
   * kept). `storage`: the run history could not be written or read (the run itself goes on). `file`: an
   * imported or opened run could not be read (the current run is kept). `export`: a file could not be
   * written. `internal`: anything else.
   */
  | { type: 'error'; kind: 'limits' | 'device-lost' | 'data' | 'storage' | 'file' | 'export' | 'internal'; message: string };
