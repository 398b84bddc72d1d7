/**
 * Model fusion from saved runs (REFERENCE.md "Strategies", Fusion):
 * - Ensemble: the mean of the members' softmax probabilities, or a majority vote of their argmax classes
 *   (ties go to the class whose summed probability is largest).
 * - Uniform soup: the mean of the weights of runs that share an initialisation (same seed and layout).
 * - Greedy soup (Wortsman et al. 2022): members in order of held-out accuracy, best first; each is added
 *   to the soup only if the soup's held-out accuracy does not drop.
 * - Interpolation: θ(α) = (1 − α)θ_A + αθ_B; barrier = max over α of loss(θ(α)) − (loss(θ_A) + loss(θ_B))/2.
 *
 * The models are evaluated through an Evaluator (the test split's logits for a parameter array): the
 * worker's runs it on the run's backend (GPU or CPU), Node scripts and tests on the CPU backend. Scores
 * (loss, accuracy, errors) are computed here from the logits, the same way for every backend. Cross-entropy
 * is of the probabilities scored: an ensemble's loss is −mean log of its mean probability of the label.
 */
import type { ModelSpec } from '../model';

/** The test split's logits, [n, K], for a parameter array in the members' layout. */
export type Evaluator = (params: Float32Array) => Promise<Float32Array>;

export type EnsembleRule = 'mean' | 'vote';

export interface Score {
  /** Mean cross-entropy of the probabilities (natural log). */
  loss: number;
  /** 0..1 */
  accuracy: number;
  errors: number;
  n: number;
}

/** Row-wise softmax of logits z: [n, K] → [n, K]. */
export function softmaxRows(z: Float32Array, n: number, K: number): Float32Array {
  const p = new Float32Array(n * K);
  for (let r = 0; r < n; r++) {
    const o = r * K;
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, z[o + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += (p[o + k] = Math.exp(z[o + k] - mx));
    for (let k = 0; k < K; k++) p[o + k] /= s;
  }
  return p;
}

const argmax = (a: Float32Array, o: number, K: number) => {
  let best = 0;
  for (let k = 1; k < K; k++) if (a[o + k] > a[o + best]) best = k;
  return best;
};

/**
 * Scores probabilities p: [n, K] against one-hot labels y: [n, K], on rows [from, to) (default all).
 * `predicted` ([n], optional) overrides the argmax class (a vote).
 */
export function scoreProbs(p: Float32Array, y: Float32Array, K: number, rows?: { from: number; to: number }, predicted?: Int32Array): Score {
  const n = y.length / K;
  const from = rows?.from ?? 0, to = rows?.to ?? n;
  let loss = 0, errors = 0;
  for (let r = from; r < to; r++) {
    const label = argmax(y, r * K, K);
    loss -= Math.log(Math.max(p[r * K + label], 1e-12));
    if ((predicted ? predicted[r] : argmax(p, r * K, K)) !== label) errors++;
  }
  const m = Math.max(1, to - from);
  return { loss: loss / m, accuracy: (to - from - errors) / m, errors, n: to - from };
}

/** The ensemble's probabilities ([n, K]) and, for a vote, its classes ([n]), from the members' logits. */
export function ensembleOf(logits: readonly Float32Array[], n: number, K: number, rule: EnsembleRule): { probs: Float32Array; predicted?: Int32Array } {
  if (logits.length === 0) throw new Error('An ensemble needs members.');
  const probs = new Float32Array(n * K);
  const votes = rule === 'vote' ? new Float32Array(n * K) : null;
  for (const z of logits) {
    const p = softmaxRows(z, n, K);
    for (let i = 0; i < n * K; i++) probs[i] += p[i] / logits.length;
    if (votes) for (let r = 0; r < n; r++) votes[r * K + argmax(p, r * K, K)] += 1;
  }
  if (!votes) return { probs };
  const predicted = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let k = 1; k < K; k++) {
      const o = r * K;
      if (votes[o + k] > votes[o + best] || (votes[o + k] === votes[o + best] && probs[o + k] > probs[o + best])) best = k;
    }
    predicted[r] = best;
  }
  return { probs, predicted };
}

