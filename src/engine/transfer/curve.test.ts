/**
 * The Transfer chart's experiment on the CPU twin: a source trained on the same task gives the fine-tuned
 * start a head start over training from scratch with few examples and few steps; a source of another
 * shape is refused before anything trains; cancelling stops between trainings.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { setupRun } from '../run';
import { Trainer } from '../train/trainer';
import { curveExamples, firstRows, transferCurve } from './curve';

const cpu = { create: async (init: Parameters<typeof createCpuBackend>[0]) => ({ backend: createCpuBackend(init) }) };
const cfg = (extra: object = {}) => validateConfig({ dataset: 'spiral', samples: 1200, hidden: [16, 16], batchSize: 32, optimizer: 'adam', learningRate: 0.01, noise: 0, ...extra }).config;

describe('the transfer curve', () => {
  it('counts only the examples the split holds, from its first rows', () => {
    expect(curveExamples(5000)).toEqual([100, 300, 1000, 3000]);
    expect(curveExamples(500)).toEqual([100, 300]);
    expect(curveExamples(60)).toEqual([60]);
    const s = setupRun(cfg());
    const sub = firstRows(s, 100);
    expect(sub.data.train.n).toBe(100);
    expect(sub.data.train.x[5]).toBe(s.data.train.x[5]);
    expect(sub.data.test).toBe(s.data.test);
    expect(sub.sampler.n).toBe(100);
  });

  it('fine-tuning a trained source beats scratch on few examples, and every cell is filled', async () => {
    const src = await Trainer.create(setupRun(cfg({ seed: 7 })), cpu);
    for (let i = 0; i < 600; i++) src.doStep();
    const source = { lanes: [{ spec: src.setup.init.spec, params: (await src.lanes[0].backend.readParams()).slice() as Float32Array<ArrayBuffer> }] };
    const seen: number[] = [];
    const points = await transferCurve(setupRun(cfg({ seed: 3 })), source, { reinitHead: false, blend: null }, cpu, (_, done) => seen.push(done), () => false, 40);
    expect(points.map((p) => p.examples)).toEqual([100, 300]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    for (const p of points) for (const m of ['scratch', 'finetune', 'frozen'] as const) expect(p[m]).toBeGreaterThan(0);
    expect(points[0].finetune!).toBeGreaterThan(points[0].scratch! + 0.05);
  });

  it('refuses a source of another shape before training, and stops when cancelled', async () => {
    const other = setupRun(cfg({ hidden: [8] }));
    const bad = { lanes: [{ spec: other.init.spec, params: other.init.params.slice() as Float32Array<ArrayBuffer> }] };
    await expect(transferCurve(setupRun(cfg()), bad, { reinitHead: false, blend: null }, cpu, () => {})).rejects.toThrow(/is not this run's/);
    const s = setupRun(cfg());
    const same = { lanes: [{ spec: s.init.spec, params: s.init.params.slice() as Float32Array<ArrayBuffer> }] };
    let calls = 0;
    const points = await transferCurve(s, same, { reinitHead: true, blend: null }, cpu, () => calls++, () => calls >= 2, 5);
    expect(calls).toBe(2);
    expect(points[0].frozen).toBeNull();
  });
});
