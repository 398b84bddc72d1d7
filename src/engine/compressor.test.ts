/**
 * The Compressor on the CPU backend, driven as the worker drives it (due/apply before every step, a
 * rebuilt backend after a shrink): one-shot, gradual, global and neuron pruning, rewind, quantization
 * changes, and the size view.
 */
import { describe, expect, it } from 'vitest';
import { Compressor, type Shrink } from './compressor';
import { createCpuBackend } from './cpuBackend';
import { bitsPerLayer, validateConfig, type RunConfig } from './config';
import type { QuantSettings, TrainingBackend } from './backend';
import { modelSize } from './modelSize';
import { rowBlocks, rowNorms, strongestNeurons } from './ops/prune';
import { quantSegmentsForLayout } from './ops/quantize';
import { gradualSparsity } from './pruneSchedule';
import { removeNeurons } from './removeNeurons';
import { effectiveBatch, setupRun, stepSettings } from './run';

const cfg = (extra: Partial<RunConfig>): RunConfig =>
  validateConfig({ dataset: 'spiral', samples: 300, hidden: [13, 7], batchSize: 16, optimizer: 'adam', learningRate: 0.01, ...extra }).config;

/** A run driven like the worker: the compressor's work before every step, a new backend after a shrink. */
function driver(config: RunConfig) {
  const setup = setupRun(config);
  const compressor = new Compressor({ spec: setup.init.spec, layout: setup.init.layout, initialParams: setup.init.params, trainRows: setup.data.train.n, seed: config.seed });
  const calls: Array<{ t: number; quant?: QuantSettings | null; mask?: Float32Array | null; backend?: number }> = [];
  let built = 0;
  let init = setup.init;
  let step = 0;
  let since = 0;
  const wrap = (b: TrainingBackend): TrainingBackend => {
    const id = built++;
    return {
    ...b,
    setQuantization(q) {
      calls.push({ t: step, quant: q, ...(id > 0 ? { backend: id } : {}) });
      b.setQuantization(q);
    },
    setMask(m) {
      calls.push({ t: step, mask: m });
      b.setMask(m);
    },
  };
  };
  const d = {
    setup,
    compressor,
    calls,
    backend: wrap(createCpuBackend(init)),
    config,
    shrinks: [] as Array<{ t: number; shrink: Shrink }>,
    applied: [] as number[],
    get step() {
      return step;
    },
    get init() {
      return init;
    },
    /** The compressor's work for the step about to run, if due. */
    async compress() {
      if (!compressor.due(d.config, step)) return;
      d.applied.push(step);
      const shrink = await compressor.apply(d.config, step, d.backend);
      expect(compressor.due(d.config, step)).toBe(false);
      if (shrink) {
        d.shrinks.push({ t: step, shrink });
        init = { ...init, spec: shrink.spec, layout: shrink.layout, params: shrink.params };
        d.backend.destroy();
        d.backend = wrap(createCpuBackend(init));
        compressor.adopt(d.backend);
        since = step;
      }
      if (compressor.rewoundAt === step) since = step;
    },
    async train(steps: number, onStep?: () => Promise<void> | void) {
      for (let i = 0; i < steps; i++) {
        await d.compress();
        await onStep?.();
        d.backend.step(setup.sampler.next(effectiveBatch(d.config, setup.data)), stepSettings(d.config, step, since));
        step++;
      }
    },
    async loss() {
      return (await d.backend.evaluate(false)!).evaluation.trainLoss;
    },
  };
  return d;
}

const zerosPerLayer = (layout: ReturnType<typeof setupRun>['init']['layout'], a: Float32Array) =>
  layout.layers.map(({ W }) => Array.from(a.subarray(W.offset, W.offset + W.size)).filter((v) => v === 0).length);
const weightsPerLayer = (layout: ReturnType<typeof setupRun>['init']['layout']) => layout.layers.map(({ W }) => W.size);

