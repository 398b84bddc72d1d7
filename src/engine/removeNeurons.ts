/**
 * Structured neuron pruning that physically shrinks the model (REFERENCE.md "Pruning"): hidden layer l keeps
 * the output neurons `keep` (rows of W_l [out, in] and entries of b_l), and layer l + 1 keeps the matching
 * input columns of W_{l+1}. Runs once per prune action, on the CPU; the result has a fresh layout.
 */
import { paramLayout, type ModelSpec, type ParamLayout } from './model';

/** Sorted, distinct, in range and not empty; the output layer cannot lose neurons. */
function checkedKeep(spec: ModelSpec, layer: number, keep: number[]): number[] {
  if (!(Number.isInteger(layer) && layer >= 0 && layer < spec.layers.length - 1)) {
    throw new Error(`only hidden layers can lose neurons (layers 0..${spec.layers.length - 2}), got ${layer}`);
  }
  const out = spec.layers[layer].outDim;
  const sorted = [...new Set(keep)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('a layer must keep at least one neuron');
  if (sorted.some((j) => !Number.isInteger(j) || j < 0 || j >= out)) throw new Error(`neuron indices must be integers in [0, ${out})`);
  return sorted;
}

/** The model spec after keeping `count` neurons of hidden layer `layer`. */
export function shrunkSpec(spec: ModelSpec, layer: number, count: number): ModelSpec {
  return {
    inputDim: spec.inputDim,
    layers: spec.layers.map((L, l) => ({
      ...L,
      outDim: l === layer ? count : L.outDim,
      inDim: l === layer + 1 ? count : L.inDim,
    })),
    // only hidden layers shrink: a multi-task model keeps its output layer's heads
    ...(spec.heads ? { heads: spec.heads.map((h) => ({ ...h })) } : {}),
  };
}

/**
 * Copies any array in the old parameter layout (parameters, a pruning mask, optimizer state) into the new
 * layout, keeping rows `keep` of W_layer and b_layer and columns `keep` of W_{layer+1}. Padding stays 0.
 */
export function shrinkParamArray(oldLayout: ParamLayout, newLayout: ParamLayout, data: Float32Array, layer: number, keep: number[]): Float32Array {
  if (newLayout.layers[layer]?.W.shape[0] !== keep.length || !newLayout.layers[layer + 1]) throw new Error('shrinkParamArray: the new layout must keep keep.length neurons of a hidden layer');
  const out = new Float32Array(newLayout.totalFloats);
  oldLayout.layers.forEach((old, l) => {
    const now = newLayout.layers[l];
    const cols = old.W.shape[1];
    const [newRows, newCols] = now.W.shape;
    const rowOf = (r: number) => (l === layer ? keep[r] : r);
    const colOf = (c: number) => (l === layer + 1 ? keep[c] : c);
    for (let r = 0; r < newRows; r++) {
      for (let c = 0; c < newCols; c++) out[now.W.offset + r * newCols + c] = data[old.W.offset + rowOf(r) * cols + colOf(c)];
      out[now.b.offset + r] = data[old.b.offset + rowOf(r)];
    }
  });
  return out;
}

/** Removes every neuron of hidden layer `layer` not in `keep`; returns the new spec, layout and parameters. */
export function removeNeurons(spec: ModelSpec, layout: ParamLayout, params: Float32Array, layer: number, keep: number[]): { spec: ModelSpec; layout: ParamLayout; params: Float32Array } {
  const kept = checkedKeep(spec, layer, keep);
  const newSpec = shrunkSpec(spec, layer, kept.length);
  const newLayout = paramLayout(newSpec);
  return { spec: newSpec, layout: newLayout, params: shrinkParamArray(layout, newLayout, params, layer, kept) };
}
