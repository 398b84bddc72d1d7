/**
 * Checks a checkpoint record (engine/checkpoint.ts) that comes back from storage or from a file before
 * anything uses it: the format and version fields, every field's type, each lane's settings (through the
 * config table, with no correction needed), the model specs (each layer's input is the previous layer's
 * output), every parameter-shaped array's length against paramLayout(spec).totalFloats, the sampler's
 * permutation length, and whole, finite numbers where the record counts (steps, epochs, positions).
 *
 * Pure and synchronous: IndexedDB loads (store/runStore.ts) and imported files use the same check. The
 * problem is one short phrase naming the field, for a message such as "The saved run … is damaged (…)".
 */
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from '../engine/checkpoint';
import { LAYER_BITS_FLOAT, PRUNE_METHODS, QUANT_MODES, QUANT_SCHEMES } from '../engine/compressionSettings';
import { ACTIVATIONS, ADDED_FIELDS, FIELDS, MAX_HIDDEN_LAYERS, MAX_RACE_LANES, validateConfig } from '../engine/config';
import { paramLayout, type ModelSpec } from '../engine/model';
import { CSV_LIMITS, MAX_FEATURES } from '../engine/data/csv';
import { csvSourceDataset } from '../engine/data/csvSource';

export type CheckpointCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; problem: string };

/** Widest layer (or input) a record may describe: far above MNIST's 784 inputs and 1024 neurons. */
const MAX_DIM = 1 << 16;

class Problem extends Error {}
type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new Problem(`${path} ${what}`);
}

function object(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'is missing or not an object');
  return v as Obj;
}

/** A whole number in [min, max]. */
function whole(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(path, `must be a whole number from ${min} to ${max}, not ${String(v)}`);
  return v;
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `must be a finite number, not ${String(v)}`);
  return v;
}

/** Any number, NaN and ±Infinity included (a loss that blew up is still a record of what happened). */
function number(v: unknown, path: string): void {
  if (typeof v !== 'number') fail(path, 'must be a number');
}

function bool(v: unknown, path: string): void {
  if (typeof v !== 'boolean') fail(path, 'must be true or false');
}

function oneOf(v: unknown, options: readonly string[], path: string): void {
  if (typeof v !== 'string' || !options.includes(v)) fail(path, `must be one of ${options.join(', ')}`);
}

function numbers(v: unknown, path: string): void {
  if (!Array.isArray(v)) fail(path, 'must be a list of numbers');
  // an index loop, not forEach: a hole (a deleted item) must fail too
  for (let i = 0; i < v.length; i++) number(v[i], `${path}[${i}]`);
}

function floats(v: unknown, length: number, path: string): void {
  if (!(v instanceof Float32Array)) fail(path, 'must be a Float32Array');
  if (v.length !== length) fail(path, `has ${v.length} numbers; the model needs ${length}`);
}

function spec(v: unknown, path: string): ModelSpec {
  const s = object(v, path);
  let width = whole(s.inputDim, `${path}.inputDim`, 1, MAX_DIM);
  if (!Array.isArray(s.layers) || s.layers.length < 1 || s.layers.length > MAX_HIDDEN_LAYERS + 1) {
    fail(`${path}.layers`, `must be a list of 1 to ${MAX_HIDDEN_LAYERS + 1} layers`);
  }
  s.layers.forEach((raw, i) => {
    const p = `${path}.layers[${i}]`;
    const layer = object(raw, p);
    if (whole(layer.inDim, `${p}.inDim`, 1, MAX_DIM) !== width) fail(`${p}.inDim`, `is ${String(layer.inDim)}; the layer before gives ${width}`);
    width = whole(layer.outDim, `${p}.outDim`, 1, MAX_DIM);
    oneOf(layer.activation, ACTIVATIONS, `${p}.activation`);
  });
  // multi-task: the heads split the output layer's rows, side by side from 0 to its width
  if (s.heads !== undefined) {
    if (!Array.isArray(s.heads) || s.heads.length < 2) fail(`${path}.heads`, 'must be a list of at least 2 heads');
    let next = 0;
    s.heads.forEach((raw, i) => {
      const h = object(raw, `${path}.heads[${i}]`);
      if (typeof h.name !== 'string') fail(`${path}.heads[${i}].name`, 'must be a name');
      if (whole(h.offset, `${path}.heads[${i}].offset`, 0, MAX_DIM) !== next) fail(`${path}.heads[${i}].offset`, `must be ${next}, where the head before ends`);
      next += whole(h.classes, `${path}.heads[${i}].classes`, 2, MAX_DIM);
    });
    if (next !== width) fail(`${path}.heads`, `cover ${next} outputs; the output layer has ${width}`);
  }
  return s as unknown as ModelSpec;
}

