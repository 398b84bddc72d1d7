import { describe, expect, it } from 'vitest';
import { fixtureCheckpoint, point } from './checkpointFixture';
import { RunStoreError, toStoreError } from './runStoreError';
import { cleanRunName, datasetLabel, defaultRunName, fitRunName, isRunSummary, lastTestAccuracy, MAX_RUN_NAME, summarize } from './runSummary';

describe('run names', () => {
  it('names a run after its dataset and local time', () => {
    expect(defaultRunName('spiral', new Date(2024, 11, 6, 14, 3).getTime())).toBe('Spiral run, 6 Dec 14:03');
    expect(defaultRunName('mnist', new Date(2025, 0, 9, 8, 30).getTime())).toBe('MNIST digits run, 9 Jan 08:30');
    expect(datasetLabel('xor')).toBe('XOR');
    expect(datasetLabel('something-new')).toBe('something-new');
    expect(datasetLabel('toString')).toBe('toString');
  });

  it('cleans a typed name: trimmed, one space for any run of white space, 1 to 80 characters', () => {
    expect(cleanRunName('  Adam\tvs\n SGD  ')).toBe('Adam vs SGD');
    expect(cleanRunName('a\u0000b')).toBe('a b');
    expect(cleanRunName('   ')).toBeNull();
    expect(cleanRunName('x'.repeat(MAX_RUN_NAME))).toHaveLength(80);
    expect(cleanRunName('x'.repeat(MAX_RUN_NAME + 1))).toBeNull();
    expect(cleanRunName(` ${'x'.repeat(MAX_RUN_NAME)} `)).toHaveLength(80);
  });

  it('fits a name given with a save: shortened with an ellipsis rather than refused', () => {
    expect(fitRunName('  a  b ')).toBe('a b');
    expect(fitRunName(' \n ')).toBeNull();
    expect(fitRunName('x'.repeat(80))).toBe('x'.repeat(80));
    const long = fitRunName(`${'word '.repeat(30)}.safetensors`);
    expect(long).toBe(`${'word '.repeat(15)}word…`);
    expect(long).toHaveLength(MAX_RUN_NAME);
    expect(fitRunName(`${'abcd '.repeat(15)}   xyz`.padEnd(120, 'q'))).toHaveLength(MAX_RUN_NAME);
  });
});

describe('summarize', () => {
  it('takes the widths of lane 0 now, the step and the last lane-0 test accuracy', () => {
    const c = fixtureCheckpoint({ dataset: 'mnist', accuracies: [0.5, 0.75], losses: [1, 0.5, 0.4] });
    c.history.push(point(1, 30, 0.3, 0.99));
    const s = summarize('id1', 'My run', 5, c, { storedBytes: 2048, backend: 'WebGPU' });
    expect(s).toEqual({ id: 'id1', name: 'My run', createdAt: 5, savedAt: c.savedAt, dataset: 'mnist', model: '2 → 3 → 10', step: 30, testAccuracy: 0.75, storedBytes: 2048, backend: 'WebGPU' });
    expect(isRunSummary(s)).toBe(true);
    expect(summarize('x', 'n', 0, c, { storedBytes: NaN }).storedBytes).toBeNull();
    expect('backend' in summarize('x', 'n', 0, c, { storedBytes: null })).toBe(false);
  });

  it('finds no accuracy in a regression history', () => {
    expect(lastTestAccuracy([point(0, 10, 1), point(0, 20, 1, NaN)])).toBeNull();
    expect(lastTestAccuracy([])).toBeNull();
  });

  it('tells a listable summary from junk', () => {
    const good = summarize('a', 'A', 0, fixtureCheckpoint(), { storedBytes: null });
    expect(isRunSummary(good)).toBe(true);
    for (const bad of [null, 'a', { ...good, id: '' }, { ...good, name: 3 }, { ...good, step: NaN }, { ...good, testAccuracy: '90%' }, { ...good, backend: 1 }]) {
      expect(isRunSummary(bad)).toBe(false);
    }
  });
});

describe('toStoreError', () => {
  const dom = (name: string) => new DOMException('detail', name);

  it('maps a full disk to quota, with advice that fits the action', () => {
    const save = toStoreError(dom('QuotaExceededError'), 'save');
    expect(save.kind).toBe('quota');
    expect(save.message).toBe('Browser storage is full: the run was not saved (nothing was half-written). Delete old runs in Runs, or export the model.');
    expect(toStoreError(dom('QuotaExceededError'), 'rename').message).toBe('Browser storage is full: the run was not renamed (nothing was changed). Delete old runs in Runs.');
  });

  it('maps blocked storage and a newer database to unavailable, anything else to failed', () => {
    expect(toStoreError(dom('SecurityError'), 'open').kind).toBe('unavailable');
    const newer = toStoreError(dom('VersionError'), 'open');
    expect(newer.kind).toBe('unavailable');
    expect(newer.message).toMatch(/newer version of OptiPlay: reload the page/);
    expect(toStoreError(dom('UnknownError'), 'delete').message).toBe('The run was not deleted: the browser could not reach its storage on disk (nothing was changed).');
    expect(toStoreError(new Error('odd'), 'list').message).toBe('The saved runs could not be listed: the browser reported: odd (nothing was changed).');
    expect(toStoreError('??', 'save').message).toBe('The run was not saved: the browser reported an error (nothing was half-written).');
  });

  it('passes a RunStoreError through and keeps the cause', () => {
    const e = new RunStoreError('missing', 'gone');
    expect(toStoreError(e, 'open')).toBe(e);
    const cause = dom('AbortError');
    expect(toStoreError(cause, 'save').cause).toBe(cause);
  });
});
