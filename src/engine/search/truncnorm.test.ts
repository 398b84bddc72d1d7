import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { erf, logGaussMass, logNdtr, ndtr, truncnormLogPdf, truncnormPpf, truncnormSample } from './truncnorm';

describe('erf and log Φ', () => {
  it('match published values of erf', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 14);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 14);
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 14);
  });

  it('Φ(−1), Φ(0), Φ(1.5) and the deep left tail', () => {
    expect(ndtr(-1)).toBeCloseTo(0.15865525393145707, 13);
    expect(ndtr(0)).toBeCloseTo(0.5, 15);
    expect(ndtr(1.5)).toBeCloseTo(0.9331927987311419, 13);
    expect(logNdtr(-10) / Math.log(7.619853024160527e-24)).toBeCloseTo(1, 12);
    // Mills' ratio asymptotics: log Φ(−x) = −x²/2 − log x − ½ log 2π + log(1 − 1/x² + 3/x⁴ − 15/x⁶ …).
    const x = 40;
    const asym = -x * x / 2 - Math.log(x) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6);
    expect(logNdtr(-x)).toBeCloseTo(asym, 8);
    expect(Number.isFinite(logNdtr(-1000))).toBe(true);
    expect(logNdtr(10)).toBeCloseTo(-7.619853024160527e-24, 30);
  });

  it('log Gaussian mass on an interval, in the centre and both tails', () => {
    expect(Math.exp(logGaussMass(-1, 1))).toBeCloseTo(0.6826894921370859, 13);
    expect(Math.exp(logGaussMass(1, 2))).toBeCloseTo(ndtr(2) - ndtr(1), 13);
    expect(logGaussMass(-2, -1)).toBeCloseTo(logGaussMass(1, 2), 12);
    // Far in the right tail the mass is tiny but its log stays finite.
    expect(logGaussMass(30, 31)).toBeCloseTo(logGaussMass(-31, -30), 10);
    expect(logGaussMass(30, 31)).toBeLessThan(-400);
  });
});

describe('truncated normal', () => {
  it('its density integrates to 1 over [a, b] and is −∞ outside', () => {
    const [loc, scale, lo, hi] = [0.3, 0.2, 0, 1];
    const a = (lo - loc) / scale, b = (hi - loc) / scale;
    const n = 20000;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(truncnormLogPdf(lo + ((i + 0.5) * (hi - lo)) / n, a, b, loc, scale));
    expect(s * ((hi - lo) / n)).toBeCloseTo(1, 6);
    expect(truncnormLogPdf(1.01, a, b, loc, scale)).toBe(-Infinity);
  });

  it('the quantile function inverts the CDF', () => {
    for (const [a, b] of [[-1, 2], [0.5, 3], [-8, -6], [-50, 50]]) {
      for (const q of [0.01, 0.3, 0.5, 0.9]) {
        const x = truncnormPpf(q, a, b);
        expect(x).toBeGreaterThanOrEqual(a);
        expect(x).toBeLessThanOrEqual(b);
        expect(Math.exp(logGaussMass(a, x) - logGaussMass(a, b))).toBeCloseTo(q, 8);
      }
    }
  });

  it('draws stay in bounds and have the truncated mean', () => {
    const rng = createRng(3);
    // N(0, 1) truncated to [0, ∞) has mean √(2/π) ≈ 0.798.
    const xs = Array.from({ length: 4000 }, () => truncnormSample(rng.next(), 0, 50, 0, 1));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(Math.sqrt(2 / Math.PI), 1);
  });
});