/**
 * A lane's settings must be complete and ones the config table takes as they are. A field added after the
 * record was written (ADDED_FIELDS) is filled in with its default, in place, so older saved runs still open.
 */
function config(v: unknown, path: string): void {
  const c = object(v, path);
  for (const f of FIELDS) if (!(f.key in c) && ADDED_FIELDS.has(f.key)) c[f.key] = Array.isArray(f.default) ? [...f.default] : f.default;
  const missing = FIELDS.find((f) => !(f.key in c));
  if (missing) fail(path, `lacks the setting ${missing.label}`);
  const { corrections } = validateConfig(v);
  if (corrections.length > 0) fail(path, `are not valid settings (${corrections[0].message})`);
}

function lane(v: unknown, path: string): ModelSpec {
  const l = object(v, path);
  config(l.config, `${path}.config`);
  const s = spec(l.spec, `${path}.spec`);
  const n = paramLayout(s).totalFloats;
  floats(l.params, n, `${path}.params`);
  if (!Array.isArray(l.state) || l.state.length !== 2) fail(`${path}.state`, 'must be two arrays');
  for (let i = 0; i < 2; i++) floats(l.state[i], n, `${path}.state[${i}]`);
  whole(l.optimizerSince, `${path}.optimizerSince`);
  whole(l.scheduleSince, `${path}.scheduleSince`);
  bool(l.diverged, `${path}.diverged`);
  if (l.lastGradNorms !== null) numbers(l.lastGradNorms, `${path}.lastGradNorms`);
  return s;
}

function sampler(v: unknown, path: string): void {
  const s = object(v, path);
  const n = whole(s.n, `${path}.n`, 1);
  if (!(s.order instanceof Uint32Array) || s.order.length !== n) fail(`${path}.order`, `must be a Uint32Array of ${n} row indices`);
  whole(s.pos, `${path}.pos`, 0, n);
  whole(s.epochsDone, `${path}.epochsDone`);
  const rng = object(s.rng, `${path}.rng`);
  finite(rng.a, `${path}.rng.a`);
  if (rng.spare !== null) finite(rng.spare, `${path}.rng.spare`);
}

/** The model as built and the model now (neuron pruning narrows hidden layers, never adds or removes one). */
function sameShape(built: ModelSpec, now: ModelSpec, path: string): void {
  const last = (s: ModelSpec) => s.layers[s.layers.length - 1].outDim;
  const fits = built.inputDim === now.inputDim && built.layers.length === now.layers.length && last(built) === last(now) && now.layers.every((l, i) => l.outDim <= built.layers[i].outDim);
  if (!fits) fail(path, 'does not match the model it was built from');
}

