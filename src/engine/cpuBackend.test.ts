/**
 * The CPU backend's pruning and quantization methods (backend.ts contract): masks that hold through
 * training, magnitude masks and neuron scores, QAT and PTQ, setParams, and the snapshot extras.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend, quantizedParams } from './cpuBackend';
import { validateConfig, type RunConfig } from './config';
import { forward, lossAndGradient } from './fastNetwork';
import { gatherRows } from './ops/gather';
import { activityScores, magnitudePrune, pruneGroups, rowBlocks, rowNorms } from './ops/prune';
import { fakeQuantize, quantPlan, quantSegmentsForLayout, steGradient } from './ops/quantize';
import { optimizerStep } from './optimizers';
import { effectiveBatch, setupRun, stepSettings } from './run';
import type { TrainingBackend } from './backend';

const toy = (extra: Partial<RunConfig> = {}): RunConfig =>
  validateConfig({ dataset: 'spiral', samples: 300, hidden: [7, 5], batchSize: 16, optimizer: 'adam', learningRate: 0.01, ...extra }).config;

function build(config: RunConfig, snapshotExtras = false) {
  const run = setupRun(config);
  const backend = createCpuBackend({ ...run.init, snapshotExtras });
  const batches = Array.from({ length: 400 }, () => run.sampler.next(effectiveBatch(config, run.data)));
  const train = (from: number, to: number, b: TrainingBackend = backend) => {
    for (let s = from; s < to; s++) b.step(batches[s], stepSettings(config, s));
  };
  return { run, backend, batches, train };
}

/** A mask that prunes every third weight of every W (biases kept). */
function everyThird(layout: ReturnType<typeof setupRun>['init']['layout']): Float32Array {
  const m = new Float32Array(layout.totalFloats).fill(1);
  for (const { W } of layout.layers) for (let i = 0; i < W.size; i += 3) m[W.offset + i] = 0;
  return m;
}

const wEntries = (layout: ReturnType<typeof setupRun>['init']['layout'], a: Float32Array, pick: (i: number) => boolean) =>
  layout.layers.flatMap(({ W }) => Array.from({ length: W.size }, (_, j) => W.offset + j).filter(pick).map((i) => a[i]));

