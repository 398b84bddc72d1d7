/**
 * The WebGPU backend: implements the engine's TrainingBackend with the kernels in gpu/kernels.
 * One training step = one command buffer, one submit, no readback. Evaluations copy their results into a
 * pooled MAP_READ buffer in the same submit and resolve when the mapping does; evalStaging.ts lays that
 * buffer out, encodes the evaluation's passes and result copies, and decodes the mapped bytes.
 *
 * Pruning (REFERENCE.md "Pruning"): setMask writes rb.mask and zeroes the masked weights and both optimizer
 * state buffers at once (PRUNE_APPLY_MASK); every step then runs the optimizer with HAS_MASK, which also
 * zeroes the masked gradient (so the reported gradient norms are those of the applied gradient). magnitudeMask
 * runs the radix-select kernel on copies of the weights and the mask and reads the new mask back.
 * Quantization (REFERENCE.md "Quantization"): float master weights stay in rb.params; qW is a second
 * allocation (a copy of the masters with the plan's segments fake-quantized). 'aware': each step computes
 * the ranges and qW, trains through qW, applies the clipped STE to the gradient and updates the masters.
 * With either mode, evaluations recompute qW first and evaluate, histogram and snapshot it.
 * Augmentation (StepSettings.augment): the step's draws (engine/strategies/augment.ts) are uploaded with
 * the batch and the step list gathers through kernels/augment.ts; a snapshot copies the batch's first rows
 * (ws.bX, ws.bT) into its staging buffer (Snapshot.batch, evalStaging.ts).
 * Multi-task (a model with heads, REFERENCE.md "Strategies"): multitaskStep.ts builds the step list (the heads'
 * loss; PCGrad) and adds each head's metrics and the gradient conflict to evaluations.
 */
import { BackendLimitError, type AugmentedBatch, type BackendInit, type QuantSettings, type TrainingBackend } from '../engine/backend';
import { rowBlocks } from '../engine/ops/prune';
import { optimizerVariant } from '../engine/optimizers';
import { checkGroups, isPlain, type LayerGroups } from '../engine/model/groups';
import { storageBuffer, uniformBuffer } from './buffers';
import { checkDeviceLimits } from './device';
import { writeOptimizerUniforms } from './kernels/optimizer';
import { writeDistillUniforms } from './kernels/distill';
import { augmentRowBytes, augmentUniformBytes } from './kernels/augment';
import { augmentActive, augmentDraws, firstDraws } from '../engine/strategies/augment';
import { activityDispatch, applyMaskDispatch, createPruneTables, encodeRowBlocks, magnitudePruneDispatch, rowNormsDispatch } from './kernels/prune';
import { createQuantTables, fakeQuantDispatch, quantRangesDispatch, steDispatch, type QuantTables } from './kernels/quantize';
import {
  createRunBuffers,
  releaseRunBuffers,
  createWorkspace,
  evalChunkRows,
  evalDispatches,
  evalRows,
  gatherForwardDispatches,
  largestBuffer,
  trainStepDispatches,
  updateDispatch,
  groupUpdateDispatches,
  type Workspace,
} from './network';
import { encodeDispatches, submitDispatches, type Dispatch } from './pipelines';
import { createGpuMultiTask } from './multitaskStep';
import { ReadbackPool } from './readback';
import { decodeStaging, encodeEvalStages, encodeResultCopies, stagingLayout } from './evalStaging';

const READBACKS_IN_FLIGHT = 3;

export interface GpuBackendOptions {
  /** Rows per evaluation chunk (a multiple of 64); by default as many as fit network.ts EVAL_CHUNK_BYTES. */
  evalChunkRows?: number;
}

interface QuantState {
  mode: QuantSettings['mode'];
  tables: QuantTables;
  /** The effective weights: masters copied, then the plan's segments fake-quantized. */
  qW: GPUBuffer;
  /** Ranges and fake quantization of the masters into qW (after the copy). */
  prep: Dispatch[];
  ste: Dispatch;
}

