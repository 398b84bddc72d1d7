/**
 * The run configuration: the single source of truth for a run. One table of fields (name, type, range,
 * default, URL key) drives validation, the URL hash and JSON export, like TF Playground's state table.
 * Every door (URL, JSON file, UI, worker) goes through `validateConfig`, which clamps and corrects and
 * says what it changed.
 */
import { OPTIMIZERS, REGULARIZATIONS, type OptimizerName } from './optimizers';
import { SCHEDULES } from './schedules';
import { show } from './shown';
import { SECOND_TASKS, secondTaskProblem } from './strategies/secondTasks';
import {
  GRANULARITIES, LAYER_BITS_FLOAT, PRUNE_METHODS, PRUNE_SCHEDULES, QUANT_MODES, QUANT_SCHEMES,
} from './compressionSettings';

/** 'csv': the user's own table (Upload CSV), kept with the run; its task comes from the label column. */
export const DATASETS = ['spiral', 'circles', 'xor', 'gaussians', 'line', 'sine', 'mnist', 'csv'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const REGRESSION_DATASETS: readonly DatasetName[] = ['line', 'sine'];

/** MNIST's classes a run trains and tests on: all ten digits, or a transfer task's half (REFERENCE.md "Transfer learning"). */
export const MNIST_CLASSES = ['all', '0-4', '5-9'] as const;
export type MnistClasses = (typeof MNIST_CLASSES)[number];

/** Dark knowledge (REFERENCE.md "Distillation", Hinton et al. §3): the digit left out of MNIST's training set, or none. */
export const OMIT_DIGITS = ['none', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export type OmitDigit = (typeof OMIT_DIGITS)[number];
/** How far Class bias shift moves the omitted digit's output bias, either way. */
export const MAX_BIAS_SHIFT = 10;

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['crossentropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

export { OPTIMIZERS, REGULARIZATIONS, type OptimizerName, type Regularization } from './optimizers';
export { SCHEDULES, type ScheduleName } from './schedules';

export const CONFIG_VERSION = 1;
/** Extra optimizer settings trained beside the main one in a race (2–4 runs in all). */
export const MAX_RACE_LANES = 3;
export const MAX_HIDDEN_LAYERS = 6;
/** 1024 leaves room for LeNet-300-100 and wider MNIST nets. */
export const MAX_NEURONS = 1024;
/** Toy datasets are generated: at most this many examples. MNIST's "Samples" is the number of training digits. */
export const MAX_TOY_SAMPLES = 5000;
export const MNIST_TRAIN_DIGITS = 60000;

export {
  PRUNE_METHODS, PRUNE_SCHEDULES, QUANT_SCHEMES, GRANULARITIES, QUANT_MODES, LAYER_BITS_FLOAT, bitsPerLayer,
  type PruneMethod, type PruneScheduleName, type Granularity, type QuantMode,
} from './compressionSettings';

export type { RunConfig, RaceLane } from './runConfig';
import type { RunConfig, RaceLane } from './runConfig';


type Kind =
  | { type: 'enum'; options: readonly string[] }
  | { type: 'bool' }
  | { type: 'number'; min: number; max: number }
  | { type: 'int'; min: number; max: number }
  | { type: 'intList'; min: number; max: number; maxLength: number }
  | { type: 'laneList'; maxLength: number };

export interface FieldSpec {
  key: Exclude<keyof RunConfig, 'version'>;
  /** Short key in the URL hash. */
  url: string;
  /** Human label, also the accessible name of the control. */
  label: string;
  kind: Kind;
  default: RunConfig[Exclude<keyof RunConfig, 'version'>];
}

export const FIELDS: readonly FieldSpec[] = [
  { key: 'dataset', url: 'data', label: 'Dataset', kind: { type: 'enum', options: DATASETS }, default: 'spiral' },
  { key: 'noise', url: 'noise', label: 'Noise', kind: { type: 'number', min: 0, max: 0.5 }, default: 0.1 },
  { key: 'samples', url: 'n', label: 'Samples', kind: { type: 'int', min: 50, max: MNIST_TRAIN_DIGITS }, default: 600 },
  { key: 'trainFraction', url: 'train', label: 'Training data', kind: { type: 'number', min: 0.1, max: 0.9 }, default: 0.7 },
  { key: 'batchSize', url: 'batch', label: 'Batch size', kind: { type: 'int', min: 1, max: 5000 }, default: 16 },
  { key: 'learningRate', url: 'lr', label: 'Learning rate', kind: { type: 'number', min: 1e-5, max: 10 }, default: 0.1 },
  {
    key: 'hidden',
    url: 'hidden',
    label: 'Hidden layers',
    kind: { type: 'intList', min: 1, max: MAX_NEURONS, maxLength: MAX_HIDDEN_LAYERS },
    default: [16, 16],
  },
  { key: 'activation', url: 'act', label: 'Activation', kind: { type: 'enum', options: ACTIVATIONS }, default: 'relu' },
  { key: 'loss', url: 'loss', label: 'Loss', kind: { type: 'enum', options: LOSSES }, default: 'crossentropy' },
  { key: 'seed', url: 'seed', label: 'Seed', kind: { type: 'int', min: 0, max: 2147483647 }, default: 1 },
  { key: 'optimizer', url: 'opt', label: 'Optimizer', kind: { type: 'enum', options: OPTIMIZERS }, default: 'sgd' },
  { key: 'momentum', url: 'mom', label: 'Momentum', kind: { type: 'number', min: 0, max: 0.999 }, default: 0.9 },
  { key: 'nesterov', url: 'nest', label: 'Nesterov', kind: { type: 'bool' }, default: false },
  { key: 'dampening', url: 'damp', label: 'Dampening', kind: { type: 'number', min: 0, max: 0.999 }, default: 0 },
  { key: 'beta1', url: 'b1', label: 'Beta1', kind: { type: 'number', min: 0, max: 0.9999 }, default: 0.9 },
  { key: 'beta2', url: 'b2', label: 'Beta2', kind: { type: 'number', min: 0, max: 0.99999 }, default: 0.999 },
  { key: 'epsilon', url: 'eps', label: 'Epsilon', kind: { type: 'number', min: 1e-12, max: 1 }, default: 1e-8 },
  { key: 'centered', url: 'cent', label: 'Centered', kind: { type: 'bool' }, default: false },
  { key: 'weightDecay', url: 'wd', label: 'Weight decay', kind: { type: 'number', min: 0, max: 1 }, default: 0.01 },
  { key: 'regularization', url: 'reg', label: 'Regularization', kind: { type: 'enum', options: REGULARIZATIONS }, default: 'none' },
  { key: 'regularizationRate', url: 'rr', label: 'Regularization rate', kind: { type: 'number', min: 0, max: 1 }, default: 0.001 },
  { key: 'schedule', url: 'sched', label: 'Schedule', kind: { type: 'enum', options: SCHEDULES }, default: 'constant' },
  { key: 'stepSize', url: 'every', label: 'Decay every (steps)', kind: { type: 'int', min: 1, max: 1000000 }, default: 500 },
  { key: 'gamma', url: 'gamma', label: 'Decay factor', kind: { type: 'number', min: 0.001, max: 1 }, default: 0.5 },
  { key: 'totalSteps', url: 'T', label: 'Cosine length (steps)', kind: { type: 'int', min: 1, max: 1000000 }, default: 3000 },
  { key: 'minLrFactor', url: 'floor', label: 'Floor (share of rate)', kind: { type: 'number', min: 0, max: 1 }, default: 0.01 },
  { key: 'warmupSteps', url: 'warm', label: 'Warm-up steps', kind: { type: 'int', min: 1, max: 1000000 }, default: 200 },
  { key: 'race', url: 'race', label: 'Race', kind: { type: 'laneList', maxLength: MAX_RACE_LANES }, default: [] },
  { key: 'prune', url: 'prune', label: 'Prune', kind: { type: 'bool' }, default: false },
  { key: 'sparsity', url: 'sp', label: 'Sparsity', kind: { type: 'number', min: 0, max: 0.99 }, default: 0.9 },
  { key: 'pruneMethod', url: 'pm', label: 'Pruning method', kind: { type: 'enum', options: PRUNE_METHODS }, default: 'magnitude' },
  { key: 'pruneSchedule', url: 'ps', label: 'Pruning schedule', kind: { type: 'enum', options: PRUNE_SCHEDULES }, default: 'gradual' },
  { key: 'pruneStart', url: 'p0', label: 'Start pruning at step', kind: { type: 'int', min: 0, max: 1000000 }, default: 0 },
  { key: 'pruneSteps', url: 'pn', label: 'Pruning steps', kind: { type: 'int', min: 1, max: 1000000 }, default: 1000 },
  { key: 'pruneEvery', url: 'pdt', label: 'Prune every (steps)', kind: { type: 'int', min: 1, max: 100000 }, default: 100 },
  { key: 'rewind', url: 'rewind', label: 'Rewind to initial weights', kind: { type: 'bool' }, default: false },
  { key: 'quantize', url: 'quant', label: 'Quantize', kind: { type: 'bool' }, default: false },
  { key: 'bits', url: 'bits', label: 'Bits', kind: { type: 'int', min: 1, max: 8 }, default: 8 },
  {
    key: 'layerBits',
    url: 'lbits',
    label: 'Bits per layer',
    kind: { type: 'intList', min: 0, max: LAYER_BITS_FLOAT, maxLength: MAX_HIDDEN_LAYERS + 1 },
    default: [],
  },
  { key: 'quantScheme', url: 'qs', label: 'Scheme', kind: { type: 'enum', options: QUANT_SCHEMES }, default: 'symmetric' },
  { key: 'granularity', url: 'qg', label: 'Granularity', kind: { type: 'enum', options: GRANULARITIES }, default: 'per-channel' },
  { key: 'quantMode', url: 'qm', label: 'Quantization mode', kind: { type: 'enum', options: QUANT_MODES }, default: 'aware' },
  // Transfer learning (engine/model/groups.ts); added after version 1's first records: ADDED_FIELDS.
  { key: 'classes', url: 'cls', label: 'Digits', kind: { type: 'enum', options: MNIST_CLASSES }, default: 'all' },
  { key: 'frozenLayers', url: 'frz', label: 'Frozen layers', kind: { type: 'int', min: 0, max: MAX_HIDDEN_LAYERS }, default: 0 },
  { key: 'transferLr', url: 'tlr', label: 'Transferred layers’ rate', kind: { type: 'number', min: 0.001, max: 1 }, default: 1 },
  // Distillation (REFERENCE.md "Distillation"): used when the run has a teacher; both apply live.
  { key: 'temperature', url: 'temp', label: 'Temperature', kind: { type: 'number', min: 1, max: 50 }, default: 4 },
  { key: 'distillWeight', url: 'kd', label: 'Distillation weight', kind: { type: 'number', min: 0, max: 1 }, default: 0.9 },
  // Dark knowledge: the omitted digit changes the training set (a new run); its bias shift applies live.
  { key: 'omitDigit', url: 'omit', label: 'Omit digit', kind: { type: 'enum', options: OMIT_DIGITS }, default: 'none' },
  { key: 'stopAt', url: 'stop', label: 'Stop at step', kind: { type: 'int', min: 0, max: 10_000_000 }, default: 0 },
  { key: 'biasShift', url: 'shift', label: 'Class bias shift', kind: { type: 'number', min: -MAX_BIAS_SHIFT, max: MAX_BIAS_SHIFT }, default: 0 },
  // Data augmentation (REFERENCE.md "Strategies", engine/strategies/augment.ts): all apply live; augmentApplies says which fit the data.
  { key: 'augShift', url: 'ashift', label: 'Shift (pixels)', kind: { type: 'int', min: 0, max: 4 }, default: 0 },
  { key: 'augRotation', url: 'arot', label: 'Rotation (degrees)', kind: { type: 'number', min: 0, max: 30 }, default: 0 },
  { key: 'augNoise', url: 'anoise', label: 'Pixel noise', kind: { type: 'number', min: 0, max: 1 }, default: 0 },
  { key: 'augJitter', url: 'jitter', label: 'Jitter', kind: { type: 'number', min: 0, max: 1 }, default: 0 },
  { key: 'augMixup', url: 'mixup', label: 'Mixup', kind: { type: 'number', min: 0, max: 1 }, default: 0 },
  // Multi-task learning (REFERENCE.md "Strategies", engine/strategies/multitask*.ts): Second task rebuilds; the others apply live.
  { key: 'secondTask', url: 'task2', label: 'Second task', kind: { type: 'enum', options: SECOND_TASKS }, default: 'none' },
  { key: 'taskWeight', url: 'w2', label: 'Task weight', kind: { type: 'number', min: 0, max: 10 }, default: 1 },
  { key: 'pcgrad', url: 'pcg', label: 'PCGrad', kind: { type: 'bool' }, default: false },
];

/** Fields added after runs were first saved: a stored record without them takes their defaults (store/validateCheckpoint.ts). */
export const ADDED_FIELDS: ReadonlySet<string> = new Set(['classes', 'frozenLayers', 'transferLr', 'temperature', 'distillWeight', 'omitDigit', 'biasShift', 'stopAt',
  'augShift', 'augRotation', 'augNoise', 'augJitter', 'augMixup',
  'secondTask', 'taskWeight', 'pcgrad']);

const LR_RANGE = { min: 1e-5, max: 10 };

/** "adam:0.001" or {optimizer, learningRate} → a lane, or null when it cannot be read. */
function parseLane(item: unknown): { lane: RaceLane; exact: boolean } | null {
  let opt: unknown, lr: unknown;
  if (typeof item === 'string') [opt, lr] = item.split(':');
  else if (item !== null && typeof item === 'object') ({ optimizer: opt, learningRate: lr } = item as Record<string, unknown>);
  if (typeof opt !== 'string' || !(OPTIMIZERS as readonly string[]).includes(opt)) return null;
  const n = typeof lr === 'number' ? lr : typeof lr === 'string' && lr.trim() !== '' ? Number(lr) : NaN;
  if (!Number.isFinite(n)) return null;
  const v = Math.min(LR_RANGE.max, Math.max(LR_RANGE.min, n));
  return { lane: { optimizer: opt as OptimizerName, learningRate: v }, exact: v === n };
}

export function laneToString(lane: RaceLane): string {
  return `${lane.optimizer}:${lane.learningRate}`;
}

export interface Correction {
  field: string;
  message: string;
}

export interface Validated {
  config: RunConfig;
  corrections: Correction[];
}

export function defaultConfig(): RunConfig {
  const c: Record<string, unknown> = { version: CONFIG_VERSION };
  for (const f of FIELDS) c[f.key] = Array.isArray(f.default) ? [...f.default] : f.default;
  return c as unknown as RunConfig;
}

export function isRegression(dataset: DatasetName): boolean {
  return REGRESSION_DATASETS.includes(dataset);
}


/** Validates one field's raw value; returns the safe value and, when it changed, a message. */
function checkField(f: FieldSpec, raw: unknown): { value: unknown; message?: string } {
  const k = f.kind;
  const fallback = Array.isArray(f.default) ? [...f.default] : f.default;
  if (raw === undefined) return { value: fallback };
  switch (k.type) {
    case 'bool': {
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === '1' || raw === 'true') return { value: true };
      if (raw === '0' || raw === 'false') return { value: false };
      return { value: fallback, message: `${f.label}: ${show(raw)} is not on/off (1 or 0); using ${fallback ? '1' : '0'}` };
    }
    case 'enum': {
      if (typeof raw === 'string' && k.options.includes(raw)) return { value: raw };
      return { value: fallback, message: `${f.label}: ${show(raw)} is not one of ${k.options.join(', ')}; using ${show(fallback)}` };
    }
    case 'number':
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { value: fallback, message: `${f.label}: ${show(raw)} is not a number; using ${show(fallback)}` };
      let v = k.type === 'int' ? Math.round(n) : n;
      // + 0 turns −0 into 0: a link writes both as "0", so the config must hold the one it reads back
      v = Math.min(k.max, Math.max(k.min, v)) + 0;
      if (v !== n) return { value: v, message: `${f.label}: ${show(raw)} is outside ${k.min}–${k.max}${k.type === 'int' ? ' (whole numbers)' : ''}; using ${v}` };
      return { value: v };
    }
    case 'laneList': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? (raw.trim() === '' ? [] : raw.split(',')) : null;
      if (!items) return { value: [], message: `${f.label}: ${show(raw)} is not a list of optimizer:rate lanes; no race` };
      const lanes: RaceLane[] = [];
      let changed = items.length > k.maxLength;
      for (const item of items.slice(0, k.maxLength)) {
        const p = parseLane(item);
        if (!p || !p.exact) changed = true;
        if (p) lanes.push(p.lane);
      }
      if (changed) {
        return {
          value: lanes,
          message: `${f.label}: lanes are up to ${k.maxLength} optimizer:rate pairs (optimizers ${OPTIMIZERS.join(', ')}, rates ${LR_RANGE.min}–${LR_RANGE.max}); using ${show(lanes.map(laneToString))}`,
        };
      }
      return { value: lanes };
    }
    case 'intList': {
      let items: unknown[];
      if (Array.isArray(raw)) items = raw;
      else if (typeof raw === 'string') items = raw.trim() === '' ? [] : raw.split(',');
      else return { value: fallback, message: `${f.label}: ${show(raw)} is not a list of layer widths; using ${show(fallback)}` };
      const out: number[] = [];
      let changed = false;
      for (const item of items) {
        const n = typeof item === 'number' ? item : typeof item === 'string' && item.trim() !== '' ? Number(item) : NaN;
        if (!Number.isFinite(n)) {
          changed = true;
          continue;
        }
        const v = Math.min(k.max, Math.max(k.min, Math.round(n)));
        if (v !== n) changed = true;
        out.push(v);
      }
      if (out.length > k.maxLength) {
        out.length = k.maxLength;
        changed = true;
      }
      if (changed) {
        const what = f.key === 'hidden' ? `layers of ${k.min}–${k.max} neurons` : `values of ${k.min}–${k.max}`;
        return { value: out, message: `${f.label}: ${show(raw)} must be at most ${k.maxLength} ${what}; using ${show(out)}` };
      }
      return { value: out };
    }
  }
}