export interface EnsembleResult {
  members: Score[];
  ensemble: Score;
}

/** Evaluates each member and their ensemble on the test split (labels y: [n, K]). */
export async function ensemble(members: readonly Float32Array[], evaluate: Evaluator, y: Float32Array, K: number, rule: EnsembleRule): Promise<EnsembleResult> {
  const n = y.length / K;
  const logits: Float32Array[] = [];
  for (const p of members) logits.push(await evaluate(p));
  const scores = logits.map((z) => scoreProbs(softmaxRows(z, n, K), y, K));
  const e = ensembleOf(logits, n, K, rule);
  return { members: scores, ensemble: scoreProbs(e.probs, y, K, undefined, e.predicted) };
}

/** The element-wise mean of parameter arrays of one layout. */
export function uniformSoup(members: readonly Float32Array[]): Float32Array {
  if (members.length === 0) throw new Error('A soup needs ingredients.');
  const sum = new Float64Array(members[0].length); // float64 sums: a soup of identical runs is exactly that run
  for (const p of members) {
    if (p.length !== sum.length) throw new Error('The runs have different parameter layouts: weights cannot be averaged.');
    for (let i = 0; i < sum.length; i++) sum[i] += p[i];
  }
  return Float32Array.from(sum, (s) => s / members.length);
}

export interface GreedySoup {
  params: Float32Array;
  /** Indices into the members, in the order they were added. */
  kept: number[];
  /** Each member's held-out accuracy, and the soup's after each try (the order tried). */
  memberHeldOut: number[];
  tried: Array<{ member: number; heldOut: number; kept: boolean }>;
}

/**
 * Greedy soup: members sorted by held-out accuracy (rows [heldOut.from, heldOut.to) of the test split),
 * the best one first; each next one is kept if the soup with it scores at least as well held out.
 */
export async function greedySoup(members: readonly Float32Array[], evaluate: Evaluator, y: Float32Array, K: number, heldOut: { from: number; to: number }): Promise<GreedySoup> {
  const n = y.length / K;
  const acc = async (p: Float32Array) => scoreProbs(softmaxRows(await evaluate(p), n, K), y, K, heldOut).accuracy;
  const memberHeldOut: number[] = [];
  for (const p of members) memberHeldOut.push(await acc(p));
  const order = members.map((_, i) => i).sort((a, b) => memberHeldOut[b] - memberHeldOut[a] || a - b);
  const kept = [order[0]];
  let best = memberHeldOut[order[0]];
  const tried: GreedySoup['tried'] = [{ member: order[0], heldOut: best, kept: true }];
  for (const i of order.slice(1)) {
    const candidate = uniformSoup([...kept, i].map((k) => members[k]));
    const a = await acc(candidate);
    const keep = a >= best;
    tried.push({ member: i, heldOut: a, kept: keep });
    if (keep) {
      kept.push(i);
      best = a;
    }
  }
  return { params: uniformSoup(kept.map((k) => members[k])), kept, memberHeldOut, tried };
}

/** θ(α) = (1 − α)θ_A + αθ_B. */
export function lerpParams(a: Float32Array, b: Float32Array, alpha: number): Float32Array {
  if (a.length !== b.length) throw new Error('The runs have different parameter layouts: there is no straight line between them.');
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - alpha) * a[i] + alpha * b[i];
  return out;
}

/** `count` evenly spaced α in [0, 1] (at least 2). */
export function alphaGrid(count: number): number[] {
  const m = Math.max(2, Math.round(count));
  return Array.from({ length: m }, (_, i) => i / (m - 1));
}

export interface PathPoint {
  alpha: number;
  loss: number;
  accuracy: number;
}

