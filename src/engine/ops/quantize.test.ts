/**
 * Fake quantization, scales and the clipped STE against values worked out by hand (REFERENCE.md "Quantization").
 */
import { describe, expect, it } from 'vitest';
import { paramLayout } from '../model';
import { computeQParams, fakeQuantize, FLOAT32_EPS, qRange, quantPlan, quantSegmentsForLayout, roundHalfEven, steGradient, type QuantScheme, type QuantSegment } from './quantize';

const f32 = (xs: number[]) => Float32Array.from(xs);
const f = Math.fround;
const seg = (rows: number, cols: number, bits: number, scheme: QuantScheme = 'symmetric', perChannel = false, offset = 0): QuantSegment => ({ offset, rows, cols, bits, scheme, perChannel });
const quant = (x: Float32Array, s: QuantSegment[]) => {
  const plan = quantPlan(s);
  const qp = computeQParams(x, plan);
  return { plan, qp, out: fakeQuantize(x, plan, qp) };
};

describe('rounding and ranges', () => {
  it('rounds halves to even (Math.round does not)', () => {
    expect([2.5, 3.5, -2.5, -3.5, 0.5, 1.5, -0.5, 2.4, 2.6, -0.6, 7].map(roundHalfEven)).toEqual([2, 4, -2, -4, 0, 2, 0, 2, 3, -1, 7]);
    expect(Math.round(2.5)).toBe(3);
  });

  it('integer ranges: signed for affine, narrow for symmetric', () => {
    expect(qRange(8, 'affine')).toEqual({ qmin: -128, qmax: 127 });
    expect(qRange(8, 'symmetric')).toEqual({ qmin: -127, qmax: 127 });
    expect(qRange(2, 'symmetric')).toEqual({ qmin: -1, qmax: 1 });
    expect(qRange(2, 'affine')).toEqual({ qmin: -2, qmax: 1 });
  });

  it('bit widths other than 1..8 and 32 are refused', () => {
    expect(() => quantPlan([seg(1, 2, 9)])).toThrow(/1\.\.8 or 32/);
    expect(() => quantPlan([seg(1, 2, 0)])).toThrow(/1\.\.8 or 32/);
  });
});

describe('fake quantization', () => {
  it('symmetric 8 bit: s = max|x|/127, values halfway between levels round to even', () => {
    // max|x| = 31.75 → s = 0.25; x/s = 127, 2.5, 3.5, −2.5, −127, 0.4, −3.5
    const x = f32([31.75, 0.625, 0.875, -0.625, -31.75, 0.1, -0.875]);
    const { qp, out } = quant(x, [seg(1, 7, 8)]);
    expect(Array.from(qp)).toEqual([0.25, 0, -31.75, 31.75]);
    expect(Array.from(out)).toEqual([31.75, 0.5, 1, -0.5, -31.75, 0, -1]);
  });

  it('affine with all-positive inputs widens the range to 0 (2 bits: s = 1, z = −2)', () => {
    const { qp, out } = quant(f32([1, 2, 3]), [seg(1, 3, 2, 'affine')]);
    expect(Array.from(qp)).toEqual([1, -2, 1, 3]);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    // 8 bits: s = 4/255 (float32 rounds it up), z = −128 − round(0) = −128; 1/s = 63.749996 → 64, and
    // 2/s = 127.49999 → 127 (not the halfway 127.5 of exact arithmetic), 3/s = 191.24998 → 191
    const r = quant(f32([1, 2, 3, 4]), [seg(1, 4, 8, 'affine')]);
    const s = f(4 / 255);
    expect(Array.from(r.qp)).toEqual([s, -128, 1, 4]);
    expect(Array.from(r.out)).toEqual([f(64 * s), f(127 * s), f(191 * s), f(255 * s)]);
  });

  it('affine with a mixed-sign range: z = clamp(qmin − round(min/s)) and zero is exact', () => {
    // 2 bits, [−1, 2]: s = 3/3 = 1, z = −2 − round(−1) = −1; 0.5 → round(0.5) = 0 (even) → 0
    const { qp, out } = quant(f32([-1, 0.5, 2, 0]), [seg(1, 4, 2, 'affine')]);
    expect(Array.from(qp)).toEqual([1, -1, -1, 2]);
    expect(Array.from(out)).toEqual([-1, 0, 2, 0]);
  });

  it('constant tensors: a constant maps to ±qmax·s, all zeros get s = epsilon and stay 0', () => {
    const c = quant(f32([0.3, 0.3, 0.3]), [seg(1, 3, 4)]);
    const s = f(f(0.3) / 7);
    expect(c.qp[0]).toBe(s);
    expect(Array.from(c.out)).toEqual([f(7 * s), f(7 * s), f(7 * s)]);
    const z = quant(new Float32Array(4), [seg(1, 4, 8)]);
    expect(z.qp[0]).toBe(f(FLOAT32_EPS));
    expect(Array.from(z.out)).toEqual([0, 0, 0, 0]);
    const a = quant(f32([-2, -2]), [seg(1, 2, 3, 'affine')]);
    // [−2, 0]: s = 2/7, z = −4 − round(−7) = 3 → −2/s = −7 → clamp(−7 + 3) = −4 → (−4 − 3)·s
    expect(Array.from(a.qp.subarray(0, 2))).toEqual([f(2 / 7), 3]);
    expect(Array.from(a.out)).toEqual([f(-7 * f(2 / 7)), f(-7 * f(2 / 7))]);
  });

  it('1 bit: sign(x)·mean|x| per tensor and per channel, sign(0) = 0', () => {
    expect(Array.from(quant(f32([0.5, -1.5, 0, 2]), [seg(1, 4, 1)]).out)).toEqual([1, -1, 0, 1]);
    const r = quant(f32([1, -3, 0, 2]), [seg(2, 2, 1, 'affine', true)]);
    expect(Array.from(r.qp)).toEqual([2, 0, -3, 1, 1, 0, 0, 2]);
    expect(Array.from(r.out)).toEqual([2, -2, 0, 1]);
  });

  it('per-channel: one scale per output row; float segments are copied; padding stays 0', () => {
    // W [2, 3] 4-bit symmetric per channel (qmax 7): s0 = 2/7, s1 = 0.35/7; then a float bias at offset 8
    const x = new Float32Array(12);
    x.set([1, -2, 0.5, 0.1, 0.2, -0.35], 0);
    x.set([0.123, -4.5], 8);
    const plan = quantPlan([seg(2, 3, 4, 'symmetric', true), seg(1, 2, 32, 'symmetric', false, 8)]);
    expect(plan.channels).toBe(2);
    expect(plan.bases).toEqual([0, 2]);
    const qp = computeQParams(x, plan);
    const s0 = f(2 / 7), s1 = f(f(0.35) / 7);
    expect([qp[0], qp[4]]).toEqual([s0, s1]);
    const out = fakeQuantize(x, plan, qp);
    const q = (v: number, s: number) => f(Math.min(7, Math.max(-7, roundHalfEven(f(f(v) / s)))) * s);
    expect(Array.from(out.subarray(0, 6))).toEqual([q(1, s0), q(-2, s0), q(0.5, s0), q(0.1, s1), q(0.2, s1), q(-0.35, s1)]);
    expect(out[1]).toBe(f(-7 * s0));
    expect(Array.from(out.subarray(8, 10))).toEqual(Array.from(f32([0.123, -4.5])));
    expect(out[6]).toBe(0);
  });

  it('quantSegmentsForLayout: each W with its bits, each bias as float', () => {
    const layout = paramLayout({ inputDim: 2, layers: [{ inDim: 2, outDim: 3, activation: 'relu' }, { inDim: 3, outDim: 1, activation: 'linear' }] });
    const segs = quantSegmentsForLayout(layout, [4, 32], 'affine', true);
    expect(segs.map((s) => [s.offset, s.rows, s.cols, s.bits])).toEqual([[0, 3, 2, 4], [64, 1, 3, 32], [128, 1, 3, 32], [192, 1, 1, 32]]);
    expect(quantPlan(segs).channels).toBe(3);
  });
});

