/**
 * The only door between the UI and the training worker: a discriminated union each way.
 * Everything crossing it is structured-clone friendly (typed arrays, plain objects).
 */
import type { MnistClasses, RunConfig } from '../engine/config';
import type { BackendInfo } from '../engine/backend';
import type { Task } from '../engine/datasets';
import type { RunSummary } from '../store/runStore';
import type { ColumnInfo, CsvChoice } from '../engine/data/csv';
import type { CsvInfo } from '../engine/datasets';
import type { FuseRequest, FusionUpdate } from './fusionProtocol';
import type { BackendChoice, BackendReport } from './backendRace';

export type ToWorker =
  /**
   * First message: build the run. `forceCpu` skips WebGPU (tests, or a user's choice). `assetBase`: the
   * app's absolute base URL (document.baseURI), where the worker finds the MNIST asset (data/loadMnist.ts).
   * `testHooks`: the page was opened with ?test-hooks, so the worker honours 'crash'. Sent again to a
   * worker the page restarted (worker/watchdog.ts), followed by 'open' of the run's last save.
   */
  | { type: 'init'; config: RunConfig; forceCpu?: boolean; assetBase: string; testHooks?: boolean; backend?: BackendChoice }
  /**
   * The person's Backend choice (worker/backendRace.ts; `init` carries the page's stored one): the run goes
   * on from where it is on the backend this choice gives (a 'ready' with cause 'recovered' and its history).
   */
  | { type: 'backend'; choice: BackendChoice }
  /**
   * A new validated config: live settings apply to the running run, anything else rebuilds it (answered by
   * 'configured'). `fresh`: always a new run from step 0 (a lesson), the previous one kept if it cannot start.
   */
  | { type: 'configure'; config: RunConfig; fresh?: boolean }
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
  /**
   * Upload CSV: the file's text, parsed here (engine/data/csv.ts). A usable table starts a new run on it
   * with the suggested columns (its 'ready' carries the columns); one that is not is answered by an 'error'
   * of kind 'csv' saying why, and nothing changes.
   */
  | { type: 'csv'; fileName: string; text: string }
  /** Train on other columns of the table last uploaded (Features, Label): a new run, or an 'error' of kind 'csv'. */
  | { type: 'csv-columns'; choice: CsvChoice }
  /**
   * Distill & transfer (worker/tutor.ts). Teacher: a saved run teaches the current settings from step 0
   * (null: none). Train teacher: the current settings with `hidden` layers train `epochs` epochs alone,
   * are saved as "Teacher …", then teach the settings the page had. Start from: the current settings start
   * from a saved run's weights (null: from the seed's). Each answers with a 'ready' (or an 'error' of kind
   * 'taught', the current run kept).
   */
  | { type: 'teacher'; id: string | null }
  | { type: 'train-teacher'; hidden: number[]; epochs: number }
  /** Train source first: the current settings on `classes` train `epochs` epochs, are saved, and the settings start from them. */
  | { type: 'train-source'; classes: MnistClasses; epochs: number; reinitHead: boolean; blend: number | null }
  | { type: 'transfer'; id: string | null; reinitHead: boolean; blend: number | null }
  /** The Soft targets of test example `index` now: answered by 'soft-targets' (nothing while there is no teacher). */
  | { type: 'soft-targets'; index: number }
  /** Run transfer comparison: answered by 'transfer-curve' messages as each model is trained. */
  | { type: 'transfer-curve' }
  /** Write the run as a file: answered by 'exported' (or an 'error' of kind 'export'). */
  | { type: 'export'; kind: ExportKind }
  /** Tests: destroy the GPU device as if the browser had lost it. */
  | { type: 'lose-device' }
  /** Fuse area (fusionProtocol.ts): ensemble, soup or interpolate saved runs; answered by 'fusion' updates. */
  | { type: 'fuse'; request: FuseRequest }
  /** Fuse area: open the last soup as a run (answered by 'ready', or a 'fusion' problem). */
  | { type: 'fuse-open' }
  /**
   * Tests, honoured only after an 'init' with `testHooks`: the worker breaks as a bug would. 'throw': an
   * uncaught exception from a timer (the page's Worker fires `error`); 'close': it ends itself silently
   * (nothing fires; the page notices the silence while training). Handled in trainer.worker.ts.
   */
  | { type: 'crash'; how: 'throw' | 'close' };

/** The files Export model writes (engine/export/index.ts). */
export type { ExportKind } from '../engine/export';
import type { ExportKind } from '../engine/export';

