/**
 * The network on the GPU: its buffers and the dispatch lists for a training step and for evaluation —
 * the GPU twin of engine/network.ts. Activations and gradients are sized for `rows` rows, shared by the
 * training step and the evaluation passes (they run one after another on the queue).
 *
 * Training step on a batch of M rows (L layers, act[l] = output of layer l):
 *   gather   idx → bX [M,in], bT [M,out] (and bZt [M,out], the teacher's logits), one dispatch (kernels/gather.ts;
 *            augmented: kernels/augment.ts, the inputs augmented and, under mixup, the targets mixed)
 *   forward  act[l] = f_l(act[l-1] · W_lᵀ + b_l)          (act[-1] = bX)
 *   loss     dZ[L-1] = dLoss/dZ, stats
 *   backward dW_l = dZ[l]ᵀ · act[l-1];  db_l = Σ_m dZ[l];  dZ[l-1] = (dZ[l] · W_l) ⊙ f'_{l-1}(act[l-1])   (backward.ts;
 *            dW_l and db_l in one dispatch)
 *   update   the optimizer (engine/optimizers.ts), one dispatch over the whole allocation (a pruning mask
 *            applied inside it)
 * So a plain step of L layers is 1 + L + 1 + (2L − 1) + 1 = 3L + 2 dispatches (LeNet-300-100: 11).
 * The forward and backward passes read the parameters from a `weights` buffer: rb.params, or under
 * quantization-aware training its fake-quantized copy (the update always writes rb.params, the masters).
 * Evaluation runs in chunks of rows (evalChunkRows) so no workspace buffer outgrows the device's limits.
 */
import type { BackendInit } from '../engine/backend';
import type { Dataset } from '../engine/datasets';
import { floatRange, storageBuffer, uniformBuffer } from './buffers';
import type { Dispatch } from './pipelines';
import { gatherDispatch, gatherWords, type GatherPart } from './kernels/gather';
import { AUGMENT_ROW_BYTES, AUGMENT_UNIFORM_BYTES, augmentDispatch } from './kernels/augment';
import { HIST_WORDS, histogramDispatch } from './kernels/histogram';
import { lossGradDispatch, reduceRowsDispatch } from './kernels/loss';
import { DISTILL_UNIFORM_BYTES, distillGradDispatch } from './kernels/distill';
import { matmulDispatch } from './kernels/matmul';
import { OPTIMIZER_DUMMY_BYTES, OPTIMIZER_UNIFORM_BYTES, optimizerDispatch } from './kernels/optimizer';
import type { OptimizerHyper } from '../engine/optimizers';
import { groupRanges, type LayerGroups } from '../engine/model/groups';
import { backwardDispatches, type OwnedUniform } from './backward';

/** Buffers that live as long as the run: parameters, gradients, data. */
export interface RunBuffers {
  params: GPUBuffer;
  grads: GPUBuffer;
  trainX: GPUBuffer;
  trainY: GPUBuffer;
  testX: GPUBuffer;
  testY: GPUBuffer;
  grid: GPUBuffer;
  /** (offset, size) of every layer's W, then every layer's b, for the statistics kernel. */
  segments: GPUBuffer;
  /** Statistics and histograms of the parameters and of the gradients, per segment. */
  paramHist: GPUBuffer;
  gradHist: GPUBuffer;
  /** The same statistics of the effective (fake-quantized) parameters, for snapshots under quantization. */
  effHist: GPUBuffer;
  /** [trainLossSum, trainCorrect, testLossSum, testCorrect]. */
  sums: GPUBuffer;
  /** Per-row (loss, correct) of an evaluated split, all its chunks side by side. */
  evalStats: GPUBuffer;
  /** Optimizer state (momentum buffer, Adam's m and v, …): zero until the first step, reset only with the run. */
  state0: GPUBuffer;
  state1: GPUBuffer;
  optimizerUniform: GPUBuffer;
  /** The pruning mask in the parameter layout (1 keep, 0 pruned); read only while a mask is set. */
  mask: GPUBuffer;
  /** Uniform {totalFloats} for the elementwise mask kernel. */
  paramCount: GPUBuffer;
  dummy: GPUBuffer;
  /** Distillation: the teacher's logits for every training row, [train.n, out] (BackendInit.softTargets); 4 bytes when none. */
  teacher: GPUBuffer;
  /** Distillation: the loss kernel's uniforms {M, K, slot, norm, T, α}, rewritten each step (T and α apply live). */
  distillUniform: GPUBuffer;
  /** Augmentation: the augment kernel's uniforms (kernels/augment.ts augmentUniformBytes), rewritten each augmented step. */
  augUniform: GPUBuffer;
}

