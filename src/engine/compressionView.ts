/**
 * What the compression panels show of a model's pruning and quantization: stored size per layer
 * (modelSize.ts, Deep Compression's accounting), the pruned share against the model as built, the widths
 * now, and a label such as "90% magnitude · 4-bit aware", "50% of neurons (L2) · float32" or
 * "dense 4/f32/2-bit post-training". Pure: the Compressor hands in its state.
 */
import type { QuantRecord } from './checkpoint';
import type { PruneMethod, RunConfig } from './config';
import type { ModelSpec, ParamLayout } from './model';
import { modelSize } from './modelSize';

/** The engine side of worker/protocol.ts CompressionView (without testAccuracy); same fields. */
export interface CompressionSummary {
  layers: Array<{ label: string; weights: number; nonzeros: number; bits: number; float32: number; dense: number; sparse: number | null }>;
  total: { float32: number; dense: number; sparse: number | null; best: number };
  /** Pruned share of the weights (W) the model was built with: mask zeros and removed neurons' weights. */
  sparsity: number;
  widths: number[];
  label: string;
}

/** A model's compression state, as the Compressor holds it. */
export interface CompressionState {
  /** The model now (narrower after neuron pruning) and its layout. */
  spec: ModelSpec;
  layout: ParamLayout;
  /** The model as built. */
  baseSpec: ModelSpec;
  /** [layout.totalFloats] 1 keep, 0 pruned, or null. */
  mask: Float32Array | null;
  quant: QuantRecord | null;
  /** The method of the last pruning event, or null. */
  lastMethod: PruneMethod | null;
}

export const isNeuronMethod = (m: PruneMethod) => m === 'neuron-l2' || m === 'neuron-activity';

const METHOD_LABEL: Record<PruneMethod, string> = {
  magnitude: 'magnitude',
  'global-magnitude': 'global magnitude',
  'neuron-l2': 'of neurons (L2)',
  'neuron-activity': 'of neurons (activity)',
};

/** Mean share of hidden neurons removed, over the hidden layers (0 without hidden layers). */
export function neuronSparsity(spec: ModelSpec, baseSpec: ModelSpec): number {
  const hidden = baseSpec.layers.length - 1;
  if (hidden <= 0) return 0;
  let s = 0;
  for (let l = 0; l < hidden; l++) s += 1 - spec.layers[l].outDim / baseSpec.layers[l].outDim;
  return s / hidden;
}

/** Model size and sparsity now, with the mask and the quantization in force. */
export function compressionView(state: CompressionState, config: RunConfig): CompressionSummary {
  const { spec, layout, mask } = state;
  const q = state.quant;
  const size = modelSize(spec, layout, {
    bits: q ? q.bits : spec.layers.map(() => 32),
    scheme: q ? q.scheme : 'symmetric',
    perChannel: q ? q.perChannel : false,
    nonzero: mask ?? undefined,
  });
  const baseWeights = state.baseSpec.layers.reduce((a, L) => a + L.inDim * L.outDim, 0);
  const live = size.layers.reduce((a, l) => a + l.nonzeros, 0);
  const sparsity = baseWeights > 0 ? 1 - live / baseWeights : 0;
  return {
    layers: size.layers.map((l) => {
      const L = spec.layers[l.layer];
      return { label: `Layer ${l.layer + 1} (${L.inDim}→${L.outDim})`, weights: l.weights, nonzeros: l.nonzeros, bits: l.bits, float32: l.float32, dense: l.dense, sparse: l.sparse };
    }),
    total: size.total,
    sparsity,
    widths: [spec.inputDim, ...spec.layers.map((L) => L.outDim)],
    label: compressionLabel(state, config, sparsity),
  };
}

function compressionLabel(state: CompressionState, config: RunConfig, sparsity: number): string {
  const method = state.lastMethod ?? config.pruneMethod;
  const neuronShare = neuronSparsity(state.spec, state.baseSpec);
  let pruned = 'dense';
  if (isNeuronMethod(method) && neuronShare > 0) pruned = `${Math.round(neuronShare * 100)}% ${METHOD_LABEL[method]}`;
  else if (sparsity > 0) pruned = `${Math.round(sparsity * 100)}% ${METHOD_LABEL[isNeuronMethod(method) ? 'magnitude' : method]}`;
  const q = state.quant;
  let quant = 'float32';
  if (q) {
    const distinct = [...new Set(q.bits)];
    const bits = distinct.length === 1 ? `${distinct[0]}-bit` : `${q.bits.map((b) => (b === 32 ? 'f32' : b)).join('/')}-bit`;
    if (!(distinct.length === 1 && distinct[0] === 32)) quant = `${bits} ${q.mode === 'aware' ? 'aware' : 'post-training'}`;
  }
  return pruned === 'dense' ? `dense ${quant}` : `${pruned} · ${quant}`;
}