describe('Compressor: magnitude pruning', () => {
  it('one-shot 90% at step 10: exactly round(0.9·n) zeros per layer, still 0 after 100 more steps', async () => {
    const d = driver(cfg({ prune: true, sparsity: 0.9, pruneSchedule: 'one-shot', pruneStart: 10 }));
    const { layout } = d.setup.init;
    await d.train(10);
    expect(d.compressor.mask).toBeNull();
    await d.compress();
    expect(d.applied).toEqual([0, 10]); // the episode opens at step 0 (prune on), the event runs at t0 = 10
    const mask = d.compressor.mask!;
    const n = weightsPerLayer(layout);
    expect(n).toEqual([26, 91, 14]);
    const expected = n.map((k) => Math.round(0.9 * k));
    expect(zerosPerLayer(layout, mask)).toEqual(expected);
    // Biases are never pruned.
    for (const { b } of layout.layers) expect(Array.from(mask.subarray(b.offset, b.offset + b.size)).every((v) => v === 1)).toBe(true);
    await d.train(100);
    expect(d.applied).toEqual([0, 10]);
    const params = await d.backend.readParams();
    expect(zerosPerLayer(layout, params)).toEqual(expected);
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0) expect(params[i]).toBe(0);
    expect(Number.isFinite(await d.loss())).toBe(true);
  });

  it('gradual: every event hits the cubic schedule, the last one the target; the mask only grows', async () => {
    // t0 = 5, n = round(40/10) = 4 intervals: events at 5, 15, 25, 35, 45
    const d = driver(cfg({ prune: true, sparsity: 0.8, pruneSchedule: 'gradual', pruneStart: 5, pruneSteps: 40, pruneEvery: 10 }));
    const { layout } = d.setup.init;
    const n = weightsPerLayer(layout);
    const seen: Array<{ t: number; zeros: number[] }> = [];
    let prev: Float32Array | null = null;
    await d.train(80, () => {
      const m = d.compressor.mask;
      if (m && (!prev || m.some((v, i) => v !== prev![i]))) {
        if (prev) for (let i = 0; i < m.length; i++) if (prev[i] === 0) expect(m[i]).toBe(0);
        seen.push({ t: d.step, zeros: zerosPerLayer(layout, m) });
        prev = m;
      }
    });
    expect(d.applied).toEqual([0, 5, 15, 25, 35, 45]);
    const S = { initial: 0, final: 0.8, start: 5, steps: 4, every: 10 };
    // The event at t0 prunes to s_i = 0 (a mask with no zeros); then 15, 25, 35, 45.
    expect(seen.map((s) => s.t)).toEqual([5, 15, 25, 35, 45]);
    expect(seen[0].zeros).toEqual([0, 0, 0]);
    for (const s of seen) expect(s.zeros).toEqual(n.map((k) => Math.round(Math.fround(gradualSparsity(s.t, S)) * k)));
    expect(seen[seen.length - 1].zeros).toEqual(n.map((k) => Math.round(0.8 * k)));
    expect(d.compressor.view(d.config).sparsity).toBeCloseTo(n.reduce((a, k) => a + Math.round(0.8 * k), 0) / 131, 12);
  });

  it('global magnitude: one threshold over every W puts more zeros in the big layer', async () => {
    const d = driver(cfg({ hidden: [40, 40], prune: true, sparsity: 0.5, pruneSchedule: 'one-shot', pruneMethod: 'global-magnitude' }));
    await d.train(30);
    const { layout } = d.setup.init;
    const zeros = zerosPerLayer(layout, d.compressor.mask!);
    const n = weightsPerLayer(layout); // [80, 1600, 80]
    expect(zeros.reduce((a, b) => a + b, 0)).toBe(Math.round(0.5 * 1760));
    expect(zeros[1] / n[1]).toBeGreaterThan(0.5);
    expect(zeros[0] / n[0]).toBeLessThan(0.5);
    expect(zeros[1]).toBeGreaterThan(zeros[0] + zeros[2]);
  });

  it('raising the sparsity prunes more at once (one-shot), lowering it or switching prune off drops the mask', async () => {
    const d = driver(cfg({ prune: true, sparsity: 0.5, pruneSchedule: 'one-shot' }));
    const { layout } = d.setup.init;
    const n = weightsPerLayer(layout);
    await d.train(20);
    expect(zerosPerLayer(layout, d.compressor.mask!)).toEqual(n.map((k) => Math.round(0.5 * k)));
    d.config = { ...d.config, sparsity: 0.7 };
    await d.train(20);
    expect(d.applied).toEqual([0, 20]);
    expect(zerosPerLayer(layout, d.compressor.mask!)).toEqual(n.map((k) => Math.round(0.7 * k)));
    // Lowering: the mask is dropped and the lower target pruned at once; pruned weights beyond it regrow.
    const m70 = d.compressor.mask!;
    d.config = { ...d.config, sparsity: 0.3 };
    await d.train(20);
    expect(d.calls.filter((c) => c.t === 40).map((c) => c.mask === null)).toEqual([true, false]);
    const m30 = d.compressor.mask!;
    expect(zerosPerLayer(layout, m30)).toEqual(n.map((k) => Math.round(0.3 * k)));
    for (let i = 0; i < m30.length; i++) if (m30[i] === 0) expect(m70[i]).toBe(0); // the zeros are the smallest
    const p = await d.backend.readParams();
    const regrown = (m: Float32Array) => Array.from(m).filter((v, i) => v === 0 && p[i] !== 0).length;
    expect(regrown(m70)).toBeGreaterThan(20);
    expect(regrown(m30)).toBe(0);
    // Off: no mask; pruned weights regrow from 0.
    d.config = { ...d.config, prune: false };
    await d.train(20);
    expect(d.compressor.mask).toBeNull();
    expect(d.calls[d.calls.length - 1]).toEqual({ t: 60, mask: null });
    const q = await d.backend.readParams();
    expect(Array.from(m30).filter((v, i) => v === 0 && q[i] !== 0).length).toBeGreaterThan(10);
    expect(d.compressor.view(d.config).sparsity).toBe(0);
  });

  it('changing the method or the schedule restarts pruning from the current step', async () => {
    const d = driver(cfg({ prune: true, sparsity: 0.6, pruneSchedule: 'gradual', pruneStart: 0, pruneSteps: 100, pruneEvery: 10 }));
    await d.train(25);
    expect(d.applied).toEqual([0, 10, 20]);
    d.config = { ...d.config, pruneMethod: 'global-magnitude' };
    await d.train(30);
    // A new window from step 25 (events at 25, 35, 45, …), starting from the sparsity reached.
    expect(d.applied).toEqual([0, 10, 20, 25, 35, 45]);
    // The new window starts from the sparsity reached (s_i): the global target at 35 follows from it.
    const N = 26 + 91 + 14;
    const sI = Math.round(0.6 * (1 - 0.8 ** 3) * 26) + Math.round(0.6 * (1 - 0.8 ** 3) * 91) + Math.round(0.6 * (1 - 0.8 ** 3) * 14);
    const S = { initial: sI / N, final: 0.6, start: 25, steps: 10, every: 10 };
    expect(zerosPerLayer(d.setup.init.layout, d.compressor.mask!).reduce((a, b) => a + b, 0)).toBe(Math.round(Math.fround(gradualSparsity(45, S)) * N));
    d.config = { ...d.config, pruneEvery: 7 };
    await d.train(10);
    expect(d.applied.slice(6)).toEqual([55, 62]);
  });
});