export function createGpuBackend(device: GPUDevice, adapterName: string, init: BackendInit, batchHint: number, options: GpuBackendOptions = {}): TrainingBackend {
  const { spec, layout, data } = init;
  const nL = spec.layers.length;
  const chunk = options.evalChunkRows ?? evalChunkRows(init);
  if (chunk <= 0 || chunk % 64 !== 0) throw new Error(`evalChunkRows must be a positive multiple of 64, got ${chunk}`);
  const minRows = evalRows(init, chunk);
  checkDeviceLimits(device, { largestBuffer: largestBuffer(init, Math.max(minRows, batchHint)) }, adapterName);
  const rb = createRunBuffers(device, init);
  /** A model with heads: its loss, PCGrad and per-head evaluation (multitaskStep.ts); null for one head. */
  const mt = createGpuMultiTask(device, init, rb);
  const paramBytes = layout.totalFloats * 4;

  let ws: Workspace;
  let evalPlan: ReturnType<typeof evalDispatches> | null = null;
  let evalWeights: GPUBuffer | null = null;
  let stepList: Dispatch[] = [];
  let stepUniforms: GPUBuffer[] = [];
  let stepRows = -1;
  let stepWeights: GPUBuffer | null = null;
  /** The step list's augmentation: '' none, 'augment', or 'mixup' (targets mixed too). */
  let stepAugKey = '';
  /** The last step's augmented batch (its first rows are in ws.bX and ws.bT until the next step), or null. */
  let lastBatch: Omit<AugmentedBatch, 'x' | 'y'> | null = null;
  /** Where an evaluation's results lie in its staging buffer (evalStaging.ts). */
  const results = stagingLayout(init);
  const { viewRows } = results;
  let masked = false;
  let quant: QuantState | null = null;

  const dropEvalPlan = () => {
    evalPlan?.uniforms.forEach((b) => b.destroy());
    evalPlan = null;
  };
  const buildWorkspace = (rows: number, batchRows: number) => {
    ws?.buffers.forEach((b) => b.destroy());
    ws = createWorkspace(device, init, rows, batchRows);
    dropEvalPlan();
    stepRows = -1;
    lastBatch = null;
  };
  const initialBatch = Math.max(1, batchHint);
  buildWorkspace(Math.max(minRows, initialBatch), initialBatch);
  /** Most rows a workspace buffer may hold on this device (its widest row: a layer's outputs or an input). */
  const widest = Math.max(data.inputDim, ...spec.layers.map((l) => l.outDim));
  const rowCap = Math.floor(Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize) / (4 * widest));
  /** Makes the workspace hold a batch of M rows (activations and gathered inputs). */
  const ensureBatch = (M: number) => {
    if (M <= ws.batchRows) return;
    if (M > rowCap) throw new BackendLimitError(`A batch of ${M} rows needs more GPU memory per buffer than ${adapterName} allows (at most ${rowCap} rows here). Use a smaller batch.`);
    const batchRows = Math.min(Math.max(M, ws.batchRows * 2), rowCap);
    buildWorkspace(Math.max(ws.rows, batchRows), batchRows);
  };

  /** The weights the training step reads, and those evaluation reads. */
  const trainWeights = () => (quant?.mode === 'aware' ? quant.qW : rb.params);
  const viewWeights = () => quant?.qW ?? rb.params;

  const pool = new ReadbackPool(device, results.mtAt + (mt?.stagingBytes ?? 0), READBACKS_IN_FLIGHT);
  let update: Dispatch | null = null;
  let updateKey = '';
  /** Parameter groups in force (null: every layer at the base rate), the step list's, and their update dispatches. */
  let groups: LayerGroups | null = null;
  let stepGroups: LayerGroups | null = null;
  let groupUpdates: ReturnType<typeof groupUpdateDispatches> = [];
  const dropGroupUpdates = () => {
    groupUpdates.forEach((g) => g.uniform.destroy());
    groupUpdates = [];
  };

  /** Copies the masters into qW and fake-quantizes the plan's segments there. */
  const encodeQuantPrep = (enc: GPUCommandEncoder, q: QuantState) => {
    enc.copyBufferToBuffer(rb.params, 0, q.qW, 0, paramBytes);
    const pass = enc.beginComputePass();
    encodeDispatches(pass, q.prep);
    pass.end();
  };

  const maskDispatches = (targets: GPUBuffer[]) => targets.map((t) => applyMaskDispatch(device, rb.paramCount, rb.mask, t, layout.totalFloats));
  const submitPass = (list: Dispatch[]) => submitDispatches(device, list);

  /**
   * Reads the first `bytes` of each source back, one after the other, after the work submitted so far and
   * what `encode` adds (one submit, so they are of the same moment; not for the step loop).
   */
  const readBack = async (src: GPUBuffer | GPUBuffer[], bytes: number, encode?: (enc: GPUCommandEncoder) => void): Promise<Float32Array<ArrayBuffer>> => {
    const sources = Array.isArray(src) ? src : [src];
    const total = bytes * sources.length;
    const buf = device.createBuffer({ label: 'read back', size: Math.max(4, total), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    encode?.(enc);
    if (bytes > 0) sources.forEach((b, i) => enc.copyBufferToBuffer(b, 0, buf, i * bytes, bytes));
    device.queue.submit([enc.finish()]);
    try {
      await buf.mapAsync(GPUMapMode.READ);
      return new Float32Array(buf.getMappedRange().slice(0, total));
    } finally {
      buf.destroy();
    }
  };

  return {
    info: { kind: 'webgpu', name: adapterName },

    step(batch, { hyper, t, distill, augment, tasks }) {
      const M = batch.length;
      ensureBatch(M);
      const weights = trainWeights();
      const aug = augmentActive(augment) ? augment : null;
      const augKey = (aug ? (aug.mixup > 0 ? 'mixup' : 'augment') : '') + (mt?.stepKey(tasks) ?? '');
      if (M !== stepRows || weights !== stepWeights || groups !== stepGroups || augKey !== stepAugKey) {
        stepUniforms.forEach((b) => b.destroy());
        const stepAug = aug ? { mixup: aug.mixup > 0 } : null;
        ({ list: stepList, uniforms: stepUniforms } = mt ? mt.stepDispatches(ws, M, weights, groups, stepAug, tasks) : trainStepDispatches(device, init, rb, ws, M, weights, groups, stepAug));
        stepRows = M;
        stepWeights = weights;
        stepGroups = groups;
        stepAugKey = augKey;
      }
      if (aug) {
        // the per-row draws go up with the batch (32 bytes a row); the pixels stay on the device
        const draws = augmentDraws(aug, batch);
        device.queue.writeBuffer(ws.augRows, 0, augmentRowBytes(draws));
        device.queue.writeBuffer(rb.augUniform, 0, augmentUniformBytes(aug, M, data.inputDim, data.outputDim, init.softTargets ? data.outputDim : 0));
        const rows = Math.min(viewRows, M);
        lastBatch = { rows, draws: firstDraws(draws, rows), settings: aug };
      } else lastBatch = null;
      const key = JSON.stringify([optimizerVariant(hyper), masked, groups]);
      if (!update || key !== updateKey) {
        update = updateDispatch(device, init, rb, hyper, masked);
        dropGroupUpdates();
        if (groups) groupUpdates = groupUpdateDispatches(device, init, rb, hyper, masked, groups);
        updateKey = key;
      }
      device.queue.writeBuffer(ws.idx, 0, batch);
      mt?.writeStep(tasks);
      if (init.softTargets) writeDistillUniforms(device, rb.distillUniform, { M, K: data.outputDim, slot: 0, T: distill?.temperature ?? 1, alpha: distill?.alpha ?? 0 });
      if (groups) for (const g of groupUpdates) writeOptimizerUniforms(device, g.uniform, { ...hyper, learningRate: hyper.learningRate * g.range.lrFactor }, t, g.range.size);
      else writeOptimizerUniforms(device, rb.optimizerUniform, hyper, t, layout.totalFloats);
      const enc = device.createCommandEncoder();
      const aware = quant?.mode === 'aware' ? quant : null;
      if (aware) encodeQuantPrep(enc, aware);
      const pass = enc.beginComputePass();
      encodeDispatches(pass, stepList);
      if (aware) encodeDispatches(pass, [aware.ste]);
      encodeDispatches(pass, groups ? groupUpdates.map((g) => g.dispatch) : [update]);
      pass.end();
      mt?.afterStep(enc, ws, M);
      device.queue.submit([enc.finish()]);
    },

    evaluate(withSnapshot) {
      const staging = pool.acquire();
      if (!staging) return null;
      const weights = viewWeights();
      if (!evalPlan || evalWeights !== weights) {
        dropEvalPlan();
        evalPlan = evalDispatches(device, init, rb, ws, weights, chunk, mt?.evalExtra(ws) ?? null);
        evalWeights = weights;
      }
      const plan = evalPlan;
      const enc = device.createCommandEncoder();
      if (quant) encodeQuantPrep(enc, quant);
      encodeEvalStages(enc, plan.metrics, results, ws.acts[nL - 1], staging, withSnapshot);
      const heads = mt?.encodeEval(enc, ws, groups, staging, results.mtAt);
      if (withSnapshot) encodeEvalStages(enc, plan.snapshot, results, ws.acts[nL - 1], staging, withSnapshot);
      // with a snapshot: the effective stats when `weights` are fake-quantized, and the last step's augmented rows
      const snap = withSnapshot ? { quantized: weights !== rb.params, seen: lastBatch } : null;
      encodeResultCopies(enc, results, rb, ws, weights, staging, snap);
      device.queue.submit([enc.finish()]);
      return pool.read(staging).then((bytes) => decodeStaging(bytes, results, init, snap, heads));
    },

    resetOptimizerState() {
      const enc = device.createCommandEncoder();
      enc.clearBuffer(rb.state0);
      enc.clearBuffer(rb.state1);
      device.queue.submit([enc.finish()]);
    },

    settled: () => device.queue.onSubmittedWorkDone(),

    readParams: () => readBack(rb.params, paramBytes),

    async readState() {
      const all = await readBack([rb.params, rb.state0, rb.state1], paramBytes);
      const n = layout.totalFloats;
      return { params: all.slice(0, n), state: [all.slice(n, 2 * n), all.slice(2 * n, 3 * n)] };
    },

    loadState(s) {
      [s.params, ...s.state].forEach((a) => {
        if (a.length !== layout.totalFloats) throw new Error(`loadState: expected ${layout.totalFloats} floats, got ${a.length}`);
      });
      const pairs: Array<[GPUBuffer, Float32Array<ArrayBuffer>]> = [[rb.params, s.params], [rb.state0, s.state[0]], [rb.state1, s.state[1]]];
      for (const [buf, a] of pairs) device.queue.writeBuffer(buf, 0, a.buffer, a.byteOffset, a.byteLength);
      if (masked) submitPass(maskDispatches([rb.params, rb.state0, rb.state1]));
    },

    setParams(params) {
      if (params.length !== layout.totalFloats) throw new Error(`setParams: expected ${layout.totalFloats} floats, got ${params.length}`);
      device.queue.writeBuffer(rb.params, 0, params.buffer, params.byteOffset, params.byteLength);
      const enc = device.createCommandEncoder();
      enc.clearBuffer(rb.state0);
      enc.clearBuffer(rb.state1);
      device.queue.submit([enc.finish()]);
      if (masked) submitPass(maskDispatches([rb.params]));
    },

    setMask(mask) {
      if (!mask) {
        masked = false;
        return;
      }
      if (mask.length !== layout.totalFloats) throw new Error(`setMask: expected ${layout.totalFloats} floats, got ${mask.length}`);
      device.queue.writeBuffer(rb.mask, 0, mask.buffer, mask.byteOffset, mask.byteLength);
      masked = true;
      submitPass(maskDispatches([rb.params, rb.state0, rb.state1]));
    },

    async magnitudeMask(groups) {
      const tables = createPruneTables(device, groups);
      const w = storageBuffer(device, 'prune weights (copy)', paramBytes);
      const m = masked ? storageBuffer(device, 'prune mask (copy)', paramBytes) : storageBuffer(device, 'prune mask (ones)', paramBytes, new Float32Array(layout.totalFloats).fill(1));
      try {
        return await readBack(m, paramBytes, (enc) => {
          enc.copyBufferToBuffer(rb.params, 0, w, 0, paramBytes);
          if (masked) enc.copyBufferToBuffer(rb.mask, 0, m, 0, paramBytes);
          const pass = enc.beginComputePass();
          encodeDispatches(pass, [magnitudePruneDispatch(device, tables, w, m)]);
          pass.end();
        });
      } finally {
        [w, m, tables.groups, tables.segs, tables.info].forEach((b) => b.destroy());
      }
    },

    async neuronScores(layer, by, rows) {
      if (!(layer >= 0 && layer < nL)) throw new Error(`neuronScores: no layer ${layer}`);
      const N = spec.layers[layer].outDim;
      const scores = storageBuffer(device, 'neuron scores', N * 4);
      const temps: GPUBuffer[] = [scores];
      try {
        let list: Dispatch[];
        if (by === 'l2') {
          const blocks = rowBlocks(layout, [layer]);
          const table = storageBuffer(device, 'row blocks', blocks.length * 16, encodeRowBlocks(blocks));
          temps.push(table);
          list = [rowNormsDispatch(device, table, rb.params, scores, blocks)];
        } else {
          const M = rows.length;
          ensureBatch(Math.max(1, M));
          if (M > 0) device.queue.writeBuffer(ws.idx, 0, rows);
          const fwd = gatherForwardDispatches(device, init, rb, trainWeights(), ws, rb.trainX, M, layer);
          lastBatch = null; // ws.bX now holds these rows, not the last step's batch
          const dims = uniformBuffer(device, 'activity dims', [M, N]);
          temps.push(...fwd.uniforms, dims);
          list = [...(M > 0 ? fwd.list : []), activityDispatch(device, dims, ws.acts[layer], scores, N)];
        }
        return await readBack(scores, N * 4, (enc) => {
          if (by === 'activity' && quant?.mode === 'aware') encodeQuantPrep(enc, quant);
          const pass = enc.beginComputePass();
          encodeDispatches(pass, list);
          pass.end();
        });
      } finally {
        temps.forEach((b) => b.destroy());
      }
    },

    setGroups(g) {
      if (g) checkGroups(g, nL);
      const next = isPlain(g) ? null : g!.map((x) => ({ ...x }));
      if (JSON.stringify(next) === JSON.stringify(groups)) return;
      groups = next;
      // a layer frozen now keeps no gradient of its own: the gradient norms read 0 for it from here on
      const enc = device.createCommandEncoder();
      enc.clearBuffer(rb.grads);
      device.queue.submit([enc.finish()]);
    },
    setQuantization(q) {
      if (quant) {
        quant.qW.destroy();
        [quant.tables.segs, quant.tables.chans, quant.tables.qparams].forEach((b) => b.destroy());
        quant = null;
      }
      if (!q) return;
      const tables = createQuantTables(device, q.plan);
      const qW = storageBuffer(device, 'quantized params', paramBytes);
      const prep = [quantRangesDispatch(device, tables, rb.params), fakeQuantDispatch(device, tables, rb.params, qW)].filter((d): d is Dispatch => d !== null);
      quant = { mode: q.mode, tables, qW, prep, ste: steDispatch(device, tables, rb.params, rb.grads) };
    },

    destroy() {
      ws.buffers.forEach((b) => b.destroy());
      dropEvalPlan();
      stepUniforms.forEach((b) => b.destroy());
      dropGroupUpdates();
      mt?.destroy();
      releaseRunBuffers(device, init.data, rb);
      if (quant) [quant.qW, quant.tables.segs, quant.tables.chans, quant.tables.qparams].forEach((b) => b.destroy());
      pool.destroy();
    },
  };
}
