import { describe, expect, it } from 'vitest';
import { linePath } from './series';

const x = (v: number) => v * 10;
const y = (v: number) => 100 - v;

describe('linePath', () => {
  it('joins the rows in order, in pixels', () => {
    const rows = [
      { step: 0, loss: 2 },
      { step: 1, loss: 1.55 },
      { step: 2, loss: 1 },
    ];
    expect(linePath(rows, 'step', 'loss', x, y)).toBe('M0,98L10,98.5L20,99');
  });

  it('breaks the line at a null and at a value the scale cannot place', () => {
    const rows = [
      { step: 0, loss: 1 },
      { step: 1, loss: null },
      { step: 2, loss: 2 },
      { step: 3, loss: 3 },
      { step: 4, loss: -1 },
      { step: 5, loss: 5 },
    ];
    const logLike = (v: number) => (v > 0 ? 100 - v : undefined);
    expect(linePath(rows, 'step', 'loss', x, logLike)).toBe('M0,99M20,98L30,97M50,95');
  });

  it('is empty with no drawable point', () => {
    expect(linePath([], 'step', 'loss', x, y)).toBe('');
    expect(linePath([{ step: 0, loss: null }], 'step', 'loss', x, y)).toBe('');
    expect(linePath([{ step: 0, loss: 1 }], 'step', 'loss', () => NaN, y)).toBe('');
  });
});

describe('linePath with connectNulls', () => {
  it('skips the gaps without lifting the pen', () => {
    const rows = [
      { step: 0, loss: 1 },
      { step: 1, loss: null },
      { step: 2, loss: 2 },
    ];
    expect(linePath(rows, 'step', 'loss', x, y, true)).toBe('M0,99L20,98');
  });
});

describe('linePath with stepAfter', () => {
  it('holds each value flat until the next row, then jumps', () => {
    const rows = [
      { step: 0, rate: 1 },
      { step: 1, rate: 0.5 },
      { step: 2, rate: 0.5 },
    ];
    expect(linePath(rows, 'step', 'rate', x, (v) => 100 - v * 10, false, true)).toBe('M0,90L10,90L10,95L20,95L20,95');
  });
});