/** Barrier of a path that starts at α = 0 and ends at α = 1: max loss − mean of the ends' losses. */
export function barrierOf(points: readonly PathPoint[]): number {
  if (points.length < 2) return 0;
  const ends = (points[0].loss + points[points.length - 1].loss) / 2;
  return Math.max(...points.map((p) => p.loss)) - ends;
}

/** Test loss and accuracy along θ(α) for each α (ascending, 0 and 1 included), and the barrier. */
export async function interpolationPath(a: Float32Array, b: Float32Array, alphas: readonly number[], evaluate: Evaluator, y: Float32Array, K: number): Promise<{ points: PathPoint[]; barrier: number }> {
  const n = y.length / K;
  const points: PathPoint[] = [];
  for (const alpha of alphas) {
    const s = scoreProbs(softmaxRows(await evaluate(lerpParams(a, b, alpha)), n, K), y, K);
    points.push({ alpha, loss: s.loss, accuracy: s.accuracy });
  }
  return { points, barrier: barrierOf(points) };
}

/** What fusing needs of a run: its name, model and where its data came from. */
export interface Ingredient {
  name: string;
  spec: ModelSpec;
  /** The run's seed (its initialisation) and its data: dataset name, MNIST digits, a table's file name. */
  seed: number;
  data: string;
  task: 'classification' | 'regression';
}

export type FusionKind = 'ensemble' | 'soup' | 'interpolate';

const widths = (s: ModelSpec) => [s.inputDim, ...s.layers.map((l) => l.outDim)].join('-');
const sameLayers = (a: ModelSpec, b: ModelSpec) => widths(a) === widths(b) && a.layers.every((l, i) => l.activation === b.layers[i].activation);

/** Most members of an ensemble. */
export const MAX_MEMBERS = 5;

/**
 * Why these runs cannot be fused this way (a sentence), or null. Every kind needs classes and one dataset;
 * an ensemble needs 2–5 runs with the same inputs and classes (any layers); a soup runs sharing an
 * initialisation (same seed and layers); an interpolation two runs of the same layers.
 */
export function fusionProblem(kind: FusionKind, runs: readonly Ingredient[]): string | null {
  const need = kind === 'interpolate' ? 'two runs, A and B' : 'at least two saved runs';
  if (runs.length < 2) return `Choose ${need}: fusing takes more than one model.`;
  if (kind === 'ensemble' && runs.length > MAX_MEMBERS) return `An ensemble here has at most ${MAX_MEMBERS} members; ${runs.length} are chosen.`;
  if (kind === 'interpolate' && runs.length !== 2) return 'Interpolation runs between exactly two runs, A and B.';
  const [first] = runs;
  const regression = runs.find((r) => r.task !== 'classification');
  if (regression) return `“${regression.name}” predicts a number: fusion here scores accuracy over classes.`;
  const other = runs.find((r) => r.data !== first.data);
  if (other) return `“${other.name}” was trained on ${other.data} and “${first.name}” on ${first.data}: fuse runs of one dataset, so they are tested on the same examples.`;
  const io = runs.find((r) => r.spec.inputDim !== first.spec.inputDim || r.spec.layers.at(-1)?.outDim !== first.spec.layers.at(-1)?.outDim);
  if (io) return `“${io.name}” has other inputs or classes than “${first.name}”: the models cannot be compared.`;
  if (kind === 'ensemble') return null;
  const shape = runs.find((r) => !sameLayers(r.spec, first.spec));
  if (shape) return `Different layouts (${widths(first.spec)} and ${widths(shape.spec)}): weights can only be ${kind === 'soup' ? 'averaged' : 'interpolated'} between networks of one shape, so these cannot be fused.`;
  if (kind === 'soup') {
    const seed = runs.find((r) => r.seed !== first.seed);
    if (seed) return `A soup averages runs that share an initialisation (same seed and layout): “${first.name}” has seed ${first.seed}, “${seed.name}” seed ${seed.seed}. Train them from one seed (with other settings), or try Interpolate with Align neurons.`;
  }
  return null;
}
