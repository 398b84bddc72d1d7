/**
 * The Network panel's view of a model (protocol.ts NetworkView), built in the worker from a snapshot's
 * effective weights (masked, fake-quantized), the pruning mask and the bits in force. Pure; cheap for toy
 * nets, and bounded for LeNet-300-100 (a few passes over its 266,200 weights).
 *
 * - Neurons: every neuron of a layer up to MAX_NODES (per column: a teacher's layer and the student's in
 *   the same column share it fairly); a wider layer shows its MAX_NODES strongest, scored
 *   by the L2 norm of the neuron's incoming weights times that of its outgoing ones (how much signal
 *   passes through it), drawn in index order. An input wider than MAX_NODES (MNIST's 784 pixels) is one
 *   collapsed box, and the first layer's pictures are then its incoming weights as images.
 * - A neuron is pruned in effect when all its incoming or all its outgoing weights are pruned (mask 0).
 *   Neuron pruning really removes neurons: `width` is the model now, `builtWidth` as built.
 * - Edges: between drawn neurons, pruned weights left out, the strongest |w| of each matrix first; MAX_EDGES
 *   in all, shared fairly between matrices (one that needs fewer leaves the rest to the others).
 * - Quantized layers (bits < 32): the distinct weight values, in the layer and in the busiest neuron.
 * - Pictures (networkPictures.ts): activations over the input plane or along x, or first-layer weights.
 * - Frozen layers (transfer) are flagged; a distillation teacher is a second chain from the same input.
 */
import { paramLayout, type ModelSpec, type ParamLayout } from '../engine/model';
import { transferGroups } from '../engine/model/groups';
import { neuronPictures, type PictureSource } from './networkPictures';
import type { NetworkEdgeBundle, NetworkLayerView, NetworkView } from './protocol';

/** At most this many neurons are drawn per layer, and per column (layers stacked in one column share it). */
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
  /**
   * Transfer learning: the first k weight layers are frozen (k = 0..layers; RunConfig.frozenLayers, read as
   * engine/model/groups.ts transferGroups reads it: the head always trains). Each layer whose incoming
   * weights are frozen is flagged `frozen`. Absent or 0: none.
   */
  frozenLayers?: number;
  /**
   * Distillation: the frozen teacher, drawn beside the student from the shared input. `params` in
   * paramLayout(spec) (engine/distill/teacher.ts Teacher); `name` its run's name (e.g. "Teacher 784-128-10").
   */
  teacher?: { spec: ModelSpec; params: Float32Array; name: string };
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

/** One chain of layers drawn from the shared input: the student, or a teacher beside it. */
interface Chain {
  spec: ModelSpec;
  layout: ParamLayout;
  params: Float32Array;
  mask: Float32Array | null;
  /** Neurons per layer, input first: [layers + 1]. */
  widths: number[];
  /** Per layer k ≥ 1: its index in the view (layer 0, the input, is view layer 0 for every chain). */
  at: number[];
  /** Per layer k ≥ 1: its column. */
  column: number[];
  /** Squared norms of each neuron's incoming (row of W_{k-1}) and outgoing (column of W_k) weights, live ones counted. */
  inNorm: Float64Array[];
  outNorm: Float64Array[];
  inLive: Uint32Array[];
  outLive: Uint32Array[];
  /** Pruned weights (mask zeros) per weight layer. */
  prunedIn: number[];
}

