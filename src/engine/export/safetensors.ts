/**
 * safetensors (https://github.com/huggingface/safetensors): encode, decode with clear errors, and the
 * OptiPlay model file — the export that the PyTorch script loads and Import model reads back.
 *
 * File: u64 little-endian N, then an N-byte UTF-8 JSON header (padded with spaces so 8 + N is a
 * multiple of 8), then the data bytes. Header: {"__metadata__": {string: string}, name: {dtype, shape,
 * data_offsets: [begin, end]}} with offsets relative to the data; tensors cover the data exactly.
 *
 * The OptiPlay model file (lane 0 of a checkpoint; l = 0 … layers−1, PyTorch naming of our MLP module):
 *   layers.{l}.weight  F32 [out, in]   effective weights: masked and, when quantized, fake-quantized
 *   layers.{l}.bias    F32 [out]
 *   master.layers.{l}.weight  F32      only when quantized: the float master weights training continues from
 *   optim.state{k}.layers.{l}.weight / .bias  F32   the optimizer state in use (momentum buffer; RMSprop's
 *                      v and ḡ; Adagrad's s; Adam's m and v), only after at least one step since it was zeroed
 *   data.{train,test}_{x,y}  F32 [n, in] / [n, out]   toy datasets only (≤ 5000 points): the run's split
 *   mask.layers.{l}.weight   U8 [out, in]  only when pruned with a mask: 1 keep, 0 pruned
 * Metadata: format "optiplay", format_version, config (JSON), spec (JSON), step, optimizer_steps (steps
 * since the optimizer state was zeroed), schedule_steps (steps since the learning-rate schedule started),
 * quantization (JSON of the QuantRecord, or "none"), weights "effective", task, note.
 */
import type { Checkpoint, QuantRecord } from '../checkpoint';
import { isRegression, validateConfig, QUANT_MODES, QUANT_SCHEMES, type Correction, type RunConfig } from '../config';
import { makeDataset, type Dataset } from '../datasets';
import { paramLayout, type ModelSpec } from '../model';
import { stateSlots } from '../optimizers';
import { checkSpec, csvMetadata, exportedTask, exportModel, isQuantized } from './exportModel';

export type SafeDtype = 'F32' | 'U8';
export interface SafeTensor {
  dtype: SafeDtype;
  shape: number[];
  data: Float32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;
}
export interface SafetensorsFile {
  /** In file order. */
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
}

export const OPTIPLAY_FORMAT = 'optiplay';
export const OPTIPLAY_FORMAT_VERSION = '1';
const BYTES: Record<SafeDtype, number> = { F32: 4, U8: 1 };
/** Headers beyond this are refused (a garbled length would otherwise ask for gigabytes). */
const MAX_HEADER = 100 * 1024 * 1024;

const fail = (msg: string): never => {
  throw new Error(`Cannot read the safetensors file: ${msg}${msg.endsWith('.') ? '' : '.'}`);
};

/** Encodes tensors (in the given order) and string metadata. */
export function encodeSafetensors(tensors: Iterable<[string, SafeTensor]>, metadata: Record<string, string>): Uint8Array<ArrayBuffer> {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const list = [...tensors];
  let offset = 0;
  for (const [name, t] of list) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`safetensors: tensor ${name} has ${t.data.length} values for shape [${t.shape}]`);
    if ((t.dtype === 'F32') !== t.data instanceof Float32Array) throw new Error(`safetensors: tensor ${name}'s data does not match dtype ${t.dtype}`);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + count * BYTES[t.dtype]] };
    offset += count * BYTES[t.dtype];
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(padded).fill(0x20);
  head.set(json);
  json = head;
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  let at = 8 + padded;
  for (const [, t] of list) {
    if (t.data instanceof Float32Array) for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
    else {
      out.set(t.data, at);
      at += t.data.length;
    }
  }
  return out;
}

