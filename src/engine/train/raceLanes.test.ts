/**
 * The race as a preset of a population (raceLanes.ts), on the CPU: a Trainer whose race lanes train as the
 * slots of one CPU population gives the numbers a Trainer with one CPU backend per lane gives (bit for bit:
 * the CPU population and the CPU backend share their ops), one diverged lane stops while the others go on,
 * checkpoints restore either way, a larger batch regrows the population, and a live switch to frozen layers
 * or augmentation (which a population does not do) moves the race lanes to a backend each mid-run.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig, type RunConfig } from '../config';
import { createCpuPopulation } from '../population/cpuPopulation';
import type { PopulationInit } from '../population/types';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from './trainer';

const perLane: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

/** A factory whose race lanes go on a CPU population; `made` records every population it made. */
function pooled() {
  const made: PopulationInit[] = [];
  const factory: BackendFactory = { ...perLane, createPopulation: async (init) => (made.push(init), createCpuPopulation(init)) };
  return { factory, made };
}

const RACE: RunConfig['race'] = [{ optimizer: 'sgd', learningRate: 0.1 }, { optimizer: 'rmsprop', learningRate: 0.01 }, { optimizer: 'adagrad', learningRate: 0.05 }];
const config = (over: Partial<RunConfig> = {}): RunConfig =>
  validateConfig({ dataset: 'spiral', samples: 300, hidden: [12, 10], batchSize: 16, optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.001, race: RACE, ...over }).config;

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

