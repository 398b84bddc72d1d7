/**
 * Loss, gather and statistics kernels (the optimizer kernel has its own spec) against their CPU twins (engine/ops/*.ts) on odd sizes.
 * Tolerances are stated per test.
 */
import { expect, test } from './harness';

const SIZES = [1, 3, 7, 33, 257, 1000];

test('loss gradient, per-row loss, correctness and row sums (MSE and cross-entropy, huge logits)', async ({ harness }) => {
  // float32 exp/log: 1e-5 absolute plus 1e-4 relative
  for (const loss of ['mse', 'crossentropy'] as const) {
    for (const M of SIZES) {
      for (const C of [1, 2, 3, 10]) {
        if (loss === 'crossentropy' && C === 1) continue;
        const r = await harness.run('loss', { M, C, loss, seed: M * 31 + C, atol: 1e-5, rtol: 1e-4 });
        const what = `${loss} M=${M} C=${C}`;
        expect(r.grad.count, what).toBe(M * C);
        expect(r.grad.violations, `${what} grad ${JSON.stringify(r.grad.worst)}`).toBe(0);
        expect(r.rowLoss.violations, `${what} rowLoss ${JSON.stringify(r.rowLoss.worst)}`).toBe(0);
        expect(r.correct.violations, `${what} correct`).toBe(0);
        expect(r.sums.violations, `${what} sums ${JSON.stringify(r.sums.worst)}`).toBe(0);
      }
    }
  }
});

test('row gather is exact: one matrix, and a batch of two or three (inputs, targets, teacher logits) in one dispatch', async ({ harness }) => {
  const cases: Array<[number, number, number[]]> = [[1, 1, [1]], [7, 3, [2]], [33, 257, [1]], [257, 33, [7]], [1000, 513, [3]], [7, 3, [5, 2]], [257, 33, [29, 13, 13]], [1000, 513, [3, 1, 7]]];
  for (const [n, R, widths] of cases) {
    const r = await harness.run('gather', { n, R, widths, seed: n + R + widths[0] });
    expect(r.length).toBe(widths.length);
    r.forEach((c, j) => {
      expect(c.count, `n=${n} R=${R} widths ${widths} matrix ${j}`).toBe(R * widths[j]);
      expect(c.violations, `n=${n} R=${R} widths ${widths} matrix ${j}`).toBe(0);
    });
  }
});

test('per-segment statistics: min, max, Σx², Σ|x| and histogram bin counts', async ({ harness }) => {
  const sizes = [1, 3, 7, 33, 257, 4096, 70000];
  const segs = await harness.run('histogram', { sizes, seed: 5 });
  segs.forEach((h, i) => {
    expect(h.gpuTotal, `segment ${i} total`).toBe(sizes[i]);
    expect(h.gpuMin).toBe(h.cpuMin);
    expect(h.gpuMax).toBe(h.cpuMax);
    // Σx² and Σ|x| in float32 tree sums: 1e-6 + 1e-5 relative
    expect(h.sums.violations, `segment ${i} sums ${JSON.stringify(h.sums.worst)}`).toBe(0);
    // float32 division may put a value that sits on a bin edge into the neighbouring bin
    expect(h.moved, `segment ${i} values in a different bin`).toBeLessThanOrEqual(Math.max(1, sizes[i] * 1e-4));
  });
  // the maximum lands in the last bin: a 1-value segment has min = max, so it goes to the middle bin
  expect(segs[0].gpuCounts[16]).toBe(1);
  const constant = await harness.run('histogram', { sizes: [5, 64], seed: 1, constant: true });
  constant.forEach((h, i) => expect(h.gpuCounts[16], `constant segment ${i}`).toBe([5, 64][i]));
});