describe('CPU backend: pruning masks', () => {
  it('masked weights become 0 at once and stay exactly 0 through 50 Adam steps; the others train', async () => {
    const { run, backend, train } = build(toy());
    const { layout } = run.init;
    train(0, 20);
    const mask = everyThird(layout);
    backend.setMask(mask);
    const at = await backend.readParams();
    expect(wEntries(layout, at, (i) => mask[i] === 0).every((v) => Object.is(v, 0))).toBe(true);
    train(20, 70);
    const after = await backend.readParams();
    const masked = wEntries(layout, after, (i) => mask[i] === 0);
    expect(masked.length).toBeGreaterThan(20);
    expect(masked.every((v) => Object.is(v, 0))).toBe(true);
    const moved = wEntries(layout, after, (i) => mask[i] !== 0 && after[i] !== at[i]);
    expect(moved.length).toBeGreaterThan(0.9 * wEntries(layout, after, (i) => mask[i] !== 0).length);
    // Biases are never masked: they keep training.
    const b0 = layout.layers[0].b;
    expect(Array.from(after.subarray(b0.offset, b0.offset + b0.size)).some((v, j) => v !== at[b0.offset + j])).toBe(true);
  });

  it('setMask zeroes the optimizer state of masked entries (momentum restarts from 0 after the mask is lifted)', async () => {
    const config = toy({ optimizer: 'momentum', learningRate: 0.05 });
    const { run, backend, batches, train } = build(config);
    train(0, 20);
    const mask = everyThird(run.init.layout);
    backend.setMask(mask);
    backend.setMask(null);
    const p = await backend.readParams();
    const fresh = createCpuBackend({ ...run.init, params: p });
    backend.step(batches[20], stepSettings(config, 20)); // t = 21: b = μ·b_prev + g, with b_prev = 0 where masked
    fresh.step(batches[20], stepSettings(config, 0)); // t = 1: b = g
    const [a, b] = [await backend.readParams(), await fresh.readParams()];
    const i = run.init.layout.layers[1].W.offset; // a masked entry
    expect(mask[i]).toBe(0);
    expect(a[i]).not.toBe(0);
    expect(wEntries(run.init.layout, a, (k) => mask[k] === 0)).toEqual(wEntries(run.init.layout, b, (k) => mask[k] === 0));
    // Unmasked entries kept their momentum, so they differ from the fresh start.
    expect(wEntries(run.init.layout, a, (k) => mask[k] !== 0)).not.toEqual(wEntries(run.init.layout, b, (k) => mask[k] !== 0));
  });

  it('the gradient is masked: a fully masked W reports only its bias gradient', async () => {
    const config = toy({ optimizer: 'sgd', learningRate: 0.1 });
    const { run, backend, batches, train } = build(config);
    const { spec, layout, data } = run.init;
    train(0, 10);
    const mask = new Float32Array(layout.totalFloats).fill(1);
    const { W: W0, b: b0 } = layout.layers[0];
    mask.fill(0, W0.offset, W0.offset + W0.size);
    backend.setMask(mask);
    const p = await backend.readParams();
    backend.step(batches[10], stepSettings(config, 10));
    const norms = (await backend.evaluate(false)!).evaluation.gradNorms;
    const b = batches[10];
    const g = lossAndGradient(spec, layout, p, gatherRows(data.train.x, b, 2), gatherRows(data.train.y, b, 2), b.length, 'crossentropy').grads;
    const norm = (lo: number, hi: number) => Math.sqrt(g.subarray(lo, hi).reduce((a, v) => a + v * v, 0));
    expect(norm(W0.offset, W0.offset + W0.size)).toBeGreaterThan(0);
    expect(norms[0]).toBeCloseTo(norm(b0.offset, b0.offset + b0.size), 6);
    const { W: W1, b: b1 } = layout.layers[1];
    expect(norms[1]).toBeCloseTo(Math.hypot(norm(W1.offset, W1.offset + W1.size), norm(b1.offset, b1.offset + b1.size)), 6);
  });

  it('magnitudeMask is ops/prune.ts magnitudePrune on the current weights and mask, and does not apply it', async () => {
    const { run, backend, train } = build(toy());
    const { layout } = run.init;
    train(0, 30);
    const segs = layout.layers.map(({ W }) => ({ offset: W.offset, size: W.size }));
    const first = pruneGroups(segs, 0.5, 'layer', 'target');
    const before = await backend.readParams();
    const m1 = await backend.magnitudeMask(first);
    expect(m1).toEqual(magnitudePrune(before, new Float32Array(layout.totalFloats).fill(1), first).mask);
    expect(await backend.readParams()).toEqual(before);
    backend.setMask(m1);
    train(30, 40);
    const now = await backend.readParams();
    const global = pruneGroups(segs, 0.8, 'global', 'target');
    const m2 = await backend.magnitudeMask(global);
    expect(m2).toEqual(magnitudePrune(now, m1, global).mask);
    // The mask only grows: everything pruned before stays pruned.
    for (let i = 0; i < m1.length; i++) if (m1[i] === 0) expect(m2[i]).toBe(0);
    const total = segs.reduce((a, s) => a + s.size, 0);
    expect(wEntries(layout, m2, (i) => m2[i] === 0)).toHaveLength(Math.round(0.8 * total));
  });

  it('neuron scores: l2 = row norms of W_layer, activity = mean |activation| over the given rows', async () => {
    const { run, backend, train } = build(toy());
    const { layout, spec, data } = run.init;
    train(0, 25);
    const p = await backend.readParams();
    expect(await backend.neuronScores(1, 'l2', new Uint32Array(0))).toEqual(rowNorms(p, rowBlocks(layout, [1])));
    const rows = Uint32Array.from([5, 3, 100, 7, 42, 11, 0]);
    const acts = forward(spec, layout, p, gatherRows(data.train.x, rows, 2), rows.length);
    const act = await backend.neuronScores(0, 'activity', rows);
    expect(act).toEqual(activityScores(acts[1], rows.length, 7));
    expect(act).toHaveLength(7);
    expect(act.some((v) => v > 0)).toBe(true);
  });
});

