/**
 * Pruning and quantization kernels (shaders/prune.wgsl, shaders/quantize.wgsl) against their CPU twins
 * (engine/ops/prune.ts, engine/ops/quantize.ts) on odd sizes and multi-tensor layouts with 64-float
 * alignment and random padding.
 *
 * Tolerances:
 *  - Magnitude pruning: exact. The mask, the masked weights (pruned entries +0), and per group the live
 *    count, k, the threshold's bit pattern and the ties pruned at it must equal the twin's bit for bit
 *    (the tie rule (|w|, flat index) makes the answer unique).
 *  - Row norms and activity: |gpu − cpu| ≤ 1e-6 + 1e-5·|cpu| (float32 sums on the GPU, float64 on the CPU,
 *    over at most 4099 terms of magnitude ≤ 3).
 *  - Fake quantization, scales, zero points and STE: exact for 2..8 bits and float (32) segments, also on
 *    values exactly halfway between two levels (round half to even on both sides). SwiftShader divides
 *    exactly; WGSL allows 2.5 ulp for x/s, so on other GPUs an x/s within a few ulp of a half-level (or of
 *    a range end) may land one level over: the documented exception, not seen here.
 *  - 1 bit: s = mean|x| sums in another order on the GPU: scales and values within rtol 1e-5.
 */
import { expect, test } from './harness';
import type { Comparison } from '../../src/harness/gpuRun';

const ODD = [1, 3, 7, 33, 257, 4099];
const exact = (c: Comparison, what: string, n?: number) => {
  if (n !== undefined) expect(c.count, `${what} count`).toBe(n);
  expect(c.violations, `${what}: worst ${JSON.stringify(c.worst)} maxAbsErr ${c.maxAbsErr}`).toBe(0);
};

test('magnitude pruning per layer: exact mask on odd sizes, with ties and a pre-existing mask', async ({ harness }) => {
  for (const size of ODD) {
    for (const v of [{ amount: 0.5 }, { amount: 0.6, ties: true, preMask: 0.4 }]) {
      const what = `size ${size} ${JSON.stringify(v)}`;
      const r = await harness.run('magnitudePrune', { sizes: [size], scope: 'layer', seed: size * 3 + 1, ...v });
      exact(r.mask, `${what} mask`);
      exact(r.weights, `${what} weights`);
      exact(r.info, `${what} info`);
      expect(r.negativeZeros, what).toBe(0);
      if (size >= 7) expect(r.pruned, what).toBeGreaterThan(0);
      if (size >= 33 && v.ties) expect(r.ties, `${what} has several ties pruned at the threshold`).toBeGreaterThan(1);
    }
  }
});

test('magnitude pruning over multi-tensor layouts: global and per layer, ties, pre-existing mask, target rule', async ({ harness }) => {
  const LAYOUTS = [[1, 3, 7, 33, 257], [4099, 33, 1], [257, 257, 257]];
  for (const sizes of LAYOUTS) {
    const n = sizes.reduce((a, b) => a + b, 0);
    for (const scope of ['global', 'layer'] as const) {
      for (const v of [{ amount: 0.5 }, { amount: 0.7, ties: true }, { amount: 0.5, ties: true, preMask: 0.3 }, { amount: 1, preMask: 0.2 }, { amount: 0 }]) {
        const what = `${scope} [${sizes}] ${JSON.stringify(v)}`;
        const r = await harness.run('magnitudePrune', { sizes, scope, seed: n + sizes.length, ...v });
        exact(r.mask, `${what} mask`);
        exact(r.weights, `${what} weights`);
        exact(r.info, `${what} info`, (scope === 'global' ? 1 : sizes.length) * 4);
        expect(r.negativeZeros, what).toBe(0);
        if (v.amount === 1) expect(r.sparsityAfter, what).toBe(1);
        if (v.amount === 0) expect(r.sparsityAfter, what).toBe(r.sparsityBefore);
        if (v.ties && scope === 'global') expect(r.ties, `${what}: several ties pruned at the threshold`).toBeGreaterThan(1);
      }
    }
    // rule 'target': the group's total sparsity becomes round(0.6·n)/n whatever was pruned before
    const r = await harness.run('magnitudePrune', { sizes, scope: 'global', amount: 0.6, rule: 'target', preMask: 0.3, ties: true, seed: 5 });
    exact(r.mask, `target [${sizes}] mask`);
    exact(r.info, `target [${sizes}] info`);
    expect(r.sparsityAfter * n).toBeCloseTo(Math.round(0.6 * n), 6);
  }
});

