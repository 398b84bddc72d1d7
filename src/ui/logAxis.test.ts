import { describe, expect, it } from 'vitest';
import { logAxis, thin } from './logAxis';

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
