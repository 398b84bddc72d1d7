/**
 * The network on the GPU: its buffers and the dispatch lists for a training step and for evaluation —
 * the GPU twin of engine/network.ts. Activations and gradients are sized for `rows` rows, shared by the
 * training step and the evaluation passes (they run one after another on the queue).
 *
 * Training step on a batch of M rows (L layers, act[l] = output of layer l):
 *   gather   idx → bX [M,in], bT [M,out]
 *   forward  act[l] = f_l(act[l-1] · W_lᵀ + b_l)          (act[-1] = bX)
 *   loss     dZ[L-1] = dLoss/dZ, stats
 *   backward dW_l = dZ[l]ᵀ · act[l-1];  db_l = Σ_m dZ[l];  dZ[l-1] = (dZ[l] · W_l) ⊙ f'_{l-1}(act[l-1])
 *   update   the optimizer (engine/optimizers.ts), one dispatch over the whole allocation
 */
import type { BackendInit } from '../engine/backend';
import { floatRange, storageBuffer, uniformBuffer } from './buffers';
import type { Dispatch } from './pipelines';
import { biasGradDispatch } from './kernels/biasGrad';
import { gatherDispatch } from './kernels/gather';
import { HIST_WORDS, histogramDispatch } from './kernels/histogram';
import { lossGradDispatch, reduceRowsDispatch } from './kernels/loss';
import { matmulDispatch } from './kernels/matmul';
import { OPTIMIZER_DUMMY_BYTES, OPTIMIZER_UNIFORM_BYTES, optimizerDispatch } from './kernels/optimizer';
import type { OptimizerHyper } from '../engine/optimizers';

export interface EvalSet {
  x: GPUBuffer;
  y: GPUBuffer | null;
  rows: number;
}

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
  /** [trainLossSum, trainCorrect, testLossSum, testCorrect]. */
  sums: GPUBuffer;
  /** Optimizer state (momentum buffer, Adam's m and v, …): zero until the first step, reset only with the run. */
  state0: GPUBuffer;
  state1: GPUBuffer;
  optimizerUniform: GPUBuffer;
  dummy: GPUBuffer;
}

export function createRunBuffers(device: GPUDevice, init: BackendInit): RunBuffers {
  const { data, layout } = init;
  const segs = new Uint32Array([...layout.layers.flatMap(({ W }) => [W.offset, W.size]), ...layout.layers.flatMap(({ b }) => [b.offset, b.size])]);
  const histBytes = 2 * layout.layers.length * HIST_WORDS * 4;
  return {
    params: storageBuffer(device, 'params', layout.totalFloats * 4, init.params),
    grads: storageBuffer(device, 'grads', layout.totalFloats * 4),
    trainX: storageBuffer(device, 'train x', data.train.x.byteLength, data.train.x),
    trainY: storageBuffer(device, 'train y', data.train.y.byteLength, data.train.y),
    testX: storageBuffer(device, 'test x', data.test.x.byteLength, data.test.x),
    testY: storageBuffer(device, 'test y', data.test.y.byteLength, data.test.y),
    grid: storageBuffer(device, 'grid', init.grid.byteLength, init.grid),
    segments: storageBuffer(device, 'segments', segs.byteLength, segs),
    paramHist: storageBuffer(device, 'param stats', histBytes),
    gradHist: storageBuffer(device, 'grad stats', histBytes),
    sums: storageBuffer(device, 'sums', 16),
    state0: storageBuffer(device, 'optimizer state 0', layout.totalFloats * 4),
    state1: storageBuffer(device, 'optimizer state 1', layout.totalFloats * 4),
    optimizerUniform: device.createBuffer({ label: 'optimizer', size: OPTIMIZER_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    dummy: storageBuffer(device, 'unused', OPTIMIZER_DUMMY_BYTES),
  };
}

/** Row-sized scratch: activations, gradients, gathered batch, per-row stats. */
export interface Workspace {
  rows: number;
  acts: GPUBuffer[];
  dZ: GPUBuffer[];
  idx: GPUBuffer;
  bX: GPUBuffer;
  bT: GPUBuffer;
  stats: GPUBuffer;
  buffers: GPUBuffer[];
}

export function createWorkspace(device: GPUDevice, init: BackendInit, rows: number): Workspace {
  const { spec, data } = init;
  const acts = spec.layers.map((L, l) => storageBuffer(device, `act ${l}`, rows * L.outDim * 4));
  const dZ = spec.layers.map((L, l) => storageBuffer(device, `dZ ${l}`, rows * L.outDim * 4));
  const idx = storageBuffer(device, 'batch idx', rows * 4);
  const bX = storageBuffer(device, 'batch x', rows * data.inputDim * 4);
  const bT = storageBuffer(device, 'batch y', rows * data.outputDim * 4);
  const stats = storageBuffer(device, 'row stats', rows * 8);
  return { rows, acts, dZ, idx, bX, bT, stats, buffers: [...acts, ...dZ, idx, bX, bT, stats] };
}

/** Bytes of the largest buffer a run with this many workspace rows allocates (for the limits check). */
export function largestBuffer(init: BackendInit, rows: number): number {
  const widest = Math.max(...init.spec.layers.map((l) => l.outDim), init.data.inputDim);
  return 4 * Math.max(init.layout.totalFloats, rows * widest, init.data.train.x.length, init.data.train.y.length, init.data.test.x.length, init.grid.length);
}

/** Forward dispatches for `M` rows with input `x`; returns the dispatches and the uniforms it made. */
function forwardDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, ws: Workspace, x: GPUBuffer, M: number, uniforms: GPUBuffer[]): Dispatch[] {
  const { spec, layout } = init;
  return spec.layers.map((L, l) => {
    const dims = uniformBuffer(device, `fwd ${l}`, [M, L.inDim, L.outDim, 0]);
    uniforms.push(dims);
    const { W, b } = layout.layers[l];
    return matmulDispatch(
      device,
      { transB: true, bias: true, act: L.activation },
      { dims, A: l === 0 ? x : ws.acts[l - 1], B: floatRange(rb.params, W.offset, W.size), bias: floatRange(rb.params, b.offset, b.size), aux: rb.dummy, C: ws.acts[l] },
      M,
      L.outDim,
    );
  });
}

/** Every dispatch of one training step on M rows, and the uniforms it owns (to free on rebuild). */
export function trainStepDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, ws: Workspace, M: number) {
  const { spec, layout, data, loss } = init;
  const nL = spec.layers.length;
  const uniforms: GPUBuffer[] = [];
  const u = (label: string, words: number[]) => {
    const b = uniformBuffer(device, label, words);
    uniforms.push(b);
    return b;
  };
  const list: Dispatch[] = [
    gatherDispatch(device, u('gather x', [M, data.inputDim]), ws.idx, rb.trainX, ws.bX, M, data.inputDim),
    gatherDispatch(device, u('gather y', [M, data.outputDim]), ws.idx, rb.trainY, ws.bT, M, data.outputDim),
    ...forwardDispatches(device, init, rb, ws, ws.bX, M, uniforms),
    lossGradDispatch(device, loss, u('loss', [M, data.outputDim, 0, 0]), ws.acts[nL - 1], ws.bT, ws.dZ[nL - 1], ws.stats, M),
  ];
  for (let l = nL - 1; l >= 0; l--) {
    const L = spec.layers[l];
    const { W, b } = layout.layers[l];
    const input = l === 0 ? ws.bX : ws.acts[l - 1];
    list.push(
      matmulDispatch(
        device,
        { transA: true },
        { dims: u(`dW ${l}`, [L.outDim, M, L.inDim, 0]), A: ws.dZ[l], B: input, bias: rb.dummy, aux: rb.dummy, C: floatRange(rb.grads, W.offset, W.size) },
        L.outDim,
        L.inDim,
      ),
      biasGradDispatch(device, u(`db ${l}`, [M, L.outDim]), ws.dZ[l], floatRange(rb.grads, b.offset, b.size), L.outDim),
    );
    if (l > 0) {
      list.push(
        matmulDispatch(
          device,
          { gate: spec.layers[l - 1].activation },
          { dims: u(`dX ${l}`, [M, L.outDim, L.inDim, 0]), A: ws.dZ[l], B: floatRange(rb.params, W.offset, W.size), bias: rb.dummy, aux: ws.acts[l - 1], C: ws.dZ[l - 1] },
          M,
          L.inDim,
        ),
      );
    }
  }
  return { list, uniforms };
}

