/**
 * The CPU backend on the WebAssembly engine trains as on the TypeScript twins: same losses, same
 * weights within float32 rounding, through Adam with L2, a pruning mask, quantization-aware training,
 * frozen layers and distillation, on odd widths (7, 5) and a batch (13) that fills no SIMD tile.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig, type RunConfig } from '../config';
import { effectiveBatch, setupRun, stepSettings } from '../run';
import { quantPlan, quantSegmentsForLayout } from '../ops/quantize';
import type { TrainingBackend } from '../backend';
import { createFastCpuBackend } from './wasmBackend';

const toy = (extra: Partial<RunConfig> = {}): RunConfig =>
  validateConfig({ dataset: 'spiral', samples: 300, hidden: [7, 5], batchSize: 13, optimizer: 'adam', learningRate: 0.01, ...extra }).config;

async function pair(config: RunConfig) {
  const run = setupRun(config);
  const ts = createCpuBackend(run.init);
  const wasm = await createFastCpuBackend(run.init, { threads: 1 });
  const batches = Array.from({ length: 60 }, () => run.sampler.next(effectiveBatch(config, run.data)));
  const train = (b: TrainingBackend, from: number, to: number) => {
    for (let s = from; s < to; s++) b.step(batches[s], stepSettings(config, s));
  };
  return { run, ts, wasm, train };
}

async function expectClose(a: TrainingBackend, b: TrainingBackend, tol = 2e-4) {
  const [pa, pb] = await Promise.all([a.readParams(), b.readParams()]);
  let worst = 0;
  for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs(pa[i] - pb[i]) / (1 + Math.abs(pa[i])));
  expect(worst).toBeLessThan(tol);
  const [ea, eb] = await Promise.all([a.evaluate(false)!, b.evaluate(false)!]);
  expect(eb.evaluation.trainLoss).toBeCloseTo(ea.evaluation.trainLoss, 4);
  expect(eb.evaluation.testLoss).toBeCloseTo(ea.evaluation.testLoss, 4);
}

describe('CPU backend on the WebAssembly engine', () => {
  it('is the WebAssembly engine here (Node has SIMD)', async () => {
    const { wasm } = await pair(toy());
    expect(wasm.info.name).toMatch(/WebAssembly SIMD/);
  });

  for (const [what, extra] of [
    ['Adam, relu', {}],
    ['momentum with Nesterov and L2, tanh', { dataset: 'circles', optimizer: 'momentum', nesterov: true, momentum: 0.9, regularization: 'l2', regularizationRate: 0.003, activation: 'tanh', learningRate: 0.05 }],
    ['RMSprop centered, sigmoid, MSE on regression', { dataset: 'sine', loss: 'mse', optimizer: 'rmsprop', centered: true, activation: 'sigmoid' }],
    ['AdamW with L1', { optimizer: 'adamw', weightDecay: 0.01, regularization: 'l1', regularizationRate: 0.001 }],
  ] as Array<[string, Partial<RunConfig>]>) {
    it(`trains like the TypeScript twins: ${what}`, async () => {
      const { ts, wasm, train } = await pair(toy(extra));
      const before = (await ts.evaluate(false)!).evaluation.trainLoss;
      train(ts, 0, 40);
      train(wasm, 0, 40);
      await expectClose(ts, wasm);
      expect((await wasm.evaluate(false)!).evaluation.trainLoss).toBeLessThan(before);
    });
  }

  it('keeps a pruning mask, trains frozen layers not at all, and follows QAT like the twins', async () => {
    const { run, ts, wasm, train } = await pair(toy());
    const { layout } = run.init;
    const mask = new Float32Array(layout.totalFloats).fill(1);
    for (const { W } of layout.layers) for (let i = 0; i < W.size; i += 3) mask[W.offset + i] = 0;
    const plan = quantPlan(quantSegmentsForLayout(layout, [4, 4, 4], 'symmetric', true));
    for (const b of [ts, wasm]) {
      b.setMask(mask);
      b.setGroups([{ frozen: true, lrFactor: 1 }, { frozen: false, lrFactor: 0.5 }, { frozen: false, lrFactor: 1 }]);
      b.setQuantization({ plan, mode: 'aware' });
    }
    const first = await wasm.readParams();
    train(ts, 0, 30);
    train(wasm, 0, 30);
    await expectClose(ts, wasm);
    const after = await wasm.readParams();
    const W0 = layout.layers[0].W;
    expect(Array.from(after.subarray(W0.offset, W0.offset + W0.size))).toEqual(Array.from(first.subarray(W0.offset, W0.offset + W0.size)));
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0) expect(Object.is(after[i], 0)).toBe(true);
  });
});