describe('Compressor: neuron pruning', () => {
  it('neuron-l2 to 50% halves the hidden widths, keeps the strongest rows, and training goes on', async () => {
    const d = driver(cfg({ hidden: [12, 8], prune: true, sparsity: 0.5, pruneSchedule: 'one-shot', pruneMethod: 'neuron-l2', pruneStart: 20 }));
    await d.train(20);
    const before = await d.backend.readParams();
    const { spec, layout } = d.setup.init;
    await d.train(1);
    expect(d.shrinks).toHaveLength(1);
    const { shrink } = d.shrinks[0];
    expect(shrink.spec.layers.map((L) => L.outDim)).toEqual([6, 4, 2]);
    // The same removal by hand: strongest rows by L2 norm, layer 0 then layer 1.
    const keep0 = strongestNeurons(rowNorms(before, rowBlocks(layout, [0])), 6);
    const keep1 = strongestNeurons(rowNorms(before, rowBlocks(layout, [1])), 4);
    const r0 = removeNeurons(spec, layout, before, 0, keep0);
    const r1 = removeNeurons(r0.spec, r0.layout, r0.params, 1, keep1);
    expect(shrink.params).toEqual(r1.params);
    expect(d.compressor.view(d.config).widths).toEqual([2, 6, 4, 2]);
    const startLoss = await d.loss();
    await d.train(150);
    const loss = await d.loss();
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeLessThan(startLoss);
    expect(d.shrinks).toHaveLength(1);
    // 1 − (2·6 + 6·4 + 4·2)/(2·12 + 12·8 + 8·2) of the weights are gone.
    expect(d.compressor.view(d.config).sparsity).toBeCloseTo(1 - 44 / 136, 12);
    expect(d.compressor.view(d.config).label).toBe('50% of neurons (L2) · float32');
  });

  it('quantization switched on with a shrink goes to the rebuilt backend, with the plan for the smaller layout', async () => {
    const d = driver(cfg({ hidden: [12, 8], prune: true, sparsity: 0.5, pruneSchedule: 'one-shot', pruneMethod: 'neuron-l2', pruneStart: 10 }));
    await d.train(10);
    d.config = { ...d.config, quantize: true, bits: 3 };
    await d.train(1);
    const q = d.calls.filter((c) => c.quant !== undefined);
    expect(q).toHaveLength(1);
    expect(q[0].backend).toBe(1);
    expect(q[0].quant!.plan.segments).toEqual(quantSegmentsForLayout(d.shrinks[0].shrink.layout, [3, 3, 3], 'symmetric', true));
  });

  it('neuron-activity, gradual: fewer neurons at each event, never growing back', async () => {
    const d = driver(cfg({ hidden: [20, 10], prune: true, sparsity: 0.75, pruneSchedule: 'gradual', pruneMethod: 'neuron-activity', pruneStart: 0, pruneSteps: 30, pruneEvery: 10 }));
    await d.train(50);
    const widths = d.shrinks.map((s) => s.shrink.spec.layers.slice(0, 2).map((L) => L.outDim));
    const S = { initial: 0, final: 0.75, start: 0, steps: 3, every: 10 };
    const expected = [10, 20, 30].map((t) => [20, 10].map((w) => Math.round((1 - gradualSparsity(t, S)) * w)));
    expect(widths).toEqual(expected);
    expect(widths[widths.length - 1]).toEqual([5, 3]);
    // Lowering the sparsity does not bring neurons back.
    d.config = { ...d.config, sparsity: 0.2 };
    await d.train(5);
    expect(d.compressor.view(d.config).widths).toEqual([2, 5, 3, 2]);
    expect(Number.isFinite(await d.loss())).toBe(true);
  });
});

