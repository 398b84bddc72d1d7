/**
 * The Network panel's view of a model (protocol.ts NetworkView), built in the worker from a snapshot's
 * effective weights (masked, fake-quantized), the pruning mask and the bits in force. Pure; cheap for toy
 * nets, and bounded for LeNet-300-100 (a few passes over its 266,200 weights).
 *
 * - Neurons: every neuron of a layer up to MAX_NODES; a wider layer shows its MAX_NODES strongest, scored
 *   by the L2 norm of the neuron's incoming weights times that of its outgoing ones (how much signal
 *   passes through it), drawn in index order. An input wider than MAX_NODES (MNIST's 784 pixels) is one
 *   collapsed box, and the first layer's pictures are then its incoming weights as images.
 * - A neuron is pruned in effect when all its incoming or all its outgoing weights are pruned (mask 0).
 *   Neuron pruning really removes neurons: `width` is the model now, `builtWidth` as built.
 * - Edges: between drawn neurons, pruned weights left out, the strongest |w| of each matrix first; MAX_EDGES
 *   in all, shared fairly between matrices (one that needs fewer leaves the rest to the others).
 * - Quantized layers (bits < 32): the distinct weight values, in the layer and in the busiest neuron.
 * - Pictures (networkPictures.ts): activations over the input plane or along x, or first-layer weights.
 */
import type { ModelSpec, ParamLayout } from '../engine/model';
import { neuronPictures, type PictureSource } from './networkPictures';
import type { NetworkEdgeBundle, NetworkLayerView, NetworkView } from './protocol';

/** At most this many neurons are drawn per layer. */
export const MAX_NODES = 32;
/** At most this many edges are drawn in all. */
export const MAX_EDGES = 2000;

export interface NetworkInputs {
  /** The model as it is now, and its parameter layout. */
  spec: ModelSpec;
  layout: ParamLayout;
  /** The effective parameters: [layout.totalFloats]. */
  params: Float32Array;
  /** The pruning mask in the same layout (1 keep, 0 pruned): [layout.totalFloats], or null (nothing pruned). */
  mask: Float32Array | null;
  /** Weight bits per layer (32: float): [spec.layers.length]. */
  bits: readonly number[];
  /** The model as built (before any neuron pruning). */
  baseSpec: ModelSpec;
  /** Where the activation pictures are computed: the Output panel's grid, or none (MNIST). */
  pictures: PictureSource | null;
}

/** The indices of the `k` largest scores, ascending by index (ties: the lower index). */
export function strongest(scores: Float64Array, k: number): Uint32Array<ArrayBuffer> {
  const order = Array.from(scores.keys());
  if (k >= order.length) return Uint32Array.from(order);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return Uint32Array.from(order.slice(0, k)).sort();
}

/** Shares `budget` between wants: each gets an equal share, and what one needs less of goes to the rest. */
export function fairShares(wants: readonly number[], budget: number): number[] {
  const out = wants.map(() => 0);
  let left = budget;
  let open = wants.map((_, i) => i).filter((i) => wants[i] > 0);
  while (open.length > 0 && left > 0) {
    const share = Math.floor(left / open.length);
    const small = open.filter((i) => wants[i] <= share);
    if (small.length === 0) {
      open.forEach((i, j) => (out[i] = share + (j < left - share * open.length ? 1 : 0)));
      return out;
    }
    for (const i of small) {
      out[i] = wants[i];
      left -= wants[i];
    }
    open = open.filter((i) => wants[i] > share);
  }
  return out;
}

/** Distinct values among the weights of one matrix [rows, cols] at `offset`: in all, and the most in one row. */
export function countLevels(params: Float32Array, offset: number, rows: number, cols: number): { levels: number; perRow: number } {
  const all = new Set<number>();
  let perRow = 0;
  const row = new Set<number>();
  for (let r = 0; r < rows; r++) {
    row.clear();
    for (let c = 0; c < cols; c++) {
      const v = params[offset + r * cols + c];
      row.add(v);
      all.add(v);
    }
    perRow = Math.max(perRow, row.size);
  }
  return { levels: all.size, perRow };
}

const isPruned = (mask: Float32Array | null, i: number) => mask !== null && mask[i] === 0;

