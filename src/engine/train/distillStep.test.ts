/**
 * A distillation step on the CPU twin (BackendInit.softTargets, StepSettings.distill): with α = 0 it is the
 * cross-entropy step bit for bit; with α = 1 the student is pulled toward the teacher's logits and away
 * from nothing else, so it comes to agree with the teacher even where the labels say otherwise.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { forward } from '../fastNetwork';
import { setupRun, stepSettings } from '../run';

const setup = () => setupRun(validateConfig({ dataset: 'gaussians', samples: 300, hidden: [8], batchSize: 16, optimizer: 'adam', learningRate: 0.02 }).config);

describe('a distillation step', () => {
  it('at α = 0 is the cross-entropy step, bit for bit', async () => {
    const s = setup();
    const teacher = Float32Array.from({ length: s.data.train.n * 2 }, (_, i) => Math.sin(i));
    const plain = createCpuBackend(s.init);
    const distilled = createCpuBackend({ ...s.init, softTargets: teacher });
    for (let i = 0; i < 20; i++) {
      const batch = s.sampler.next(16);
      plain.step(batch, stepSettings(s.config, i));
      distilled.step(batch, { ...stepSettings(s.config, i), distill: { temperature: 4, alpha: 0 } });
    }
    const [a, b] = [await plain.readParams(), await distilled.readParams()];
    // α = 0 leaves only the hard term, computed with the max kept out of the log-sum-exp: equal to float32 rounding
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
  });

  it('at α = 1 the student learns the teacher’s answers, not the labels', async () => {
    const s = setup();
    const n = s.data.train.n;
    // a teacher that says the opposite of every label, confidently
    const teacher = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      const label = s.data.train.y[r * 2 + 1] === 1 ? 1 : 0;
      teacher[r * 2 + (1 - label)] = 4;
    }
    const be = createCpuBackend({ ...s.init, softTargets: teacher });
    for (let i = 0; i < 300; i++) be.step(s.sampler.next(16), { ...stepSettings(s.config, i), distill: { temperature: 2, alpha: 1 } });
    const p = await be.readParams();
    const acts = forward(s.init.spec, s.init.layout, p, s.data.train.x, n);
    const Z = acts[acts.length - 1];
    let agree = 0;
    for (let r = 0; r < n; r++) if ((Z[r * 2 + 1] > Z[r * 2]) === (teacher[r * 2 + 1] > teacher[r * 2])) agree++;
    expect(agree / n).toBeGreaterThan(0.9);
  });
});

describe('a distilled run', () => {
  it('keeps its teacher in the checkpoint, passes the saved-run check and continues bit for bit', async () => {
    const { Trainer } = await import('./trainer');
    const { validateCheckpoint } = await import('../../store/validateCheckpoint');
    const cpu = { create: async (init: Parameters<typeof createCpuBackend>[0]) => ({ backend: createCpuBackend(init) }) };
    // the teacher: a wider model trained on the same data
    const big = setupRun(validateConfig({ dataset: 'gaussians', samples: 300, hidden: [24], batchSize: 16, optimizer: 'adam', learningRate: 0.02 }).config);
    const tt = await Trainer.create(big, cpu);
    for (let i = 0; i < 100; i++) tt.doStep();
    const teacher = { spec: big.init.spec, params: (await tt.lanes[0].backend.readParams()).slice() };
    const c = validateConfig({ dataset: 'gaussians', samples: 300, hidden: [4], batchSize: 16, optimizer: 'adam', learningRate: 0.02, temperature: 3, distillWeight: 0.7 }).config;
    const straight = await Trainer.create(setupRun(c), cpu, { teacher });
    for (let i = 0; i < 40; i++) straight.doStep();
    const first = await Trainer.create(setupRun(c), cpu, { teacher });
    for (let i = 0; i < 20; i++) first.doStep();
    const ckpt = structuredClone(await first.checkpoint());
    expect(ckpt.teacher?.spec.layers[0].outDim).toBe(24);
    expect(validateCheckpoint(ckpt).ok).toBe(true);
    const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config), cpu);
    for (let i = 0; i < 20; i++) resumed.doStep();
    const [a, b] = [await straight.checkpoint(), await resumed.checkpoint()];
    expect(Buffer.from(b.lanes[0].params.buffer).equals(Buffer.from(a.lanes[0].params.buffer))).toBe(true);
    // a teacher for other classes is refused in words
    const wrong = { spec: { inputDim: 2, layers: [{ inDim: 2, outDim: 3, activation: 'linear' as const }] }, params: new Float32Array(128) };
    await expect(Trainer.create(setupRun(c), cpu, { teacher: wrong })).rejects.toThrow(/does not take this data's 2 inputs and 2 classes/);
    const bad = structuredClone(ckpt);
    bad.teacher = wrong;
    expect(validateCheckpoint(bad)).toMatchObject({ ok: false });
  });
});
