/**
 * Multi-task end to end on the CPU: the second targets, the config fields, and a Trainer on a small MNIST
 * subset learning digit + parity beside each task alone.
 */
import { describe, expect, it } from 'vitest';
import { configFromHash, configToHash, validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import { loadMnistNode } from '../mnistNode';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import { validateCheckpoint } from '../../store/validateCheckpoint';
import { secondLabel } from './multitaskData';
import { laneTasks } from './multitaskLanes';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };
const mnist = loadMnistNode();

describe('second targets', () => {
  it('label digits and points as the help text says', () => {
    const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(digits.map((d) => secondLabel('parity', d, []))).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(digits.map((d) => secondLabel('five-or-more', d, []))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(digits.map((d) => secondLabel('closed-loop', d, []))).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 1, 1]);
    expect(secondLabel('upper-half', 0, [0.3, 0.2])).toBe(1);
    expect(secondLabel('upper-half', 1, [0.3, -0.2])).toBe(0);
    expect(secondLabel('inner-disc', 0, [0.3, 0.3])).toBe(1);
    expect(secondLabel('inner-disc', 0, [0.4, 0.4])).toBe(0);
  });
});

describe('multi-task config fields', () => {
  it('round-trip through the URL hash and JSON', () => {
    const c = validateConfig({ dataset: 'mnist', secondTask: 'closed-loop', taskWeight: 2.5, pcgrad: true }).config;
    const back = configFromHash(configToHash(c));
    expect(back.corrections).toEqual([]);
    expect([back.config.secondTask, back.config.taskWeight, back.config.pcgrad]).toEqual(['closed-loop', 2.5, true]);
    expect(validateConfig(JSON.parse(JSON.stringify(c))).config).toEqual(c);
  });

  it('say why a second task does not fit the data, and take cross-entropy', () => {
    const wrong = validateConfig({ dataset: 'spiral', secondTask: 'parity' });
    expect(wrong.config.secondTask).toBe('none');
    expect(wrong.corrections.map((x) => x.message).join(' ')).toMatch(/Second task: “Parity” labels MNIST digits, not spiral/);
    expect(validateConfig({ dataset: 'line', secondTask: 'upper-half' }).config.secondTask).toBe('none');
    const mse = validateConfig({ dataset: 'xor', secondTask: 'upper-half', loss: 'mse' });
    expect(mse.config.loss).toBe('crossentropy');
    expect(validateConfig({ taskWeight: 40 }).config.taskWeight).toBe(10);
  });
});

describe('multi-task training on MNIST', () => {
  const config = (over: Partial<RunConfig>): RunConfig =>
    validateConfig({ dataset: 'mnist', samples: 600, hidden: [32], batchSize: 32, optimizer: 'adam', learningRate: 0.003, secondTask: 'parity', ...over }).config;

  it('digit + parity: both heads’ losses fall; the lanes are both tasks, the digit alone and parity alone', async () => {
    const setup = setupRun(config({}), mnist);
    expect(setup.init.spec.heads?.map((h) => [h.name, h.classes, h.offset])).toEqual([['Digit', 10, 0], ['Parity', 2, 10]]);
    const t = await Trainer.create(setup, cpu);
    expect(t.laneLabels).toEqual(['Both tasks', 'Digit alone', 'Parity alone']);
    const first = await t.evaluate(false)!;
    for (let i = 0; i < 150; i++) t.doStep();
    const last = await t.evaluate(false)!;
    const both0 = first.points.find((p) => p.lane === 0)!, both1 = last.points.find((p) => p.lane === 0)!;
    expect(both1.heads![0].trainLoss).toBeLessThan(both0.heads![0].trainLoss * 0.6);
    expect(both1.heads![1].trainLoss).toBeLessThan(both0.heads![1].trainLoss * 0.8);
    expect(both1.heads![0].testAccuracy).toBeGreaterThan(0.6);
    expect(both1.heads![1].testAccuracy).toBeGreaterThan(0.65);
    expect(both1.conflict).toBeGreaterThanOrEqual(-1);
    expect(both1.conflict).toBeLessThanOrEqual(1);
    // each single-task lane learns only its task: the other head stays where it started
    const digitAlone = last.points.find((p) => p.lane === 1)!, parityAlone = last.points.find((p) => p.lane === 2)!;
    expect(digitAlone.heads![0].testAccuracy).toBeGreaterThan(0.6);
    expect(parityAlone.heads![1].testAccuracy).toBeGreaterThan(0.65);
    expect(parityAlone.heads![0].testAccuracy).toBeLessThan(0.3);
    expect(laneTasks(t.config, 0)).toEqual({ weights: [1, 1], pcgrad: false });
  });

  it('PCGrad changes the step only where the tasks conflict, and the run still learns both', async () => {
    const plain = await Trainer.create(setupRun(config({}), mnist), cpu);
    const pc = await Trainer.create(setupRun(config({ pcgrad: true }), mnist), cpu);
    for (let i = 0; i < 100; i++) {
      plain.doStep();
      pc.doStep();
    }
    const [a, b] = await Promise.all([plain.lanes[0].backend.readParams(), pc.lanes[0].backend.readParams()]);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    const ev = (await pc.evaluate(false)!).points.find((p) => p.lane === 0)!;
    expect(ev.heads![0].testAccuracy).toBeGreaterThan(0.55);
    expect(ev.heads![1].testAccuracy).toBeGreaterThan(0.6);
  });
});

