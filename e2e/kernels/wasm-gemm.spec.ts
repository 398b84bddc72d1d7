/**
 * The CPU engine's WebAssembly products (engine/wasm/gemm.ts) in Chromium, where they run with relaxed SIMD
 * (f32x4.relaxed_madd) and helper threads (module Web Workers sharing the arena's memory), against the
 * TypeScript twins (ops/fastMatmul.ts, ops/activation.ts) on odd shapes: M, K, N from {1, 3, 5, 7, 17, 33,
 * 130}, every activation, bias and none (forward), the gate of every activation (input gradient), dW with
 * db (weight gradient); plus products big enough to be split over the threads (M·N·K over 2²⁰ per thread),
 * cut by rows and by columns.
 * Tolerance: |wasm − ts| ≤ atol + 1e-5·|ts| with atol = 1e-5·max(1, R/64), R the length of the sum (K
 * forward, N input gradient, M weight gradient): float32 sums against the twins' float64 ones drift with the
 * size of the partial sums, so a result near 0 from a long sum can be off by more than 1e-5 of itself.
 * Threads against one thread: bit for bit.
 */
import { expect, test } from './harness';

const ACTS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
const D = [1, 3, 5, 7, 17, 33, 130];
const SHAPES: Array<[number, number, number]> = D.flatMap((a, i) => [[a, D[(i + 3) % 7], D[(i + 5) % 7]], [D[(i + 1) % 7], a, D[(i + 4) % 7]], [D[(i + 2) % 7], D[(i + 6) % 7], a]] as Array<[number, number, number]>);
const BIG: Array<[number, number, number]> = [[131, 257, 97], [13, 1031, 401], [301, 129, 67], [128, 784, 300]];

test('WebAssembly gemm matches the TypeScript twins, with relaxed SIMD and threads, bit-identical to one thread', async ({ harness }) => {
  test.setTimeout(300_000);
  let checked = 0;
  for (const [M, K, N] of [...SHAPES, ...BIG]) {
    const cases = [
      ...ACTS.flatMap((act) => [true, false].map((bias) => ({ op: 'forward' as const, act, bias }))),
      ...ACTS.map((act) => ({ op: 'inputGrad' as const, act, bias: false })),
      { op: 'weightGrad' as const, act: 'linear' as const, bias: false },
    ];
    for (const c of cases) {
      const what = `${c.op} ${M}x${K}x${N} ${c.act}${c.bias ? ' bias' : ''}`;
      const R = c.op === 'forward' ? K : c.op === 'inputGrad' ? N : M;
      const r = await harness.run('wasmGemm', { ...c, M, K, N, seed: M * 131 + K * 7 + N, atol: 1e-5 * Math.max(1, R / 64), rtol: 1e-5 });
      expect(r.features.simd && r.features.relaxedMadd && r.features.threads, `${what}: relaxed SIMD and threads in Chromium`).toBe(true);
      expect(r.threads, 'the page runs helper threads').toBeGreaterThan(1);
      expect(r.out.count, what).toBeGreaterThan(0);
      expect(r.out.violations, `${what} worst ${JSON.stringify(r.out.worst)}`).toBe(0);
      if (c.op === 'weightGrad') expect(r.db?.violations, `${what} db worst ${JSON.stringify(r.db?.worst)}`).toBe(0);
      expect(r.identical, `${what}: threads and one thread give the same bits`).toBe(true);
      checked++;
    }
  }
  expect(checked).toBe((SHAPES.length + BIG.length) * 13);
});