/** Decodes and validates a safetensors file (F32 and U8 tensors); throws an Error that says what is wrong. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) fail(`it is only ${bytes.length} bytes long (truncated, or not a safetensors file)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) fail(`its header claims ${n} bytes but the file has ${bytes.length - 8} after the length (truncated, or not a safetensors file)`);
  const headBytes = bytes.subarray(8, 8 + Number(n));
  if (headBytes[0] !== 0x7b) fail('the header does not start with "{" (not a safetensors file)');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headBytes));
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message}); the file is damaged`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header is not a JSON object');
  const { __metadata__: meta = {}, ...entries } = header as Record<string, unknown>;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta) || Object.values(meta).some((v) => typeof v !== 'string')) fail('__metadata__ must map strings to strings');
  const data = bytes.subarray(8 + Number(n));
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const spans: Array<[number, number, string]> = [];
  const tensors = new Map<string, SafeTensor>();
  for (const [name, raw] of Object.entries(entries)) {
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') fail(`tensor ${JSON.stringify(name)} has no description`);
    if (e.dtype !== 'F32' && e.dtype !== 'U8') fail(`tensor ${JSON.stringify(name)} has dtype ${e.dtype === undefined ? '(none)' : JSON.stringify(e.dtype)}; OptiPlay reads F32 and U8 tensors only`);
    const dtype = e.dtype as SafeDtype;
    const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
    if (!Array.isArray(e.shape) || !e.shape.every(isCount)) fail(`tensor ${JSON.stringify(name)} has a bad shape ${JSON.stringify(e.shape)}`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isCount) || offs[0] > offs[1]) fail(`tensor ${JSON.stringify(name)} has bad data_offsets ${JSON.stringify(offs)}`);
    const shape = e.shape as number[];
    const [begin, end] = offs as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * BYTES[dtype]) fail(`tensor ${JSON.stringify(name)} spans ${end - begin} bytes but shape [${shape}] of ${dtype} needs ${count * BYTES[dtype]}`);
    if (end > data.length) fail(`tensor ${JSON.stringify(name)} ends at byte ${end} of the data but there are only ${data.length} (the file is truncated)`);
    let values: Float32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;
    if (dtype === 'U8') values = data.slice(begin, end);
    else {
      const f = new Float32Array(count);
      for (let i = 0; i < count; i++) f[i] = dataView.getFloat32(begin + 4 * i, true);
      values = f;
    }
    spans.push([begin, end, name]);
    tensors.set(name, { dtype, shape: [...shape], data: values });
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let at = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== at) fail(begin < at ? `tensor ${JSON.stringify(name)} overlaps another tensor` : `bytes ${at}–${begin} of the data belong to no tensor`);
    at = end;
  }
  if (at !== data.length) fail(`${data.length - at} bytes after the last tensor belong to no tensor`);
  return { tensors, metadata: meta as Record<string, string> };
}

const f32 = (shape: number[], data: Float32Array): SafeTensor => ({ dtype: 'F32', shape, data: new Float32Array(data) });

/** The OptiPlay model file of a checkpoint (see the file comment). `data`: toy data to embed (default: the run's, regenerated; none for MNIST). */
export function safetensorsFromCheckpoint(ckpt: Checkpoint, options: { data?: Dataset | null } = {}): { bytes: Uint8Array<ArrayBuffer>; note: string } {
  const model = exportModel(ckpt);
  const { spec, layout } = model;
  const lane = ckpt.lanes[0];
  const tensors: Array<[string, SafeTensor]> = [];
  model.weights.forEach(({ W, b }, l) => {
    tensors.push([`layers.${l}.weight`, f32(layout.layers[l].W.shape, W)], [`layers.${l}.bias`, f32([b.length], b)]);
  });
  if (model.quantized) layout.layers.forEach(({ W }, l) => tensors.push([`master.layers.${l}.weight`, f32(W.shape, model.masters.subarray(W.offset, W.offset + W.size))]));
  const optimizerSteps = ckpt.step - lane.optimizerSince;
  if (optimizerSteps > 0) {
    for (let k = 0; k < stateSlots(ckpt.config); k++) {
      const s = lane.state[k];
      if (s.length !== layout.totalFloats) throw new Error(`The checkpoint's optimizer state has ${s.length} floats; the model needs ${layout.totalFloats}.`);
      layout.layers.forEach(({ W, b }, l) => {
        tensors.push([`optim.state${k}.layers.${l}.weight`, f32(W.shape, s.subarray(W.offset, W.offset + W.size))]);
        tensors.push([`optim.state${k}.layers.${l}.bias`, f32(b.shape, s.subarray(b.offset, b.offset + b.size))]);
      });
    }
  }
  const data = options.data !== undefined ? options.data : ckpt.config.dataset === 'mnist' ? null : makeDataset(ckpt.config, undefined, ckpt.csv);
  if (data) {
    for (const [split, s] of [['train', data.train], ['test', data.test]] as const) {
      tensors.push([`data.${split}_x`, f32([s.n, data.inputDim], s.x)], [`data.${split}_y`, f32([s.n, data.outputDim], s.y)]);
    }
  }
  const mask = ckpt.compressor.mask;
  if (mask) {
    layout.layers.forEach(({ W }, l) => {
      tensors.push([`mask.layers.${l}.weight`, { dtype: 'U8', shape: W.shape, data: Uint8Array.from(mask.subarray(W.offset, W.offset + W.size), (v) => (v === 0 ? 0 : 1)) }]);
    });
  }
  const q = ckpt.compressor.quant;
  const metadata: Record<string, string> = {
    format: OPTIPLAY_FORMAT,
    format_version: OPTIPLAY_FORMAT_VERSION,
    config: JSON.stringify(ckpt.config),
    spec: JSON.stringify(spec),
    step: String(ckpt.step),
    optimizer_steps: String(Math.max(0, optimizerSteps)),
    schedule_steps: String(Math.max(0, ckpt.step - (lane.scheduleSince ?? 0))),
    quantization: isQuantized(q) ? JSON.stringify(q) : 'none',
    weights: 'effective',
    task: exportedTask(spec),
    note: model.note,
  };
  const table = csvMetadata(ckpt);
  if (table) metadata.csv = table;
  return { bytes: encodeSafetensors(tensors, metadata), note: model.note };
}

