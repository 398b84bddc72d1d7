import { describe, expect, it } from 'vitest';
import { compareFull, formatRunDate, formatStored, isoDate, listedOnly, MAX_COMPARE, toggleCompare } from './runsView';

describe('toggleCompare', () => {
  it('adds in the order ticked and removes', () => {
    expect(toggleCompare([], 'a', true)).toEqual(['a']);
    expect(toggleCompare(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggleCompare(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggleCompare(['a'], 'a', true)).toEqual(['a']);
    expect(toggleCompare(['a'], 'z', false)).toEqual(['a']);
  });

  it('ignores a tick past the limit and never mutates the selection', () => {
    const four = ['a', 'b', 'c', 'd'];
    expect(MAX_COMPARE).toBe(4);
    expect(compareFull(four)).toBe(true);
    expect(compareFull(four.slice(1))).toBe(false);
    const next = toggleCompare(four, 'e', true);
    expect(next).toEqual(four);
    expect(next).not.toBe(four);
    expect(toggleCompare(four, 'c', false)).toEqual(['a', 'b', 'd']);
    expect(four).toEqual(['a', 'b', 'c', 'd']);
    expect(toggleCompare(['a'], 'b', true, 1)).toEqual(['a']);
  });

  it('drops ticked runs that are no longer listed', () => {
    expect(listedOnly(['a', 'gone', 'c'], [{ id: 'c' }, { id: 'a' }])).toEqual(['a', 'c']);
  });
});

describe('run columns', () => {
  const now = new Date(2024, 11, 20, 9, 0).getTime();

  it('dates a run in local time, with the year when it is not this year', () => {
    expect(formatRunDate(new Date(2024, 11, 6, 14, 3).getTime(), now)).toBe('6 Dec 14:03');
    expect(formatRunDate(new Date(2024, 0, 31, 9, 5).getTime(), now)).toBe('31 Jan 09:05');
    expect(formatRunDate(new Date(2023, 5, 1, 0, 0).getTime(), now)).toBe('1 Jun 2023, 00:00');
    expect(formatRunDate(NaN, now)).toBe('—');
    expect(formatRunDate(1e17, now)).toBe('—');
    expect(isoDate(Date.UTC(2024, 11, 6, 14, 3))).toBe('2024-12-06T14:03:00.000Z');
    expect(isoDate(1e17)).toBeUndefined();
  });

  it('shows stored sizes in decimal units, or a dash when unknown', () => {
    expect(formatStored(33_200)).toBe('33.2 kB');
    expect(formatStored(812)).toBe('812 B');
    expect(formatStored(null)).toBe('—');
  });
});
