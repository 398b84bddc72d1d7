/**
 * A taught run's reference lane (reference.ts) on the CPU twin: a distilled run's lane 1 is exactly the
 * student trained alone (same initial weights and batches, bit for bit); a transferred run's lane 0 starts
 * from the source's weights with its Frozen layers untouched while lane 1 (from scratch) trains them all;
 * both keep their reference through a checkpoint, and the saved-run check refuses one that does not fit.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { setupRun } from '../run';
import { validateCheckpoint } from '../../store/validateCheckpoint';
import { Trainer } from './trainer';

const cpu = { create: async (init: Parameters<typeof createCpuBackend>[0]) => ({ backend: createCpuBackend(init) }) };
const cfg = (extra: object = {}) => validateConfig({ dataset: 'gaussians', samples: 300, hidden: [6], batchSize: 16, optimizer: 'adam', learningRate: 0.02, ...extra }).config;
const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

async function trainedTeacher() {
  const big = setupRun(cfg({ hidden: [24] }));
  const tt = await Trainer.create(big, cpu);
  for (let i = 0; i < 60; i++) tt.doStep();
  return { spec: big.init.spec, params: (await tt.lanes[0].backend.readParams()).slice(), name: 'Teacher 2-24-2' };
}

describe('a distilled run', () => {
  it('trains the student alone beside it, bit for bit the plain run, and the race is off', async () => {
    const c = cfg({ race: [{ optimizer: 'sgd', learningRate: 0.1 }] });
    const taught = await Trainer.create(setupRun(c), cpu, { teacher: await trainedTeacher() });
    expect(taught.lanes.length).toBe(2);
    expect(taught.laneLabels).toEqual(['Distilled student', 'Student alone']);
    expect(taught.reference).toEqual({ kind: 'alone', from: 'Teacher 2-24-2' });
    const plain = await Trainer.create(setupRun({ ...c, race: [] }), cpu);
    for (let i = 0; i < 30; i++) {
      taught.doStep();
      plain.doStep();
    }
    const [alone, ref, student] = [await plain.lanes[0].backend.readParams(), await taught.lanes[1].backend.readParams(), await taught.lanes[0].backend.readParams()];
    expect(same(ref, alone)).toBe(true);
    expect(same(student, alone)).toBe(false);
    // a live change (the race is not) reaches both lanes
    expect(taught.configure({ ...c, learningRate: 0.01 }).rebuild).toBe(false);
    expect(taught.lanes.map((l) => l.config.learningRate)).toEqual([0.01, 0.01]);
  });
});

describe('a transferred run', () => {
  it('starts lane 0 from the given weights, freezes its first layer, and trains lane 1 from scratch', async () => {
    const c = cfg({ frozenLayers: 1 });
    const s = setupRun(c);
    const source = Float32Array.from(s.init.params, (v) => v * 0.5 + 0.01);
    const t = await Trainer.create(setupRun(c), cpu, { transfer: { params: source, from: 'Digits 0–4' } });
    expect(t.laneLabels).toEqual(['Transferred', 'From scratch']);
    const start1 = (await t.lanes[1].backend.readParams()).slice();
    expect(same(start1, s.init.params)).toBe(true);
    for (let i = 0; i < 25; i++) t.doStep();
    const [p0, p1] = [await t.lanes[0].backend.readParams(), await t.lanes[1].backend.readParams()];
    const { W, b } = s.init.layout.layers[0];
    for (const x of [W, b]) {
      expect(same(p0.subarray(x.offset, x.offset + x.size), source.subarray(x.offset, x.offset + x.size))).toBe(true); // frozen: untouched
      expect(same(p1.subarray(x.offset, x.offset + x.size), s.init.params.subarray(x.offset, x.offset + x.size))).toBe(false); // from scratch: trains
    }
    const head = s.init.layout.layers[1].W;
    expect(same(p0.subarray(head.offset, head.offset + head.size), source.subarray(head.offset, head.offset + head.size))).toBe(false);
    // rewind goes back to where the transfer started
    expect(same(t.compressor.save().initial, source)).toBe(true);
  });

  it('keeps its reference through a checkpoint, and the check refuses a reference that does not fit', async () => {
    const c = cfg({ frozenLayers: 1 });
    const s = setupRun(c);
    const t = await Trainer.create(s, cpu, { transfer: { params: s.init.params.map((v) => v + 0.1), from: 'run A' } });
    for (let i = 0; i < 10; i++) t.doStep();
    const ckpt = structuredClone(await t.checkpoint());
    expect(validateCheckpoint(ckpt).ok).toBe(true);
    const back = await Trainer.restore(ckpt, setupRun(ckpt.config), cpu);
    expect(back.laneLabels).toEqual(['Transferred', 'From scratch']);
    expect(validateCheckpoint({ ...ckpt, reference: { kind: 'alone', from: 'x' } })).toMatchObject({ ok: false, problem: expect.stringMatching(/no(ne)?/) });
    expect(validateCheckpoint({ ...ckpt, lanes: ckpt.lanes.slice(0, 1), history: [] })).toMatchObject({ ok: false, problem: expect.stringMatching(/2 lanes/) });
  });
});