/** A model read back from an OptiPlay safetensors file, for Import model. Arrays are in paramLayout(spec). */
export interface ImportedModel {
  config: RunConfig;
  /** What validateConfig changed in the stored config. */
  corrections: Correction[];
  spec: ModelSpec;
  /** [paramLayout(spec).totalFloats] the float master weights (the effective ones when the file was not quantized). */
  params: Float32Array<ArrayBuffer>;
  step: number;
  /** [totalFloats] 1 keep, 0 pruned (biases 1), or null when the file has no mask. */
  mask: Float32Array<ArrayBuffer> | null;
  quant: QuantRecord | null;
  /** Optimizer state arrays ([totalFloats] each; unused slots zero), or null when the file has none. */
  state: [Float32Array<ArrayBuffer>, Float32Array<ArrayBuffer>] | null;
  /** Optimizer steps since its state was zeroed (the run's optimizerSince = step − optimizerSteps). */
  optimizerSteps: number;
  /** Steps since the learning-rate schedule started (the run's scheduleSince = step − scheduleSteps). */
  scheduleSteps: number;
}

function parseJson(text: string | undefined, what: string): unknown {
  if (text === undefined) fail(`it has no "${what}" in its metadata (an OptiPlay file always has one)`);
  try {
    return JSON.parse(text!);
  } catch {
    return fail(`its "${what}" metadata is not valid JSON`);
  }
}

function parseQuant(text: string | undefined, layers: number): QuantRecord | null {
  if (text === undefined || text === 'none') return null;
  const q = parseJson(text, 'quantization') as Partial<QuantRecord> | null;
  const ok = q !== null && typeof q === 'object' && Array.isArray(q.bits) && q.bits.length === layers && q.bits.every((b) => (Number.isInteger(b) && b >= 1 && b <= 8) || b === 32) &&
    (QUANT_SCHEMES as readonly unknown[]).includes(q.scheme) && typeof q.perChannel === 'boolean' && (QUANT_MODES as readonly unknown[]).includes(q.mode);
  if (!ok) fail(`its quantization record ${text.slice(0, 80)} is not valid for ${layers} layers`);
  return { bits: [...q!.bits!], scheme: q!.scheme!, perChannel: q!.perChannel!, mode: q!.mode! };
}

/** The input and output widths a dataset's models have (a CSV table's: whatever the file says; the run checks them against the table). */
function datasetDims(config: RunConfig, spec: ModelSpec): [number, number] {
  if (config.dataset === 'mnist') return [784, 10];
  if (config.dataset === 'csv') return [spec.inputDim, spec.layers[spec.layers.length - 1]?.outDim ?? 0];
  return isRegression(config.dataset) ? [1, 1] : [2, 2];
}