describe('a multi-task run’s checkpoint', () => {
  it('is a valid saved run and continues bit for bit: 2-D data, PCGrad, three lanes', async () => {
    const c = validateConfig({ dataset: 'circles', samples: 300, hidden: [8, 6], batchSize: 16, optimizer: 'adam', learningRate: 0.01, secondTask: 'inner-disc', pcgrad: true, taskWeight: 0.5 }).config;
    const straight = await Trainer.create(setupRun(c), cpu);
    for (let i = 0; i < 60; i++) straight.doStep();
    const first = await Trainer.create(setupRun(c), cpu);
    for (let i = 0; i < 30; i++) first.doStep();
    const ckpt = structuredClone(await first.checkpoint());
    expect(validateCheckpoint(ckpt).ok).toBe(true);
    expect(ckpt.reference).toEqual({ kind: 'single', from: 'Inside radius 0.5', heads: ['Class', 'Inside radius 0.5'] });
    expect(validateCheckpoint({ ...ckpt, lanes: ckpt.lanes.slice(0, 2), history: [] }).ok).toBe(false);
    const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config), cpu);
    for (let i = 0; i < 30; i++) resumed.doStep();
    const [a, b] = [await straight.checkpoint(), await resumed.checkpoint()];
    a.lanes.forEach((lane, i) => expect(Buffer.from(b.lanes[i].params.buffer).equals(Buffer.from(lane.params.buffer))).toBe(true));
    expect(b.lanes[0].spec.heads).toEqual(a.lanes[0].spec.heads);
  });
});

describe('a multi-task model under neuron pruning', () => {
  it('keeps its heads when a hidden layer shrinks, and trains on with the heads’ loss', async () => {
    const c = validateConfig({ dataset: 'xor', samples: 300, hidden: [10], batchSize: 16, optimizer: 'adam', learningRate: 0.01, secondTask: 'upper-half', prune: true, sparsity: 0.5, pruneMethod: 'neuron-l2', pruneSchedule: 'one-shot', pruneStart: 20 }).config;
    const t = await Trainer.create(setupRun(c), cpu);
    for (let i = 0; i < 40; i++) {
      if (t.compressionDue()) await t.compress();
      t.doStep();
    }
    expect(t.lanes[0].spec.layers[0].outDim).toBe(5);
    expect(t.lanes[0].spec.heads?.map((h) => h.name)).toEqual(['Class', 'Upper half']);
    const ev = (await t.evaluate(false)!).points.find((p) => p.lane === 0)!;
    expect(ev.heads).toHaveLength(2);
  });
});