function chainOf(spec: ModelSpec, layout: ParamLayout, params: Float32Array, mask: Float32Array | null, first: number, columnOf: (k: number) => number): Chain {
  const nL = spec.layers.length;
  const widths = [spec.inputDim, ...spec.layers.map((L) => L.outDim)];
  const inNorm = widths.map((w) => new Float64Array(w));
  const outNorm = widths.map((w) => new Float64Array(w));
  const inLive = widths.map((w) => new Uint32Array(w));
  const outLive = widths.map((w) => new Uint32Array(w));
  const prunedIn = new Array<number>(nL).fill(0);
  for (let l = 0; l < nL; l++) {
    const { offset } = layout.layers[l].W; // the matrix from layer l to layer l + 1: [widths[l+1], widths[l]]
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
  const at = widths.map((_, k) => (k === 0 ? 0 : first + k - 1));
  const column = widths.map((_, k) => (k === 0 ? 0 : columnOf(k)));
  return { spec, layout, params, mask, widths, at, column, inNorm, outNorm, inLive, outLive, prunedIn };
}

/** The drawn neurons of each layer of a chain: the `quota[k]` strongest (signal in × signal out), in index order. */
function shownOf(c: Chain, quota: number[], collapsedInput: boolean): Uint32Array<ArrayBuffer>[] {
  const nL = c.widths.length - 1;
  return c.widths.map((w, k) => {
    if (k === 0) return collapsedInput ? new Uint32Array(0) : Uint32Array.from({ length: w }, (_, i) => i);
    const score = new Float64Array(w);
    for (let j = 0; j < w; j++) score[j] = Math.sqrt(c.inNorm[k][j]) * (k < nL ? Math.sqrt(c.outNorm[k][j]) : 1);
    return strongest(score, quota[k]);
  });
}

/**
 * The view of a model, and of its teacher beside it when distilling.
 *
 * - `frozenLayers` k: the first k weight layers are frozen (as engine/model/groups.ts transferGroups reads
 *   it: the head always trains), so view layers 1..k (whose incoming weights those are) get `frozen`.
 * - `teacher`: its hidden and output layers come after the student's in `layers` ("Teacher hidden 1", …,
 *   "Teacher output", model 'teacher'; the student's get model 'student'), fed by the shared Input (view
 *   layer 0). The two chains share columns: layer k of each in column k, both outputs in the last column,
 *   so the canvas draws them as two lanes (student above, teacher below) that meet at the input. Layers
 *   sharing a column share its MAX_NODES fairly, and every bundle of both chains shares MAX_EDGES fairly.
 *   A teacher that does not take the student's inputs, or whose weights do not fit its layers, is left out.
 * - `weights`, `builtWeights`, `prunedShare` are the student's.
 */
export function networkView(inp: NetworkInputs): NetworkView {
  const { spec, layout, params, mask, baseSpec } = inp;
  const nL = spec.layers.length;
  const t = inp.teacher;
  const tSpec = t && t.spec.inputDim === spec.inputDim && t.spec.layers.length > 0 ? t.spec : null;
  const tLayout = tSpec ? paramLayout(tSpec) : null;
  const teacher = tSpec && tLayout && t && t.params.length >= tLayout.totalFloats ? { spec: tSpec, layout: tLayout, params: t.params } : null;
  const depth = Math.max(nL, teacher ? teacher.spec.layers.length : 0);
  const student = chainOf(spec, layout, params, mask, 1, (k) => (k === nL ? depth : k));
  const nT = teacher ? teacher.spec.layers.length : 0;
  const chains = [student];
  if (teacher) chains.push(chainOf(teacher.spec, teacher.layout, teacher.params, null, nL + 1, (k) => (k === nT ? depth : k)));

  // MAX_NODES per column, shared fairly by the layers stacked there
  const quotas = chains.map((c) => c.widths.map((w) => w));
  for (let col = 1; col <= depth; col++) {
    const here = chains.flatMap((c, i) => c.column.flatMap((cc, k) => (k > 0 && cc === col ? [[i, k]] : [])));
    const share = fairShares(here.map(([i, k]) => chains[i].widths[k]), MAX_NODES);
    here.forEach(([i, k], j) => (quotas[i][k] = share[j]));
  }
  const collapsedInput = spec.inputDim > MAX_NODES;
  const shown = chains.map((c, i) => shownOf(c, quotas[i], collapsedInput));

  const source = inp.pictures;
  const groups = transferGroups(nL, inp.frozenLayers ?? 0, 1);
  const builtWidths = [baseSpec.inputDim, ...baseSpec.layers.map((L) => L.outDim)];
  const layers: NetworkLayerView[] = [];
  chains.forEach((c, ci) => {
    const isTeacher = ci > 0;
    const pictures = neuronPictures(c.spec, c.layout, c.params, shown[ci], source, collapsedInput);
    const n = c.widths.length - 1;
    c.widths.forEach((width, k) => {
      if (isTeacher && k === 0) return; // the input is the student's
      const index = shown[ci][k];
      const m = index.length;
      const bias = new Float32Array(m).fill(NaN);
      const pruned = new Uint8Array(m);
      for (let p = 0; p < m; p++) {
        const j = index[p];
        if (k > 0) bias[p] = c.params[c.layout.layers[k - 1].b.offset + j];
        const deadIn = k > 0 && c.inLive[k][j] === 0;
        const deadOut = k < n && c.outLive[k][j] === 0;
        pruned[p] = c.mask !== null && (deadIn || deadOut) ? 1 : 0;
      }
      const bits = isTeacher || k === 0 ? 32 : inp.bits[k - 1] ?? 32;
      const lv = k > 0 && bits < 32 ? countLevels(c.params, c.layout.layers[k - 1].W.offset, width, c.widths[k - 1]) : null;
      const name = k === 0 ? 'Input' : k === n ? 'Output' : `Hidden ${k}`;
      const built = isTeacher ? width : builtWidths[k] ?? width;
      const frozen = !isTeacher && k > 0 && groups[k - 1]?.frozen === true;
      layers.push({
        name: isTeacher ? `Teacher ${name.toLowerCase()}` : name,
        column: c.column[k],
        width,
        builtWidth: built,
        collapsed: k === 0 && collapsedInput,
        bits,
        levels: lv ? lv.levels : null,
        levelsPerNeuron: lv ? lv.perRow : null,
        weights: k === 0 ? 0 : width * c.widths[k - 1],
        prunedWeights: k === 0 ? 0 : c.prunedIn[k - 1],
        index,
        bias,
        activity: pictures[k].activity,
        pruned,
        picture: pictures[k].picture,
        ...(frozen ? { frozen: true } : {}),
        ...(teacher && k > 0 ? { model: isTeacher ? 'teacher' : 'student' } : {}),
      });
    });
  });

  const edges = edgeBundles(chains, shown, collapsedInput);
  const own = layers.slice(0, nL + 1);
  const weights = own.reduce((a, L) => a + L.weights, 0);
  const live = weights - own.reduce((a, L) => a + L.prunedWeights, 0);
  const builtWeights = baseSpec.layers.reduce((a, L) => a + L.inDim * L.outDim, 0);
  return { layers, edges, weights, builtWeights, prunedShare: builtWeights > 0 ? Math.max(0, 1 - live / builtWeights) : 0 };
}

/** The edges between drawn neurons of every chain, pruned ones left out, strongest first, MAX_EDGES shared fairly by all bundles. */
function edgeBundles(chains: Chain[], shown: Uint32Array[][], collapsedInput: boolean): NetworkEdgeBundle[] {
  const candidates = chains.flatMap((ch, ci) =>
    ch.widths.slice(1).map((_, l) => {
      if (l === 0 && collapsedInput) return null;
      const { offset } = ch.layout.layers[l].W;
      const cols = ch.widths[l];
      const list: number[] = []; // packed (dst position · 65536 + src position)
      const abs: number[] = [];
      let maxAbs = 0;
      for (let i = 0; i < ch.widths[l + 1] * cols; i++) maxAbs = Math.max(maxAbs, Math.abs(ch.params[offset + i]));
      shown[ci][l + 1].forEach((r, q) =>
        shown[ci][l].forEach((c, p) => {
          const i = offset + r * cols + c;
          if (isPruned(ch.mask, i)) return;
          list.push(q * 65536 + p);
          abs.push(Math.abs(ch.params[i]));
        }),
      );
      return { ci, l, list, abs, maxAbs };
    }),
  );
  const present = candidates.filter((c): c is NonNullable<typeof c> => c !== null);
  const quota = fairShares(present.map((c) => c.list.length), MAX_EDGES);
  return present.map((c, b) => {
    const ch = chains[c.ci], from = shown[c.ci][c.l], to = shown[c.ci][c.l + 1];
    const order = Array.from(c.list.keys()).sort((x, y) => c.abs[y] - c.abs[x] || x - y).slice(0, quota[b]);
    const { offset } = ch.layout.layers[c.l].W;
    const cols = ch.widths[c.l];
    const src = new Uint16Array(order.length), dst = new Uint16Array(order.length), weight = new Float32Array(order.length);
    order.forEach((o, e) => {
      const q = Math.floor(c.list[o] / 65536), p = c.list[o] % 65536;
      src[e] = p;
      dst[e] = q;
      weight[e] = ch.params[offset + to[q] * cols + from[p]];
    });
    return { from: ch.at[c.l], to: ch.at[c.l + 1], src, dst, weight, maxAbs: c.maxAbs };
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