describe('CPU backend: quantization', () => {
  const plan = (run: ReturnType<typeof setupRun>, bits: number, perChannel = true) =>
    quantPlan(quantSegmentsForLayout(run.init.layout, run.init.spec.layers.map(() => bits), 'symmetric', perChannel));

  it('QAT lowers the loss, and the effective weights take at most 2^b levels per channel', async () => {
    const config = toy({ dataset: 'circles' });
    const { run, backend, train } = build(config, true);
    const q = plan(run, 3);
    backend.setQuantization({ plan: q, mode: 'aware' });
    const start = (await backend.evaluate(false)!).evaluation.trainLoss;
    train(0, 300);
    const { evaluation, snapshot } = await backend.evaluate(true)!;
    expect(evaluation.trainLoss).toBeLessThan(0.6 * start);
    const eff = snapshot!.params!;
    const masters = await backend.readParams();
    expect(eff).toEqual(quantizedParams(masters, q));
    expect(eff).toEqual(fakeQuantize(masters, q)); // the reference twin (the plan covers every tensor; padding is 0)
    expect(eff).not.toEqual(masters);
    for (const { W } of run.init.layout.layers) {
      const [rows, cols] = W.shape;
      for (let r = 0; r < rows; r++) {
        const levels = new Set(eff.subarray(W.offset + r * cols, W.offset + (r + 1) * cols));
        expect(levels.size).toBeLessThanOrEqual(2 ** 3 - 1); // symmetric narrow range: 7 levels
      }
    }
    // Biases stay float.
    const b = run.init.layout.layers[0].b;
    expect(eff.subarray(b.offset, b.offset + b.size)).toEqual(masters.subarray(b.offset, b.offset + b.size));
  });

  it('QAT trains on the quantized weights: the float masters differ from plain training', async () => {
    const { run, backend, train } = build(toy());
    const plain = createCpuBackend(run.init);
    backend.setQuantization({ plan: plan(run, 2), mode: 'aware' });
    train(0, 20);
    train(0, 20, plain);
    const masters = await backend.readParams();
    expect(masters).not.toEqual(await plain.readParams());
    // Neuron activity is measured on the network as trained: the fake-quantized weights.
    const rows = Uint32Array.from([1, 2, 3, 50, 60]);
    const acts = forward(run.init.spec, run.init.layout, quantizedParams(masters, plan(run, 2)), gatherRows(run.data.train.x, rows, 2), rows.length);
    expect(await backend.neuronScores(1, 'activity', rows)).toEqual(activityScores(acts[2], rows.length, 5));
    expect(await backend.neuronScores(1, 'l2', rows)).toEqual(rowNorms(masters, rowBlocks(run.init.layout, [1])));
  });

  it('one QAT step is, bit for bit: fake-quantize, gradient at the quantized weights, clipped STE, mask, optimizer on the masters', async () => {
    const config = toy();
    const { run, backend, batches, train } = build(config);
    const { spec, layout, data } = run.init;
    const q = plan(run, 3);
    train(0, 10);
    const mask = everyThird(layout);
    backend.setMask(mask);
    backend.setQuantization({ plan: q, mode: 'aware' });
    train(10, 15);
    const masters = await backend.readParams();
    // The reference: a plain backend's state is not readable, so restart both from the same point.
    backend.setParams(masters);
    backend.step(batches[15], stepSettings(config, 0));
    const b = batches[15];
    const g = lossAndGradient(spec, layout, fakeQuantize(masters, q), gatherRows(data.train.x, b, 2), gatherRows(data.train.y, b, 2), b.length, 'crossentropy').grads;
    const ste = steGradient(masters, g, q).map((v, i) => (mask[i] === 0 ? 0 : v));
    const expected = masters.slice();
    optimizerStep(expected, ste, [new Float32Array(expected.length), new Float32Array(expected.length)], stepSettings(config, 0).hyper, 1, mask);
    expect(await backend.readParams()).toEqual(expected);
  });

  it('PTQ changes evaluation but not training', async () => {
    const { run, backend, train } = build(toy(), true);
    const plain = createCpuBackend({ ...run.init, snapshotExtras: true });
    const q = plan(run, 2, false);
    backend.setQuantization({ plan: q, mode: 'post-training' });
    train(0, 60);
    train(0, 60, plain);
    const masters = await backend.readParams();
    expect(masters).toEqual(await plain.readParams());
    const ptq = await backend.evaluate(true)!;
    const flt = await plain.evaluate(true)!;
    expect(ptq.evaluation.trainLoss).not.toBe(flt.evaluation.trainLoss);
    // Evaluation is that of the fake-quantized weights.
    const quantized = createCpuBackend({ ...run.init, params: quantizedParams(masters, q) });
    expect(ptq.evaluation.trainLoss).toBe((await quantized.evaluate(false)!).evaluation.trainLoss);
    expect(ptq.evaluation.testAccuracy).toBe((await quantized.evaluate(false)!).evaluation.testAccuracy);
    expect(ptq.snapshot!.params).toEqual(quantizedParams(masters, q));
    // The histograms are of the effective weights: 2-bit per tensor symmetric gives 3 levels.
    const h = ptq.snapshot!.histograms[0];
    expect(Array.from(h.counts).filter((c) => c > 0).length).toBeLessThanOrEqual(3);
    // Switching quantization off restores the float evaluation.
    backend.setQuantization(null);
    expect((await backend.evaluate(false)!).evaluation.trainLoss).toBe(flt.evaluation.trainLoss);
  });
});