describe('Compressor: rewind', () => {
  it('one-shot magnitude with rewind resets the surviving weights to their initial values, once', async () => {
    const d = driver(cfg({ prune: true, sparsity: 0.7, pruneSchedule: 'one-shot', pruneStart: 30, rewind: true }));
    await d.train(30);
    await d.compress();
    const mask = d.compressor.mask!;
    expect(d.compressor.rewoundAt).toBe(30);
    expect(await d.backend.readParams()).toEqual(d.setup.init.params.map((v, i) => (mask[i] === 0 ? 0 : v)));
    await d.train(30);
    expect(d.compressor.rewoundAt).toBe(30);
    expect(await d.backend.readParams()).not.toEqual(d.setup.init.params.map((v, i) => (mask[i] === 0 ? 0 : v)));
    // The gradual fields do not touch a one-shot episode; a restart that prunes nothing new does not rewind.
    d.config = { ...d.config, pruneSteps: 77 };
    expect(d.compressor.due(d.config, d.step)).toBe(false);
    d.config = { ...d.config, pruneMethod: 'global-magnitude', sparsity: 0.7 };
    await d.train(5);
    expect(d.applied).toEqual([0, 30, 60]);
    expect(d.compressor.rewoundAt).toBe(30);
    // Raising the target prunes more and rewinds again (a new episode).
    d.config = { ...d.config, sparsity: 0.8 };
    await d.train(1);
    expect(d.compressor.rewoundAt).toBe(65);
  });

  it('gradual: only the last event rewinds; neuron pruning rewinds the shrunk initial weights', async () => {
    const g = driver(cfg({ prune: true, sparsity: 0.7, pruneSchedule: 'gradual', pruneStart: 0, pruneSteps: 20, pruneEvery: 10, rewind: true }));
    await g.train(15);
    expect(g.compressor.rewoundAt).toBeNull();
    await g.train(10);
    expect(g.compressor.rewoundAt).toBe(20);

    const d = driver(cfg({ hidden: [12, 8], prune: true, sparsity: 0.5, pruneSchedule: 'one-shot', pruneMethod: 'neuron-l2', pruneStart: 10, rewind: true }));
    await d.train(10);
    const trained = await d.backend.readParams();
    await d.compress();
    const { shrink } = d.shrinks[0];
    const keep0 = strongestNeurons(rowNorms(trained, rowBlocks(d.setup.init.layout, [0])), 6);
    const keep1 = strongestNeurons(rowNorms(trained, rowBlocks(d.setup.init.layout, [1])), 4);
    const r0 = removeNeurons(d.setup.init.spec, d.setup.init.layout, d.setup.init.params, 0, keep0);
    expect(shrink.params).toEqual(removeNeurons(r0.spec, r0.layout, r0.params, 1, keep1).params);
    expect(d.compressor.rewoundAt).toBe(10);
  });
});