function compressor(v: unknown, now: ModelSpec, path: string): void {
  const c = object(v, path);
  sameShape(spec(c.baseSpec, `${path}.baseSpec`), now, `${path}.baseSpec`);
  const n = paramLayout(now).totalFloats;
  floats(c.initial, n, `${path}.initial`);
  if (c.mask !== null) floats(c.mask, n, `${path}.mask`);
  if (c.episode !== null) {
    const p = `${path}.episode`;
    const e = object(c.episode, p);
    if (typeof e.key !== 'string') fail(`${p}.key`, 'must be text');
    oneOf(e.method, PRUNE_METHODS, `${p}.method`);
    for (const k of ['gradual', 'pruned', 'rewound']) bool(e[k], `${p}.${k}`);
    for (const k of ['start', 'intervals', 'every', 'initial', 'final', 'lastEvent']) finite(e[k], `${p}.${k}`);
  }
  if (typeof c.quantKey !== 'string') fail(`${path}.quantKey`, 'must be text');
  if (c.quant !== null) {
    const q = object(c.quant, `${path}.quant`);
    if (!Array.isArray(q.bits) || q.bits.length !== now.layers.length) fail(`${path}.quant.bits`, `must give a bit width for each of the ${now.layers.length} layers`);
    for (let i = 0; i < q.bits.length; i++) {
      const b = q.bits[i];
      if (b !== LAYER_BITS_FLOAT) whole(b, `${path}.quant.bits[${i}]`, 1, 8);
    }
    oneOf(q.scheme, QUANT_SCHEMES, `${path}.quant.scheme`);
    bool(q.perChannel, `${path}.quant.perChannel`);
    oneOf(q.mode, QUANT_MODES, `${path}.quant.mode`);
  }
  if (c.lastMethod !== null) oneOf(c.lastMethod, PRUNE_METHODS, `${path}.lastMethod`);
  if (c.rewoundAt !== null) finite(c.rewoundAt, `${path}.rewoundAt`);
}

function history(v: unknown, lanes: number, path: string): void {
  if (!Array.isArray(v)) fail(path, 'must be a list of evaluations');
  v.forEach((raw, i) => {
    const p = `${path}[${i}]`;
    const m = object(raw, p);
    whole(m.lane, `${p}.lane`, 0, lanes - 1);
    whole(m.step, `${p}.step`);
    finite(m.epoch, `${p}.epoch`);
    for (const k of ['trainLoss', 'testLoss', 'totalLoss', 'learningRate']) number(m[k], `${p}.${k}`);
    for (const k of ['trainAccuracy', 'testAccuracy']) if (m[k] !== undefined) number(m[k], `${p}.${k}`);
    numbers(m.gradNorms, `${p}.gradNorms`);
  });
}

function text(v: unknown, path: string): void {
  if (typeof v !== 'string') fail(path, 'must be text');
}

/**
 * A 'csv' run's table: names, [n, F] finite feature values and n labels; the Dataset rebuilt from it (as
 * opening the run does) must fit the model (inputs, classes) and the sampler (training rows).
 */
function csvSource(v: unknown, ckpt: Obj, model: ModelSpec, path: string): void {
  const c = object(v, path);
  text(c.fileName, `${path}.fileName`);
  text(c.labelName, `${path}.labelName`);
  if (!Array.isArray(c.featureNames) || c.featureNames.length < 1 || c.featureNames.length > MAX_FEATURES) fail(`${path}.featureNames`, `must name 1 to ${MAX_FEATURES} feature columns`);
  c.featureNames.forEach((name, i) => text(name, `${path}.featureNames[${i}]`));
  if (!Array.isArray(c.labels) || c.labels.length < CSV_LIMITS.minRows || c.labels.length > CSV_LIMITS.maxRows) fail(`${path}.labels`, `must hold ${CSV_LIMITS.minRows} to ${CSV_LIMITS.maxRows} labels`);
  for (let i = 0; i < c.labels.length; i++) text(c.labels[i], `${path}.labels[${i}]`);
  const n = c.labels.length * c.featureNames.length;
  if (!(c.features instanceof Float64Array) || c.features.length !== n) fail(`${path}.features`, `must be a Float64Array of ${n} values`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(c.features[i])) fail(`${path}.features`, 'holds a value that is not a finite number');
  const config = ckpt.config as { seed: number; trainFraction: number };
  const built = csvSourceDataset(c as unknown as Parameters<typeof csvSourceDataset>[0], config.seed, config.trainFraction);
  if (!built.ok) fail(path, `does not make a dataset (${built.message})`);
  const outputs = model.layers[model.layers.length - 1].outDim;
  if (built.inputDim !== model.inputDim || built.outputDim !== outputs) fail(path, `gives ${built.inputDim} inputs and ${built.outputDim} outputs, but the model takes ${model.inputDim} and gives ${outputs}`);
  if (built.train.n !== (ckpt.sampler as { n: number }).n) fail(path, `has ${built.train.n} training rows, but the run was sampling ${(ckpt.sampler as { n: number }).n}`);
}

