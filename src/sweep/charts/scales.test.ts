import { describe, expect, it } from 'vitest';
import { categoryScale, extent, goodness, logScale, niceAxis, niceTicks, paramScale, rampColour } from './scales';

describe('niceTicks and niceAxis', () => {
  it('ticks at 1, 2, 2.5 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.53, 0.91)).toEqual([0.6, 0.7, 0.8, 0.9]);
  });

  it('widens an axis outwards to ticks that cover every value', () => {
    const a = niceAxis([0.53, 0.91, null, Number.NaN]);
    expect(a?.domain).toEqual([0.5, 1]);
    expect(a?.ticks[0]).toBe(0.5);
    expect(niceAxis([])).toBeNull();
    expect(extent([2, 2])).toEqual([1.8, 2.2]);
  });
});

describe('unit scales', () => {
  it('a log scale places decades evenly and inverts', () => {
    const s = logScale(1e-4, 1e-1, String);
    expect(s.toUnit(1e-3)).toBeCloseTo(1 / 3);
    expect(s.fromUnit(2 / 3)).toBeCloseTo(1e-2);
    expect(s.toUnit(0)).toBeNull();
    expect(s.ticks.map((t) => t.t)).toEqual([0, 1 / 3, 2 / 3, 1].map((v) => expect.closeTo(v)));
  });

  it('a choice scale centres each choice in its band', () => {
    const s = categoryScale(['sgd', 'adam', 'rmsprop'], String);
    expect(s.toUnit('sgd')).toBeCloseTo(1 / 6);
    expect(s.toUnit('rmsprop')).toBeCloseTo(5 / 6);
    expect(s.toUnit('lion')).toBeNull();
    expect(s.fromUnit(0.5)).toBe(1);
    expect(s.fromUnit(1)).toBe(2);
  });

  it('a parameter spans its distribution, widened to values outside it, log when drawn log-uniformly', () => {
    const lr = paramScale({ name: 'learningRate', dist: { kind: 'float', low: 1e-4, high: 1e-1, log: true } }, [1e-3]);
    expect(lr.kind).toBe('log');
    expect(lr.ticks.map((t) => t.label)).toEqual(['1.0e-4', '1.0e-3', '1.0e-2', '1.0e-1']);
    const width = paramScale({ name: 'width', dist: { kind: 'int', low: 4, high: 64, log: false } }, [128]);
    expect(width.kind).toBe('linear');
    expect(width.toUnit(128)).toBe(1);
    expect(width.toUnit(4)).toBe(0);
  });
});

describe('colours', () => {
  it('runs orange (worse) to blue (better), direction-aware', () => {
    expect(rampColour(0)).toBe('rgb(212,96,11)');
    expect(rampColour(1)).toBe('rgb(29,95,191)');
    expect(rampColour(2)).toBe(rampColour(1));
    expect(goodness(0.9, [0.5, 0.9], 'maximize')).toBe(1);
    expect(goodness(0.9, [0.5, 0.9], 'minimize')).toBe(0);
    expect(goodness(1, [1, 1], 'minimize')).toBe(0.5);
  });
});
