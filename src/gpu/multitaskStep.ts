/**
 * The GPU backend's multi-task part (gpu/gpuBackend.ts uses it for a model with heads): the GPU twin of
 * engine/strategies/multitaskCpu.ts, with the kernels of shaders/multitask.wgsl (REFERENCE.md "Strategies":
 * loss = Σ_k w_k CE_k over heads on a shared trunk; gradient conflict = the cosine of the task gradients at
 * the trunk; PCGrad, Yu et al. 2020). The trunk is the parameters [0, trunkEnd(layout)) (every layer below
 * the output layer); the heads are segments of the output layer.
 *
 * Step on M rows (network.ts trainStepDispatches with the heads' loss in place of the loss kernel):
 *   plain    heads_loss_grad (w_1, w_2) → dZ[L-1]; one backward pass into rb.grads
 *   PCGrad   heads_loss_grad (w_1, 0) → backward into g1;  heads_loss_grad (0, w_2) → backward into g2;
 *            trunk_dots (g1·g2, |g1|², |g2|²) → dots;  pcgrad_combine → rb.grads (what the optimizer reads)
 * All on the device, no readback; the heads' weights are rewritten each step (they apply live). After the
 * step's pass the batch as the network saw it (ws.bX, ws.bT) is copied aside for the conflict.
 * Evaluation adds, per chunk of each split, heads_loss_grad for one head at a time into per-head row
 * statistics, reduced per split and head; and the conflict on the last step's batch at the masters with
 * unit weights (two backward passes into g1, g2, then trunk_dots). Decoded as multitaskCpu.ts reports it:
 * each head's loss and accuracy, Σ_k w_k L_k as the data loss, the first head's accuracy as the run's.
 */
import type { BackendInit, Evaluation } from '../engine/backend';
import type { LayerGroups } from '../engine/model/groups';
import { isMultiTask, PLAIN_TASKS, trunkEnd, type TaskSettings } from '../engine/strategies/multitaskStep';
import { floatRange, storageBuffer, uniformBuffer } from './buffers';
import { headsLossGradDispatch, headWords, multitaskWords, pcgradCombineDispatch, trunkDotsDispatch } from './kernels/multitask';
import { reduceRowsDispatch } from './kernels/loss';
import { backwardDispatches, type OwnedUniform } from './backward';
import { trainStepDispatches, type EvalExtra, type RunBuffers, type StepAugment, type Workspace } from './network';
import { encodeDispatches, type Dispatch } from './pipelines';