/** Reads an OptiPlay model file back (Import model). Throws a clear Error for a damaged or non-OptiPlay file. */
export function checkpointFromSafetensors(bytes: Uint8Array): ImportedModel {
  const file = decodeSafetensors(bytes);
  const meta = file.metadata;
  if (meta.format !== OPTIPLAY_FORMAT) fail('it was not exported by OptiPlay (its metadata has no format "optiplay"); Import model reads OptiPlay model files only');
  const { config, corrections } = validateConfig(parseJson(meta.config, 'config'));
  const spec = parseJson(meta.spec, 'spec') as ModelSpec;
  try {
    checkSpec(spec);
  } catch (e) {
    fail((e as Error).message);
  }
  const [inDim, outDim] = datasetDims(config, spec);
  if (spec.inputDim !== inDim || spec.layers[spec.layers.length - 1].outDim !== outDim) {
    fail(`the model maps ${spec.inputDim} inputs to ${spec.layers[spec.layers.length - 1].outDim} outputs, but ${config.dataset} needs ${inDim} → ${outDim}`);
  }
  const layout = paramLayout(spec);
  const put = (into: Float32Array, name: string, shape: number[], offset: number, required: boolean): boolean => {
    const t = file.tensors.get(name);
    if (!t) return required ? fail(`tensor ${name} is missing`) : false;
    if (t.dtype !== 'F32' || t.shape.join(',') !== shape.join(',')) fail(`tensor ${name} is ${t.dtype} [${t.shape}], expected F32 [${shape}]`);
    into.set(t.data, offset);
    return true;
  };
  const params = new Float32Array(layout.totalFloats);
  layout.layers.forEach(({ W, b }, l) => {
    if (!put(params, `master.layers.${l}.weight`, W.shape, W.offset, false)) put(params, `layers.${l}.weight`, W.shape, W.offset, true);
    put(params, `layers.${l}.bias`, b.shape, b.offset, true);
  });
  let mask: Float32Array<ArrayBuffer> | null = null;
  if (file.tensors.has('mask.layers.0.weight')) {
    const m = new Float32Array(layout.totalFloats).fill(1);
    layout.layers.forEach(({ W }, l) => {
      const t = file.tensors.get(`mask.layers.${l}.weight`);
      if (!t || t.dtype !== 'U8' || t.shape.join(',') !== W.shape.join(',')) fail(`tensor mask.layers.${l}.weight is missing or is not U8 [${W.shape}]`);
      t!.data.forEach((v, i) => (m[W.offset + i] = v === 0 ? 0 : 1));
    });
    for (let i = 0; i < m.length; i++) if (m[i] === 0) params[i] = 0;
    mask = m;
  }
  let state: ImportedModel['state'] = null;
  if (file.tensors.has('optim.state0.layers.0.weight')) {
    state = [new Float32Array(layout.totalFloats), new Float32Array(layout.totalFloats)];
    for (let k = 0; k < 2 && file.tensors.has(`optim.state${k}.layers.0.weight`); k++) {
      layout.layers.forEach(({ W, b }, l) => {
        put(state![k], `optim.state${k}.layers.${l}.weight`, W.shape, W.offset, true);
        put(state![k], `optim.state${k}.layers.${l}.bias`, b.shape, b.offset, true);
      });
    }
  }
  const step = Number(meta.step ?? '0');
  const optimizerSteps = Number(meta.optimizer_steps ?? '0');
  const scheduleSteps = Number(meta.schedule_steps ?? meta.step ?? '0');
  const count = (n: number) => Number.isSafeInteger(n) && n >= 0 && n <= step;
  if (!(Number.isSafeInteger(step) && step >= 0 && count(optimizerSteps) && count(scheduleSteps))) {
    fail(`its step counts (step ${meta.step}, optimizer_steps ${meta.optimizer_steps}, schedule_steps ${meta.schedule_steps}) are not valid`);
  }
  return { config, corrections, spec, params, step, mask, quant: parseQuant(meta.quantization, spec.layers.length), state: optimizerSteps > 0 ? state : null, optimizerSteps, scheduleSteps };
}

/** The name the worker imports (src/worker/host.ts): the same reader. */
export const importSafetensors = checkpointFromSafetensors;
