/**
 * The CPU backend: the same training step as the GPU, in plain TypeScript (also runs in Node).
 *
 * Pruning and quantization (REFERENCE.md "Pruning", "Quantization"; backend.ts for the contract):
 * - Float master weights `params` always hold the trained values; a pruning mask, when set, keeps its
 *   pruned entries of params and of both optimizer state arrays at exactly 0.
 * - One step: the forward/backward pass runs on the training weights (the masters, or under QAT their
 *   fake-quantized copy, quantization parameters taken from the masters at this step); under QAT the
 *   gradient goes through the clipped STE; the gradient is masked (the array itself, so the reported
 *   gradient norms are those of the applied gradient); the optimizer (optimizers.ts, with the mask) then
 *   updates the masters and zeroes the masked weights and state.
 * - The effective weights (what evaluation, snapshots and histograms use) are the masters, fake-quantized
 *   when quantization is on in either mode. Σθ² and Σ|θ| (the regularization term) are over the masters,
 *   the weights the penalty acts on.
 * - Scores: magnitude masks and 'l2' neuron scores read the masters; 'activity' runs the training forward
 *   pass (fake-quantized weights under QAT).
 * - Parameter groups (model/groups.ts): a frozen layer gets no gradient and no update (its optimizer state
 *   untouched) and the backward pass stops at the lowest trainable layer; each trainable range steps at
 *   lr × its factor.
 * - Distillation (BackendInit.softTargets): the output's gradient is the distillation loss's
 *   (ops/distill.ts) at the step's temperature and weight, on the batch's rows of the teacher's logits.
 * - Augmentation (StepSettings.augment, strategies/augment.ts): the batch is gathered through ops/augment.ts;
 *   mixup mixes the targets (and a teacher's logits) with the same partner and λ. A snapshot carries the
 *   last augmented batch's first rows (Snapshot.batch).
 * - Engines (cpuEngine.ts): the kernels underneath are the TypeScript twins by default, or the WebAssembly
 *   SIMD engine (wasm/wasmEngine.ts); the backend keeps its arrays in the engine's memory.
 * Everything is deterministic: the same calls give bit-identical results.
 */
import { segmentSummary, type AugmentedBatch, type BackendInit, type Evaluation, type QuantSettings, type Snapshot, type TrainingBackend } from './backend';
import type { ParamLayout } from './model';
import { gatherRows } from './ops/gather';
import { augmentRows, mixRows } from './ops/augment';
import { augmentActive, augmentDraws, augmentViewRows, firstDraws, type AugmentDraws, type AugmentSettings } from './strategies/augment';
import { histogram } from './ops/histogram';
import { accuracy, lossAndGrad } from './ops/loss';
import { activityScores, magnitudePrune, rowBlocks, rowNorms } from './ops/prune';
import { fakeQuantizeInto } from './ops/fastQuantize';
import { computeQParams, type QuantPlan } from './ops/quantize';
import { tsEngine, type CpuEngine } from './cpuEngine';
import { distillLossAndGrad } from './ops/distill';
import { multiTaskCpu } from './strategies/multitaskCpu';
import { checkGroups, groupRanges, isPlain, type LayerGroups } from './model/groups';

/**
 * The fake-quantized copy of a whole allocation: entries the plan covers are quantized (32-bit segments
 * copied), every other entry (padding, or tensors a plan leaves out) keeps its value.
 */
export function quantizedParams(params: Float32Array, plan: QuantPlan, qparams = computeQParams(params, plan)): Float32Array {
  return fakeQuantizeInto(params, plan, qparams, params.slice());
}

function checkLength(what: string, a: Float32Array, layout: ParamLayout): void {
  if (a.length !== layout.totalFloats) throw new Error(`${what} must have ${layout.totalFloats} floats (the parameter layout), got ${a.length}`);
}

