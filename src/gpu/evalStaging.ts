/**
 * The WebGPU backend's evaluation staging buffer (gpuBackend.ts): where each result lies in it, the copies
 * an evaluation encodes between and after its kernels, and how a mapped copy decodes into an Evaluation and
 * a Snapshot.
 *
 *   sums (16 B: [trainLossSum, trainCorrect, testLossSum, testCorrect]) | parameter stats | gradient stats
 *   | effective stats | grid outputs [gridRows, out] | test outputs [test.n, out] (snapshotExtras)
 *   | effective parameters [totalFloats] (snapshotExtras or snapshotParams)
 *   | the augmented batch's first rows: inputs [viewRows, in], then targets [viewRows, out]
 *   | a multi-task model's per-head sums and trunk dots (multitaskStep.ts, its own decoder)
 *
 * The stats are 2·layers histograms (HIST_WORDS words each: every layer's W, then every layer's b).
 */
import { segmentSummary, type AugmentedBatch, type BackendInit, type Evaluation, type Snapshot } from '../engine/backend';
import { augmentViewRows } from '../engine/strategies/augment';
import { HIST_WORDS, decodeHistograms } from './kernels/histogram';
import type { EvalStage, OutputTarget, RunBuffers, Workspace } from './network';
import { encodeDispatches } from './pipelines';

/** Byte offsets and sizes in the staging buffer. */
export interface StagingLayout {
  /** Bytes of one set of stats (2·layers histograms). */
  histBytes: number;
  /** Where the effective (fake-quantized) parameters' stats go. */
  effAt: number;
  /** Where each output copy (network.ts EvalStage.copy) starts. */
  at: Record<OutputTarget, number>;
  gridBytes: number;
  testBytes: number;
  /** Whether a snapshot carries the test outputs (snapshotExtras) and the effective parameters. */
  extras: boolean;
  withParams: boolean;
  paramsAt: number;
  paramBytes: number;
  /** Rows of the augmented batch a snapshot shows (augmentViewRows), where they go, and a row's bytes (input, target). */
  viewRows: number;
  batchAt: number;
  xRowBytes: number;
  yRowBytes: number;
  /** Where a multi-task model's extra results go; everything before it is this module's. */
  mtAt: number;
}

/** The staging layout for `init` (fixed for a backend's life: it depends on the model and data only). */
export function stagingLayout(init: BackendInit): StagingLayout {
  const { data } = init;
  const histBytes = 2 * init.spec.layers.length * HIST_WORDS * 4;
  const outBytes = data.outputDim * 4;
  const gridBytes = init.gridRows * outBytes;
  const extras = !!init.snapshotExtras;
  // effective parameters ride along with MNIST's extras and, for small models, with every snapshot (Network panel)
  const withParams = extras || !!init.snapshotParams;
  const testBytes = extras ? data.test.n * outBytes : 0;
  const effAt = 16 + 2 * histBytes;
  const at: Record<OutputTarget, number> = { grid: effAt + histBytes, test: effAt + histBytes + gridBytes };
  const paramsAt = at.test + testBytes;
  const paramBytes = init.layout.totalFloats * 4;
  // the augmented batch's first rows (inputs, then targets) after the parameters
  const batchAt = paramsAt + (withParams ? paramBytes : 0);
  const viewRows = augmentViewRows(data);
  const [xRowBytes, yRowBytes] = [data.inputDim * 4, data.outputDim * 4];
  const mtAt = batchAt + viewRows * (xRowBytes + yRowBytes);
  return { histBytes, effAt, at, gridBytes, testBytes, extras, withParams, paramsAt, paramBytes, viewRows, batchAt, xRowBytes, yRowBytes, mtAt };
}

/**
 * The evaluation's stages in compute passes; with a snapshot, the stages' output copies (the grid, and the
 * test split with extras) from `outputs` (the last layer's activations) into `staging` between them.
 */
