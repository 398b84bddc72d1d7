/**
 * The distillation reproduction on a small stand-in for MNIST: per seed a teacher, the student alone and
 * the student distilled, each a count of test errors; the JSON's lists line up with the seeds.
 */
import { describe, expect, it } from 'vitest';
import type { MnistRaw } from '../mnist';
import { DISTILL_PLAN, distillConfig, formatDistillTable, runDistill, type DistillPlan } from './reproduce';

/** 4×4 images whose digit is written in their pixels, with a little per-image variation. */
function fakeMnist(nTrain: number, nTest: number): MnistRaw {
  const split = (n: number) => {
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const images = new Uint8Array(n * 16);
    labels.forEach((l, i) => {
      for (let p = 0; p < 16; p++) images[i * 16 + p] = (l * 25 + ((i * 31 + p * 17) % 9)) & 255;
    });
    return { images, labels, n };
  };
  return { train: split(nTrain), test: split(nTest), rows: 4, cols: 4 };
}

describe('the distillation reproduction', () => {
  it('counts the teacher’s, the student’s and the distilled student’s test errors per seed (one Trainer trains both students)', async () => {
    const plan: DistillPlan = { teacherHidden: [32], studentHidden: [4], seeds: [1, 2], samples: 300, batchSize: 32, teacherLearningRate: 0.01, studentLearningRate: 0.01, schedule: 'cosine', teacherEpochs: 20, teacherShift: 0, studentEpochs: 5, temperature: 4, alpha: 0.9 };
    const r = await runDistill(fakeMnist(300, 100), plan);
    expect(r.seeds).toEqual([1, 2]);
    for (const list of [r.teacher_errors, r.student_errors, r.distilled_errors]) {
      expect(list).toHaveLength(2);
      for (const e of list) expect(Number.isInteger(e) && e >= 0 && e <= r.test_digits).toBe(true);
    }
    expect(r.test_digits).toBe(100);
    expect(r.teacher_errors.every((e) => e < 50), 'the teacher learns the stand-in digits').toBe(true);
    expect(r.configs.student.temperature).toBe(4);
    // each model's cosine spans its own training: 20 epochs of 300 digits in batches of 32 (188 steps), 5 epochs (47)
    expect(r.configs.teacher).toMatchObject({ schedule: 'cosine', totalSteps: 188, minLrFactor: 0, hidden: [32] });
    expect(r.configs.student).toMatchObject({ schedule: 'cosine', totalSteps: 47, hidden: [4] });
    expect(r.teacher_s).toHaveLength(2);
    expect(formatDistillTable(r, plan)).toContain('| Hinton et al. | 67');
  });

  it('shifts only the teacher’s digits: the students, alone and distilled, train on the digits as they are', () => {
    const plan: DistillPlan = { ...DISTILL_PLAN, teacherShift: 2 };
    expect(distillConfig(plan, plan.teacherHidden, 1, 100, plan.teacherLearningRate, plan.teacherShift).augShift).toBe(2);
    expect(distillConfig(plan, plan.studentHidden, 1, 100, plan.studentLearningRate).augShift).toBe(0);
  });
});