/**
 * Why a run was (re)built: a new config or Reset, a saved run opened, a file imported, or the same run
 * resumed from its checkpoint ('recovered': a lost GPU, or another backend chosen).
 */
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
  /** Output grid: G×G cells over the bounds (2-D, row-major from the top) or G points along x (1-D); 0: no picture. */
  gridSize: number;
  /** The user's table ('csv' runs): what it is, and the columns of the table the worker holds, for the column picker. */
  csv?: CsvView;
}

export interface CsvView extends CsvInfo {
  /** [columns] every column of the table the page can choose from (the upload, or the saved run's columns). */
  columns: ColumnInfo[];
  /** The columns this run uses, as indices into `columns`. */
  choice: CsvChoice;
  /** Data rows in the table. */
  rows: number;
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

/**
 * The teacher a distilled run learns from (engine/distill/teacher.ts), as the Distill & transfer area shows
 * it: a saved run or one trained in place with Train teacher.
 */
export interface TeacherView {
  /** The run's name in the run history, e.g. "Teacher 784-128-128-10". */
  name: string;
  /** Layer widths, input to output, e.g. [784, 128, 128, 10]. */
  widths: number[];
  /** Weights and biases. */
  paramCount: number;
  /** Test accuracy (0..1) on this run's test split, measured when the teacher was taken. */
  testAccuracy: number;
  /** The teacher's raw outputs on the Output panel's grid, [gridRows, outputDim] like a snapshot's (2-D data; absent otherwise). */
  output?: Float32Array<ArrayBuffer>;
}

/** Soft targets (REFERENCE.md "Distillation"): softmax(z/T) of the teacher and of the student for one test example. */
export interface SoftTargetsView {
  /** The test example, by index in the run's test split, and its true class. */
  index: number;
  label: number;
  /** T the probabilities are taken at (the run's Temperature now). */
  temperature: number;
  /** [K] the teacher's softmax(z_t/T) and the student's softmax(z_s/T); the student's at T = 1 too. */
  teacher: number[];
  student: number[];
  studentAtOne: number[];
  /** [K] what each class is called ("0".."9", or the CSV's class names). */
  classNames: string[];
  /** MNIST: the digit, 28×28 grey levels row-major (0 white … 255 ink); 2-D data: the point [x, y]. */
  pixels?: Uint8Array<ArrayBuffer>;
  point?: [number, number];
}

/** A row of the Transfer chart: target test accuracy (0..1) after the same steps, by how the model started. */
export type { CurvePoint as TransferPoint } from '../engine/transfer/curve';
import type { CurvePoint as TransferPoint } from '../engine/transfer/curve';
import type { Reference } from '../engine/train/reference';

/**
 * The Network panel's picture of the model as it is now (worker/networkView.ts builds it from a snapshot's
 * effective weights; ui/network/ draws it). A list of layers (columns of neurons) and bundles of edges
 * between any two of them, so more than one chain can be drawn (a teacher beside the student, two heads).
 * Large layers are sampled: at most MAX_NODES neurons per layer (the strongest) and MAX_EDGES edges in
 * all (the strongest |w| of each bundle first). Every typed array has its own buffer (transferable).
 */
export interface NetworkView {
  /** Layers input first; edges refer to them by index in this list. */
  layers: NetworkLayerView[];
  /** One bundle per weight matrix drawn. */
  edges: NetworkEdgeBundle[];
  /** Weights (W, biases excluded) in the model now, in the model as built, and the share pruned (0..1) of the built ones: mask zeros and removed neurons' weights. */
  weights: number;
  builtWeights: number;
  prunedShare: number;
}

export interface NetworkLayerView {
  /** "Input", "Hidden 1", …, "Output". */
  name: string;
  /** Horizontal slot, 0 at the left; layers sharing a slot are stacked (two heads). */
  column: number;
  /** Neurons now, and in the model as built (neuron pruning removes some for good). */
  width: number;
  builtWidth: number;
  /** Too many neurons to draw one by one (MNIST's 784 pixels): drawn as one box; `index` is empty. */
  collapsed: boolean;
  /** Bits of the weights feeding this layer (32: float; the input layer: 32). */
  bits: number;
  /** Distinct values among the weights feeding this layer, when quantized (else null). */
  levels: number | null;
  /** The most distinct values among one neuron's incoming weights (per-channel quantization), when quantized (else null). */
  levelsPerNeuron: number | null;
  /** Weights feeding this layer (0 for the input) and how many of them are pruned (mask zeros). */
  weights: number;
  prunedWeights: number;
  /** The neurons drawn, by index in the layer, ascending: [n]. */
  index: Uint32Array<ArrayBuffer>;
  /** Bias of each drawn neuron (NaN for inputs): [n]. */
  bias: Float32Array<ArrayBuffer>;
  /** Mean |activation| of each drawn neuron over the picture's points (NaN where there is none, e.g. MNIST): [n]. */
  activity: Float32Array<ArrayBuffer>;
  /** 1 where a drawn neuron is pruned in effect (all its incoming or all its outgoing weights pruned), else 0: [n]. */
  pruned: Uint8Array<ArrayBuffer>;
  /** A small picture per drawn neuron, or null. */
  picture: NeuronPictures | null;
  /** Optional flags for later features: drawn hatched (a frozen layer); which model it belongs to ("student", "teacher"). */
  frozen?: boolean;
  model?: string;
}

export type NeuronPictures =
  /**
   * `of` 'activation': the neuron's output over the 2-D input plane (rows from the top, as the Output
   * panel); 'weights': its incoming weights as an image (MNIST's 28×28 receptive fields).
   * pixels: [n, height·width] row-major, 0..255 spanning lo..hi of that neuron; lo, hi: [n].
   */
  | { kind: 'image'; of: 'activation' | 'weights'; width: number; height: number; pixels: Uint8Array<ArrayBuffer>; lo: Float32Array<ArrayBuffer>; hi: Float32Array<ArrayBuffer> }
  /** The neuron's output along a 1-D input, xMin to xMax. values: [n, points]. */
  | { kind: 'curve'; points: number; values: Float32Array<ArrayBuffer> };

export interface NetworkEdgeBundle {
  /** Layer indices (in NetworkView.layers) the weights go from and to. */
  from: number;
  to: number;
  /** Position of each edge's ends among the drawn neurons of `from` and of `to`: [E]. */
  src: Uint16Array<ArrayBuffer>;
  dst: Uint16Array<ArrayBuffer>;
  /** Each edge's weight, strongest |w| first: [E]. Pruned weights are never drawn. */
  weight: Float32Array<ArrayBuffer>;
  /** The largest |w| in the whole matrix (edge thickness is |w| / maxAbs). */
  maxAbs: number;
}

/**
 * Data augmentation (REFERENCE.md "Strategies"): the first rows of the last augmented step's batch as the
 * network saw them, with each row's draws. MNIST: digits; other data: points (the Output canvas's ghosts).
 */
export interface AugmentedView {
  /** The step whose batch this is (1 = the first step). */
  step: number;
  rows: number;
  /** MNIST: [rows, width·height] grey levels (0 background … 255 ink), clamped; else null. */
  image: { width: number; height: number; pixels: Uint8Array<ArrayBuffer> } | null;
  /** Data that is not an image: [rows, inputDim] the inputs; else null. */
  points: Float32Array<ArrayBuffer> | null;
  /** [rows, outputDim] the targets the network learnt from (mixed under mixup). */
  targets: Float32Array<ArrayBuffer>;
  /** Per row: whole-pixel shift (right, down), turn in degrees (counter-clockwise), λ and the partner row under mixup. */
  dx: number[];
  dy: number[];
  angle: number[];
  lambda: number[];
  partner: number[];
  /** The settings in force: largest shift and turn, noise σ (pixel noise or jitter), mixup's a. */
  settings: { shift: number; rotation: number; noise: number; mixup: number };
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
      /** The backends' figures on this run's model and which one trains (the status details; worker/backendRace.ts). */
      backendReport?: BackendReport;
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
      /** A distilled run's teacher. */
      teacher?: TeacherView;
      /** A taught run: lane 1 is the same model alone or from scratch, and what lane 0 was taught by. */
      reference?: Reference;
      /** Train teacher or Train source first: this run is trained first, for this many steps, before the page's settings start from it. */
      first?: { role: 'teacher' | 'source'; steps: number };
    }
  | { type: 'soft-targets'; runId: number; view: SoftTargetsView }
  /** The Transfer chart so far; `progress` null once finished; `problem` when it could not run. */
  | { type: 'transfer-curve'; runId: number; points: TransferPoint[]; progress: string | null; problem?: string }
  /** The Fuse area's job: progress, a sentence why not, or its result (fusionProtocol.ts). */
  | { type: 'fusion'; update: FusionUpdate }
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
      /** The network as drawn by the Network panel: models small enough to read back (engine/run.ts SNAPSHOT_PARAMS_MAX_FLOATS). */
      network?: NetworkView;
      /** Augmentation on: the last step's batch as the network saw it (worker/augmentView.ts). */
      augmented?: AugmentedView;
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
   * written. `csv`: an uploaded table could not be used (the data and the run the page had are kept).
   * `internal`: anything else.
   */
  /** 'slow': a warning, not a failure: a training step measured slow on this device (the run goes on). */
  /** 'taught': a teacher or a run to start from could not be used (or no longer fits the run). */
  | { type: 'error'; kind: 'limits' | 'device-lost' | 'data' | 'storage' | 'file' | 'export' | 'internal' | 'slow' | 'csv' | 'taught'; message: string };
