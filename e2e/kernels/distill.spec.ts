/**
 * shaders/distill.wgsl (and loss.wgsl's reduce_rows on its uniform block) against the CPU twin
 * engine/ops/distill.ts: odd shapes M ∈ {1, 7, 65, 300} × K ∈ {2, 3, 10}, T ∈ {1, 2.5, 20},
 * α ∈ {0, 0.5, 0.9, 1}, random logits plus rows of huge ones (student all 1000, ±80 on either side,
 * a teacher of ±1000 whose other probabilities underflow).
 *
 * Tolerance: |gpu − cpu| ≤ 1e-5 + 1e-4·|cpu| for dZ and each row's loss (float32 exp/log and x/T on the
 * GPU against float64 on the CPU); the correctness flags exactly; the summed loss and correct count from
 * reduce_rows at 10× (1e-4 + 1e-3·|cpu|: a float32 tree sum of up to 300 rows against a float64 sum).
 * Measured on SwiftShader: T ≤ 2.5 passes even at 1e-6 + 1e-5·|cpu|; at T = 20 a row loss is off by up to
 * 2.5e-5 relative (T² = 400 times the float32 rounding of log p_t − log p_s in a small KL), 4× inside.
 */
import type { DistillResult } from '../../src/harness/distillCases';
import { expect, test, type Harness } from './harness';

const MS = [1, 7, 65, 300];
const KS = [2, 3, 10];
const ALPHAS = [0, 0.5, 0.9, 1];
const TOL = { atol: 1e-5, rtol: 1e-4 };

function expectClean(r: DistillResult, M: number, K: number, what: string) {
  expect(r.finite, `${what} finite`).toBe(true);
  expect(r.grad.count, `${what} grad count`).toBe(M * K);
  expect(r.grad.violations, `${what} dZ worst ${JSON.stringify(r.grad.worst)} maxAbsErr ${r.grad.maxAbsErr}`).toBe(0);
  expect(r.rowLoss.count, `${what} rows`).toBe(M);
  expect(r.rowLoss.violations, `${what} row loss worst ${JSON.stringify(r.rowLoss.worst)}`).toBe(0);
  expect(r.correct.violations, `${what} correct`).toBe(0);
  expect(r.sums.violations, `${what} sums worst ${JSON.stringify(r.sums.worst)}`).toBe(0);
  expect(r.grad.maxRef, `${what} dZ is not all zeros`).toBeGreaterThan(0);
  expect(r.rowLoss.maxRef, `${what} the loss is not 0`).toBeGreaterThan(0);
}

async function sweep(harness: Harness, T: number) {
  const worst = { dZ: 0, rowLoss: 0, sum: 0 };
  for (const M of MS) {
    for (const K of KS) {
      for (const alpha of ALPHAS) {
        const what = `M=${M} K=${K} T=${T} α=${alpha}`;
        const r = await harness.run('distill', { M, K, T, alpha, seed: M * 101 + K * 7 + alpha * 10, large: true, ...TOL });
        expectClean(r, M, K, what);
        worst.dZ = Math.max(worst.dZ, r.grad.maxAbsErr);
        worst.rowLoss = Math.max(worst.rowLoss, r.rowLoss.maxAbsErr);
        worst.sum = Math.max(worst.sum, r.sums.maxAbsErr);
      }
    }
  }
  test.info().annotations.push({ type: 'max |gpu − cpu|', description: `T=${T}: ${JSON.stringify(worst)}` });
}

for (const T of [1, 2.5, 20]) {
  test(`distillation gradient, row losses and sums at T=${T}: odd shapes, every α, huge logits`, async ({ harness }) => {
    await sweep(harness, T);
  });
}

test('teacher = student at α = 1: the GPU gives loss 0 and gradient 0 exactly; at α = 0.5 only the hard term is left', async ({ harness }) => {
  for (const T of [1, 2.5, 20]) {
    const zero = await harness.run('distill', { M: 65, K: 10, T, alpha: 1, seed: 3, large: true, teacherIsStudent: true, ...TOL });
    expect(zero.finite).toBe(true);
    expect(zero.gpuMaxAbsGrad, `T=${T} dZ`).toBe(0);
    expect(zero.gpuLossSum, `T=${T} loss`).toBe(0);
    const half = await harness.run('distill', { M: 65, K: 10, T, alpha: 0.5, seed: 3, teacherIsStudent: true, ...TOL });
    expectClean(half, 65, 10, `teacher = student T=${T} α=0.5`);
  }
});
