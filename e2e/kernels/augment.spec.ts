/**
 * shaders/augment.wgsl against the CPU twin engine/ops/augment.ts (same draws, engine/strategies/augment.ts):
 * batches of R ∈ {1, 7, 33} rows from 28×28 digits-sized images, an odd 9×5 image and plain 2-D points;
 * shifts and rotations at their limits (4 pixels, 30°), mixup on and off, noise on and off. Then whole
 * augmented training runs, GPU backend against CPU backend.
 *
 * Tolerance: |gpu − cpu| ≤ 1e-5 + 1e-5·|cpu| without noise (float32 bilinear weights against float64);
 * with noise, 1e-5 + 2e-3·σ more per element: z = √(−2 ln(1 − u₁))·cos(2π u₂) in float32 on the GPU
 * (WGSL bounds cos's absolute error by 2⁻¹¹ on [−π, π]; |√(−2 ln u)| ≤ 5.8). Whole-pixel shifts without
 * rotation or noise copy pixels, so there the GPU must agree exactly.
 */
import type { AugmentCase } from '../../src/harness/augmentCases';
import { expect, test } from './harness';

const DIGIT = { width: 28, height: 28 };
const ODD = { width: 9, height: 5 };
const base = { n: 50, C: 10, shift: 0, rotation: 0, noise: 0, mixup: 0, seed: 3, step: 17, rtol: 1e-5 };
const tol = (noise: number) => ({ atol: 1e-5 + 2e-3 * noise });

function caseFor(R: number, image: AugmentCase['image'], extra: Partial<AugmentCase>): AugmentCase {
  const noise = extra.noise ?? 0;
  return { ...base, R, image, D: image ? image.width * image.height : 2, seed: R * 31 + 7, ...tol(noise), ...extra };
}

test('the augmented batch (inputs, targets, teacher logits; one dispatch) matches the CPU twin: odd batches, shifts and turns at their limits, mixup and noise on and off', async ({ harness }) => {
  const worst = { x: 0, y: 0 };
  for (const R of [1, 7, 33]) {
    for (const image of [DIGIT, ODD, null]) {
      for (const extra of [
        { shift: 4 },
        { rotation: 30 },
        { shift: 4, rotation: 30, mixup: 0.4 },
        { shift: 2, rotation: 10, noise: 0.5, mixup: 1 },
        { noise: 1 },
        { mixup: 0.2 },
      ] as Array<Partial<AugmentCase>>) {
        const what = `R=${R} image=${image ? `${image.width}×${image.height}` : 'none'} ${JSON.stringify(extra)}`;
        // the teacher's logits gathered in the same dispatch on two of the three batch sizes
        const r = await harness.run('augmentKernel', { ...caseFor(R, image, extra), teacher: R !== 7 });
        expect(r.finite, `${what} finite`).toBe(true);
        expect(r.x.count, what).toBe(R * (image ? image.width * image.height : 2));
        expect(r.x.violations, `${what} x worst ${JSON.stringify(r.x.worst)} maxAbsErr ${r.x.maxAbsErr}`).toBe(0);
        expect(r.y.violations, `${what} y worst ${JSON.stringify(r.y.worst)}`).toBe(0);
        if (R !== 7) expect(r.z?.count, `${what} teacher logits`).toBe(R * (base.C + 3));
        else expect(r.z, `${what} no teacher`).toBeNull();
        expect(r.z?.violations ?? 0, `${what} teacher logits worst ${JSON.stringify(r.z?.worst)}`).toBe(0);
        expect(r.x.maxRef, `${what} x is not all zeros`).toBeGreaterThan(0);
        if (image && R === 33 && extra.shift) expect(r.maxShift, `${what} reaches the shift limit`).toBe(extra.shift);
        if (image && R === 33 && extra.rotation) expect(r.maxAngle, `${what} nears the angle limit`).toBeGreaterThan(extra.rotation * 0.8);
        worst.x = Math.max(worst.x, r.x.maxAbsErr);
        worst.y = Math.max(worst.y, r.y.maxAbsErr);
      }
    }
  }
  test.info().annotations.push({ type: 'max |gpu − cpu|', description: JSON.stringify(worst) });
  console.log(`[augment] max |gpu − cpu|: ${JSON.stringify(worst)}`);
});

test('whole-pixel shifts copy pixels: the GPU agrees exactly', async ({ harness }) => {
  for (const R of [1, 7, 33]) {
    const r = await harness.run('augmentKernel', { ...caseFor(R, DIGIT, { shift: 4 }), atol: 0, rtol: 0 });
    expect(r.x.violations, `R=${R} worst ${JSON.stringify(r.x.worst)}`).toBe(0);
  }
});

test('augmented training: GPU and CPU backends reach the same weights and show the same batch', async ({ harness }) => {
  for (const config of [
    { augShift: 2, augRotation: 15, batchSize: 7 },
    { augShift: 4, augNoise: 0.2, augMixup: 0.4, batchSize: 33 },
  ]) {
    const r = await harness.run('augmentTraining', { config, steps: 5, atol: 2e-4, rtol: 2e-3 });
    const what = JSON.stringify(config);
    expect(r.paramChange, `${what} the weights moved`).toBeGreaterThan(1e-4);
    expect(r.params.violations, `${what} params worst ${JSON.stringify(r.params.worst)}`).toBe(0);
    expect(r.batchRows, what).toBe(Math.min(16, config.batchSize));
    expect(r.batchX!.violations, `${what} batch x worst ${JSON.stringify(r.batchX!.worst)}`).toBe(0);
    expect(r.batchY!.violations, `${what} batch y`).toBe(0);
  }
});

test('jitter and mixup on the spiral: GPU and CPU backends train alike', async ({ harness }) => {
  const r = await harness.run('trainSteps', { config: { dataset: 'spiral', augJitter: 0.2, augMixup: 0.3, batchSize: 33 }, steps: 10, atol: 1e-4, rtol: 1e-3 });
  expect(r.paramChange).toBeGreaterThan(1e-4);
  expect(r.params.violations, `params worst ${JSON.stringify(r.params.worst)}`).toBe(0);
});
