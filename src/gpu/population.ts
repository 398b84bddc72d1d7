/**
 * The population on the GPU (DESIGN.md seam 4; engine/population/types.ts for the contract). The data is
 * uploaded once, one block per dataset; parameters, gradients and optimizer state are stacked at stride
 * P = layout.totalFloats; every kernel is one dispatch for all T slots (shaders/population.wgsl: a flat grid
 * over the slots' items, kernels/populationShapes.ts).
 *
 * One step = one writeBuffer (the step buffer: the slot records of engine/population/slotWords.ts, then the
 * batch rows [T, B]) and one submit of a dispatch list recorded once. For a small network (its
 * activations in a workgroup's memory: kernels/populationShapes.ts fusedStepPlan) the list is the fused
 * step (kernels/populationStep.ts: gather to backward of every slot in one dispatch) and the update;
 * otherwise:
 *   gather   rows → bX [T, R, in], bT [T, R, out]
 *   forward  act_l = f_l(act_{l−1} · W_lᵀ + b_l)                  [T, R, out_l]
 *   loss     dZ_{L−1} = dLoss/dZ                                   [T, R, out]
 *   backward dW_l, db_l into grads [T, P]; dZ_{l−1} = (dZ_l · W_l) ⊙ f'(act_{l−1})
 *   update   the optimizer of each slot (its own optimizer, rate, t, regularization); a pipeline with the
 *            optimizer compiled in when every live slot of the step has the same one
 * Evaluation: the same forward pass over the first maxTrainRows training rows and the whole test set in
 * chunks of R rows per slot, per-row loss and correctness, per-slot sums [T, 4], one readback for all.
 * Idle slots (and, for a step, slots without settings or rows) are marked inactive: every kernel skips them.
 */
import { BackendLimitError, type StepSettings } from '../engine/backend';
import { checkPopulationInit, checkStepArgs, populationBuffers, populationRows } from '../engine/population/shape';
import { packSlots, paramVec4s, SLOT_WORDS, type SlotState } from '../engine/population/slotWords';
import type { PopulationBackend, PopulationInit, TrialEvaluation } from '../engine/population/types';
import { optimizerVariant, type OptimizerVariant } from '../engine/optimizers';
import { storageBuffer } from './buffers';
import { biasGradDispatch, gatherDispatch, lossDispatch, matmulDispatch, optimizerDispatch, reduceDispatch, type OwnedDispatch, type PopTiling } from './kernels/population';
import { submitDispatches, type Dispatch } from './pipelines';
import { gpuPopulationSlots } from './populationSlots';
import { FUSED_LANE_FLOATS, fusedStepPlan } from './kernels/populationShapes';
import { fusedMode, fusedStepDispatch, type FusedMode } from './kernels/populationStep';

const MiB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
/** Share of a slot's vec4s holding parameters above which the update runs over all of them (no index list). */
const DENSE_SHARE = 0.9;

export interface GpuPopulationOptions {
  /** Workspace rows per slot (at least the batch): evaluation runs in chunks of this many rows. By default populationRows. */
  rows?: number;
  /**
   * The one dataset's buffers, already on the device and held by the caller (a race's population shares
   * its lane 0's upload: network.ts acquireData): used instead of uploading the data again.
   */
  data?: { trainX: GPUBuffer; trainY: GPUBuffer; testX: GPUBuffer; testY: GPUBuffer };
  /** One matmul tiling for every matmul (parity tests, benchmarks); by default each picks its own (populationShapes.ts pickPopTiling). */
  tiling?: PopTiling;
  /**
   * Whether a step is the fused step (kernels/populationStep.ts) and in which mode. By default, when the
   * network fits it and no tiling is forced, in the device's mode (fusedMode); a mode where it does not fit
   * throws; false: the step's dispatch list.
   */
  fused?: FusedMode | false;
}