/** Validates and clamps any input (parsed JSON, URL values, UI state); never throws. */
export function validateConfig(input: unknown): Validated {
  const corrections: Correction[] = [];
  const src: Record<string, unknown> = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (input !== undefined && src !== input) corrections.push({ field: 'config', message: 'The configuration was not an object; using defaults' });
  const out: Record<string, unknown> = { version: CONFIG_VERSION };
  for (const f of FIELDS) {
    const r = checkField(f, src[f.key]);
    out[f.key] = r.value;
    if (r.message) corrections.push({ field: f.key, message: r.message });
  }
  const known = new Set<string>(['version', ...FIELDS.map((f) => f.key)]);
  for (const key of Object.keys(src)) {
    if (!known.has(key)) corrections.push({ field: key, message: `Unknown setting ${show(key)} was ignored` });
  }
  const config = out as unknown as RunConfig;
  if (config.dataset !== 'mnist' && config.samples > MAX_TOY_SAMPLES) {
    const earlier = corrections.findIndex((c) => c.field === 'samples');
    if (earlier >= 0) corrections.splice(earlier, 1);
    corrections.push({ field: 'samples', message: `Samples: ${show(src.samples)} is too many; ${config.dataset} is generated with at most ${MAX_TOY_SAMPLES} examples (MNIST: up to ${MNIST_TRAIN_DIGITS} digits); using ${MAX_TOY_SAMPLES}` });
    config.samples = MAX_TOY_SAMPLES;
  }
  const layerCount = config.hidden.length + 1;
  const bitsOk = (b: number) => b <= 8 || b === LAYER_BITS_FLOAT;
  if (config.layerBits.length > layerCount || !config.layerBits.every(bitsOk)) {
    const fixed = config.layerBits.slice(0, layerCount).map((b) => (bitsOk(b) ? b : LAYER_BITS_FLOAT));
    corrections.push({
      field: 'layerBits',
      message: `Bits per layer: ${show(config.layerBits)} must be one entry per layer (${layerCount}), each 0 (same as Bits), 1–8 or 32 (float32); using ${show(fixed)}`,
    });
    config.layerBits = fixed;
  }
  if (isRegression(config.dataset) && config.loss === 'crossentropy') {
    config.loss = 'mse';
    corrections.push({ field: 'loss', message: `Loss: cross-entropy needs classes, and ${config.dataset} is a regression dataset; using MSE` });
  }
  const taskProblem = secondTaskProblem(config.secondTask, config.dataset);
  if (taskProblem) {
    config.secondTask = 'none';
    corrections.push({ field: 'secondTask', message: taskProblem });
  }
  if (config.secondTask !== 'none' && config.loss !== 'crossentropy') {
    config.loss = 'crossentropy';
    corrections.push({ field: 'loss', message: 'Loss: a multi-task run trains each head with its own softmax cross-entropy; using cross-entropy' });
  }
  return { config, corrections };
}

