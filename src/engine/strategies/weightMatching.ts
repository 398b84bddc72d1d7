/**
 * Weight matching (Ainsworth, Hayase & Srinivasa 2022, "Git Re-Basin", Algorithm 2; REFERENCE.md
 * "Strategies", Fusion): permute each hidden layer's neurons of network B so that B's weights best match
 * A's, before interpolating between them. Permuting a hidden layer's neurons (the rows of its W and b and
 * the matching columns of the next layer's W) leaves the function B computes unchanged.
 *
 * For hidden layer l (the output of W_l: [n, in]), with the permutations of the layers on either side
 * held fixed, the similarity of A's neuron i and B's neuron j is the inner product of everything that
 * touches them:
 *   S[i, j] = Σ_k W_l^A[i, k] W_l^B[j, P_{l−1}[k]]  +  b_l^A[i] b_l^B[j]  +  Σ_m W_{l+1}^A[m, i] W_{l+1}^B[P_{l+1}[m], j]
 * (incoming rows with bias, outgoing columns), and P_l is the linear assignment maximising Σ_i S[i, P_l[i]]
 * (assignment.ts). Like the paper's weight_matching, the layers are visited in a random order (seeded)
 * and the sweep repeats until no layer's matching improves. The input and output neurons stay in place.
 *
 * A permutation P: [n] gives, at position i of the permuted B, B's neuron P[i].
 */
import { paramLayout, type ModelSpec } from '../model';
import { createRng, shuffle } from '../rng';
import { linearAssignment } from './assignment';

export interface Net {
  spec: ModelSpec;
  /** [paramLayout(spec).totalFloats] */
  params: Float32Array;
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/**
 * B with its hidden neurons permuted: perms[l] ([spec.layers[l].outDim]) for each hidden layer l
 * (0 .. layers − 2). W'_l[i, k] = W_l[P_l[i], P_{l−1}[k]], b'_l[i] = b_l[P_l[i]]. Returns a new allocation.
 */
export function permuteNetwork(spec: ModelSpec, params: Float32Array, perms: readonly Int32Array[]): Float32Array {
  const layout = paramLayout(spec);
  const L = spec.layers.length;
  if (perms.length !== L - 1) throw new Error(`permuteNetwork: ${L - 1} permutations expected, got ${perms.length}`);
  const out = new Float32Array(layout.totalFloats);
  spec.layers.forEach(({ inDim, outDim }, l) => {
    const rows = l < L - 1 ? perms[l] : identity(outDim);
    const cols = l > 0 ? perms[l - 1] : identity(inDim);
    if (rows.length !== outDim) throw new Error(`permuteNetwork: layer ${l + 1} has ${outDim} neurons, its permutation ${rows.length}`);
    const { W, b } = layout.layers[l];
    for (let i = 0; i < outDim; i++) {
      const src = W.offset + rows[i] * inDim; // W_l: [outDim, inDim]
      const dst = W.offset + i * inDim;
      for (let k = 0; k < inDim; k++) out[dst + k] = params[src + cols[k]];
      out[b.offset + i] = params[b.offset + rows[i]];
    }
  });
  return out;
}

/**
 * The features of hidden layer l's neurons as S sees them: row i = [W_l[r(i), c(·)], b_l[r(i)], W_{l+1}[o(·), r(i)]],
 * [n, in + 1 + out], with r = rowPerm, c = colPerm (the layer below), o = nextPerm (the layer above).
 */
function features(spec: ModelSpec, params: Float32Array, l: number, rowPerm: Int32Array, colPerm: Int32Array, nextPerm: Int32Array): Float64Array {
  const layout = paramLayout(spec);
  const { inDim, outDim: n } = spec.layers[l];
  const next = spec.layers[l + 1].outDim;
  const d = inDim + 1 + next;
  const { W, b } = layout.layers[l];
  const Wn = layout.layers[l + 1].W; // W_{l+1}: [next, n]
  const f = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rowPerm[i];
    const o = i * d;
    for (let k = 0; k < inDim; k++) f[o + k] = params[W.offset + r * inDim + colPerm[k]];
    f[o + inDim] = params[b.offset + r];
    for (let m = 0; m < next; m++) f[o + inDim + 1 + m] = params[Wn.offset + nextPerm[m] * n + r];
  }
  return f;
}

/** S = FA · FBᵀ: [n, n] from FA, FB: [n, d]. */
function similarity(FA: Float64Array, FB: Float64Array, n: number, d: number): Float64Array {
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      const a = i * d, c = j * d;
      for (let k = 0; k < d; k++) s += FA[a + k] * FB[c + k];
      S[i * n + j] = s;
    }
  }
  return S;
}

export interface Matching {
  /** One per hidden layer, [outDim_l]: position i of the permuted B holds B's neuron perms[l][i]. */
  perms: Int32Array[];
  /** Sweeps over the layers until none improved. */
  sweeps: number;
  /** B permuted (permuteNetwork(b.spec, b.params, perms)). */
  params: Float32Array;
}

/** Throws a sentence unless A and B have the same layers (widths and activations). */
export function checkSameLayers(a: ModelSpec, b: ModelSpec): void {
  const w = (s: ModelSpec) => [s.inputDim, ...s.layers.map((l) => l.outDim)].join('-');
  if (w(a) !== w(b)) throw new Error(`The two runs have different layers (${w(a)} and ${w(b)}): weights can only be matched between networks of one shape.`);
  if (a.layers.some((l, i) => l.activation !== b.layers[i].activation)) throw new Error('The two runs use different activations: weights can only be matched between networks of one kind.');
}

/** Permutes B's hidden neurons to match A's (see the file's docblock). `seed` orders the layer visits. */
export function weightMatching(a: Net, b: Net, seed = 0, maxSweeps = 100): Matching {
  checkSameLayers(a.spec, b.spec);
  const spec = a.spec;
  const L = spec.layers.length;
  const hidden = L - 1;
  const perms: Int32Array[] = Array.from({ length: hidden }, (_, l) => identity(spec.layers[l].outDim));
  const rng = createRng(seed * 31 + 7);
  let sweeps = 0;
  for (let progress = hidden > 0; progress && sweeps < maxSweeps; ) {
    progress = false;
    sweeps++;
    for (const l of shuffle(identity(hidden), rng)) {
      const n = spec.layers[l].outDim;
      const inDim = spec.layers[l].inDim;
      const next = spec.layers[l + 1].outDim;
      const d = inDim + 1 + next;
      const below = l > 0 ? perms[l - 1] : identity(inDim);
      const above = l + 1 < hidden ? perms[l + 1] : identity(next);
      const FA = features(spec, a.params, l, identity(n), identity(inDim), identity(next));
      const FB = features(spec, b.params, l, identity(n), below, above);
      const S = similarity(FA, FB, n, d); // [n (A), n (B)]
      const cost = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) cost[i] = -S[i];
      const p = linearAssignment(cost, n);
      let oldL = 0, newL = 0;
      for (let i = 0; i < n; i++) {
        oldL += S[i * n + perms[l][i]];
        newL += S[i * n + p[i]];
      }
      if (newL > oldL + 1e-9 * (1 + Math.abs(oldL))) progress = true;
      perms[l] = p;
    }
  }
  return { perms, sweeps, params: permuteNetwork(b.spec, b.params, perms) };
}