export function encodeEvalStages(enc: GPUCommandEncoder, stages: EvalStage[], L: StagingLayout, outputs: GPUBuffer, staging: GPUBuffer, withSnapshot: boolean): void {
  const copyTargets = new Set<OutputTarget>(withSnapshot ? (L.extras ? ['grid', 'test'] : ['grid']) : []);
  let pass: GPUComputePassEncoder | null = null;
  for (const st of stages) {
    pass ??= enc.beginComputePass();
    encodeDispatches(pass, st.list);
    if (st.copy && copyTargets.has(st.copy.target) && st.copy.bytes > 0) {
      pass.end();
      pass = null;
      enc.copyBufferToBuffer(outputs, 0, staging, L.at[st.copy.target] + st.copy.at, st.copy.bytes);
    }
  }
  pass?.end();
}

/** What a snapshot reads besides the outputs: whether `weights` are fake-quantized, and the last step's augmented rows. */
export interface SnapshotReads {
  quantized: boolean;
  seen: Omit<AugmentedBatch, 'x' | 'y'> | null;
}

/** Copies the sums and stats into `staging` and, with a snapshot, the effective stats, `weights` and the batch's rows. */
export function encodeResultCopies(enc: GPUCommandEncoder, L: StagingLayout, rb: RunBuffers, ws: Workspace, weights: GPUBuffer, staging: GPUBuffer, snap: SnapshotReads | null): void {
  enc.copyBufferToBuffer(rb.sums, 0, staging, 0, 16);
  enc.copyBufferToBuffer(rb.paramHist, 0, staging, 16, L.histBytes);
  enc.copyBufferToBuffer(rb.gradHist, 0, staging, 16 + L.histBytes, L.histBytes);
  if (snap?.quantized) enc.copyBufferToBuffer(rb.effHist, 0, staging, L.effAt, L.histBytes);
  if (snap && L.withParams) enc.copyBufferToBuffer(weights, 0, staging, L.paramsAt, L.paramBytes);
  const seen = snap?.seen;
  if (seen) {
    enc.copyBufferToBuffer(ws.bX, 0, staging, L.batchAt, seen.rows * L.xRowBytes);
    enc.copyBufferToBuffer(ws.bT, 0, staging, L.batchAt + seen.rows * L.xRowBytes, seen.rows * L.yRowBytes);
  }
}

/** The Evaluation (and, with `snap`, the Snapshot) in a mapped staging copy; `heads` decodes a multi-task model's part. */
export function decodeStaging(bytes: ArrayBuffer, L: StagingLayout, init: BackendInit, snap: SnapshotReads | null, heads?: (bytes: ArrayBuffer) => Partial<Evaluation>): { evaluation: Evaluation; snapshot?: Snapshot } {
  const { data } = init;
  const nL = init.spec.layers.length;
  const rows = { train: Math.min(data.train.n, init.maxEvalRows), test: data.test.n };
  const sums = new Float32Array(bytes, 0, 4);
  const params = decodeHistograms(new Uint32Array(bytes, 16, L.histBytes / 4), 2 * nL);
  const grads = decodeHistograms(new Uint32Array(bytes, 16 + L.histBytes, L.histBytes / 4), 2 * nL);
  const evaluation: Evaluation = { trainLoss: sums[0], testLoss: sums[2], ...segmentSummary(params, grads, nL) };
  if (data.task === 'classification') {
    evaluation.trainAccuracy = sums[1] / rows.train;
    evaluation.testAccuracy = sums[3] / rows.test;
  }
  if (heads) Object.assign(evaluation, heads(bytes));
  if (!snap) return { evaluation, snapshot: undefined };
  const histograms = snap.quantized ? decodeHistograms(new Uint32Array(bytes, L.effAt, L.histBytes / 4), 2 * nL) : params;
  const { at, gridBytes, testBytes, paramsAt, paramBytes, batchAt } = L;
  const snapshot: Snapshot = { histograms: histograms.slice(0, nL), output: new Float32Array(bytes.slice(at.grid, at.grid + gridBytes)) };
  if (L.extras) snapshot.testOutput = new Float32Array(bytes.slice(at.test, at.test + testBytes));
  if (L.withParams) snapshot.params = new Float32Array(bytes.slice(paramsAt, paramsAt + paramBytes));
  const seen = snap.seen;
  if (seen) {
    const xBytes = seen.rows * L.xRowBytes;
    snapshot.batch = { ...seen, x: new Float32Array(bytes.slice(batchAt, batchAt + xBytes)), y: new Float32Array(bytes.slice(batchAt + xBytes, batchAt + xBytes + seen.rows * L.yRowBytes)) };
  }
  return { evaluation, snapshot };
}