/** Config → URL hash (without '#'), in table order, e.g. "data=spiral&noise=0.1&…". */
export function configToHash(config: RunConfig): string {
  const p = new URLSearchParams();
  for (const f of FIELDS) {
    const v = config[f.key];
    const text = f.key === 'race' ? config.race.map(laneToString).join(',') : Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    p.set(f.url, text);
  }
  return p.toString();
}

/** URL hash (with or without '#') → validated config. Missing keys take defaults silently. */
export function configFromHash(hash: string): Validated {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const raw: Record<string, unknown> = {};
  const corrections: Correction[] = [];
  const byUrl = new Map(FIELDS.map((f) => [f.url, f]));
  for (const [k, v] of p) {
    const f = byUrl.get(k);
    if (f) raw[f.key] = v;
    else corrections.push({ field: k, message: `Unknown link setting ${show(k)} was ignored` });
  }
  const r = validateConfig(raw);
  return { config: r.config, corrections: [...corrections, ...r.corrections] };
}

export function configToJSON(config: RunConfig): string {
  return JSON.stringify(config, null, 2);
}

/** Why a file's text cannot be a config at all, or null when it can be validated field by field. */
export function configFileProblem(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `it is not valid JSON (${(e as Error).message})`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'it does not hold a settings object';
  const keys = new Set(Object.keys(parsed));
  if (!FIELDS.some((f) => keys.has(f.key))) return 'it holds none of OptiPlay’s settings';
  return null;
}