export interface GpuMultiTask {
  /** Bytes an evaluation adds to the staging buffer: [2 splits, heads] × (loss sum, correct), then dots [4]. */
  readonly stagingBytes: number;
  /** What the step list's shape depends on besides the backend's own keys (PCGrad on or off). */
  stepKey(tasks: TaskSettings | undefined): string;
  /** The step's dispatches for M rows, and the uniforms they own (replaces trainStepDispatches). */
  stepDispatches(ws: Workspace, M: number, weights: GPUBuffer, groups: LayerGroups | null, augment: StepAugment, tasks: TaskSettings | undefined): { list: Dispatch[]; uniforms: GPUBuffer[] };
  /** Before the step's submit: the heads' weights w_k. */
  writeStep(tasks: TaskSettings | undefined): void;
  /** After the step's compute pass: keeps its M rows of inputs and targets for the conflict. */
  afterStep(enc: GPUCommandEncoder, ws: Workspace, M: number): void;
  /** The per-head work in evaluation's chunks and splits (network.ts evalDispatches). */
  evalExtra(ws: Workspace): EvalExtra;
  /** After evaluation's metrics: the conflict pass and the copies into `staging` at `at`; returns the decoder. */
  encodeEval(enc: GPUCommandEncoder, ws: Workspace, groups: LayerGroups | null, staging: GPUBuffer, at: number): (bytes: ArrayBuffer) => Partial<Evaluation>;
  destroy(): void;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/** The multi-task part of a GPU backend for this model, or null for a one-head model. */
export function createGpuMultiTask(device: GPUDevice, init: BackendInit, rb: RunBuffers): GpuMultiTask | null {
  const { spec, layout, data } = init;
  if (!isMultiTask(spec)) return null;
  const heads = spec.heads;
  const H = heads.length, C = data.outputDim, nL = spec.layers.length;
  const total = layout.totalFloats, n = trunkEnd(layout);
  // the heads' loss replaces the loss kernel; a teacher's logits play no part in a multi-task step (as on the CPU)
  const plain: BackendInit = { ...init, softTargets: undefined };
  const headsBuffer = (label: string, hs: typeof heads, w: readonly number[]) => storageBuffer(device, label, hs.length * 16, headWords(hs, w));
  const onlyTask = (w: readonly number[], k: number) => heads.map((_, j) => (j === k ? (w[j] ?? 0) : 0));
  // [H] × {offset, classes, weight}: the step's (both tasks; task 1 alone; task 2 alone), the conflict's (unit weights), evaluation's (one head each)
  const both = headsBuffer('heads (step)', heads, PLAIN_TASKS.weights);
  const only = [0, 1].map((k) => headsBuffer(`heads (task ${k + 1} alone)`, heads, onlyTask(PLAIN_TASKS.weights, k)));
  const unit = [0, 1].map((k) => headsBuffer(`heads (task ${k + 1}, unit weight)`, heads, onlyTask([1, 1], k)));
  const perHead = heads.map((h, k) => headsBuffer(`head ${k + 1}`, [h], [1]));
  const g1 = storageBuffer(device, 'task 1 gradient', total * 4); // [total]
  const g2 = storageBuffer(device, 'task 2 gradient', total * 4); // [total]
  const dots = storageBuffer(device, 'trunk dots', 16); // [4] (g1·g2, |g1|², |g2|², 0)
  const trainRows = Math.min(data.train.n, init.maxEvalRows);
  const statRows = roundUp(Math.max(trainRows, data.test.n, 1), 64); // a multiple of 64: each head's rows start 256-byte aligned
  const headStats = storageBuffer(device, 'eval head row stats', H * statRows * 8); // [H, statRows] × (loss, correct)
  const sumsBytes = 2 * H * 8;
  const sums = storageBuffer(device, 'eval head sums', sumsBytes); // [2 splits, H] × (loss sum, correct)
  const fixed = [both, ...only, ...unit, ...perHead, g1, g2, dots, headStats, sums];

  /** Batch-sized buffers: the step's head statistics [rows, H] × 2, the kept batch [rows, in] and [rows, C], identity indices [rows]. */
  let batch = { rows: 0, stats: null as GPUBuffer | null, lastX: null as GPUBuffer | null, lastT: null as GPUBuffer | null, iota: null as GPUBuffer | null };
  const ensure = (rows: number) => {
    if (rows <= batch.rows) return;
    [batch.stats, batch.lastX, batch.lastT, batch.iota].forEach((b) => b?.destroy());
    batch = {
      rows,
      stats: storageBuffer(device, 'head row stats', rows * H * 8),
      lastX: storageBuffer(device, 'kept batch x', rows * data.inputDim * 4),
      lastT: storageBuffer(device, 'kept batch y', rows * C * 4),
      iota: storageBuffer(device, 'identity rows', rows * 4, Uint32Array.from({ length: rows }, (_, i) => i)),
    };
    dropConflict();
  };
  let weights = PLAIN_TASKS.weights;
  /** Rows of the last step's batch (0: no step yet, no conflict to report). */
  let lastM = 0;
  let conflict: { ws: Workspace; M: number; groups: LayerGroups | null; rows: number; list: Dispatch[]; uniforms: GPUBuffer[] } | null = null;
  const dropConflict = () => {
    conflict?.uniforms.forEach((b) => b.destroy());
    conflict = null;
  };
  const owned = (uniforms: GPUBuffer[]): OwnedUniform => (label, words) => {
    const b = uniformBuffer(device, label, words);
    uniforms.push(b);
    return b;
  };
  /** heads_loss_grad on the M rows in ws (logits ws.acts[L-1], targets ws.bT) with these heads' weights → ws.dZ[L-1]. */
  const headsLoss = (ws: Workspace, M: number, hs: GPUBuffer, u: OwnedUniform) =>
    headsLossGradDispatch(device, u('heads loss', multitaskWords({ M, C, H })), ws.acts[nL - 1], ws.bT, hs, ws.dZ[nL - 1], batch.stats!, M);
  /** Clears both task gradients: with frozen layers the backward passes leave their ranges as they are. */
  const clearTaskGrads = (enc: GPUCommandEncoder) => [g1, g2].forEach((g) => enc.clearBuffer(g));

  return {
    stagingBytes: sumsBytes + 16,
    stepKey: (tasks) => (tasks?.pcgrad && H === 2 ? 'pcgrad' : 'sum'),

    stepDispatches(ws, M, w, groups, augment, tasks) {
      ensure(ws.batchRows);
      const uniforms: GPUBuffer[] = [];
      const u = owned(uniforms);
      if (!(tasks?.pcgrad && H === 2)) {
        const s = trainStepDispatches(device, plain, rb, ws, M, w, groups, augment, headsLoss(ws, M, both, u));
        return { list: s.list, uniforms: [...s.uniforms, ...uniforms] };
      }
      if (groups) {
        const enc = device.createCommandEncoder();
        clearTaskGrads(enc);
        device.queue.submit([enc.finish()]);
      }
      const s = trainStepDispatches(device, plain, { ...rb, grads: g1 }, ws, M, w, groups, augment, headsLoss(ws, M, only[0], u));
      const list = [
        ...s.list,
        headsLoss(ws, M, only[1], u),
        ...backwardDispatches(device, plain, rb, ws, M, w, groups, g2, u),
        trunkDotsDispatch(device, u('trunk dots', multitaskWords({ n })), g1, g2, dots),
        pcgradCombineDispatch(device, u('pcgrad combine', multitaskWords({ n, total })), g1, g2, dots, rb.grads, total),
      ];
      return { list, uniforms: [...s.uniforms, ...uniforms] };
    },

    writeStep(tasks) {
      const w = (tasks ?? PLAIN_TASKS).weights;
      if (w.length === weights.length && w.every((x, k) => x === weights[k])) return;
      weights = [...w];
      device.queue.writeBuffer(both, 0, headWords(heads, weights));
      only.forEach((b, k) => device.queue.writeBuffer(b, 0, headWords(heads, onlyTask(weights, k))));
    },

    afterStep(enc, ws, M) {
      enc.copyBufferToBuffer(ws.bX, 0, batch.lastX!, 0, M * data.inputDim * 4);
      enc.copyBufferToBuffer(ws.bT, 0, batch.lastT!, 0, M * C * 4);
      lastM = M;
    },

    evalExtra: (ws) => ({
      // each head alone (H = 1), its per-row (CE / rows, correct) at its own rows of headStats
      chunk: (u, slot, r0, rows, splitRows, y) =>
        perHead.map((hb, k) =>
          headsLossGradDispatch(device, u(`eval head ${k} ${slot}@${r0}`, multitaskWords({ M: rows, C, H: 1, norm: splitRows })), ws.acts[nL - 1], y, hb, ws.dZ[nL - 1], floatRange(headStats, (k * statRows + r0) * 2, rows * 2), rows),
        ),
      split: (u, slot, rows) => heads.map((_, k) => reduceRowsDispatch(device, u(`eval head sum ${slot}.${k}`, [rows, C, slot * H + k, 0]), floatRange(headStats, k * statRows * 2, rows * 2), sums)),
    }),

    encodeEval(enc, ws, groups, staging, at) {
      const M = lastM;
      if (M > 0) {
        if (!conflict || conflict.ws !== ws || conflict.M !== M || conflict.groups !== groups || conflict.rows !== batch.rows) {
          dropConflict();
          const uniforms: GPUBuffer[] = [];
          const u = owned(uniforms);
          // the kept batch gathered back in order (identity rows), at the masters, each task at unit weight
          const kept = { ...rb, trainX: batch.lastX!, trainY: batch.lastT!, grads: g1 };
          const s = trainStepDispatches(device, plain, kept, { ...ws, idx: batch.iota! }, M, rb.params, groups, null, headsLoss(ws, M, unit[0], u));
          const list = [...s.list, headsLoss(ws, M, unit[1], u), ...backwardDispatches(device, plain, rb, ws, M, rb.params, groups, g2, u), trunkDotsDispatch(device, u('conflict dots', multitaskWords({ n })), g1, g2, dots)];
          conflict = { ws, M, groups, rows: batch.rows, list, uniforms: [...s.uniforms, ...uniforms] };
        }
        if (groups) clearTaskGrads(enc);
        const pass = enc.beginComputePass();
        encodeDispatches(pass, conflict.list);
        pass.end();
      }
      enc.copyBufferToBuffer(sums, 0, staging, at, sumsBytes);
      enc.copyBufferToBuffer(dots, 0, staging, at + sumsBytes, 16);
      const w = weights, measured = M > 0;
      const rows = [trainRows, data.test.n];
      return (bytes) => {
        const s = new Float32Array(bytes, at, 2 * H * 2); // [2, H] × (loss sum, correct)
        const d = new Float32Array(bytes, at + sumsBytes, 4);
        const stat = (slot: number, k: number) => ({ loss: s[(slot * H + k) * 2], accuracy: rows[slot] > 0 ? s[(slot * H + k) * 2 + 1] / rows[slot] : 0 });
        const hs = heads.map((_, k) => ({ trainLoss: stat(0, k).loss, testLoss: stat(1, k).loss, trainAccuracy: stat(0, k).accuracy, testAccuracy: stat(1, k).accuracy }));
        const weighted = (key: 'trainLoss' | 'testLoss') => hs.reduce((a, h, k) => a + (w[k] ?? 0) * h[key], 0);
        // float32 sums can put |cos| a hair over 1
        const cos = measured && d[1] > 0 && d[2] > 0 ? Math.max(-1, Math.min(1, d[0] / Math.sqrt(d[1] * d[2]))) : null;
        return { trainLoss: weighted('trainLoss'), testLoss: weighted('testLoss'), trainAccuracy: hs[0].trainAccuracy, testAccuracy: hs[0].testAccuracy, heads: hs, conflict: cos };
      };
    },

    destroy() {
      dropConflict();
      [...fixed, batch.stats, batch.lastX, batch.lastT, batch.iota].forEach((b) => b?.destroy());
    },
  };
}