/** The data's four buffers: the inputs and targets of each split. */
export type DataBuffers = Pick<RunBuffers, 'trainX' | 'trainY' | 'testX' | 'testY'>;
const DATA_KEYS: ReadonlySet<string> = new Set(['trainX', 'trainY', 'testX', 'testY']);

/**
 * A dataset's buffers on a device, shared by every backend built from the same Dataset object (the race's
 * lanes train on one setup's data): uploaded by the first, destroyed with the last (releaseRunBuffers).
 * The data of a run never changes in place: new data is a new Dataset object.
 */
const uploaded = new WeakMap<GPUDevice, WeakMap<Dataset, { buffers: DataBuffers; users: number }>>();

export function acquireData(device: GPUDevice, data: Dataset): DataBuffers {
  const byData = uploaded.get(device) ?? new WeakMap<Dataset, { buffers: DataBuffers; users: number }>();
  uploaded.set(device, byData);
  let held = byData.get(data);
  if (!held) {
    held = {
      users: 0,
      buffers: {
        trainX: storageBuffer(device, 'train x', data.train.x.byteLength, data.train.x),
        trainY: storageBuffer(device, 'train y', data.train.y.byteLength, data.train.y),
        testX: storageBuffer(device, 'test x', data.test.x.byteLength, data.test.x),
        testY: storageBuffer(device, 'test y', data.test.y.byteLength, data.test.y),
      },
    };
    byData.set(data, held);
  }
  held.users++;
  return held.buffers;
}

/** Destroys a backend's run buffers; the data's only when no other backend on the device holds them. */
export function releaseRunBuffers(device: GPUDevice, data: Dataset, rb: RunBuffers): void {
  for (const [key, b] of Object.entries(rb)) if (!DATA_KEYS.has(key)) (b as GPUBuffer).destroy();
  releaseData(device, data);
}

/** Gives back one hold on a dataset's buffers (acquireData; a race's population holds its lane 0's upload too). */
export function releaseData(device: GPUDevice, data: Dataset): void {
  const byData = uploaded.get(device);
  const held = byData?.get(data);
  if (!held || --held.users > 0) return;
  Object.values(held.buffers).forEach((b) => b.destroy());
  byData!.delete(data);
}

