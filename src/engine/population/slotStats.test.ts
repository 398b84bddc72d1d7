/**
 * The population's per-slot statistics and state (slotStats.ts) on the CPU twin: after steps, a slot's
 * gradient norms, Σθ² and Σ|θ| equal a single CPU backend's evaluation of the same trial bit for bit; a
 * slot's state reads back, loads and resets on that slot only; idle slots give null and refuse state.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { setupRun, stepSettings } from '../run';
import { createCpuPopulation } from './cpuPopulation';

const setup = (seed: number, optimizer: 'adam' | 'sgd') => setupRun(validateConfig({ dataset: 'spiral', samples: 120, hidden: [5, 7], batchSize: 11, seed, optimizer, learningRate: 0.05 }).config);

describe('population slot statistics and state (CPU twin)', () => {
  it('equal a single CPU run’s evaluation fields; state reads, loads and resets per slot', async () => {
    const a = setup(1, 'adam'), b = setup(1, 'sgd');
    const B = 11;
    const pop = createCpuPopulation({ spec: a.init.spec, layout: a.init.layout, loss: a.config.loss, data: [a.data], trials: 3, batch: B });
    pop.setTrial(0, a.init.params, 0);
    pop.setTrial(2, b.init.params, 0);
    const singles = [createCpuBackend(a.init), createCpuBackend(b.init)];
    expect((await pop.slotStats())[0]!.gradNorms, 'no step yet: no gradient').toEqual([0, 0, 0]);
    for (let step = 0; step < 7; step++) {
      const rows = a.sampler.next(B); // [B]
      const all = new Uint32Array(3 * B);
      all.set(rows, 0);
      all.set(rows, 2 * B);
      const settings = [stepSettings(a.config, step), null, stepSettings(b.config, step)];
      pop.step(all, Uint32Array.from([B, 0, B]), settings);
      singles[0].step(rows, settings[0]!);
      singles[1].step(rows, settings[2]!);
    }
    const stats = await pop.slotStats();
    expect(stats[1], 'an idle slot').toBeNull();
    for (const [slot, single] of [[0, singles[0]], [2, singles[1]]] as const) {
      const e = (await single.evaluate(false))!.evaluation;
      expect(stats[slot]).toEqual({ gradNorms: e.gradNorms, paramSumSq: e.paramSumSq, paramSumAbs: e.paramSumAbs });
      expect(stats[slot]!.gradNorms.every((g) => g > 0)).toBe(true);
      expect(await pop.readSlotState(slot)).toEqual(await single.readState());
    }
    const held = await pop.readSlotState(0);
    const other = await pop.readSlotState(2);
    pop.resetSlotState(0);
    const reset = await pop.readSlotState(0);
    expect(reset.params).toEqual(held.params);
    expect(reset.state.every((s) => s.every((v) => v === 0))).toBe(true);
    expect(await pop.readSlotState(2), 'the other slot is untouched').toEqual(other);
    pop.loadSlotState(0, held);
    expect(await pop.readSlotState(0)).toEqual(held);
    expect(() => pop.readSlotState(1)).toThrow(/slot 1 holds no trial/);
    expect(() => pop.loadSlotState(0, { params: new Float32Array(3), state: held.state })).toThrow(/must have \d+ floats/);
  });
});
