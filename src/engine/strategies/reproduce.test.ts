/**
 * The strategies reproduction on a small stand-in for MNIST (28×28 images, so shifts apply): per seed a
 * plain and a shifted run, the ensemble of the plain runs and the interpolation barrier before and after
 * aligning the neurons; the JSON's lists line up with the seeds.
 */
import { describe, expect, it } from 'vitest';
import type { MnistRaw } from '../mnist';
import { formatStrategiesTable, runStrategies, strategiesChecks, type StrategiesPlan } from './reproduce';

/** 28×28 images with a bright 6×6 block whose place is the digit, plus a little per-image variation. */
function fakeMnist(nTrain: number, nTest: number): MnistRaw {
  const split = (n: number) => {
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const images = new Uint8Array(n * 784);
    labels.forEach((l, i) => {
      const x0 = 3 + (l % 5) * 4, y0 = 6 + Math.floor(l / 5) * 10;
      for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) images[i * 784 + (y0 + y) * 28 + x0 + x] = 200 + ((i * 31 + x * 17 + y) % 50);
    });
    return { images, labels, n };
  };
  return { train: split(nTrain), test: split(nTest), rows: 28, cols: 28 };
}

describe('the strategies reproduction', () => {
  it('counts plain and shifted test errors per seed, ensembles the plain runs and measures the barrier before and after alignment', async () => {
    const plan: StrategiesPlan = { seeds: [1, 2], samples: 200, hidden: [12, 8], batchSize: 20, learningRate: 0.01, epochs: 4, shift: 2, alphas: 5 };
    const r = await runStrategies(fakeMnist(200, 60), plan);
    expect(r.test_digits).toBe(60);
    expect(r.shift.seeds).toEqual([1, 2]);
    for (const list of [r.shift.errors_plain, r.shift.errors_shift, r.ensemble.member_errors]) {
      expect(list).toHaveLength(2);
      for (const e of list) expect(Number.isInteger(e) && e >= 0 && e <= 60).toBe(true);
    }
    expect(r.ensemble.member_errors, 'the ensemble’s members are the plain runs').toEqual(r.shift.errors_plain);
    expect(r.shift.errors_plain.every((e) => e < 30), 'the plain runs learn the stand-in digits').toBe(true);
    expect(r.interpolation.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // alignment permutes B's neurons, which leaves its function alone: the path's far end scores the same
    expect(r.interpolation.loss_after[4]).toBeCloseTo(r.interpolation.loss_before[4], 4);
    expect(r.interpolation.loss_after[0]).toBeCloseTo(r.interpolation.loss_before[0], 6);
    expect(Number.isFinite(r.interpolation.barrier_before) && Number.isFinite(r.interpolation.barrier_after)).toBe(true);
    expect(r.config).toMatchObject({ schedule: 'cosine', totalSteps: 40, hidden: [12, 8] });
    expect(Object.keys(strategiesChecks(r))).toEqual(['shift', 'ensemble', 'alignment']);
    expect(formatStrategiesTable(r, plan)).toContain('| ensemble (mean of probabilities) |');
  });
});