export function createRunBuffers(device: GPUDevice, init: BackendInit): RunBuffers {
  const { data, layout } = init;
  const segs = new Uint32Array([...layout.layers.flatMap(({ W }) => [W.offset, W.size]), ...layout.layers.flatMap(({ b }) => [b.offset, b.size])]);
  const histBytes = 2 * layout.layers.length * HIST_WORDS * 4;
  const statRows = Math.max(Math.min(data.train.n, init.maxEvalRows), data.test.n, 1);
  return {
    params: storageBuffer(device, 'params', layout.totalFloats * 4, init.params),
    grads: storageBuffer(device, 'grads', layout.totalFloats * 4),
    ...acquireData(device, data),
    grid: storageBuffer(device, 'grid', init.grid.byteLength, init.grid),
    segments: storageBuffer(device, 'segments', segs.byteLength, segs),
    paramHist: storageBuffer(device, 'param stats', histBytes),
    gradHist: storageBuffer(device, 'grad stats', histBytes),
    effHist: storageBuffer(device, 'effective param stats', histBytes),
    sums: storageBuffer(device, 'sums', 16),
    evalStats: storageBuffer(device, 'eval row stats', statRows * 8),
    state0: storageBuffer(device, 'optimizer state 0', layout.totalFloats * 4),
    state1: storageBuffer(device, 'optimizer state 1', layout.totalFloats * 4),
    optimizerUniform: device.createBuffer({ label: 'optimizer', size: OPTIMIZER_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    mask: storageBuffer(device, 'mask', layout.totalFloats * 4),
    paramCount: uniformBuffer(device, 'param count', [layout.totalFloats]),
    dummy: storageBuffer(device, 'unused', OPTIMIZER_DUMMY_BYTES),
    teacher: init.softTargets ? storageBuffer(device, 'teacher logits', init.softTargets.byteLength, init.softTargets) : storageBuffer(device, 'no teacher', 4),
    distillUniform: device.createBuffer({ label: 'distill', size: DISTILL_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    augUniform: device.createBuffer({ label: 'augment', size: AUGMENT_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
  };
}

/** Row-sized scratch: activations and gradients for `rows` rows; the gathered batch for `batchRows`. */
export interface Workspace {
  rows: number;
  batchRows: number;
  acts: GPUBuffer[];
  dZ: GPUBuffer[];
  idx: GPUBuffer;
  bX: GPUBuffer;
  bT: GPUBuffer;
  /** Distillation: the batch's rows of the teacher's logits, [batchRows, out] (4 bytes without a teacher). */
  bZt: GPUBuffer;
  /** Augmentation: the batch's per-row draws, [batchRows] × 32 bytes (kernels/augment.ts augmentRowBytes). */
  augRows: GPUBuffer;
  stats: GPUBuffer;
  buffers: GPUBuffer[];
}

export function createWorkspace(device: GPUDevice, init: BackendInit, rows: number, batchRows = rows): Workspace {
  const { spec, data } = init;
  const acts = spec.layers.map((L, l) => storageBuffer(device, `act ${l}`, rows * L.outDim * 4));
  const dZ = spec.layers.map((L, l) => storageBuffer(device, `dZ ${l}`, rows * L.outDim * 4));
  const idx = storageBuffer(device, 'batch idx', batchRows * 4);
  const bX = storageBuffer(device, 'batch x', batchRows * data.inputDim * 4);
  const bT = storageBuffer(device, 'batch y', batchRows * data.outputDim * 4);
  const stats = storageBuffer(device, 'row stats', batchRows * 8);
  const bZt = storageBuffer(device, 'batch teacher logits', init.softTargets ? batchRows * data.outputDim * 4 : 4);
  const augRows = storageBuffer(device, 'batch augment draws', batchRows * AUGMENT_ROW_BYTES);
  return { rows, batchRows, acts, dZ, idx, bX, bT, bZt, augRows, stats, buffers: [...acts, ...dZ, idx, bX, bT, bZt, augRows, stats] };
}

/** Bytes of the largest buffer a run with this many workspace rows allocates (for the limits check). */
export function largestBuffer(init: BackendInit, rows: number): number {
  const widest = Math.max(...init.spec.layers.map((l) => l.outDim), init.data.inputDim);
  return 4 * Math.max(init.layout.totalFloats, rows * widest, init.data.train.x.length, init.data.train.y.length, init.data.test.x.length, init.grid.length);
}

/** Forward dispatches for `M` rows with input `x`, reading the parameters from `weights`; returns the dispatches. */
function forwardDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, weights: GPUBuffer, ws: Workspace, x: GPUBufferBinding | GPUBuffer, M: number, uniforms: GPUBuffer[]): Dispatch[] {
  const { spec, layout } = init;
  return spec.layers.map((L, l) => {
    const dims = uniformBuffer(device, `fwd ${l}`, [M, L.inDim, L.outDim, 0]);
    uniforms.push(dims);
    const { W, b } = layout.layers[l];
    return matmulDispatch(
      device,
      { transB: true, bias: true, act: L.activation, K: L.inDim },
      { dims, A: l === 0 ? x : ws.acts[l - 1], B: floatRange(weights, W.offset, W.size), bias: floatRange(weights, b.offset, b.size), aux: rb.dummy, C: ws.acts[l] },
      M,
      L.outDim,
    );
  });
}

/**
 * Forward passes of layers 0..last on `M` rows gathered from `src` by ws.idx (neuron activity scores);
 * layer `last`'s outputs are left in ws.acts[last].
 */
export function gatherForwardDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, weights: GPUBuffer, ws: Workspace, src: GPUBuffer, M: number, last: number) {
  const uniforms: GPUBuffer[] = [];
  const x: GatherPart[] = [{ src, out: ws.bX, D: init.data.inputDim }];
  const g = uniformBuffer(device, 'gather x', gatherWords(M, x));
  uniforms.push(g);
  const list = [gatherDispatch(device, g, ws.idx, x, M), ...forwardDispatches(device, init, rb, weights, ws, ws.bX, M, uniforms).slice(0, last + 1)];
  return { list, uniforms };
}

/**
 * How a step list gathers its batch: null plain, or through the augmentation kernel (mixup: targets mixed
 * too; the kernel reads it from its uniforms, rb.augUniform, so the list is the same either way).
 */
export type StepAugment = { mixup: boolean } | null;

/**
 * Every dispatch of one training step on M rows, and the uniforms it owns (to free on rebuild). The
 * forward and backward passes read the parameters from `weights` (the fake-quantized copy under
 * quantization-aware training); the gradient goes to rb.grads. With parameter groups (model/groups.ts)
 * the backward pass stops at the lowest trainable layer and a frozen layer's dW and db are not computed
 * (its gradient range keeps the zeros it was cleared to). `headLoss` replaces the loss kernel (a model with
 * heads: gpu/multitaskStep.ts).
 */
export function trainStepDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, ws: Workspace, M: number, weights: GPUBuffer = rb.params, groups: LayerGroups | null = null, augment: StepAugment = null, headLoss: Dispatch | null = null) {
  const { spec, data, loss } = init;
  const nL = spec.layers.length;
  const uniforms: GPUBuffer[] = [];
  const u = (label: string, words: number[]) => {
    const b = uniformBuffer(device, label, words);
    uniforms.push(b);
    return b;
  };
  // the batch in one dispatch: inputs, targets and the teacher's logits (augmented: rb.augUniform and ws.augRows written each step)
  const x: GatherPart = { src: rb.trainX, out: ws.bX, D: data.inputDim };
  const t: GatherPart = { src: rb.trainY, out: ws.bT, D: data.outputDim };
  const z: GatherPart = { src: rb.teacher, out: ws.bZt, D: init.softTargets ? data.outputDim : 0 };
  const parts = init.softTargets ? [x, t, z] : [x, t];
  const list: Dispatch[] = [
    augment ? augmentDispatch(device, rb.augUniform, ws.augRows, x, t, z, M) : gatherDispatch(device, u('gather', gatherWords(M, parts)), ws.idx, parts, M),
    ...forwardDispatches(device, init, rb, weights, ws, ws.bX, M, uniforms),
    // distillation: the distillation loss on the batch's teacher logits (its uniforms written each step)
    init.softTargets
      ? distillGradDispatch(device, rb.distillUniform, ws.acts[nL - 1], ws.bZt, ws.bT, ws.dZ[nL - 1], ws.stats, M)
      : (headLoss ?? lossGradDispatch(device, loss, u('loss', [M, data.outputDim, 0, 0]), ws.acts[nL - 1], ws.bT, ws.dZ[nL - 1], ws.stats, M)),
  ];
  list.push(...backwardDispatches(device, init, rb, ws, M, weights, groups, rb.grads, u));
  return { list, uniforms };
}

/**
 * The optimizer update over the whole parameter allocation; its pipeline depends on the optimizer variant
 * and on whether a mask is in force (rb.mask: masked weights, state and gradient stay exactly 0).
 */
export function updateDispatch(device: GPUDevice, init: BackendInit, rb: RunBuffers, hyper: OptimizerHyper, masked = false): Dispatch {
  return optimizerDispatch(device, hyper, rb.optimizerUniform, rb.grads, rb.params, [rb.state0, rb.state1], masked ? rb.mask : null, rb.dummy, init.layout.totalFloats);
}

/**
 * The optimizer update with parameter groups: one dispatch per trainable range of the arena (ranges start
 * at tensors, so 256-byte aligned bindings), each with its own uniforms (lr × the range's factor, written
 * by the caller each step); frozen layers are never bound, so their weights and state stay as they are.
 */
export function groupUpdateDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, hyper: OptimizerHyper, masked: boolean, groups: LayerGroups) {
  return groupRanges(init.layout, groups).map((r) => {
    const uniform = device.createBuffer({ label: `optimizer layers ${r.from + 1}–${r.to}`, size: OPTIMIZER_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const part = (b: GPUBuffer) => floatRange(b, r.offset, r.size);
    const dispatch = optimizerDispatch(device, hyper, uniform, part(rb.grads), part(rb.params), [part(rb.state0), part(rb.state1)], masked ? part(rb.mask) : null, rb.dummy, r.size);
    return { range: r, uniform, dispatch };
  });
}

/** Where a stage's output rows go in the readback: the grid picture or the test split's outputs. */
export type OutputTarget = 'grid' | 'test';

/** Dispatches recorded into one compute pass, then (optionally) a copy of the last layer's outputs. */
export interface EvalStage {
  list: Dispatch[];
  copy?: { target: OutputTarget; bytes: number; at: number };
}

/**
 * Evaluation rows are processed in chunks of `chunk` rows (a multiple of 64, so every chunk's input,
 * target and statistics ranges start at 256-byte offsets): the workspace then never needs more than
 * `chunk` rows of activations, whatever the size of the test split (10,000 MNIST digits).
 */
function chunkedForward(
  device: GPUDevice,
  init: BackendInit,
  rb: RunBuffers,
  weights: GPUBuffer,
  ws: Workspace,
  x: GPUBuffer,
  rows: number,
  chunk: number,
  uniforms: GPUBuffer[],
  after: (r0: number, n: number) => { list: Dispatch[]; copy?: EvalStage['copy'] },
): EvalStage[] {
  const { data } = init;
  const stages: EvalStage[] = [];
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const n = Math.min(chunk, rows - r0);
    const xr = floatRange(x, r0 * data.inputDim, n * data.inputDim);
    const tail = after(r0, n);
    stages.push({ list: [...forwardDispatches(device, init, rb, weights, ws, xr, n, uniforms), ...tail.list], copy: tail.copy });
  }
  return stages;
}

/**
 * Evaluation with the parameters in `weights` (the float parameters, or their fake-quantized copy):
 * train-set and test-set loss/accuracy into rb.sums (the test split's outputs are copied out chunk by
 * chunk, for snapshots that carry them), statistics of the float parameters and of the last gradient per
 * segment; then, for snapshots, the statistics of `weights` into rb.effHist when they differ from the
 * float parameters, and the grid forward pass, copied out chunk by chunk.
 */
export function evalDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, ws: Workspace, weights: GPUBuffer = rb.params, chunk = ws.rows, extra: EvalExtra | null = null) {
  const { spec, data, loss } = init;
  const nL = spec.layers.length;
  const outBytes = data.outputDim * 4;
  const uniforms: GPUBuffer[] = [];
  const u = (label: string, words: number[]) => {
    const b = uniformBuffer(device, label, words);
    uniforms.push(b);
    return b;
  };
  const sets = [
    { x: rb.trainX, y: rb.trainY, rows: Math.min(data.train.n, init.maxEvalRows), target: undefined },
    { x: rb.testX, y: rb.testY, rows: data.test.n, target: 'test' as const },
  ];
  const metrics: EvalStage[] = [];
  sets.forEach((s, slot) => {
    metrics.push(
      ...chunkedForward(device, init, rb, weights, ws, s.x, s.rows, chunk, uniforms, (r0, n) => ({
        list: [
          lossGradDispatch(
            device,
            loss,
            u(`eval loss ${slot}@${r0}`, [n, data.outputDim, slot, s.rows]),
            ws.acts[nL - 1],
            floatRange(s.y, r0 * data.outputDim, n * data.outputDim),
            ws.dZ[nL - 1],
            floatRange(rb.evalStats, r0 * 2, n * 2),
            n,
          ),
          ...(extra?.chunk(u, slot, r0, n, s.rows, floatRange(s.y, r0 * data.outputDim, n * data.outputDim)) ?? []),
        ],
        copy: s.target && { target: s.target, bytes: n * outBytes, at: r0 * outBytes },
      })),
    );
    metrics.push({ list: [reduceRowsDispatch(device, u(`eval sum ${slot}`, [s.rows, data.outputDim, slot, 0]), rb.evalStats, rb.sums), ...(extra?.split(u, slot, s.rows) ?? [])] });
  });
  metrics.push({ list: [histogramDispatch(device, rb.segments, rb.params, rb.paramHist, 2 * nL), histogramDispatch(device, rb.segments, rb.grads, rb.gradHist, 2 * nL)] });
  const snapshot: EvalStage[] = [];
  if (weights !== rb.params) snapshot.push({ list: [histogramDispatch(device, rb.segments, weights, rb.effHist, 2 * nL)] });
  snapshot.push(...chunkedForward(device, init, rb, weights, ws, rb.grid, init.gridRows, chunk, uniforms, (r0, n) => ({ list: [], copy: { target: 'grid', bytes: n * outBytes, at: r0 * outBytes } })));
  return { metrics, snapshot, uniforms };
}

/** More evaluation work (a model with heads, gpu/multitaskStep.ts): per chunk of a split (slot 0 train, 1 test; y its targets), and per split after its chunks. */
export interface EvalExtra {
  chunk(u: OwnedUniform, slot: number, r0: number, n: number, rows: number, y: GPUBufferBinding): Dispatch[];
  split(u: OwnedUniform, slot: number, rows: number): Dispatch[];
}

/** Bytes of activations one evaluation chunk may take in its widest layer. */
export const EVAL_CHUNK_BYTES = 64 * 2 ** 20;

/** Rows per evaluation chunk: as many as fit EVAL_CHUNK_BYTES in the widest layer, a multiple of 64. */
export function evalChunkRows(init: BackendInit): number {
  const widest = Math.max(...init.spec.layers.map((l) => l.outDim));
  return Math.max(64, Math.floor(EVAL_CHUNK_BYTES / (4 * widest) / 64) * 64);
}

/** Rows the workspace needs for evaluation (the batch may need more): every split in one chunk when it fits. */
export function evalRows(init: BackendInit, chunk = evalChunkRows(init)): number {
  return Math.min(chunk, Math.max(Math.min(init.data.train.n, init.maxEvalRows), init.data.test.n, init.gridRows, 1));
}
