/**
 * Model description and the one parameter allocation.
 * A multilayer perceptron: layer l maps [M, in_l] → [M, out_l] with W_l: [out_l, in_l] (rows are output
 * neurons, as in PyTorch, so structured pruning removes rows) and b_l: [out_l]. The output layer is linear.
 * All tensors live in one Float32Array; each starts at a 64-float (256-byte) aligned offset so the GPU can
 * bind it directly as a buffer range.
 */
import type { Activation, RunConfig } from '../config';
import type { Dataset } from '../datasets';
import { createRng } from '../rng';
import type { Head } from '../strategies/multitask';

export interface LayerSpec {
  inDim: number;
  outDim: number;
  activation: Activation;
}

export interface ModelSpec {
  inputDim: number;
  layers: LayerSpec[];
  /**
   * Multi-task (engine/strategies/multitask.ts): the output layer's rows split into named heads on the
   * shared trunk, each with its own softmax and loss; absent: one head over every output.
   */
  heads?: Head[];
}

export interface TensorSlot {
  name: string;
  layer: number;
  kind: 'W' | 'b';
  /** Offset in floats into the parameter buffer. */
  offset: number;
  /** Number of floats. */
  size: number;
  shape: number[];
}

export interface ParamLayout {
  tensors: TensorSlot[];
  /** Per layer: the W slot and the b slot. */
  layers: Array<{ W: TensorSlot; b: TensorSlot }>;
  /** Floats in the whole allocation, padding included. */
  totalFloats: number;
  /** Real parameters (no padding). */
  count: number;
}

/** Floats per alignment unit: 256 bytes, WebGPU's minStorageBufferOffsetAlignment upper bound. */
export const PARAM_ALIGN = 64;
const align = (n: number) => Math.ceil(n / PARAM_ALIGN) * PARAM_ALIGN;

export function modelSpecFor(config: Pick<RunConfig, 'hidden' | 'activation'>, ds: Pick<Dataset, 'inputDim' | 'outputDim'> & { heads?: Head[] }): ModelSpec {
  const widths = [ds.inputDim, ...config.hidden, ds.outputDim];
  const layers: LayerSpec[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    layers.push({ inDim: widths[l], outDim: widths[l + 1], activation: l + 2 === widths.length ? 'linear' : config.activation });
  }
  return ds.heads ? { inputDim: ds.inputDim, layers, heads: ds.heads.map((h) => ({ ...h })) } : { inputDim: ds.inputDim, layers };
}

export function paramLayout(spec: ModelSpec): ParamLayout {
  const tensors: TensorSlot[] = [];
  const layers: ParamLayout['layers'] = [];
  let offset = 0;
  let count = 0;
  spec.layers.forEach((L, l) => {
    const W: TensorSlot = { name: `W${l + 1}`, layer: l, kind: 'W', offset, size: L.outDim * L.inDim, shape: [L.outDim, L.inDim] };
    offset = align(offset + W.size);
    const b: TensorSlot = { name: `b${l + 1}`, layer: l, kind: 'b', offset, size: L.outDim, shape: [L.outDim] };
    offset = align(offset + b.size);
    tensors.push(W, b);
    layers.push({ W, b });
    count += W.size + b.size;
  });
  return { tensors, layers, totalFloats: Math.max(offset, PARAM_ALIGN), count };
}

/**
 * Seeded initialisation: He normal (std sqrt(2/in)) for ReLU layers, Xavier/LeCun normal (std sqrt(1/in))
 * otherwise; biases zero. Padding stays zero.
 */
export function initParams(spec: ModelSpec, layout: ParamLayout, seed: number): Float32Array {
  const rng = createRng(seed * 7919 + 3);
  const p = new Float32Array(layout.totalFloats);
  spec.layers.forEach((L, l) => {
    const std = Math.sqrt((L.activation === 'relu' ? 2 : 1) / L.inDim);
    const W = layout.layers[l].W;
    for (let i = 0; i < W.size; i++) p[W.offset + i] = std * rng.normal();
  });
  return p;
}

/** Largest layer width, input included. */
export function maxWidth(spec: ModelSpec): number {
  return Math.max(spec.inputDim, ...spec.layers.map((l) => l.outDim));
}
