/**
 * Class bias shift and Omit digit (Hinton et al. §3): the omitted digit leaves the training split only,
 * and a shift moves that class's output bias on every lane by exactly Δ, once (a restored run does not
 * shift again).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { paramLayout } from '../model';
import { mnistClasses, type MnistRaw } from '../mnist';
import { setupRun } from '../run';
import { Trainer } from '../train/trainer';

const cpu = { create: async (init: Parameters<typeof createCpuBackend>[0]) => ({ backend: createCpuBackend(init) }) };

describe('Omit digit', () => {
  it('leaves the digit out of the training split, never out of the test split', () => {
    const split = (labels: number[]) => ({ n: labels.length, labels: Uint8Array.from(labels), images: new Uint8Array(labels.length * 4) });
    const raw: MnistRaw = { train: split([3, 1, 3, 7, 5]), test: split([3, 8, 3]), rows: 2, cols: 2 };
    const sub = mnistClasses(raw, 'all', '3');
    expect(Array.from(sub.train.labels)).toEqual([1, 7, 5]);
    expect(sub.test.n).toBe(3);
    expect(Array.from(mnistClasses(raw, '0-4', '3').train.labels)).toEqual([1]);
    expect(mnistClasses(raw, 'all', '3')).toBe(sub); // cached: every user holds the same subset
  });
});

describe('Class bias shift', () => {
  it('moves the omitted class’s output bias by Δ on every lane, once', async () => {
    const c = validateConfig({ dataset: 'gaussians', samples: 200, hidden: [5], omitDigit: '1', race: [{ optimizer: 'sgd', learningRate: 0.1 }] }).config;
    const t = await Trainer.create(setupRun(c), cpu);
    for (let i = 0; i < 5; i++) t.doStep();
    const bias = paramLayout(t.setup.init.spec).layers[1].b.offset + 1;
    const before = await Promise.all(t.lanes.map((l) => l.backend.readParams()));
    expect(t.configure({ ...c, biasShift: 2.5 })).toEqual({ rebuild: false, compression: true });
    expect(t.compressionDue()).toBe(true);
    await t.compress();
    expect(t.compressionDue()).toBe(false);
    const after = await Promise.all(t.lanes.map((l) => l.backend.readParams()));
    after.forEach((p, lane) => {
      expect(p[bias] - before[lane][bias]).toBeCloseTo(2.5, 5);
      expect(p[bias - 1]).toBe(before[lane][bias - 1]);
    });
    const restored = await Trainer.restore(structuredClone(await t.checkpoint()), setupRun(c), cpu);
    expect(restored.compressionDue()).toBe(false);
    // without an omitted digit there is no class to shift
    const plain = await Trainer.create(setupRun({ ...c, omitDigit: 'none' }), cpu);
    expect(plain.configure({ ...c, omitDigit: 'none', biasShift: 3 }).compression).toBe(false);
  });
});

describe('soft targets of one input', () => {
  it('are distributions that spread as T rises, and the student’s at T = 1 is its plain softmax', async () => {
    const { softTargetsOf } = await import('./softTargetsOf');
    const s = setupRun(validateConfig({ dataset: 'gaussians', samples: 100, hidden: [4] }).config);
    const model = { spec: s.init.spec, params: s.init.params.map((v) => v * 3) };
    const x = s.data.test.x.slice(0, 2);
    const cold = softTargetsOf(model, model, x, 1);
    const hot = softTargetsOf(model, model, x, 20);
    for (const p of [cold.teacher, hot.teacher, hot.student]) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(Math.max(...hot.teacher)).toBeLessThan(Math.max(...cold.teacher));
    expect(hot.studentAtOne).toEqual(cold.student);
  });
});