test('row L2 norms and neuron activity scores on odd shapes', async ({ harness }) => {
  const TOL = { atol: 1e-6, rtol: 1e-5 };
  const shapes: Array<[number, number]> = [[1, 1], [3, 7], [7, 3], [33, 257], [257, 33], [1, 4099]];
  const r = await harness.run('rowNorms', { shapes, seed: 3, ...TOL });
  exact(r, 'row norms', shapes.reduce((a, [rows]) => a + rows, 0));
  expect(r.maxRef).toBeGreaterThan(0);
  for (const [M, N] of [[1, 1], [3, 7], [257, 33], [33, 257], [4099, 3]]) {
    const a = await harness.run('activity', { M, N, seed: M + N, ...TOL });
    exact(a, `activity ${M}x${N}`, N);
    expect(a.maxRef).toBeGreaterThan(0);
  }
});

const QSHAPES: Array<[number, number]> = [[1, 1], [3, 1], [7, 3], [33, 7], [5, 4], [1, 257], [1, 4099]];
const ONE_BIT = { atol: 0, rtol: 1e-5 };

for (const scheme of ['symmetric', 'affine'] as const) {
  test(`fake quantization, ${scheme}: bits 1..8 with a float tensor, per tensor and per channel, halfway values`, async ({ harness }) => {
    for (let bits = 1; bits <= 8; bits++) {
      const bitList = QSHAPES.map((_, i) => (i === 4 ? 32 : bits));
      for (const perChannel of [false, true]) {
        for (const halfway of bits === 1 ? [false] : [false, true]) {
          const what = `${scheme} ${bits} bit ${perChannel ? 'per channel' : 'per tensor'}${halfway ? ' halfway' : ''}`;
          const r = await harness.run('fakeQuant', { shapes: QSHAPES, bits: bitList, scheme, perChannel, halfway, seed: bits * 10 + (perChannel ? 1 : 0), ...ONE_BIT });
          const slots = r.channels * 4;
          expect(r.scales.exact.count + r.scales.oneBit.count, what).toBe(slots);
          exact(r.scales.exact, `${what} scales`);
          exact(r.scales.oneBit, `${what} 1-bit scales`);
          exact(r.values.exact, `${what} values`);
          exact(r.values.oneBit, `${what} 1-bit values`);
          expect(r.values.exact.maxRef, `${what} not all zeros`).toBeGreaterThan(0);
          if (halfway) expect(r.halfway, `${what} has values exactly between two levels`).toBeGreaterThan(100);
        }
      }
    }
  });
}

test('clipped STE: exact gradient mask with clipping scales and with the tensors’ own scales', async ({ harness }) => {
  for (const scheme of ['symmetric', 'affine'] as const) {
    for (const perChannel of [false, true]) {
      for (const bits of [1, 2, 3, 4, 8]) {
        const bitList = QSHAPES.map((_, i) => (i === 4 ? 32 : bits));
        for (const calibration of [0.8, 1]) {
          const what = `${scheme} ${bits} bit ${perChannel ? 'per channel' : 'per tensor'} calibration ${calibration}`;
          const r = await harness.run('ste', { shapes: QSHAPES, bits: bitList, scheme, perChannel, calibration, seed: bits + 7 });
          exact(r.grad, `${what} gradient`);
          if (bits === 1 || (calibration === 1 && scheme === 'symmetric')) expect(r.zeroed, `${what}: nothing clipped`).toBe(0);
          if (bits > 1 && calibration < 1) expect(r.zeroed, `${what}: entries beyond the range are clipped`).toBeGreaterThan(0);
        }
      }
    }
  }
});