/** A distilled run's teacher: a model of its own that takes the student's inputs and gives its classes. */
function teacher(v: unknown, student: ModelSpec, path: string): void {
  const t = object(v, path);
  const s = spec(t.spec, `${path}.spec`);
  floats(t.params, paramLayout(s).totalFloats, `${path}.params`);
  const out = (m: ModelSpec) => m.layers[m.layers.length - 1].outDim;
  if (s.inputDim !== student.inputDim || out(s) !== out(student)) fail(`${path}.spec`, 'does not take the student’s inputs and give its classes');
}

/** A taught run's reference lane: its kind, the name it was taught from, and a lane 1 to be it. */
function reference(v: unknown, lanes: number, hasTeacher: boolean, path: string): void {
  const r = object(v, path);
  if (r.kind !== 'alone' && r.kind !== 'scratch' && r.kind !== 'single') fail(`${path}.kind`, `must be "alone", "scratch" or "single", not ${JSON.stringify(r.kind)}`);
  if (typeof r.from !== 'string') fail(`${path}.from`, 'must be a name');
  if (r.kind === 'single') {
    // a multi-task run: both tasks, then each task alone (strategies/multitaskLanes.ts)
    if (!Array.isArray(r.heads) || r.heads.length !== 2 || !r.heads.every((h) => typeof h === 'string')) fail(`${path}.heads`, 'must be the two heads’ names');
    if (lanes !== 3) fail(path, `needs the multi-task run and each task alone (3 lanes), not ${lanes}`);
    if (hasTeacher) fail(path, 'is a multi-task run’s, but the run has a teacher');
    return;
  }
  if (lanes !== 2) fail(path, `needs the run and its reference (2 lanes), not ${lanes}`);
  if ((r.kind === 'alone') !== hasTeacher) fail(path, r.kind === 'alone' ? 'says the student learns alone beside a teacher, but there is none' : 'is a transfer’s, but the run has a teacher');
}

function check(v: unknown): Checkpoint {
  const c = object(v, 'the record');
  if (c.format !== CHECKPOINT_FORMAT) fail('the record', `is not an OptiPlay run (format ${JSON.stringify(c.format)})`);
  if (c.version !== CHECKPOINT_VERSION) {
    const newer = typeof c.version === 'number' && c.version > CHECKPOINT_VERSION;
    fail('the record', newer ? `comes from a newer OptiPlay (version ${c.version}); reload the page to update` : `has an unknown version (${String(c.version)})`);
  }
  config(c.config, 'config');
  whole(c.step, 'step');
  finite(c.savedAt, 'savedAt');
  sampler(c.sampler, 'sampler');
  if (!Array.isArray(c.lanes) || c.lanes.length < 1 || c.lanes.length > 1 + MAX_RACE_LANES) fail('lanes', `must be a list of 1 to ${1 + MAX_RACE_LANES} models`);
  const specs = c.lanes.map((l, i) => lane(l, `lanes[${i}]`));
  compressor(c.compressor, specs[0], 'compressor');
  history(c.history, c.lanes.length, 'history');
  if (c.teacher !== undefined) teacher(c.teacher, (c.compressor as { baseSpec: ModelSpec }).baseSpec, 'teacher');
  if (c.reference !== undefined) reference(c.reference, c.lanes.length, c.teacher !== undefined, 'reference');
  if ((c.config as { dataset: unknown }).dataset === 'csv') csvSource(c.csv, c, (c.compressor as { baseSpec: ModelSpec }).baseSpec, 'csv');
  else if (c.csv !== undefined) fail('csv', 'is only kept for a run on your own CSV data');
  return c as unknown as Checkpoint;
}

/** Checks a record of unknown origin; never throws. */
export function validateCheckpoint(value: unknown): CheckpointCheck {
  try {
    return { ok: true, checkpoint: check(value) };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: e.message };
    return { ok: false, problem: `the record could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
}
