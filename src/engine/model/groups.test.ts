/**
 * Parameter groups on the CPU twin: ranges of the arena, frozen layers that keep their weights and
 * optimizer state bit for bit (and report a zero gradient), a backward pass that stops at the lowest
 * trainable layer, learning-rate factors that scale the update exactly, a frozen first layer whose run is
 * the plain run with that layer put back after every step (both CPU engines), and a frozen trunk that
 * still learns.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { lossAndGradient } from '../fastNetwork';
import { setupRun, stepSettings } from '../run';
import { createFastCpuBackend } from '../wasm/wasmBackend';
import type { TrainingBackend } from '../backend';
import { allTrainable, groupRanges, isPlain, lowestTrainable, transferGroups } from './groups';

const setup = (over: Record<string, unknown> = {}) =>
  setupRun(validateConfig({ dataset: 'spiral', samples: 200, hidden: [9, 5], batchSize: 16, optimizer: 'adam', learningRate: 0.01, ...over }).config);

describe('parameter groups', () => {
  it('describe transfer fine-tuning and the arena ranges the optimizer updates', () => {
    const g = transferGroups(3, 1, 0.1);
    expect(g).toEqual([{ frozen: true, lrFactor: 0.1 }, { frozen: false, lrFactor: 0.1 }, { frozen: false, lrFactor: 1 }]);
    expect(transferGroups(3, 9, 0.5).map((x) => x.frozen), 'the head always trains').toEqual([true, true, false]);
    expect(lowestTrainable(g)).toBe(1);
    expect(isPlain(allTrainable(3))).toBe(true);
    const { layout } = setup().init;
    const ranges = groupRanges(layout, g);
    expect(ranges.map((r) => [r.from, r.to, r.lrFactor])).toEqual([[1, 2, 0.1], [2, 3, 1]]);
    expect(ranges[0].offset).toBe(layout.layers[1].W.offset);
    expect(ranges[1].offset + ranges[1].size).toBe(layout.layers[2].b.offset + layout.layers[2].b.size);
    expect(groupRanges(layout, allTrainable(3))).toEqual([{ from: 0, to: 3, offset: 0, size: layout.layers[2].b.offset + layout.layers[2].b.size, lrFactor: 1 }]);
  });

  it('the backward pass stops at the lowest trainable layer; a frozen layer above it passes the gradient on', () => {
    const { init, sampler, config } = setup();
    const rows = sampler.next(16);
    const X = new Float32Array(16 * 2), T = new Float32Array(16 * 2);
    rows.forEach((r, i) => {
      X.set(init.data.train.x.subarray(r * 2, r * 2 + 2), i * 2);
      T.set(init.data.train.y.subarray(r * 2, r * 2 + 2), i * 2);
    });
    const full = lossAndGradient(init.spec, init.layout, init.params, X, T, 16, config.loss).grads;
    const middle = lossAndGradient(init.spec, init.layout, init.params, X, T, 16, config.loss, [{ frozen: false, lrFactor: 1 }, { frozen: true, lrFactor: 1 }, { frozen: false, lrFactor: 1 }]).grads;
    const L = init.layout.layers;
    const part = (a: Float32Array, t: { offset: number; size: number }) => Array.from(a.subarray(t.offset, t.offset + t.size));
    expect(part(middle, L[1].W).every((v) => v === 0)).toBe(true);
    expect(part(middle, L[0].W), 'the layer under a frozen one gets its full gradient').toEqual(part(full, L[0].W));
    expect(part(middle, L[2].W)).toEqual(part(full, L[2].W));
  });

  it('frozen layers keep weights and optimizer state bit for bit; a factor scales the first update exactly', async () => {
    const base = setup({ optimizer: 'sgd', learningRate: 0.1 });
    const plain = createCpuBackend(base.init);
    const grouped = createCpuBackend(base.init);
    grouped.setGroups([{ frozen: true, lrFactor: 1 }, { frozen: false, lrFactor: 0.5 }, { frozen: false, lrFactor: 1 }]);
    const batch = base.sampler.next(16);
    plain.step(batch, stepSettings(base.config, 0));
    grouped.step(batch, stepSettings(base.config, 0));
    const p0 = base.init.params, a = await plain.readParams(), b = await grouped.readParams();
    const L = base.init.layout.layers;
    const range = (t: { offset: number; size: number }) => Array.from({ length: t.size }, (_, i) => t.offset + i);
    for (const i of range(L[0].W)) expect(b[i]).toBe(p0[i]);
    // layer 2 at lr × 0.5: half the plain update (the gradient is the same: layer 1 is the input side)
    for (const i of range(L[1].W)) expect(b[i] - p0[i]).toBeCloseTo(0.5 * (a[i] - p0[i]), 6);
    for (const i of range(L[2].W)) expect(b[i]).toBe(a[i]);
    const e = await grouped.evaluate(false);
    expect(e!.evaluation.gradNorms[0]).toBe(0);
    expect(e!.evaluation.gradNorms[1]).toBeGreaterThan(0);

    // Adam: the frozen layer's state stays zero while the others move
    const adam = setup();
    const be = createCpuBackend(adam.init);
    be.setGroups(transferGroups(3, 1, 1));
    for (let s = 0; s < 30; s++) be.step(adam.sampler.next(16), stepSettings(adam.config, s));
    const st = await be.readState();
    for (const i of range(adam.init.layout.layers[0].W)) {
      expect(st.params[i]).toBe(adam.init.params[i]);
      expect(st.state[0][i]).toBe(0);
      expect(st.state[1][i]).toBe(0);
    }
  });

  // Frozen layers = 1 freezes the layer nearest the input, W and b, and changes nothing else: over many SGD
  // steps the layers above follow exactly the trajectory of a plain run whose first layer is put back to
  // its starting weights after every step (what a learning-rate factor of 0 would do).
  for (const [engine, make] of [
    ['TypeScript', async (init: Parameters<typeof createCpuBackend>[0]) => createCpuBackend(init)],
    ['WebAssembly', (init: Parameters<typeof createCpuBackend>[0]) => createFastCpuBackend(init, { threads: 1 })],
  ] as Array<[string, (init: Parameters<typeof createCpuBackend>[0]) => Promise<TrainingBackend>]>) {
    it(`Frozen layers 1 on the ${engine} engine: the first layer (W and b) stays, the layers above train as if it were put back after each plain step`, async () => {
      const s = setup({ hidden: [11, 7], batchSize: 13, optimizer: 'sgd', learningRate: 0.2 });
      const frozen = await make(s.init);
      const plain = await make(s.init);
      frozen.setGroups(transferGroups(3, 1, 1));
      const L = s.init.layout.layers;
      const firstEnd = L[0].b.offset + L[0].b.size; // [0, firstEnd): W1 then b1
      let moved = 0;
      for (let step = 0; step < 25; step++) {
        const batch = s.sampler.next(13);
        frozen.step(batch, stepSettings(s.config, step));
        plain.step(batch, stepSettings(s.config, step));
        const p = await plain.readParams();
        for (let i = 0; i < firstEnd; i++) moved = Math.max(moved, Math.abs(p[i] - s.init.params[i]));
        p.set(s.init.params.subarray(0, firstEnd)); // the first layer put back (SGD keeps no optimizer state)
        plain.setParams(p);
      }
      expect(moved, 'a plain step moves the first layer (so the comparison can fail)').toBeGreaterThan(1e-3);
      const [a, b] = [await frozen.readParams(), await plain.readParams()];
      expect(Array.from(a.subarray(0, firstEnd)), 'W1 and b1 frozen').toEqual(Array.from(s.init.params.subarray(0, firstEnd)));
      expect(Array.from(a.subarray(L[1].W.offset)), 'layers 2 and 3').toEqual(Array.from(b.subarray(L[1].W.offset)));
      expect(Array.from(a.subarray(L[2].W.offset)).some((v, i) => v !== s.init.params[L[2].W.offset + i]), 'the head trained').toBe(true);
    });
  }

  it('a frozen trunk still learns with its head', async () => {
    const s = setup({ hidden: [32, 32], learningRate: 0.02 });
    const be = createCpuBackend(s.init);
    be.setGroups(transferGroups(3, 1, 1));
    const before = (await be.evaluate(false))!.evaluation.trainLoss;
    for (let i = 0; i < 300; i++) be.step(s.sampler.next(16), stepSettings(s.config, i));
    const after = (await be.evaluate(false))!.evaluation.trainLoss;
    expect(after).toBeLessThan(0.8 * before);
  });
});
