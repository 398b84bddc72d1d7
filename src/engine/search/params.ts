/**
 * What the Sweep page offers, in one table: each parameter a study can vary, its label (the config field
 * table's, engine/config.ts), its default range and scale, and the limits a range is clamped to; and the
 * study settings' ranges. validateSettings is the one door for settings from the page or a study file.
 * Rates and regularization strengths are drawn log-uniformly (REFERENCE.md "Hyperparameter search").
 */
import { FIELDS, OPTIMIZERS } from '../config';
import type { RunConfig } from '../runConfig';
import type { Distribution, EarlyStopping, ObjectiveName, SearchMethod, SearchParam, StudySettings, SweepParamName } from './types';

export interface ParamChoice {
  name: SweepParamName;
  label: string;
  /** The range a new study starts with. */
  dist: Distribution;
  /** Numeric parameters: the bounds any range is clamped to (the config field's). */
  min?: number;
  max?: number;
  /** What choosing it means, when that is more than the field. */
  help?: string;
}

const SOLO_HELP = 'Trials that prune or quantize train each on a run of its own (as in the playground), not in the batched population: slower.';

const field = (key: keyof RunConfig) => {
  const f = FIELDS.find((x) => x.key === key);
  if (!f) throw new Error(`no config field ${key}`);
  return f;
};
const bounds = (key: keyof RunConfig): { min: number; max: number } => {
  const k = field(key).kind;
  if (k.type === 'number' || k.type === 'int' || k.type === 'intList') return { min: k.min, max: k.max };
  throw new Error(`${key} is not numeric`);
};

/** Every parameter the Sweep page offers, in its order. */
export const PARAM_CHOICES: readonly ParamChoice[] = [
  { name: 'learningRate', label: field('learningRate').label, dist: { kind: 'float', low: 1e-3, high: 1, log: true }, ...bounds('learningRate') },
  { name: 'regularizationRate', label: field('regularizationRate').label, dist: { kind: 'float', low: 1e-5, high: 0.1, log: true }, min: 1e-7, max: bounds('regularizationRate').max },
  { name: 'batchSize', label: field('batchSize').label, dist: { kind: 'int', low: 8, high: 128, log: true }, ...bounds('batchSize') },
  { name: 'width', label: 'Width (every hidden layer)', dist: { kind: 'int', low: 4, high: 32, log: true }, ...bounds('hidden') },
  { name: 'seed', label: field('seed').label, dist: { kind: 'int', low: 1, high: 8, log: false }, ...bounds('seed') },
  { name: 'optimizer', label: field('optimizer').label, dist: { kind: 'categorical', choices: ['sgd', 'momentum', 'adam'] } },
  { name: 'momentum', label: field('momentum').label, dist: { kind: 'float', low: 0.5, high: 0.99, log: false }, ...bounds('momentum') },
  { name: 'beta1', label: field('beta1').label, dist: { kind: 'float', low: 0.8, high: 0.99, log: false }, ...bounds('beta1') },
  { name: 'beta2', label: field('beta2').label, dist: { kind: 'float', low: 0.9, high: 0.9999, log: false }, ...bounds('beta2') },
  { name: 'sparsity', label: field('sparsity').label, dist: { kind: 'float', low: 0.5, high: 0.95, log: false }, ...bounds('sparsity'),
    help: `Gradual magnitude pruning (Zhu & Gupta) from step 0 to this share of the weights, reached at ¾ of the steps. ${SOLO_HELP}` },
  { name: 'bits', label: field('bits').label, dist: { kind: 'int', low: 2, high: 8, log: false }, ...bounds('bits'),
    help: `Quantization-aware training of the weights at this many bits (biases stay float32). ${SOLO_HELP}` },
];

export const OPTIMIZER_CHOICES: readonly string[] = OPTIMIZERS;

export const SEARCH_METHODS: ReadonlyArray<{ value: SearchMethod; label: string }> = [
  { value: 'random', label: 'Random' },
  { value: 'tpe', label: 'TPE (Optuna)' },
  { value: 'grid', label: 'Grid' },
];
export const EARLY_STOPPING: ReadonlyArray<{ value: EarlyStopping; label: string }> = [
  { value: 'asha', label: 'Successive halving (ASHA)' },
  { value: 'hyperband', label: 'Hyperband' },
  { value: 'none', label: 'None' },
];
export const OBJECTIVES: ReadonlyArray<{ value: ObjectiveName; label: string }> = [
  { value: 'test-accuracy', label: 'Test accuracy' },
  { value: 'test-loss', label: 'Test loss' },
  { value: 'accuracy-at-size', label: 'Accuracy at size' },
];

/** Ranges of the settings (Trials, Steps per trial, …). */
export const SETTING_RANGES = {
  trials: { min: 1, max: 500 },
  stepsPerTrial: { min: 10, max: 100_000 },
  seedsPerConfig: { min: 1, max: 10 },
  gridPoints: { min: 2, max: 10 },
  sizeLimitBytes: { min: 64, max: 100_000_000 },
} as const;

