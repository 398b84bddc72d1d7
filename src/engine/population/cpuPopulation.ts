/**
 * The CPU twin of the population (gpu/population.ts): every slot trains exactly as a single CPU run does
 * (cpuBackend.ts without mask, quantization, groups or distillation), from the same ops — fastNetwork.ts
 * for the forward and backward passes, optimizers.ts for the update, ops/loss.ts for the metrics. The
 * datasets are shared by reference between slots (never copied); each slot owns its parameters [P] and
 * two optimizer state arrays [P], P = layout.totalFloats.
 *
 * A slot steps when it is active, has settings for the step and at least one row (rowCounts[s] ≥ 1);
 * otherwise nothing of it changes.
 */
import type { Dataset } from '../datasets';
import { forward, lossAndGradient } from '../fastNetwork';
import { gatherRows } from '../ops/gather';
import { accuracy, lossAndGrad } from '../ops/loss';
import { optimizerStep } from '../optimizers';
import { checkPopulationInit, checkStepArgs } from './shape';
import type { PopulationBackend, PopulationInit, TrialEvaluation } from './types';
import { segmentSums, statsFromSums } from './slotStats';

interface CpuSlot {
  /** [P] the trial's parameters. */
  params: Float32Array;
  /** Two arrays [P]: the optimizer state (optimizers.ts). */
  state: [Float32Array, Float32Array];
  data: Dataset;
  /** [P] the gradients of the slot's last step (zeros before its first): slotStats. */
  grads: Float32Array;
}

export function createCpuPopulation(init: PopulationInit): PopulationBackend {
  checkPopulationInit(init);
  const { spec, layout, loss, trials: T, batch: B } = init;
  const P = layout.totalFloats;
  const slots: Array<CpuSlot | null> = Array.from({ length: T }, () => null);
  const inDim = spec.inputDim;
  const outDim = spec.layers[spec.layers.length - 1].outDim;
  const slotAt = (s: number) => {
    if (!(Number.isInteger(s) && s >= 0 && s < T)) throw new Error(`no slot ${s} (the population has ${T})`);
    return s;
  };
  const heldSlot = (s: number): CpuSlot => {
    const slot = slots[slotAt(s)];
    if (!slot) throw new Error(`slot ${s} holds no trial`);
    return slot;
  };
  /** Remembers the last parameters of a cleared slot (they stay readable). */
  const parked: Array<Float32Array | null> = Array.from({ length: T }, () => null);

  const evalSplit = (p: Float32Array, x: Float32Array, y: Float32Array, M: number) => {
    const acts = forward(spec, layout, p, x.subarray(0, M * inDim), M);
    const Z = acts[acts.length - 1]; // [M, out]
    const yM = y.subarray(0, M * outDim);
    return { loss: lossAndGrad(Z, yM, M, outDim, loss).loss, acc: accuracy(Z, yM, M, outDim) };
  };

  return {
    kind: 'cpu',
    trials: T,
    setTrial(slot, params, dataIndex) {
      slotAt(slot);
      if (params.length !== P) throw new Error(`params must have ${P} floats (the parameter layout), got ${params.length}`);
      const data = init.data[dataIndex];
      if (!data) throw new Error(`no dataset ${dataIndex} (the population has ${init.data.length})`);
      slots[slot] = { params: params.slice(), state: [new Float32Array(P), new Float32Array(P)], data, grads: new Float32Array(P) };
      parked[slot] = null;
    },
    clearTrial(slot) {
      slotAt(slot);
      parked[slot] = slots[slot]?.params ?? parked[slot];
      slots[slot] = null;
    },
    step(rows, rowCounts, settings) {
      checkStepArgs(init, rows, rowCounts, settings);
      for (let s = 0; s < T; s++) {
        const slot = slots[s], set = settings[s], M = rowCounts[s];
        if (!slot || !set || M === 0) continue;
        const batch = rows.subarray(s * B, s * B + M); // [M] training-row indices
        const X = gatherRows(slot.data.train.x, batch, inDim); // [M, in]
        const Y = gatherRows(slot.data.train.y, batch, outDim); // [M, out]
        const grads = lossAndGradient(spec, layout, slot.params, X, Y, M, loss).grads; // [P]
        optimizerStep(slot.params, grads, slot.state, set.hyper, set.t);
        slot.grads = grads;
      }
    },
    evaluate(maxTrainRows) {
      return Promise.resolve(
        slots.map((slot): TrialEvaluation | null => {
          if (!slot) return null;
          const { data, params } = slot;
          const tr = evalSplit(params, data.train.x, data.train.y, Math.min(data.train.n, maxTrainRows));
          const te = evalSplit(params, data.test.x, data.test.y, data.test.n);
          const cls = data.task === 'classification';
          return { trainLoss: tr.loss, testLoss: te.loss, trainAccuracy: cls ? tr.acc : null, testAccuracy: cls ? te.acc : null };
        }),
      );
    },
    readParams(slot) {
      slotAt(slot);
      const p = slots[slot]?.params ?? parked[slot];
      return Promise.resolve(p ? p.slice() : new Float32Array(P));
    },
    settled: () => Promise.resolve(),
    // per-slot statistics and state (slotStats.ts)
    slotStats: () => Promise.resolve(slots.map((slot) => (slot ? statsFromSums(segmentSums(layout, slot.params, slot.grads), spec.layers.length) : null))),
    readSlotState(slot) {
      const held = heldSlot(slot);
      return Promise.resolve({ params: held.params.slice(), state: [held.state[0].slice(), held.state[1].slice()] });
    },
    loadSlotState(slot, s) {
      const held = heldSlot(slot);
      for (const a of [s.params, ...s.state]) if (a.length !== P) throw new Error(`slot state arrays must have ${P} floats (the parameter layout), got ${a.length}`);
      held.params.set(s.params);
      held.state[0].set(s.state[0]);
      held.state[1].set(s.state[1]);
    },
    resetSlotState(slot) {
      heldSlot(slot).state.forEach((a) => a.fill(0));
    },
    destroy() {
      slots.fill(null);
      parked.fill(null);
    },
  };
}
