/**
 * The Distill & transfer lessons keep their promises, trained here on the CPU engine through the Trainer
 * as the worker trains them: the teacher first (Train teacher: the lesson's settings with the teacher's
 * layers, every digit), then the lesson's run taught by it, its reference lane the same student alone.
 * The measured numbers are logged.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../engine/config';
import { createCpuBackend } from '../../engine/cpuBackend';
import { forward } from '../../engine/fastNetwork';
import { paramLayout } from '../../engine/model';
import { loadMnistNode } from '../../engine/mnistNode';
import { setupRun } from '../../engine/run';
import { Trainer, type BackendFactory } from '../../engine/train/trainer';
import { freshHead, transferParams } from '../../engine/transfer/start';
import { LESSONS, lessonConfig, type PlaygroundLesson } from './lessons';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function lesson(id: string): PlaygroundLesson {
  const l = LESSONS.find((x) => x.id === id);
  if (l?.kind !== 'playground') throw new Error(`no playground lesson ${id}`);
  return l;
}

/** Each lane's test accuracy, overall and on one digit (0..1). */
async function accuracies(t: Trainer, digit: number): Promise<Array<{ all: number; digit: number }>> {
  const test = t.setup.data.test;
  const out = [];
  for (const lane of t.lanes) {
    const params = await lane.backend.readParams();
    const Z = forward(lane.spec, paramLayout(lane.spec), params, test.x, test.n).at(-1)!; // [test.n, 10]
    let right = 0, seen = 0, named = 0;
    for (let i = 0; i < test.n; i++) {
      let p = 0, y = 0;
      for (let k = 1; k < 10; k++) {
        if (Z[i * 10 + k] > Z[i * 10 + p]) p = k;
        if (test.y[i * 10 + k] > test.y[i * 10 + y]) y = k;
      }
      if (p === y) right++;
      if (y === digit) {
        seen++;
        if (p === digit) named++;
      }
    }
    out.push({ all: right / test.n, digit: named / seen });
  }
  return out;
}

describe('Distill & transfer lessons', () => {
  const mnist = loadMnistNode();

  it('Dark knowledge: the distilled student names most 3s it never saw, the student alone none; a bias shift names more', async () => {
    const l = lesson('dark-knowledge');
    const config = lessonConfig(l);
    const teach = l.teacher!;
    // Train teacher (worker/tutor.ts): the lesson's settings with the teacher's layers, every digit
    const tc = validateConfig({ ...config, hidden: teach.hidden, omitDigit: 'none', biasShift: 0 }).config;
    const tt = await Trainer.create(setupRun(tc, mnist), cpu);
    const steps = Math.ceil((teach.epochs * tt.setup.data.train.n) / tc.batchSize);
    for (let i = 0; i < steps; i++) tt.doStep();
    const teacher = { spec: tt.setup.init.spec, params: (await tt.lanes[0].backend.readParams()).slice(), name: 'Teacher 784-256-10' };
    const [tAcc] = await accuracies(tt, 3);

    const student = await Trainer.create(setupRun(config, mnist), cpu, { teacher });
    const { train } = student.setup.data;
    expect(Array.from({ length: train.n }, (_, i) => train.y[i * 10 + 3]).some((v) => v > 0), 'no 3 among its training digits').toBe(false);
    for (let i = 0; i < 600; i++) student.doStep();
    const [taught, alone] = await accuracies(student, 3);
    student.configure({ ...config, biasShift: 2 });
    await student.compress();
    const [shifted, aloneShifted] = await accuracies(student, 3);
    console.log(`[lesson dark knowledge] teacher ${pct(tAcc.all)} (3s ${pct(tAcc.digit)}) after ${steps} steps; at step 600 distilled ${pct(taught.all)} (3s ${pct(taught.digit)}), alone ${pct(alone.all)} (3s ${pct(alone.digit)}); bias +2: distilled ${pct(shifted.all)} (3s ${pct(shifted.digit)}), alone 3s ${pct(aloneShifted.digit)}`);
    expect(taught.digit).toBeGreaterThan(0.45);
    expect(taught.digit).toBeLessThan(0.7);
    expect(alone.digit).toBeLessThan(0.01);
    expect(shifted.digit).toBeGreaterThan(0.72);
    expect(shifted.all).toBeGreaterThan(taught.all + 0.005);
    expect(aloneShifted.digit).toBeLessThan(0.05);
  }, 120_000);
});

describe('the transfer lesson', () => {
  const mnist = loadMnistNode();

  it('Transfer: the 5–9 model started from the 0–4 run is ahead from the first steps, with every layer training or the first layer frozen; the trunk frozen ends behind', async () => {
    const l = lesson('transfer-halves');
    const config = lessonConfig(l);
    const src = l.source!;
    // Train source first (worker/tutor.ts): the lesson's settings (its augmentation included) on the source's digits
    const sc = validateConfig({ ...config, classes: src.classes, samples: 60000 }).config;
    const st = await Trainer.create(setupRun(sc, mnist), cpu);
    const steps = Math.ceil((src.epochs * st.setup.data.train.n) / sc.batchSize);
    for (let i = 0; i < steps; i++) st.doStep();
    const source = { spec: st.setup.init.spec, params: (await st.lanes[0].backend.readParams()).slice() };
    const s = setupRun(config, mnist);
    const params = transferParams({ lanes: [source] }, s.init.spec, s.init.params, { reinitHead: true, blend: null }, freshHead(s.init.spec, config.seed));
    /** [mark] → [transferred, from scratch] test accuracy, with the first `frozen` layers frozen (Frozen layers, then Reset). */
    const curve = async (frozen: number) => {
      const t = await Trainer.create(setupRun({ ...config, frozenLayers: frozen }, mnist), cpu, { transfer: { params, from: 'source' } });
      const marks: Record<number, number[]> = {};
      for (const mark of [5, 10, 15, 20, 30, 160]) {
        while (t.step < mark) t.doStep();
        marks[mark] = (await accuracies(t, 5)).map((a) => a.all);
      }
      return marks;
    };
    const text = (m: Record<number, number[]>) => Object.entries(m).map(([k, v]) => `${k}: ${v.map(pct).join(' / ')}`).join(', ');
    const [tuned, first, trunk] = [await curve(0), await curve(1), await curve(2)];
    console.log(`[lesson transfer] source ${steps} steps; transferred / from scratch at ${text(tuned)}; first layer frozen at ${text(first)}; trunk frozen at ${text(trunk)}`);
    expect(tuned[5][0]).toBeGreaterThan(tuned[5][1] + 0.08);
    for (const m of [10, 15, 20, 30]) expect(tuned[m][0], `ahead at step ${m}`).toBeGreaterThan(tuned[m][1] + 0.05);
    expect(tuned[160][0], 'still ahead at step 160').toBeGreaterThan(tuned[160][1]);
    for (const m of [5, 10, 15, 20, 30]) expect(first[m][0], `first layer frozen: ahead at step ${m}`).toBeGreaterThan(first[m][1] + 0.05);
    expect(first[160][0], 'first layer frozen: from scratch passes it by step 160').toBeLessThan(first[160][1]);
    expect(trunk[10][0], 'trunk frozen: a head start').toBeGreaterThan(trunk[10][1] + 0.05);
    expect(trunk[160][0], 'trunk frozen: behind at step 160').toBeLessThan(trunk[160][1] - 0.03);
  }, 300_000); // the source trains 1,435 LeNet steps on the CPU: about a minute here
});