/** Trains both, evaluating every `every` steps; returns both histories. */
async function side(a: Trainer, b: Trainer, steps: number, every: number) {
  for (let s = 0; s < steps; s += every) {
    await train(a, every);
    await train(b, every);
    await evaluateNow(a);
    await evaluateNow(b);
  }
  return [a.history, b.history];
}

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('the race on one population', () => {
  it('gives the per-lane path’s losses, accuracies, gradient norms and total loss, lane by lane', async () => {
    const c = config();
    const { factory, made } = pooled();
    const pop = await Trainer.create(setupRun(c), factory);
    const sep = await Trainer.create(setupRun(c), perLane);
    expect(made.map((m) => [m.trials, m.batch, m.data.length])).toEqual([[3, 16, 1]]);
    expect(pop.lanes.map((l) => l.backend.info.name)).toEqual(['CPU', 'CPU', 'CPU', 'CPU']);
    const [hp, hs] = await side(pop, sep, 120, 20);
    expect(hp.length).toBe(4 * 6);
    expect(new Set(hp.map((p) => p.lane))).toEqual(new Set([0, 1, 2, 3]));
    hs.forEach((q, i) => {
      const p = hp[i];
      expect([p.lane, p.step, p.learningRate]).toEqual([q.lane, q.step, q.learningRate]);
      p.gradNorms.forEach((g, l) => expect(g).toBeCloseTo(q.gradNorms[l], 6));
      for (const k of ['trainLoss', 'testLoss', 'totalLoss', 'trainAccuracy', 'testAccuracy'] as const) expect(p[k], `${k} of lane ${q.lane} at ${q.step}`).toBeCloseTo(q[k] as number, 6);
    });
    // the race lanes learned, and differently
    const last = hp.slice(-4);
    expect(last[1].trainLoss).toBeLessThan(hp[1].trainLoss);
    expect(new Set(last.map((p) => p.trainLoss)).size).toBe(4);
    expect(pop.lanes.map((l) => l.lastGradNorms)).toEqual(sep.lanes.map((l) => l.lastGradNorms));
    expect(pop.lanes[2].lastGradNorms!.every((g) => g > 0)).toBe(true);
    const [a, b] = [await pop.checkpoint(), await sep.checkpoint()];
    a.lanes.forEach((lane, i) => expect(same(lane.params, b.lanes[i].params) && same(lane.state[0], b.lanes[i].state[0]) && same(lane.state[1], b.lanes[i].state[1]), `lane ${i}`).toBe(true));
  });

  it('a diverged race lane stops with a halt while lane 0 and the others go on', async () => {
    const c = config({ dataset: 'sine', loss: 'mse', hidden: [32, 32, 32], optimizer: 'adam', learningRate: 0.01, race: [{ optimizer: 'sgd', learningRate: 10 }, { optimizer: 'sgd', learningRate: 0.01 }] });
    const t = await Trainer.create(setupRun(c), pooled().factory);
    let halts: Awaited<ReturnType<typeof evaluateNow>>['halts'] = [];
    for (let i = 0; i < 50 && halts.length === 0; i++) {
      await train(t, 10);
      halts = (await evaluateNow(t)).halts;
    }
    expect(halts.map((h) => h.lane)).toEqual([1]);
    expect(halts[0].message).toMatch(/NaN or infinite/);
    expect(t.halted).toBe(false);
    const frozen = await t.lanes[1].backend.readParams();
    const at = t.step;
    await train(t, 20);
    const r = await evaluateNow(t);
    expect(r.points.map((p) => p.lane)).toEqual([0, 2]);
    expect(r.points.every((p) => p.step === at + 20 && Number.isFinite(p.trainLoss))).toBe(true);
    expect(same(await t.lanes[1].backend.readParams(), frozen), 'the diverged lane no longer steps').toBe(true);
    // the checkpoint keeps the halt
    const back = await Trainer.restore(structuredClone(await t.checkpoint()), setupRun(c), pooled().factory);
    expect(back.lanes.map((l) => l.diverged)).toEqual([false, true, false]);
  });

  for (const [from, to] of [['population', 'population'], ['population', 'per-lane'], ['per-lane', 'population']] as const) {
    it(`a checkpoint from the ${from} path restores on the ${to} path and continues bit for bit`, async () => {
      const f = (w: string) => (w === 'population' ? pooled().factory : perLane);
      const c = config();
      const straight = await Trainer.create(setupRun(c), perLane);
      await train(straight, 80);
      const first = await Trainer.create(setupRun(c), f(from));
      await train(first, 40);
      await evaluateNow(first);
      const ckpt = structuredClone(await first.checkpoint());
      first.destroy();
      const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config), f(to));
      await train(resumed, 40);
      const [a, b] = [await straight.checkpoint(), await resumed.checkpoint()];
      a.lanes.forEach((lane, i) => expect(same(lane.params, b.lanes[i].params) && same(lane.state[0], b.lanes[i].state[0]), `lane ${i}`).toBe(true));
      expect((await evaluateNow(resumed)).points).toEqual((await evaluateNow(straight)).points);
    });
  }

  it('a larger batch regrows the population (states kept) and lane 0’s switch of optimizer leaves the race alone', async () => {
    const c = config();
    const { factory, made } = pooled();
    const pop = await Trainer.create(setupRun(c), factory);
    const sep = await Trainer.create(setupRun(c), perLane);
    await train(pop, 30);
    await train(sep, 30);
    const bigger: RunConfig = { ...c, batchSize: 40, optimizer: 'sgd', learningRate: 0.05 };
    expect(pop.configure(bigger)).toEqual({ rebuild: false, compression: false });
    sep.configure(bigger);
    expect(pop.lanes.map((l) => l.optimizerSince)).toEqual([30, 0, 0, 0]);
    expect(pop.compressionDue()).toBe(true);
    await train(pop, 30);
    await train(sep, 30);
    expect(made.map((m) => m.batch)).toEqual([16, 40]);
    expect((await evaluateNow(pop)).points).toEqual((await evaluateNow(sep)).points);
    // a run with frozen layers from the start trains its race a backend per lane
    const frozen = pooled();
    await Trainer.create(setupRun(config({ frozenLayers: 1 })), frozen.factory);
    await Trainer.create(setupRun(config({ augJitter: 0.1 })), frozen.factory);
    expect(frozen.made).toEqual([]);
  });

  for (const [what, change] of [['frozen layers', { frozenLayers: 1 }], ['augmentation', { augJitter: 0.1 }]] as const) {
    it(`a live switch to ${what} moves the race lanes to a backend each, states and clocks kept`, async () => {
      const c = config();
      const pop = await Trainer.create(setupRun(c), pooled().factory);
      const sep = await Trainer.create(setupRun(c), perLane);
      await side(pop, sep, 40, 20);
      const views = pop.lanes.map((l) => l.backend);
      expect(pop.configure({ ...c, ...change })).toEqual({ rebuild: false, compression: false });
      sep.configure({ ...c, ...change });
      expect(pop.compressionDue(), 'the move is due before the next step').toBe(true);
      expect(() => pop.doStep(), 'no step before it').toThrow(/call compress\(\) before the step/);
      await side(pop, sep, 40, 20);
      expect(pop.lanes[0].backend, 'lane 0 keeps its backend').toBe(views[0]);
      expect(pop.lanes.slice(1).every((l, i) => l.backend !== views[i + 1]), 'the race lanes have their own').toBe(true);
      expect(pop.history).toEqual(sep.history);
      const [a, b] = [await pop.checkpoint(), await sep.checkpoint()];
      a.lanes.forEach((lane, i) => expect(same(lane.params, b.lanes[i].params) && same(lane.state[1], b.lanes[i].state[1]), `lane ${i}`).toBe(true));
    });
  }
});
