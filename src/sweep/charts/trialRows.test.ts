import { describe, expect, it } from 'vitest';
import { TRIALS } from './fixtures';
import { DEFAULT_SORT, loadBlocker, nextSort, paramKey, sortTrials, summariesById } from './trialRows';

const ids = (ts: ReadonlyArray<{ id: number }>) => ts.map((t) => t.id);

describe('sortTrials', () => {
  it('sorts by number by default', () => {
    expect(ids(sortTrials([...TRIALS].reverse(), DEFAULT_SORT))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps trials without a value last whichever way the value sorts', () => {
    expect(ids(sortTrials(TRIALS, { key: 'value', dir: 'descending' }))).toEqual([5, 4, 3, 2, 1, 0, 6, 7, 8, 9]);
    expect(ids(sortTrials(TRIALS, { key: 'value', dir: 'ascending' }))).toEqual([6, 0, 1, 2, 3, 4, 5, 7, 8, 9]);
  });

  it('sorts states by how far the trial got, and choices by name', () => {
    expect(ids(sortTrials(TRIALS, { key: 'state', dir: 'ascending' }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ids(sortTrials(TRIALS, { key: 'state', dir: 'descending' }))).toEqual([9, 8, 7, 6, 0, 1, 2, 3, 4, 5]);
    // optimizer: sgd, adam, rmsprop by id % 3
    expect(ids(sortTrials(TRIALS.slice(0, 6), { key: paramKey('optimizer'), dir: 'ascending' }))).toEqual([1, 4, 2, 5, 0, 3]);
    expect(ids(sortTrials(TRIALS.slice(0, 3), { key: paramKey('learningRate'), dir: 'descending' }))).toEqual([2, 1, 0]);
  });

  it('sorts by the configuration mean, empty summaries last', () => {
    const summaries = summariesById([
      { configId: 0, mean: 0.7, std: 0.01, n: 3 },
      { configId: 1, mean: 0.9, std: 0.02, n: 3 },
      { configId: 2, mean: null, std: null, n: 0 },
    ]);
    expect(ids(sortTrials(TRIALS.slice(0, 3), { key: 'mean', dir: 'descending' }, summaries))).toEqual([1, 0, 2]);
    expect(summariesById([])).toBeUndefined();
  });
});

describe('nextSort', () => {
  it('flips the sorted column, and starts the value columns best first', () => {
    expect(nextSort(DEFAULT_SORT, 'id', 'maximize')).toEqual({ key: 'id', dir: 'descending' });
    expect(nextSort(DEFAULT_SORT, 'value', 'maximize')).toEqual({ key: 'value', dir: 'descending' });
    expect(nextSort(DEFAULT_SORT, 'value', 'minimize')).toEqual({ key: 'value', dir: 'ascending' });
    expect(nextSort(DEFAULT_SORT, paramKey('width'), 'maximize')).toEqual({ key: 'param:width', dir: 'ascending' });
  });
});

describe('loadBlocker', () => {
  it('lets finished trials load and says why the others cannot', () => {
    expect(loadBlocker(undefined)).toMatch(/^Select a trial/);
    expect(loadBlocker(TRIALS[7])).toBe('Trial 7 is still running: load it once it has finished.');
    expect(loadBlocker(TRIALS[8])).toBe('Trial 8 has not started: load it once it has finished.');
    for (const i of [0, 6, 9]) expect(loadBlocker(TRIALS[i])).toBeNull();
  });
});
