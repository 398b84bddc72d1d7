import { describe, expect, it } from 'vitest';
import { linearAxis, logAxis, thin, ticksWithin } from './logAxis';

describe('thin', () => {
  it('keeps short series whole (a copy)', () => {
    const items = [1, 2, 3];
    const out = thin(items, 5);
    expect(out).toEqual([1, 2, 3]);
    expect(out).not.toBe(items);
  });

  it('keeps exactly max evenly spread items, first and last included, as the series grows', () => {
    for (const n of [151, 200, 299, 300, 301, 1000, 2000]) {
      const items = Array.from({ length: n }, (_, i) => i);
      const out = thin(items, 150);
      expect(out, `n = ${n}`).toHaveLength(150);
      expect(out[0]).toBe(0);
      expect(out[149]).toBe(n - 1);
      for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
    }
  });

  it('handles max below 2', () => {
    expect(thin([1, 2, 3], 1)).toEqual([3]);
    expect(thin([1, 2, 3], 0)).toEqual([]);
  });
});

describe('logAxis', () => {
  it('spans the positive values with decade ticks, and is null without any', () => {
    expect(logAxis([null, 0, -1])).toBeNull();
    const axis = logAxis([0.003, 0.5, null]);
    expect(axis?.domain[0]).toBeLessThanOrEqual(0.003);
    expect(axis?.domain[1]).toBeGreaterThanOrEqual(0.5);
  });
});

describe('linearAxis', () => {
  it('runs from 0 to the first nice tick at or above the largest value', () => {
    expect(linearAxis([0.3, 2.37, null, 1])).toEqual({ domain: [0, 2.5], ticks: [0, 0.5, 1, 1.5, 2, 2.5] });
    expect(linearAxis([0.693])).toEqual({ domain: [0, 0.8], ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(linearAxis([1])).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(linearAxis([1200])).toEqual({ domain: [0, 1250], ticks: [0, 250, 500, 750, 1000, 1250] });
  });

  it('keeps at most six ticks and covers every value, whatever the scale', () => {
    for (const max of [1e-6, 0.0123, 0.5, 0.99, 3.01, 7, 42, 99.9, 1e5]) {
      const axis = linearAxis([max / 3, max])!;
      expect(axis.ticks.length, `max ${max}`).toBeLessThanOrEqual(6);
      expect(axis.domain[1]).toBeGreaterThanOrEqual(max);
      expect(axis.domain[1]).toBeLessThan(max * 2.5);
      expect(axis.ticks[0]).toBe(0);
      expect(axis.ticks[axis.ticks.length - 1]).toBe(axis.domain[1]);
    }
  });

  it('ignores nulls, infinities and NaN, and is null with nothing above 0', () => {
    expect(linearAxis([null, Infinity, NaN, 2])?.domain).toEqual([0, 2]);
    expect(linearAxis([0, -1, null])).toBeNull();
    expect(linearAxis([])).toBeNull();
  });
});

describe('linearAxis for counts', () => {
  it('ticks whole numbers only', () => {
    expect(linearAxis([3], true)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] });
    expect(linearAxis([12], true)).toEqual({ domain: [0, 15], ticks: [0, 5, 10, 15] });
    expect(linearAxis([0.4], true)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    for (const max of [1, 2, 7, 9, 11, 23, 99, 256, 1234, 60000]) {
      const axis = linearAxis([max], true)!;
      for (const t of axis.ticks) expect(Number.isInteger(t), `max ${max}: tick ${t}`).toBe(true);
      expect(axis.domain[1]).toBeGreaterThanOrEqual(max);
      expect(axis.ticks.length).toBeLessThanOrEqual(6);
    }
  });
});

describe('ticksWithin', () => {
  it('gives round ticks strictly inside the range, 0 included when inside', () => {
    expect(ticksWithin(-2.7, 1.6)).toEqual([-2, -1, 0, 1]);
    expect(ticksWithin(-0.94, 0.95)).toEqual([-0.5, 0, 0.5]);
    expect(ticksWithin(0.013, 0.021)).toEqual([0.014, 0.016, 0.018, 0.02]);
  });

  it('keeps at most `most` ticks, away from both ends', () => {
    for (const [lo, hi] of [[-3.3, 2.5], [-0.47, 0.61], [-1e-3, 2e-3], [10, 11], [-100, -1]]) {
      const t = ticksWithin(lo, hi);
      expect(t.length, `${lo}..${hi}`).toBeGreaterThanOrEqual(1);
      expect(t.length).toBeLessThanOrEqual(5);
      for (const v of t) {
        expect(v).toBeGreaterThan(lo);
        expect(v).toBeLessThan(hi);
      }
    }
    expect(ticksWithin(1, 1)).toEqual([]);
  });
});
