/**
 * Per-slot statistics and state of the GPU population (engine/population/slotStats.ts for the contract),
 * for the race's lanes: the statistics kernel (kernels/populationStats.ts) reads every slot's parameters
 * and last gradients in one dispatch and one readback; a slot's parameters and optimizer state are ranges
 * [slot·P, (slot+1)·P) of the population's buffers, read back or written directly.
 */
import type { ModelSpec, ParamLayout } from '../engine/model';
import { statsFromSums, type PopulationSlots, type SlotStats } from '../engine/population/slotStats';
import { statsKernel } from './kernels/populationStats';
import { submitDispatches } from './pipelines';

export interface SlotBuffers {
  spec: ModelSpec;
  layout: ParamLayout;
  trials: number;
  /** [T, P] each. */
  params: GPUBuffer;
  grads: GPUBuffer;
  state0: GPUBuffer;
  state1: GPUBuffer;
  /** Whether slot s holds a trial now. */
  held: (slot: number) => boolean;
  /** Reads `bytes` of `src` from `offset` after the work submitted so far. */
  readBack: (src: GPUBuffer, offset: number, bytes: number) => Promise<Float32Array>;
}

export function gpuPopulationSlots(device: GPUDevice, b: SlotBuffers): PopulationSlots & { destroy(): void } {
  const P = b.layout.totalFloats;
  const T = b.trials;
  const nL = b.spec.layers.length;
  const kernel = statsKernel(device, b.layout, T, b.params, b.grads);
  const heldSlot = (s: number) => {
    if (!(Number.isInteger(s) && s >= 0 && s < T)) throw new Error(`no slot ${s} (the population has ${T})`);
    if (!b.held(s)) throw new Error(`slot ${s} holds no trial`);
    return s;
  };
  const write = (buf: GPUBuffer, slot: number, a: Float32Array) => {
    if (a.length !== P) throw new Error(`slot state arrays must have ${P} floats (the parameter layout), got ${a.length}`);
    device.queue.writeBuffer(buf, slot * P * 4, a.slice());
  };
  return {
    async slotStats() {
      const held = Array.from({ length: T }, (_, s) => b.held(s));
      submitDispatches(device, [kernel.dispatch]);
      const sums = await b.readBack(kernel.sums, 0, 4 * T * kernel.segments * 3); // [T, S, 3]
      return held.map((h, s): SlotStats | null => (h ? statsFromSums(sums.subarray(s * kernel.segments * 3, (s + 1) * kernel.segments * 3), nL) : null));
    },
    async readSlotState(slot) {
      const at = heldSlot(slot) * P * 4;
      const [params, s0, s1] = await Promise.all([b.params, b.state0, b.state1].map((buf) => b.readBack(buf, at, P * 4)));
      return { params: new Float32Array(params), state: [new Float32Array(s0), new Float32Array(s1)] };
    },
    loadSlotState(slot, s) {
      heldSlot(slot);
      write(b.params, slot, s.params);
      write(b.state0, slot, s.state[0]);
      write(b.state1, slot, s.state[1]);
    },
    resetSlotState(slot) {
      const zeros = new Float32Array(P);
      write(b.state0, heldSlot(slot), zeros);
      write(b.state1, slot, zeros);
    },
    destroy: () => kernel.destroy(),
  };
}