/** The optimizer update over the whole parameter allocation; its pipeline depends on the optimizer variant. */
export function updateDispatch(device: GPUDevice, init: BackendInit, rb: RunBuffers, hyper: OptimizerHyper): Dispatch {
  return optimizerDispatch(device, hyper, rb.optimizerUniform, rb.grads, rb.params, [rb.state0, rb.state1], null, rb.dummy, init.layout.totalFloats);
}

/**
 * Evaluation: train-set and test-set loss/accuracy into `sums`, statistics of the parameters and of the
 * last gradient per segment, then (for snapshots) the grid forward pass, whose output is left in the
 * last activation buffer.
 */
export function evalDispatches(device: GPUDevice, init: BackendInit, rb: RunBuffers, ws: Workspace) {
  const { spec, data, loss } = init;
  const nL = spec.layers.length;
  const uniforms: GPUBuffer[] = [];
  const sets: EvalSet[] = [
    { x: rb.trainX, y: rb.trainY, rows: Math.min(data.train.n, init.maxEvalRows) },
    { x: rb.testX, y: rb.testY, rows: data.test.n },
  ];
  const metrics: Dispatch[] = [];
  sets.forEach((s, slot) => {
    const params = uniformBuffer(device, `eval loss ${slot}`, [s.rows, data.outputDim, slot, 0]);
    uniforms.push(params);
    metrics.push(
      ...forwardDispatches(device, init, rb, ws, s.x, s.rows, uniforms),
      lossGradDispatch(device, loss, params, ws.acts[nL - 1], s.y as GPUBuffer, ws.dZ[nL - 1], ws.stats, s.rows),
      reduceRowsDispatch(device, params, ws.stats, rb.sums),
    );
  });
  metrics.push(histogramDispatch(device, rb.segments, rb.params, rb.paramHist, 2 * nL), histogramDispatch(device, rb.segments, rb.grads, rb.gradHist, 2 * nL));
  const snapshot: Dispatch[] = forwardDispatches(device, init, rb, ws, rb.grid, init.gridRows, uniforms);
  return { metrics, snapshot, uniforms };
}

/** Rows the workspace needs for evaluation (the batch may need more). */
export function evalRows(init: BackendInit): number {
  return Math.max(Math.min(init.data.train.n, init.maxEvalRows), init.data.test.n, init.gridRows);
}