describe('straight-through estimator', () => {
  it('passes where qmin ≤ x/s + z ≤ qmax (with 2^-10 of a level of slack), +0 elsewhere', () => {
    // 3-bit symmetric, given s = 1, z = 0: range [−3, 3]
    const plan = quantPlan([seg(1, 7, 3)]);
    const qp = f32([1, 0, 0, 0]);
    const x = f32([3, 3.0005, 3.01, -3, -3.5, 0, -3.0005]);
    expect(Array.from(steGradient(x, f32([1, 2, 3, 4, -5, 6, 7]), plan, qp))).toEqual([1, 2, 0, 4, 0, 6, 7]);
    // 3-bit affine, s = 0.5, z = −4: range [−4, 3] ⇔ x ∈ [0, 3.5]
    const affine = quantPlan([seg(1, 4, 3, 'affine')]);
    const g = steGradient(f32([-0.01, 0, 3.5, 3.6]), f32([-1, -1, -1, -1]), affine, f32([0.5, -4, 0, 0]));
    expect(Array.from(g)).toEqual([0, -1, -1, 0]);
    expect(Object.is(g[0], 0)).toBe(true);
  });

  it('with scales from the tensor itself every entry passes, symmetric or affine, per tensor or channel', () => {
    const x = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 2.3) * (1 + i / 7));
    for (const scheme of ['symmetric', 'affine'] as const) {
      for (const perChannel of [false, true]) {
        const plan = quantPlan([seg(6, 10, 8, scheme, perChannel)]);
        const g = steGradient(x, new Float32Array(60).fill(1), plan);
        // affine: z is rounded, so the ends may land up to half a level outside: those are clipped
        if (scheme === 'symmetric') expect(g.every((v) => v === 1)).toBe(true);
        else expect(g.filter((v) => v === 1).length).toBeGreaterThan(50);
      }
    }
  });

  it('1-bit and float segments pass every gradient', () => {
    const plan = quantPlan([seg(1, 2, 1), seg(1, 2, 32, 'symmetric', false, 2)]);
    expect(Array.from(steGradient(f32([100, -100, 5, 6]), f32([1, 2, 3, 4]), plan, f32([0.1, 0, 0, 0])))).toEqual([1, 2, 3, 4]);
  });
});