describe('CPU backend: setParams and snapshots', () => {
  it('setParams writes the parameters, zeroes the state and applies the mask', async () => {
    const config = toy();
    const { run, backend, batches, train } = build(config);
    train(0, 30);
    const mask = everyThird(run.init.layout);
    backend.setMask(mask);
    backend.setParams(run.init.params);
    const p = await backend.readParams();
    const expected = run.init.params.map((v, i) => (mask[i] === 0 ? 0 : v));
    expect(p).toEqual(expected);
    // Zeroed state: one step at t = 1 equals a fresh backend's first step from the same parameters.
    const fresh = createCpuBackend({ ...run.init, params: expected });
    fresh.setMask(mask);
    backend.step(batches[0], stepSettings(config, 0));
    fresh.step(batches[0], stepSettings(config, 0));
    expect(await backend.readParams()).toEqual(await fresh.readParams());
  });

  it('snapshot extras: test outputs and effective (masked, quantized) parameters; no grid is fine', async () => {
    const config = toy();
    const run = setupRun(config);
    const backend = createCpuBackend({ ...run.init, grid: new Float32Array(0), gridRows: 0, snapshotExtras: true });
    const mask = everyThird(run.init.layout);
    backend.setMask(mask);
    const { snapshot } = await backend.evaluate(true)!;
    expect(snapshot!.output).toHaveLength(0);
    expect(snapshot!.testOutput).toHaveLength(run.data.test.n * 2);
    const acts = forward(run.init.spec, run.init.layout, snapshot!.params!, run.data.test.x, run.data.test.n);
    expect(snapshot!.testOutput).toEqual(acts[acts.length - 1]);
    expect(snapshot!.params!.every((v, i) => mask[i] !== 0 || v === 0)).toBe(true);
    // Without extras, neither is sent; with snapshotParams alone (the Network panel), the effective parameters are.
    const plain = createCpuBackend({ ...run.init, snapshotParams: false });
    const s = (await plain.evaluate(true)!).snapshot!;
    expect(s.testOutput).toBeUndefined();
    expect(s.params).toBeUndefined();
    const drawn = createCpuBackend({ ...run.init, snapshotParams: true });
    drawn.setMask(mask);
    const d = (await drawn.evaluate(true)!).snapshot!;
    expect(d.testOutput).toBeUndefined();
    expect(d.params).toEqual(snapshot!.params);
  });
});