describe('Compressor: quantization and the size view', () => {
  it('quantization changes reach the backend, and only changes', async () => {
    const d = driver(cfg({}));
    await d.train(5);
    expect(d.calls).toEqual([]);
    d.config = { ...d.config, quantize: true, bits: 4 };
    await d.train(5);
    d.config = { ...d.config, quantMode: 'post-training' };
    await d.train(5);
    d.config = { ...d.config, layerBits: [0, 32, 2], granularity: 'per-tensor', quantScheme: 'affine' };
    await d.train(5);
    d.config = { ...d.config, learningRate: 0.02 };
    await d.train(5);
    d.config = { ...d.config, quantize: false };
    await d.train(5);
    const q = d.calls.map((c) => ({ t: c.t, q: c.quant }));
    expect(q.map((c) => c.t)).toEqual([5, 10, 15, 25]);
    const bitsOf = (s: QuantSettings | null | undefined) => s?.plan.segments.filter((_, i) => i % 2 === 0).map((x) => x.bits);
    expect(q.map((c) => c.q?.mode ?? null)).toEqual(['aware', 'post-training', 'post-training', null]);
    expect(q.map((c) => bitsOf(c.q))).toEqual([[4, 4, 4], [4, 4, 4], [4, 32, 2], undefined]);
    // biases are float; per tensor, affine in the third call
    expect(q[2].q!.plan.segments.filter((_, i) => i % 2 === 1).every((s) => s.bits === 32)).toBe(true);
    expect(q[2].q!.plan.segments.every((s) => s.scheme === 'affine' && !s.perChannel)).toBe(true);
  });

  it('view(): modelSize with the bits, scheme and mask in force, and a label', async () => {
    const d = driver(cfg({}));
    const { spec, layout } = d.setup.init;
    await d.train(2);
    const dense = d.compressor.view(d.config);
    expect(dense.label).toBe('dense float32');
    expect(dense.total).toEqual(modelSize(spec, layout, { bits: [32, 32, 32], scheme: 'symmetric', perChannel: false }).total);
    expect(dense.sparsity).toBe(0);
    expect(dense.widths).toEqual([2, 13, 7, 2]);
    expect(dense.layers.map((l) => l.label)).toEqual(['Layer 1 (2→13)', 'Layer 2 (13→7)', 'Layer 3 (7→2)']);

    d.config = { ...d.config, prune: true, sparsity: 0.9, pruneSchedule: 'one-shot', quantize: true, bits: 4 };
    await d.train(2);
    const v = d.compressor.view(d.config);
    const size = modelSize(spec, layout, { bits: bitsPerLayer(d.config, 3), scheme: 'symmetric', perChannel: true, nonzero: d.compressor.mask! });
    expect(v.total).toEqual(size.total);
    expect(v.layers.map((l) => [l.weights, l.nonzeros, l.bits, l.float32, l.dense, l.sparse])).toEqual(size.layers.map((l) => [l.weights, l.nonzeros, l.bits, l.float32, l.dense, l.sparse]));
    expect(v.sparsity).toBeCloseTo((23 + 82 + 13) / 131, 12);
    expect(v.label).toBe('90% magnitude · 4-bit aware');
    d.config = { ...d.config, layerBits: [0, 32, 2], quantMode: 'post-training' };
    await d.train(1);
    expect(d.compressor.view(d.config).label).toBe('90% magnitude · 4/f32/2-bit post-training');
    expect(d.compressor.view(d.config).layers.map((l) => l.bits)).toEqual([4, 32, 2]);
    expect(v.total.best).toBe(v.total.sparse);
    expect(v.total.sparse!).toBeLessThan(v.total.dense);
    expect(v.total.dense).toBeLessThan(v.total.float32);
  });
});
