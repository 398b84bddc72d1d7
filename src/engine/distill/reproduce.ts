/**
 * The distillation experiment of `npm run reproduce:distill` (REFERENCE.md "Distillation"; Hinton et al.
 * 2015: teacher 784-1200-1200-10, 67 errors; student 784-800-800-10 alone 146, distilled at T = 20: 74).
 * Per seed: a teacher trained on all of MNIST; the student trained alone; the same student, from the same
 * initial weights and on the same batches (same seed), distilled from that teacher's soft targets at T
 * and α. Test errors out of the 10,000 test digits. Headless on the CPU backend through the playground's
 * own Trainer (the soft-target buffer and the distillation step the page uses). Pure engine code: the
 * caller loads MNIST and prints. The sizes are the plan's: say which in the results.
 */
import { validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { MnistRaw } from '../mnist';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import type { Teacher } from './teacher';

export interface DistillPlan {
  teacherHidden: number[];
  studentHidden: number[];
  seeds: number[];
  /** Training digits (the first n of 60,000). */
  samples: number;
  batchSize: number;
  learningRate: number;
  teacherEpochs: number;
  studentEpochs: number;
  temperature: number;
  /** α, the soft term's weight. */
  alpha: number;
}

export const DISTILL_PLAN: DistillPlan = {
  teacherHidden: [1200, 1200], studentHidden: [30, 30], seeds: [1, 2, 3], samples: 60000, batchSize: 128,
  learningRate: 0.001, teacherEpochs: 3, studentEpochs: 5, temperature: 4, alpha: 0.9,
};

export interface DistillResult {
  seeds: number[];
  /** Test errors out of the test digits, one per seed. */
  teacher_errors: number[];
  student_errors: number[];
  distilled_errors: number[];
  test_digits: number;
  wall_s: number;
  configs: { teacher: RunConfig; student: RunConfig };
}

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

export function distillConfig(plan: DistillPlan, hidden: number[], seed: number): RunConfig {
  return validateConfig({
    dataset: 'mnist', samples: plan.samples, hidden, activation: 'relu', loss: 'crossentropy', optimizer: 'adam',
    learningRate: plan.learningRate, batchSize: plan.batchSize, seed, temperature: plan.temperature, distillWeight: plan.alpha,
  }).config;
}

/** Trains `epochs` epochs and returns the test errors (out of the test digits). */
async function trainAndCount(t: Trainer, epochs: number): Promise<number> {
  const steps = Math.ceil((epochs * t.setup.data.train.n) / t.config.batchSize);
  for (let i = 0; i < steps; i++) t.doStep();
  await t.settled();
  for (;;) {
    const pending = t.evaluate(false);
    if (pending) return Math.round((1 - ((await pending).points[0].testAccuracy ?? 0)) * t.setup.data.test.n);
    await t.settled();
  }
}

export async function runDistill(mnist: MnistRaw, plan: DistillPlan, log: (line: string) => void = () => {}): Promise<DistillResult> {
  const t0 = performance.now();
  const r: DistillResult = { seeds: plan.seeds, teacher_errors: [], student_errors: [], distilled_errors: [], test_digits: 0, wall_s: 0, configs: { teacher: distillConfig(plan, plan.teacherHidden, plan.seeds[0]), student: distillConfig(plan, plan.studentHidden, plan.seeds[0]) } };
  for (const seed of plan.seeds) {
    const tc = distillConfig(plan, plan.teacherHidden, seed);
    const teacherRun = await Trainer.create(setupRun(tc, mnist), cpu);
    r.teacher_errors.push(await trainAndCount(teacherRun, plan.teacherEpochs));
    const teacher: Teacher = { spec: teacherRun.setup.init.spec, params: (await teacherRun.lanes[0].backend.readParams()).slice() };
    r.test_digits = teacherRun.setup.data.test.n;
    teacherRun.destroy();
    const sc = distillConfig(plan, plan.studentHidden, seed);
    const alone = await Trainer.create(setupRun(sc, mnist), cpu);
    r.student_errors.push(await trainAndCount(alone, plan.studentEpochs));
    alone.destroy();
    const distilled = await Trainer.create(setupRun(sc, mnist), cpu, { teacher });
    r.distilled_errors.push(await trainAndCount(distilled, plan.studentEpochs));
    distilled.destroy();
    log(`seed ${seed}: teacher ${r.teacher_errors.at(-1)} errors, student alone ${r.student_errors.at(-1)}, distilled ${r.distilled_errors.at(-1)} (of ${r.test_digits})`);
  }
  r.wall_s = (performance.now() - t0) / 1000;
  return r;
}

/** The table printed and put in the README, with Hinton et al.'s numbers beside. */
export function formatDistillTable(r: DistillResult, plan: DistillPlan): string {
  const w = (h: number[]) => `784-${h.join('-')}-10`;
  const lines = ['| seed | teacher | student alone | student distilled |', '| --- | ---: | ---: | ---: |'];
  r.seeds.forEach((s, i) => lines.push(`| ${s} | ${r.teacher_errors[i]} | ${r.student_errors[i]} | ${r.distilled_errors[i]} |`));
  lines.push(`| Hinton et al. | 67 (784-1200-1200-10) | 146 (784-800-800-10) | 74 |`);
  return `teacher ${w(plan.teacherHidden)}, student ${w(plan.studentHidden)}, T = ${plan.temperature}, α = ${plan.alpha}\n${lines.join('\n')}`;
}
