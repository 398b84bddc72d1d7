/**
 * Matmul family parity, GPU vs CPU twin (engine/ops/matmul.ts), on odd shapes.
 * Tolerance: |gpu − cpu| ≤ 1e-4 + 1e-4·|cpu| (float32 accumulation over K ≤ 257 of values in [-1, 1]).
 */
import { expect, SHAPES, test } from './harness';

const TOL = { atol: 1e-4, rtol: 1e-4 };
const ACTS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;

test('forward: act(X·Wᵀ + b) for every activation on odd shapes', async ({ harness }) => {
  for (const [M, K, N] of SHAPES) {
    for (const act of ACTS) {
      const r = await harness.run('matmulForward', { M, K, N, act, seed: M * 1000 + K + N, ...TOL });
      expect(r.count, `${M}x${K}x${N} ${act}`).toBe(M * N);
      expect(r.violations, `${M}x${K}x${N} ${act}: worst ${JSON.stringify(r.worst)}`).toBe(0);
      if (act !== 'relu') expect(r.maxRef).toBeGreaterThan(0);
    }
  }
});

test('backward input gradient: (dZ·W) ⊙ f′(A_prev) for every activation', async ({ harness }) => {
  for (const [M, K, N] of SHAPES) {
    for (const gate of ACTS) {
      const r = await harness.run('matmulInputGrad', { M, K, N, gate, seed: M + K * 7 + N * 13, ...TOL });
      expect(r.count).toBe(M * K);
      expect(r.violations, `${M}x${K}x${N} gate ${gate}: worst ${JSON.stringify(r.worst)}`).toBe(0);
    }
  }
});

test('backward weight and bias gradients: dW = dZᵀ·X, db = Σ dZ', async ({ harness }) => {
  for (const [M, K, N] of SHAPES) {
    const r = await harness.run('weightGrad', { M, K, N, seed: 3 * M + K + N, ...TOL });
    expect(r.dW.count).toBe(N * K);
    expect(r.dW.violations, `dW ${M}x${K}x${N}: ${JSON.stringify(r.dW.worst)}`).toBe(0);
    expect(r.db.count).toBe(N);
    expect(r.db.violations, `db ${M}x${K}x${N}: ${JSON.stringify(r.db.worst)}`).toBe(0);
    expect(r.dW.maxRef).toBeGreaterThan(0);
  }
});

test('the bias gradient from the fused dW pass (row sums of dZᵀ) equals the twin on odd shapes, every block size, float and vec4 loads', async ({ harness }) => {
  for (const [M, K, N] of [[37, 29, 13], [1, 5, 3], [129, 7, 37]] as Array<[number, number, number]>) {
    for (const block of [undefined, 4, 8, 16, 32] as const) {
      for (const innerKnown of [false, true]) {
        const tiling = block ? { block, wgX: 2, wgY: 2 } : undefined;
        const what = `${M}x${K}x${N} block ${block ?? 'picked'} inner ${innerKnown ? 'known' : 'unknown'}`;
        const r = await harness.run('weightGrad', { M, K, N, seed: 11 * M + K + N, tiling, innerKnown, ...TOL });
        expect(r.db.count, what).toBe(N);
        expect(r.db.maxRef, `${what}: db is not all zeros`).toBeGreaterThan(0);
        expect(r.db.violations, `db ${what}: ${JSON.stringify(r.db.worst)}`).toBe(0);
        expect(r.dW.violations, `dW ${what}: ${JSON.stringify(r.dW.worst)}`).toBe(0);
      }
    }
  }
});