export function networkView(inp: NetworkInputs): NetworkView {
  const { spec, layout, params, mask, baseSpec } = inp;
  const nL = spec.layers.length;
  const widths = [spec.inputDim, ...spec.layers.map((L) => L.outDim)];
  const built = [baseSpec.inputDim, ...baseSpec.layers.map((L) => L.outDim)];
  const W = (k: number) => layout.layers[k].W; // the matrix from layer k to layer k + 1: [widths[k+1], widths[k]]

  // squared norms of each neuron's incoming (row of W_{k-1}) and outgoing (column of W_k) weights, and whether all are pruned
  const inNorm = widths.map((w) => new Float64Array(w));
  const outNorm = widths.map((w) => new Float64Array(w));
  const inLive = widths.map((w) => new Uint32Array(w));
  const outLive = widths.map((w) => new Uint32Array(w));
  const prunedIn = new Array<number>(nL).fill(0);
  for (let l = 0; l < nL; l++) {
    const { offset } = W(l);
    const rows = widths[l + 1], cols = widths[l];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = offset + r * cols + c;
        const w2 = params[i] * params[i];
        inNorm[l + 1][r] += w2;
        outNorm[l][c] += w2;
        if (isPruned(mask, i)) prunedIn[l]++;
        else {
          inLive[l + 1][r]++;
          outLive[l][c]++;
        }
      }
    }
  }

  const collapsedInput = widths[0] > MAX_NODES;
  const shown = widths.map((w, k) => {
    if (k === 0) return collapsedInput ? new Uint32Array(0) : Uint32Array.from({ length: w }, (_, i) => i);
    const score = new Float64Array(w);
    for (let j = 0; j < w; j++) score[j] = Math.sqrt(inNorm[k][j]) * (k < nL ? Math.sqrt(outNorm[k][j]) : 1);
    return strongest(score, MAX_NODES);
  });

  const source = inp.pictures;
  const pictures = neuronPictures(spec, layout, params, shown, source, collapsedInput);
  const layers: NetworkLayerView[] = widths.map((width, k) => {
    const index = shown[k];
    const n = index.length;
    const bias = new Float32Array(n).fill(NaN);
    const pruned = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      const j = index[p];
      if (k > 0) bias[p] = params[layout.layers[k - 1].b.offset + j];
      const deadIn = k > 0 && inLive[k][j] === 0;
      const deadOut = k < nL && outLive[k][j] === 0;
      pruned[p] = mask !== null && (deadIn || deadOut) ? 1 : 0;
    }
    const bits = k === 0 ? 32 : inp.bits[k - 1] ?? 32;
    const lv = k > 0 && bits < 32 ? countLevels(params, W(k - 1).offset, width, widths[k - 1]) : null;
    return {
      name: k === 0 ? 'Input' : k === nL ? 'Output' : `Hidden ${k}`,
      column: k,
      width,
      builtWidth: built[k] ?? width,
      collapsed: k === 0 && collapsedInput,
      bits,
      levels: lv ? lv.levels : null,
      levelsPerNeuron: lv ? lv.perRow : null,
      weights: k === 0 ? 0 : width * widths[k - 1],
      prunedWeights: k === 0 ? 0 : prunedIn[k - 1],
      index,
      bias,
      activity: pictures[k].activity,
      pruned,
      picture: pictures[k].picture,
    };
  });

  const edges = edgeBundles(inp, widths, shown, collapsedInput);
  const weights = layers.reduce((a, L) => a + L.weights, 0);
  const live = weights - layers.reduce((a, L) => a + L.prunedWeights, 0);
  const builtWeights = baseSpec.layers.reduce((a, L) => a + L.inDim * L.outDim, 0);
  return { layers, edges, weights, builtWeights, prunedShare: builtWeights > 0 ? Math.max(0, 1 - live / builtWeights) : 0 };
}

/** The edges between drawn neurons, pruned ones left out, strongest first, MAX_EDGES shared fairly. */
function edgeBundles(inp: NetworkInputs, widths: number[], shown: Uint32Array[], collapsedInput: boolean): NetworkEdgeBundle[] {
  const { layout, params, mask } = inp;
  const candidates = widths.slice(1).map((_, l) => {
    if (l === 0 && collapsedInput) return null;
    const { offset } = layout.layers[l].W;
    const cols = widths[l];
    const list: number[] = []; // packed (dst position · 65536 + src position)
    const abs: number[] = [];
    let maxAbs = 0;
    for (let i = 0; i < widths[l + 1] * cols; i++) maxAbs = Math.max(maxAbs, Math.abs(params[offset + i]));
    shown[l + 1].forEach((r, q) =>
      shown[l].forEach((c, p) => {
        const i = offset + r * cols + c;
        if (isPruned(mask, i)) return;
        list.push(q * 65536 + p);
        abs.push(Math.abs(params[i]));
      }),
    );
    return { l, list, abs, maxAbs };
  });
  const present = candidates.filter((c): c is NonNullable<typeof c> => c !== null);
  const quota = fairShares(present.map((c) => c.list.length), MAX_EDGES);
  return present.map((c, b) => {
    const order = Array.from(c.list.keys()).sort((x, y) => c.abs[y] - c.abs[x] || x - y).slice(0, quota[b]);
    const { offset } = layout.layers[c.l].W;
    const cols = widths[c.l];
    const src = new Uint16Array(order.length), dst = new Uint16Array(order.length), weight = new Float32Array(order.length);
    order.forEach((o, e) => {
      const q = Math.floor(c.list[o] / 65536), p = c.list[o] % 65536;
      src[e] = p;
      dst[e] = q;
      weight[e] = params[offset + shown[c.l + 1][q] * cols + shown[c.l][p]];
    });
    return { from: c.l, to: c.l + 1, src, dst, weight, maxAbs: c.maxAbs };
  });
}

/** The buffers of a view that can be moved to the UI instead of copied. */
export function networkTransfers(view: NetworkView): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const L of view.layers) {
    out.push(L.index.buffer, L.bias.buffer, L.activity.buffer, L.pruned.buffer);
    const p = L.picture;
    if (p?.kind === 'image') out.push(p.pixels.buffer, p.lo.buffer, p.hi.buffer);
    else if (p?.kind === 'curve') out.push(p.values.buffer);
  }
  for (const e of view.edges) out.push(e.src.buffer, e.dst.buffer, e.weight.buffer);
  return out;
}