export function configFromJSON(text: string): Validated {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const r = validateConfig({});
    return { config: r.config, corrections: [{ field: 'file', message: `The file is not valid JSON (${(e as Error).message}); nothing was loaded` }] };
  }
  return validateConfig(parsed);
}

/**
 * Fields that can change mid-run without rebuilding the model or the data: the batch size and every
 * optimizer, regularization and schedule setting (the optimizer state stays; only Reset clears it).
 */
export const LIVE_FIELDS: ReadonlySet<keyof RunConfig> = new Set([
  'learningRate', 'batchSize', 'optimizer', 'momentum', 'nesterov', 'dampening', 'beta1', 'beta2', 'epsilon', 'centered',
  'weightDecay', 'regularization', 'regularizationRate', 'schedule', 'stepSize', 'gamma', 'totalSteps', 'minLrFactor', 'warmupSteps',
  'prune', 'sparsity', 'pruneMethod', 'pruneSchedule', 'pruneStart', 'pruneSteps', 'pruneEvery', 'rewind',
  'quantize', 'bits', 'layerBits', 'quantScheme', 'granularity', 'quantMode',
  'frozenLayers', 'transferLr', 'temperature', 'distillWeight', 'biasShift', 'stopAt',
  'augShift', 'augRotation', 'augNoise', 'augJitter', 'augMixup',
  'taskWeight', 'pcgrad',
]);

/** The settings of a known-good preset: LeNet-300-100 on all of MNIST with Adam (REFERENCE.md targets). */
export const LENET_PRESET: Partial<RunConfig> = {
  dataset: 'mnist', samples: MNIST_TRAIN_DIGITS, hidden: [300, 100], activation: 'relu', loss: 'crossentropy',
  optimizer: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, batchSize: 128, schedule: 'constant',
  regularization: 'none',
};

/** True when going from a to b needs a new model/data (anything beyond the live fields changed). */
export function needsRebuild(a: RunConfig, b: RunConfig): boolean {
  return FIELDS.some((f) => !LIVE_FIELDS.has(f.key) && show(a[f.key]) !== show(b[f.key]));
}