export function createCpuBackend(init: BackendInit, engine: CpuEngine = tsEngine): TrainingBackend {
  const { spec, layout, data, loss } = init;
  checkLength('params', init.params, layout);
  const { forward, applyMask } = engine;
  const n = layout.totalFloats;
  const params = engine.alloc(n);
  params.set(init.params);
  const grads = engine.alloc(n);
  const state = [engine.alloc(n), engine.alloc(n)];
  /** The fake-quantized copy of the masters (quantization on). */
  let qbuf: Float32Array | null = null;
  const quantized = (plan: QuantPlan, qparams = computeQParams(params, plan)) => {
    qbuf ??= engine.alloc(n);
    engine.quantize(params, plan, qparams, qbuf);
    return qbuf;
  };
  let mask: Float32Array | null = null;
  /** Where a mask is kept (in the engine's memory), once one is set. */
  let maskBuf: Float32Array | null = null;
  let quant: QuantSettings | null = null;
  let groups: LayerGroups | null = null;
  const multi = multiTaskCpu(spec, layout, data);
  /** The last step's augmented batch, its first rows (snapshots carry it); null when it was not augmented. */
  let lastBatch: AugmentedBatch | null = null;
  const viewRows = augmentViewRows(data);
  const augmentedBatch = (X: Float32Array, T: Float32Array, d: AugmentDraws, settings: AugmentSettings): AugmentedBatch => {
    const rows = Math.min(viewRows, d.rows);
    return { rows, x: X.slice(0, rows * inDim), y: T.slice(0, rows * outDim), draws: firstDraws(d, rows), settings };
  };
  /** Statistics per segment [W_0 … W_{L-1}, b_0 … b_{L-1}], as the GPU's statistics kernel lays them out. */
  const segmentStats = (values: Float32Array) => [...layout.layers.map(({ W }) => W), ...layout.layers.map(({ b }) => b)].map((t) => histogram(values.subarray(t.offset, t.offset + t.size)));
  const inDim = data.inputDim, outDim = data.outputDim;
  const evalTrainRows = Math.min(data.train.n, init.maxEvalRows);

  /** The weights evaluation sees: the masters, fake-quantized when quantization is on. */
  const effectiveParams = () => (quant ? quantized(quant.plan) : params);
  /** The weights the training forward pass uses: fake-quantized under QAT only. */
  const trainingParams = () => (quant?.mode === 'aware' ? quantized(quant.plan) : params);

  const evalSplit = (p: Float32Array, x: Float32Array, y: Float32Array, M: number) => {
    const acts = forward(spec, layout, p, x.subarray(0, M * inDim), M);
    const Z = acts[acts.length - 1];
    const yM = y.subarray(0, M * outDim);
    return { Z, loss: lossAndGrad(Z, yM, M, outDim, loss).loss, acc: accuracy(Z, yM, M, outDim) };
  };

  return {
    info: { kind: 'cpu', name: engine === tsEngine ? 'CPU' : `CPU (${engine.name})` },
    step(batch, { hyper, t, distill, augment, tasks }) {
      // augmentation (strategies/augment.ts): the batch as the network sees it; mixup mixes the targets and teacher logits alike
      const aug = augmentActive(augment) ? augmentDraws(augment, batch) : null;
      const X = aug ? augmentRows(data.train.x, inDim, aug, augment!) : gatherRows(data.train.x, batch, inDim); // [M, in]
      const mixed = aug && augment!.mixup > 0 ? aug : null;
      const T = mixed ? mixRows(data.train.y, outDim, mixed) : gatherRows(data.train.y, batch, outDim); // [M, out]
      const soft = init.softTargets;
      const Zt = soft ? (mixed ? mixRows(soft, outDim, mixed) : gatherRows(soft, batch, outDim)) : null; // [M, out] the teacher's logits for the batch
      lastBatch = aug ? augmentedBatch(X, T, aug, augment!) : null;
      const out = Zt ? (Z: Float32Array) => distillLossAndGrad(Z, Zt, T, batch.length, outDim, distill?.temperature ?? 1, distill?.alpha ?? 0) : undefined;
      // a model with heads: Σ_k w_k L_k, PCGrad when on (strategies/multitaskCpu.ts)
      const gradAt = (p: Float32Array) => {
        if (multi) grads.set(multi.gradient(p, X, T, batch.length, tasks, groups));
        else engine.lossAndGradient(spec, layout, p, X, T, batch.length, loss, groups, out, grads);
      };
      if (quant?.mode === 'aware') {
        const qparams = computeQParams(params, quant.plan);
        gradAt(quantized(quant.plan, qparams));
        engine.steGradient(params, grads, quant.plan, qparams);
      } else {
        gradAt(params);
      }
      if (mask) applyMask(mask, [grads]);
      if (!groups) return engine.optimizerStep(params, grads, state, hyper, t, mask ?? undefined);
      for (const r of groupRanges(layout, groups)) {
        const part = (a: Float32Array) => a.subarray(r.offset, r.offset + r.size);
        engine.optimizerStep(part(params), part(grads), state.map(part), { ...hyper, learningRate: hyper.learningRate * r.lrFactor }, t, mask ? part(mask) : undefined);
      }
    },
    evaluate(withSnapshot) {
      const p = effectiveParams();
      const tr = evalSplit(p, data.train.x, data.train.y, evalTrainRows);
      const te = evalSplit(p, data.test.x, data.test.y, data.test.n);
      const masterStats = segmentStats(params);
      const evaluation: Evaluation = { trainLoss: tr.loss, testLoss: te.loss, ...segmentSummary(masterStats, segmentStats(grads), layout.layers.length) };
      if (data.task === 'classification') {
        evaluation.trainAccuracy = tr.acc;
        evaluation.testAccuracy = te.acc;
      }
      if (multi) Object.assign(evaluation, multi.evaluate(tr.Z, evalTrainRows, te.Z, params, groups));
      let snapshot: Snapshot | undefined;
      if (withSnapshot) {
        const acts = forward(spec, layout, p, init.grid, init.gridRows);
        snapshot = {
          histograms: (p === params ? masterStats : segmentStats(p)).slice(0, layout.layers.length),
          output: acts[acts.length - 1],
        };
        if (init.snapshotExtras) snapshot.testOutput = te.Z;
        if (init.snapshotExtras || init.snapshotParams) snapshot.params = p.slice();
        if (lastBatch) snapshot.batch = lastBatch;
      }
      return Promise.resolve({ evaluation, snapshot });
    },
    resetOptimizerState: () => state.forEach((s) => s.fill(0)),
    settled: () => Promise.resolve(),
    readParams: () => Promise.resolve(params.slice()),
    readState: () => Promise.resolve({ params: params.slice(), state: [state[0].slice(), state[1].slice()] }),
    loadState(s) {
      [s.params, ...s.state].forEach((a) => checkLength('state', a, layout));
      params.set(s.params);
      state[0].set(s.state[0]);
      state[1].set(s.state[1]);
      if (mask) applyMask(mask, [params, ...state]);
    },
    setParams(p) {
      checkLength('params', p, layout);
      params.set(p);
      state.forEach((s) => s.fill(0));
      if (mask) applyMask(mask, [params]);
    },
    setMask(m) {
      if (m) checkLength('mask', m, layout);
      if (m) {
        maskBuf ??= engine.alloc(n);
        maskBuf.set(m);
      }
      mask = m ? maskBuf : null;
      if (mask) applyMask(mask, [params, ...state]);
    },
    magnitudeMask(groups) {
      const current = mask ?? new Float32Array(layout.totalFloats).fill(1);
      return Promise.resolve(magnitudePrune(params, current, groups).mask);
    },
    neuronScores(layer, by, rows) {
      if (!(Number.isInteger(layer) && layer >= 0 && layer < spec.layers.length)) throw new Error(`no layer ${layer}`);
      if (by === 'l2') return Promise.resolve(rowNorms(params, rowBlocks(layout, [layer])));
      const M = rows.length;
      const acts = forward(spec, layout, trainingParams(), gatherRows(data.train.x, rows, inDim), M);
      return Promise.resolve(activityScores(acts[layer + 1], M, spec.layers[layer].outDim));
    },
    setGroups(g) {
      if (g) checkGroups(g, spec.layers.length);
      groups = isPlain(g) ? null : g!.map((x) => ({ ...x }));
    },
    setQuantization(q) {
      quant = q ? { plan: q.plan, mode: q.mode } : null;
    },
    destroy: () => engine.destroy(),
  };
}