export function paramChoice(name: SweepParamName): ParamChoice {
  const c = PARAM_CHOICES.find((p) => p.name === name);
  if (!c) throw new Error(`unknown sweep parameter ${name}`);
  return c;
}

/** The settings a new study starts with: random search over the learning rate and regularization rate with ASHA. */
export function defaultSettings(): StudySettings {
  return {
    space: ['learningRate', 'regularizationRate'].map((n) => ({ name: n as SweepParamName, dist: paramChoice(n as SweepParamName).dist })),
    method: 'random',
    earlyStopping: 'asha',
    trials: 16,
    stepsPerTrial: 300,
    objective: 'test-accuracy',
    sizeLimitBytes: 4096,
    seedsPerConfig: 1,
    samplerSeed: 1,
    gridPoints: 4,
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** One parameter's range clamped into its limits (low ≤ high; log ranges above 0); null: not a sweep parameter. */
export function validateParam(p: SearchParam): { param: SearchParam; corrected: boolean } | null {
  const choice = PARAM_CHOICES.find((c) => c.name === p?.name);
  if (!choice) return null;
  const d = p.dist as Distribution | undefined;
  if (choice.dist.kind === 'categorical') {
    const allowed = p.name === 'optimizer' ? OPTIMIZER_CHOICES : choice.dist.choices.map(String);
    const choices = d?.kind === 'categorical' ? d.choices.filter((c) => allowed.includes(String(c))) : [];
    const ok = choices.length > 0;
    return { param: { name: p.name, dist: { kind: 'categorical', choices: ok ? [...new Set(choices)] : choice.dist.choices } }, corrected: !ok || choices.length !== (d as { choices: unknown[] }).choices.length };
  }
  const base = choice.dist;
  const min = p.name === 'regularizationRate' || base.log ? Math.max(choice.min ?? 0, 1e-12) : (choice.min ?? 0);
  const max = choice.max ?? 1;
  const num = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
  const raw = d && d.kind !== 'categorical' ? d : base;
  const log = typeof raw.log === 'boolean' ? raw.log : base.log;
  let low = clamp(num(raw.low, base.low), log ? Math.max(min, 1e-12) : min, max);
  let high = clamp(num(raw.high, base.high), log ? Math.max(min, 1e-12) : min, max);
  if (base.kind === 'int') [low, high] = [Math.round(low), Math.round(high)];
  if (low > high) [low, high] = [high, low];
  const param: SearchParam = { name: p.name, dist: { kind: base.kind, low, high, log } };
  const corrected = !d || d.kind !== base.kind || d.low !== low || d.high !== high || d.log !== log;
  return { param, corrected };
}

/** Settings from the page or a file, clamped; `corrections` names what was changed. */
export function validateSettings(asked: Partial<StudySettings>): { settings: StudySettings; corrections: string[] } {
  const d = defaultSettings();
  const corrections: string[] = [];
  const int = (key: keyof typeof SETTING_RANGES, label: string) => {
    const v = asked[key];
    const r = SETTING_RANGES[key];
    if (v === undefined) return d[key];
    const n = typeof v === 'number' && Number.isFinite(v) ? clamp(Math.round(v), r.min, r.max) : d[key];
    if (n !== v) corrections.push(`${label} set to ${n} (allowed ${r.min}–${r.max})`);
    return n;
  };
  const pick = <T extends string>(v: unknown, options: ReadonlyArray<{ value: T }>, dflt: T, label: string): T => {
    if (v === undefined) return dflt;
    if (options.some((o) => o.value === v)) return v as T;
    corrections.push(`${label} set to ${dflt}`);
    return dflt;
  };
  const seen = new Set<string>();
  const space: SearchParam[] = [];
  for (const p of Array.isArray(asked.space) ? asked.space : d.space) {
    const v = validateParam(p);
    if (!v || seen.has(v.param.name)) {
      corrections.push(`parameter ${String((p as { name?: unknown })?.name)} dropped`);
      continue;
    }
    seen.add(v.param.name);
    if (v.corrected) corrections.push(`${paramChoice(v.param.name).label}: range corrected`);
    space.push(v.param);
  }
  return {
    settings: {
      space,
      method: pick(asked.method, SEARCH_METHODS, d.method, 'Search method'),
      earlyStopping: pick(asked.earlyStopping, EARLY_STOPPING, d.earlyStopping, 'Early stopping'),
      trials: int('trials', 'Trials'),
      stepsPerTrial: int('stepsPerTrial', 'Steps per trial'),
      objective: pick(asked.objective, OBJECTIVES, d.objective, 'Objective'),
      sizeLimitBytes: int('sizeLimitBytes', 'Size limit'),
      seedsPerConfig: int('seedsPerConfig', 'Seeds per configuration'),
      samplerSeed: typeof asked.samplerSeed === 'number' && Number.isInteger(asked.samplerSeed) ? asked.samplerSeed : d.samplerSeed,
      gridPoints: int('gridPoints', 'Grid points'),
    },
    corrections,
  };
}
