/**
 * The model every export writes: lane 0 of a checkpoint, with the weights evaluation uses — the float
 * masters with the pruning mask applied and, when quantization is in force, fake-quantized exactly as the
 * backends do (cpuBackend.ts `quantizedParams`, ops/quantize.ts). One source for ONNX, safetensors and
 * the PyTorch script, so they all compute what the playground's test accuracy was measured on.
 *
 * Race lanes (1–3) are not exported: they are comparisons, the run is lane 0.
 */
import type { Checkpoint, QuantRecord } from '../checkpoint';
import { ACTIVATIONS } from '../config';
import { quantizedParams } from '../cpuBackend';
import { paramLayout, type ModelSpec, type ParamLayout } from '../model';
import { csvSourceDataset } from '../data/csvSource';
import { quantPlan, quantSegmentsForLayout } from '../ops/quantize';

export interface ExportedLayer {
  /** [outDim, inDim] row-major, as PyTorch's nn.Linear.weight. */
  W: Float32Array<ArrayBuffer>;
  /** [outDim] */
  b: Float32Array<ArrayBuffer>;
}

export interface ExportedModel {
  spec: ModelSpec;
  layout: ParamLayout;
  /** Per layer, input to output: the effective weights (masked, fake-quantized when `quantized`). */
  weights: ExportedLayer[];
  /** [layout.totalFloats] the same effective weights as one allocation in `layout`. */
  params: Float32Array<ArrayBuffer>;
  /** [layout.totalFloats] the float master weights (masked), what training continues from. */
  masters: Float32Array<ArrayBuffer>;
  /** True when at least one layer's weights are fake-quantized (some bit width below 32). */
  quantized: boolean;
  /** Share of the weights (W entries, not biases) that are exactly 0. */
  zeroShare: number;
  /** One or two sentences for the user: what the weights are (float, or fake-quantized floats; pruned zeros). */
  note: string;
}

/** True when the record quantizes some layer (a record whose layers are all 32-bit leaves the floats as they are). */
export function isQuantized(quant: QuantRecord | null): quant is QuantRecord {
  return quant !== null && quant.bits.some((b) => b !== 32);
}

/** "4-bit per-channel affine (quantization-aware training)", or "2/8/f32-bit per-tensor symmetric (post-training)". */
export function describeQuant(q: QuantRecord): string {
  const distinct = [...new Set(q.bits)];
  const bits = distinct.length === 1 ? `${distinct[0]}-bit` : `${q.bits.map((b) => (b === 32 ? 'f32' : b)).join('/')}-bit`;
  return `${bits} ${q.perChannel ? 'per-channel' : 'per-tensor'} ${q.scheme} (${q.mode === 'aware' ? 'quantization-aware training' : 'post-training'})`;
}

/** Checks that a spec is a chain of dense layers ending in a linear output layer; throws a clear Error. */
export function checkSpec(spec: ModelSpec): void {
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  if (!spec || !ok(spec.inputDim) || !Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new Error('The model description is not valid: it needs an input width and at least one layer.');
  }
  spec.layers.forEach((L, l) => {
    const expectIn = l === 0 ? spec.inputDim : spec.layers[l - 1].outDim;
    if (!ok(L.inDim) || !ok(L.outDim) || L.inDim !== expectIn) throw new Error(`Layer ${l + 1} of the model description has widths ${L.inDim}→${L.outDim}; expected ${expectIn} inputs.`);
    if (!(ACTIVATIONS as readonly string[]).includes(L.activation)) throw new Error(`Layer ${l + 1} has an unknown activation ${JSON.stringify(L.activation)}.`);
  });
  if (spec.layers[spec.layers.length - 1].activation !== 'linear') throw new Error('The output layer of the model must be linear.');
}

/** Lane 0 of the checkpoint as its effective weights (see the file comment). Throws a clear Error on a broken record. */
export function exportModel(ckpt: Checkpoint): ExportedModel {
  const lane = ckpt.lanes[0];
  if (!lane) throw new Error('The checkpoint has no model (no lane 0).');
  const spec = lane.spec;
  checkSpec(spec);
  const layout = paramLayout(spec);
  if (lane.params.length !== layout.totalFloats) {
    throw new Error(`The checkpoint's parameters have ${lane.params.length} floats; the model needs ${layout.totalFloats}.`);
  }
  const masters = lane.params.slice();
  const mask = ckpt.compressor.mask;
  if (mask) {
    if (mask.length !== layout.totalFloats) throw new Error(`The checkpoint's pruning mask has ${mask.length} floats; the model needs ${layout.totalFloats}.`);
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0) masters[i] = 0;
  }
  const q = ckpt.compressor.quant;
  const quantized = isQuantized(q);
  if (q && q.bits.length !== spec.layers.length) throw new Error(`The quantization record has ${q.bits.length} bit widths for ${spec.layers.length} layers.`);
  // Zeros stay zeros under fake quantization (z lies in [qmin, qmax], sign(0) = 0), so masking first is exact.
  const params = quantized ? new Float32Array(quantizedParams(masters, quantPlan(quantSegmentsForLayout(layout, q.bits, q.scheme, q.perChannel)))) : masters.slice();
  const weights = layout.layers.map(({ W, b }) => ({ W: params.slice(W.offset, W.offset + W.size), b: params.slice(b.offset, b.offset + b.size) }));
  let zeros = 0, total = 0;
  for (const { W } of weights) {
    total += W.length;
    for (let i = 0; i < W.length; i++) if (W[i] === 0) zeros++;
  }
  const zeroShare = total > 0 ? zeros / total : 0;
  const parts = [quantized
    ? `The weights are quantized ${describeQuant(q)} and stored as their fake-quantized float32 values: the file computes exactly what the playground evaluates, but is not smaller than a float32 model.`
    : 'The weights are float32, as trained.'];
  if (mask || zeroShare >= 0.01) parts.push(`${(zeroShare * 100).toFixed(1)}% of the weights are pruned and stored as zeros.`);
  return { spec, layout, weights, params, masters, quantized, zeroShare, note: parts.join(' ') };
}

/**
 * What a model trained on the user's table needs beside its weights, as JSON for the files' metadata: the
 * features in input order with the training rows' mean and std (input = (value − mean) / std), the label,
 * the class names (output k) or the target's scaling (value = output × std + mean). Null for other data.
 */
export function csvMetadata(ckpt: Pick<Checkpoint, 'config' | 'csv'>): string | null {
  if (ckpt.config.dataset !== 'csv' || !ckpt.csv) return null;
  const built = csvSourceDataset(ckpt.csv, ckpt.config.seed, ckpt.config.trainFraction);
  if (!built.ok) return null;
  const { scaling } = built.preview;
  return JSON.stringify({ file: ckpt.csv.fileName, features: scaling.features, label: ckpt.csv.labelName, classes: built.classNames, target: scaling.target });
}

/** The task of an exported model: one output is a number to predict; two or more are class scores. */
export function exportedTask(spec: ModelSpec): 'regression' | 'classification' {
  return spec.layers[spec.layers.length - 1].outDim === 1 ? 'regression' : 'classification';
}
