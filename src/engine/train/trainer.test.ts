import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig, type RunConfig } from '../config';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from './trainer';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

const config = (over: Partial<RunConfig>): RunConfig => validateConfig({ dataset: 'spiral', samples: 300, hidden: [12, 10], batchSize: 16, optimizer: 'adam', learningRate: 0.01, ...over }).config;

/** Runs `steps` steps, compressing when due, as the worker's loop does. */
async function train(t: Trainer, steps: number) {
  for (let i = 0; i < steps; i++) {
    if (t.compressionDue()) await t.compress();
    t.doStep();
  }
}

async function evaluateNow(t: Trainer) {
  const r = await t.evaluate(false);
  if (!r) throw new Error('no evaluation');
  return r;
}

const cases: Array<[string, Partial<RunConfig>]> = [
  ['Adam with a cosine schedule', { schedule: 'cosine', totalSteps: 200 }],
  ['a race of three optimizers', { race: [{ optimizer: 'sgd', learningRate: 0.1 }, { optimizer: 'rmsprop', learningRate: 0.01 }] }],
  ['gradual magnitude pruning with rewind and 4-bit QAT', { prune: true, sparsity: 0.7, pruneSchedule: 'gradual', pruneStart: 40, pruneSteps: 120, pruneEvery: 20, rewind: true, quantize: true, bits: 4, quantMode: 'aware' }],
  ['neuron pruning (the model shrinks before the checkpoint)', { prune: true, sparsity: 0.5, pruneMethod: 'neuron-l2', pruneSchedule: 'one-shot', pruneStart: 50, optimizer: 'momentum', nesterov: true, momentum: 0.9, learningRate: 0.05 }],
];

describe('Trainer checkpoints', () => {
  for (const [name, over] of cases) {
    it(`100 steps + checkpoint + restore + 100 steps equals 200 straight steps bit for bit: ${name}`, async () => {
      const c = config(over);
      const straight = await Trainer.create(setupRun(c), cpu);
      await train(straight, 200);

      const first = await Trainer.create(setupRun(c), cpu);
      await train(first, 100);
      await evaluateNow(first);
      // what IndexedDB or postMessage would hand back
      const ckpt = structuredClone(await first.checkpoint());
      first.destroy();
      expect(ckpt.step).toBe(100);
      expect(ckpt.history.length).toBe(first.lanes.length);
      const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config), cpu);
      expect(resumed.step).toBe(100);
      await train(resumed, 100);

      const a = await straight.checkpoint();
      const b = await resumed.checkpoint();
      expect(b.step).toBe(200);
      expect(b.lanes.length).toBe(a.lanes.length);
      a.lanes.forEach((lane, i) => {
        expect(b.lanes[i].spec).toEqual(lane.spec);
        expect(Buffer.from(b.lanes[i].params.buffer).equals(Buffer.from(lane.params.buffer))).toBe(true);
        expect(Buffer.from(b.lanes[i].state[0].buffer).equals(Buffer.from(lane.state[0].buffer))).toBe(true);
        expect(Buffer.from(b.lanes[i].state[1].buffer).equals(Buffer.from(lane.state[1].buffer))).toBe(true);
        expect(b.lanes[i].optimizerSince).toBe(lane.optimizerSince);
      });
      expect(b.compressor.mask).toEqual(a.compressor.mask);
      expect(b.sampler).toEqual(a.sampler);
      const [ea, eb] = [await evaluateNow(straight), await evaluateNow(resumed)];
      expect(eb.points).toEqual(ea.points);
    });
  }

  it('neuron pruning is kept: the restored model has the narrower widths', async () => {
    const c = config(cases[3][1]);
    const t = await Trainer.create(setupRun(c), cpu);
    await train(t, 60);
    const ckpt = await t.checkpoint();
    expect(ckpt.lanes[0].spec.layers.map((l) => l.outDim)).toEqual([6, 5, 2]);
    expect(ckpt.compressor.baseSpec.layers.map((l) => l.outDim)).toEqual([12, 10, 2]);
    const r = await Trainer.restore(ckpt, setupRun(ckpt.config), cpu);
    expect(r.compressor.view(r.config).widths).toEqual([2, 6, 5, 2]);
  });

  it('training through the Trainer lowers the loss, and a live change keeps the run while a model change asks for a rebuild', async () => {
    const c = config({});
    const t = await Trainer.create(setupRun(c), cpu);
    const before = (await evaluateNow(t)).points[0].trainLoss;
    await train(t, 300);
    const after = (await evaluateNow(t)).points[0].trainLoss;
    expect(after).toBeLessThan(before * 0.7);
    expect(t.configure({ ...c, learningRate: 0.001 })).toEqual({ rebuild: false, compression: false });
    expect(t.configure({ ...t.config, optimizer: 'sgd' }).rebuild).toBe(false);
    expect(t.lanes[0].optimizerSince).toBe(300);
    expect(t.configure({ ...t.config, hidden: [4] }).rebuild).toBe(true);
    expect(t.config.hidden).toEqual([12, 10]);
  });

  it('a non-finite loss halts lane 0 with a message and keeps the history', async () => {
    const t = await Trainer.create(setupRun(config({ dataset: 'sine', loss: 'mse', optimizer: 'sgd', learningRate: 10, hidden: [32, 32, 32] })), cpu);
    await evaluateNow(t);
    let halts: Awaited<ReturnType<typeof evaluateNow>>['halts'] = [];
    for (let i = 0; i < 50 && halts.length === 0; i++) {
      await train(t, 10);
      halts = (await evaluateNow(t)).halts;
    }
    expect(halts[0]?.lane).toBe(0);
    expect(halts[0].message).toMatch(/NaN or infinite/);
    expect(t.halted).toBe(true);
    expect(t.history.length).toBeGreaterThan(0);
  });

  it('a run from given weights starts at step 0 from them; weights of another shape are refused in words', async () => {
    const c = config({});
    const donor = await Trainer.create(setupRun(c), cpu);
    await train(donor, 50);
    const weights = await donor.checkpoint();
    const t = await Trainer.fromWeights(setupRun(c), weights.lanes[0].spec, weights.lanes[0].params, cpu);
    expect(t.step).toBe(0);
    expect((await evaluateNow(t)).points[0].testLoss).toBe((await evaluateNow(donor)).points[0].testLoss);
    await expect(Trainer.fromWeights(setupRun(config({ dataset: 'sine', loss: 'mse' })), weights.lanes[0].spec, weights.lanes[0].params, cpu)).rejects.toThrow(/takes 2 inputs and gives 2 outputs, but sine has 1 input and 1 output/);
  });
});
