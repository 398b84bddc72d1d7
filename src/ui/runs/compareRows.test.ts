import { describe, expect, it } from 'vitest';
import { point } from '../../store/checkpointFixture';
import { MAX_CHART_POINTS } from '../common/chartProps';
import { compareRows, hasAccuracy, legendNames, runKey } from './compareRows';

const loss = (p: { testLoss: number }) => p.testLoss;

describe('compareRows', () => {
  it('merges the runs by step, lane 0 only, a field per run', () => {
    const a = { id: 'a', name: 'A', history: [point(0, 10, 1), point(1, 10, 9), point(0, 20, 0.5)] };
    const b = { id: 'b', name: 'B', history: [point(0, 15, 2), point(0, 20, 1.5)] };
    expect(compareRows([a, b], loss)).toEqual([
      { step: 10, r0: 1 },
      { step: 15, r1: 2 },
      { step: 20, r0: 0.5, r1: 1.5 },
    ]);
    expect(runKey(3)).toBe('r3');
  });

  it('thins each run to at most MAX_CHART_POINTS, keeping its first and last evaluation', () => {
    const long = { id: 'l', name: 'L', history: Array.from({ length: 1000 }, (_, i) => point(0, i + 1, 1 / (i + 1))) };
    const short = { id: 's', name: 'S', history: [point(0, 1000, 1)] };
    const rows = compareRows([long, short], loss);
    const drawn = rows.filter((r) => r.r0 !== undefined);
    expect(drawn).toHaveLength(MAX_CHART_POINTS);
    expect(drawn[0].step).toBe(1);
    expect(drawn[drawn.length - 1].step).toBe(1000);
    expect(rows.filter((r) => r.r1 !== undefined)).toEqual([{ step: 1000, r0: 1 / 1000, r1: 1 }]);
    expect(rows).toHaveLength(MAX_CHART_POINTS);
    expect(rows.map((r) => r.step)).toEqual([...rows.map((r) => r.step)].sort((x, y) => (x ?? 0) - (y ?? 0)));
  });

  it('keeps a value the chart cannot draw as null (a gap the line joins over)', () => {
    const a = { id: 'a', name: 'A', history: [point(0, 10, 0), point(0, 20, 1)] };
    expect(compareRows([a], (p) => (p.testLoss > 0 ? p.testLoss : null))).toEqual([
      { step: 10, r0: null },
      { step: 20, r0: 1 },
    ]);
  });
});

describe('hasAccuracy', () => {
  it('is true when some run has a finite lane-0 test accuracy', () => {
    const regression = { id: 'r', name: 'R', history: [point(0, 10, 1), point(1, 10, 1, 0.5), point(0, 20, 1, NaN)] };
    const classifier = { id: 'c', name: 'C', history: [point(0, 10, 1, 0.8)] };
    expect(hasAccuracy([regression])).toBe(false);
    expect(hasAccuracy([regression, classifier])).toBe(true);
  });
});

describe('legendNames', () => {
  it('numbers repeated names by their place, leaves the others', () => {
    expect(legendNames(['A', 'B', 'A', 'C'])).toEqual(['A (1)', 'B', 'A (3)', 'C']);
    expect(legendNames(['A', 'B'])).toEqual(['A', 'B']);
  });
});