export function createGpuPopulation(device: GPUDevice, init: PopulationInit, options: GpuPopulationOptions = {}): PopulationBackend {
  checkPopulationInit(init);
  const { spec, layout, loss, data, trials: T, batch: B } = init;
  const nL = spec.layers.length;
  const P = layout.totalFloats;
  const inDim = spec.inputDim, outDim = spec.layers[nL - 1].outDim;
  const d0 = data[0];
  const R = options.rows ?? populationRows(init);
  if (!(Number.isInteger(R) && R >= B)) throw new Error(`a population's workspace rows must be an integer ≥ the batch ${B}, got ${R}`);
  const statSlot = Math.max(d0.train.n, d0.test.n);

  const allowed = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  for (const [what, bytes] of populationBuffers(init, R)) {
    if (bytes > allowed) throw new BackendLimitError(`A population of ${T} trials needs ${MiB(bytes)} of ${what} in one GPU buffer, but this device allows at most ${MiB(allowed)}. Use fewer trials, a smaller batch or a smaller model.`);
  }
  if (T > device.limits.maxComputeWorkgroupsPerDimension) throw new BackendLimitError(`A population of ${T} trials is more than this device can dispatch at once (at most ${device.limits.maxComputeWorkgroupsPerDimension}).`);

  const concat = (parts: Float32Array[]) => {
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const buffers: GPUBuffer[] = [];
  const buf = (label: string, bytes: number, content?: Float32Array) => {
    const b = storageBuffer(device, label, bytes, content);
    buffers.push(b);
    return b;
  };
  // data blocks [D, n, ·]: uploaded once
  if (options.data && data.length !== 1) throw new Error('shared data buffers serve a population of one dataset');
  const shared = options.data;
  const trainX = shared?.trainX ?? buf('population train x', 4 * data.length * d0.train.x.length, concat(data.map((d) => d.train.x)));
  const trainY = shared?.trainY ?? buf('population train y', 4 * data.length * d0.train.y.length, concat(data.map((d) => d.train.y)));
  const testX = shared?.testX ?? buf('population test x', 4 * data.length * d0.test.x.length, concat(data.map((d) => d.test.x)));
  const testY = shared?.testY ?? buf('population test y', 4 * data.length * d0.test.y.length, concat(data.map((d) => d.test.y)));
  // [T, P] each
  const params = buf('population params', 4 * T * P), grads = buf('population grads', 4 * T * P);
  const state0 = buf('population state 0', 4 * T * P), state1 = buf('population state 1', 4 * T * P);
  // workspace [T, R, ·]
  const bX = buf('population batch x', 4 * T * R * inDim), bT = buf('population batch y', 4 * T * R * outDim);
  const acts = spec.layers.map((L, l) => buf(`population act ${l}`, 4 * T * R * L.outDim));
  const dZ = spec.layers.map((L, l) => buf(`population dZ ${l}`, 4 * T * R * L.outDim));
  const stepStats = buf('population step row stats', 8 * T * R);
  const evalStats = buf('population eval row stats', 8 * T * statSlot);
  const sums = buf('population sums', 16 * T);
  // step buffer: slot records (padded to 256 bytes), then rows [T, B]
  const slotBytes = Math.ceil((T * SLOT_WORDS * 4) / 256) * 256;
  const stepWords = new Uint32Array(slotBytes / 4 + T * B);
  const stepBuf = device.createBuffer({ label: 'population step', size: stepWords.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  buffers.push(stepBuf);
  const slots: GPUBufferBinding = { buffer: stepBuf, offset: 0, size: T * SLOT_WORDS * 4 };
  const rowsRange: GPUBufferBinding = { buffer: stepBuf, offset: slotBytes, size: T * B * 4 };
  const uniforms: GPUBuffer[] = [];
  const own = (o: OwnedDispatch): Dispatch => {
    uniforms.push(o.uniform);
    return o.dispatch;
  };

  /** Forward over M rows per slot from bX (limit 1 when training). */
  const forward = (M: number, train: boolean): Dispatch[] =>
    spec.layers.map((L, l) => {
      const { W, b } = layout.layers[l];
      const A = l === 0 ? bX : acts[l - 1];
      return own(matmulDispatch(device, T, slots, A, params, A, acts[l], {
        transB: true, bias: true, act: L.activation, M, K: L.inDim, N: L.outDim, limit: train ? 1 : 0,
        aSlot: R * L.inDim, bOff: W.offset, bSlot: P, biasOff: b.offset, cSlot: R * L.outDim,
      }, options.tiling));
    });
  const gatherBoth = (src: [GPUBuffer, GPUBuffer], n: number, M: number, r0: number, train: boolean): Dispatch[] => [
    own(gatherDispatch(device, T, slots, rowsRange, src[0], bX, { R: M, Drow: inDim, r0, train, blockFloats: n * inDim, outSlot: R * inDim, B })),
    own(gatherDispatch(device, T, slots, rowsRange, src[1], bT, { R: M, Drow: outDim, r0, train, blockFloats: n * outDim, outSlot: R * outDim, B })),
  ];

  // the fused step, when the network is small enough (lane mode: FUSED_LANE_FLOATS a slot; group mode: the workgroup memory)
  const mode = options.fused || fusedMode(device);
  const plan = options.fused === false || (options.fused === undefined && options.tiling)
    ? null
    : fusedStepPlan(spec, layout, B, d0.train.n * inDim, d0.train.n * outDim, mode === 'lane' ? 4 * FUSED_LANE_FLOATS : device.limits.maxComputeWorkgroupStorageSize);
  if (options.fused && !plan) throw new Error(`this network (${inDim}-${spec.layers.map((L) => L.outDim).join('-')}, batch ${B}) does not fit the fused population step (${options.fused} mode)`);
  const fused = plan && own(fusedStepDispatch(device, T, loss, plan, mode, { slots, rows: rowsRange, trainX, trainY, params, grads }));

  // the training step's dispatch list, recorded once: the fused step, or the kernels one by one
  const stepList: Dispatch[] = fused ? [fused] : [
    ...gatherBoth([trainX, trainY], d0.train.n, B, 0, true),
    ...forward(B, true),
    own(lossDispatch(device, T, loss, slots, acts[nL - 1], bT, dZ[nL - 1], stepStats, { M: B, C: outDim, norm: B, train: true, zSlot: R * outDim, statOff: 0, statSlot: R })),
  ];
  for (let l = nL - 1; l >= 0 && !fused; l--) {
    const L = spec.layers[l];
    const { W, b } = layout.layers[l];
    const input = l === 0 ? bX : acts[l - 1];
    stepList.push(
      own(matmulDispatch(device, T, slots, dZ[l], input, dZ[l], grads, { transA: true, M: L.outDim, K: B, N: L.inDim, limit: 2, aSlot: R * L.outDim, bSlot: R * L.inDim, cOff: W.offset, cSlot: P }, options.tiling)),
      own(biasGradDispatch(device, T, slots, dZ[l], grads, { M: B, N: L.outDim, dzSlot: R * L.outDim, train: true, dbOff: b.offset, P })),
    );
    if (l > 0) {
      stepList.push(own(matmulDispatch(device, T, slots, dZ[l], params, acts[l - 1], dZ[l - 1], {
        gate: spec.layers[l - 1].activation, M: B, K: L.outDim, N: L.inDim, limit: 1, aSlot: R * L.outDim, bOff: W.offset, bSlot: P, cSlot: R * L.inDim, auxSlot: R * L.inDim,
      }, options.tiling)));
    }
  }
  // the update: over the listed vec4s, or every vec4 when the padding between tensors is a small share;
  // one dispatch per optimizer variant, compiled in when every live slot of a step has that variant
  const vec4List = paramVec4s(layout);
  const vec4s = buf('population parameter vec4s', vec4List.byteLength);
  device.queue.writeBuffer(vec4s, 0, vec4List);
  const dense = vec4List.length >= DENSE_SHARE * (P / 4);
  const updates = new Map<string, Dispatch>();
  const update = (variant: OptimizerVariant | undefined): Dispatch => {
    const key = variant ? JSON.stringify(variant) : 'mixed';
    let d = updates.get(key);
    if (!d) updates.set(key, (d = own(optimizerDispatch(device, T, slots, grads, params, state0, state1, vec4s, dense ? P / 4 : vec4List.length, P, { dense, variant }))));
    return d;
  };
  /** The one optimizer variant of the step's live slots, if they share one. */
  const stepVariant = (live: (s: number) => boolean, settings: ReadonlyArray<StepSettings | null>): OptimizerVariant | undefined => {
    let one: OptimizerVariant | undefined;
    for (let s = 0; s < T; s++) {
      if (!live(s)) continue;
      const v = optimizerVariant(settings[s]!.hyper);
      if (one && (v.OPT !== one.OPT || v.REG !== one.REG || v.NESTEROV !== one.NESTEROV || v.CENTERED !== one.CENTERED)) return undefined;
      one = v;
    }
    return one;
  };
  const stepWithUpdate = [...stepList, update(undefined)];

  /** Evaluation plans by number of training rows evaluated. */
  const evalPlans = new Map<number, Dispatch[]>();
  const evalPlan = (trainRows: number): Dispatch[] => {
    let list = evalPlans.get(trainRows);
    if (list) return list;
    list = [];
    const splits = [
      { x: trainX, y: trainY, n: d0.train.n, rows: trainRows },
      { x: testX, y: testY, n: d0.test.n, rows: d0.test.n },
    ];
    splits.forEach((sp, split) => {
      for (let r0 = 0; r0 < sp.rows; r0 += R) {
        const M = Math.min(R, sp.rows - r0);
        list!.push(
          ...gatherBoth([sp.x, sp.y], sp.n, M, r0, false),
          ...forward(M, false),
          own(lossDispatch(device, T, loss, slots, acts[nL - 1], bT, dZ[nL - 1], evalStats, { M, C: outDim, norm: sp.rows, train: false, zSlot: R * outDim, statOff: r0, statSlot })),
        );
      }
      list!.push(own(reduceDispatch(device, T, slots, evalStats, sums, { R: sp.rows, statSlot, split: split as 0 | 1 })));
    });
    evalPlans.set(trainRows, list);
    return list;
  };

  const state: SlotState[] = Array.from({ length: T }, () => ({ active: false, block: 0, rows: 0, settings: null }));
  const zeros = new Float32Array(P);
  const slotAt = (s: number) => {
    if (!(Number.isInteger(s) && s >= 0 && s < T)) throw new Error(`no slot ${s} (the population has ${T})`);
    return s;
  };
  const submit = (list: Dispatch[]) => submitDispatches(device, list);
  /** Copies `bytes` of `src` from `offset` after the work submitted so far and reads them back. */
  const readBack = async (src: GPUBuffer, offset: number, bytes: number) => {
    const staging = device.createBuffer({ label: 'population read back', size: Math.max(4, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(src, offset, staging, 0, bytes);
    device.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return new Float32Array(staging.getMappedRange().slice(0, bytes));
    } finally {
      staging.destroy();
    }
  };
  /** Writes the slot records for an evaluation: every held slot live, no settings. */
  const writeHeldSlots = () => {
    packSlots(state.map((s) => ({ ...s, rows: 0, settings: null })), P, stepWords);
    device.queue.writeBuffer(stepBuf, 0, stepWords, 0, T * SLOT_WORDS);
  };

  // per-slot statistics and state for the race's lanes (populationSlots.ts)
  const slotAccess = gpuPopulationSlots(device, { spec, layout, trials: T, params, grads, state0, state1, held: (s) => state[s].active, readBack });

  return {
    kind: 'webgpu',
    ...slotAccess,
    trials: T,
    setTrial(slot, p, dataIndex) {
      slotAt(slot);
      if (p.length !== P) throw new Error(`params must have ${P} floats (the parameter layout), got ${p.length}`);
      if (!(Number.isInteger(dataIndex) && dataIndex >= 0 && dataIndex < data.length)) throw new Error(`no dataset ${dataIndex} (the population has ${data.length})`);
      device.queue.writeBuffer(params, slot * P * 4, p.slice());
      device.queue.writeBuffer(state0, slot * P * 4, zeros);
      device.queue.writeBuffer(state1, slot * P * 4, zeros);
      device.queue.writeBuffer(grads, slot * P * 4, zeros); // slotStats: no gradient before the slot's first step
      state[slot] = { active: true, block: dataIndex, rows: 0, settings: null };
    },
    clearTrial(slot) {
      state[slotAt(slot)].active = false;
    },
    step(rows, rowCounts, settings) {
      checkStepArgs(init, rows, rowCounts, settings);
      const live = (i: number) => state[i].active && !!settings[i] && rowCounts[i] > 0;
      packSlots(state.map((s, i) => ({ active: live(i), block: s.block, rows: rowCounts[i], settings: s.active ? settings[i] : null })), P, stepWords);
      stepWords.set(rows, slotBytes / 4);
      device.queue.writeBuffer(stepBuf, 0, stepWords);
      stepWithUpdate[stepList.length] = update(stepVariant(live, settings));
      submit(stepWithUpdate);
    },
    async evaluate(maxTrainRows) {
      const trainRows = Math.max(0, Math.min(d0.train.n, Math.floor(maxTrainRows)));
      if (!state.some((s) => s.active)) return state.map(() => null);
      writeHeldSlots();
      submit(evalPlan(trainRows));
      const held = state.map((s) => ({ ...s }));
      const s = await readBack(sums, 0, 16 * T);
      const cls = d0.task === 'classification';
      return held.map((h, i): TrialEvaluation | null => {
        if (!h.active) return null;
        const [trL, trC, teL, teC] = s.subarray(4 * i, 4 * i + 4);
        return {
          trainLoss: trL, testLoss: teL,
          trainAccuracy: cls ? (trainRows > 0 ? trC / trainRows : 0) : null,
          testAccuracy: cls ? (d0.test.n > 0 ? teC / d0.test.n : 0) : null,
        };
      });
    },
    readParams(slot) {
      return readBack(params, slotAt(slot) * P * 4, P * 4);
    },
    settled: () => device.queue.onSubmittedWorkDone(),
    destroy() {
      for (const b of [...buffers, ...uniforms]) b.destroy();
      slotAccess.destroy();
    },
  };
}
