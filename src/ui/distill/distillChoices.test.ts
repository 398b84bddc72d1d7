/** The Distill & transfer choices: which saved runs can teach or be started from, the teacher's layers as typed, the omitted digit's accuracy. */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../store/runStore';
import type { RunInfo } from '../workspace/trainerView';
import { omittedAccuracy, parseLayers, sourceChoices, teacherChoices } from './distillChoices';

const summary = (id: string, dataset: string, model: string, name = id): RunSummary => ({ id, name, createdAt: 0, savedAt: 0, dataset, model, step: 10, testAccuracy: 0.9, storedBytes: null });
const run = (extra: Partial<RunInfo> = {}) => ({ storeId: 'me', widths: [784, 32, 10], ...extra }) as RunInfo;

describe('Distill & transfer choices', () => {
  it('reads the teacher’s layers, and says what is wrong with them', () => {
    expect(parseLayers('128, 128')).toEqual({ widths: [128, 128] });
    expect(parseLayers(' 64 ')).toEqual({ widths: [64] });
    expect(parseLayers('')).toMatchObject({ problem: /at least one/ });
    expect(parseLayers('12, x')).toMatchObject({ problem: /“x” is not a width/ });
    expect(parseLayers('0')).toMatchObject({ problem: /“0”/ });
    expect(parseLayers('1,1,1,1,1,1,1')).toMatchObject({ problem: /At most 6/ });
  });

  it('offers as teachers the saved runs of the same dataset, not the run itself, and shows the teacher in use', () => {
    const runs = [summary('a', 'mnist', '784 → 128 → 10', 'Teacher 784-128-10'), summary('b', 'spiral', '2 → 8 → 2'), summary('me', 'mnist', '784 → 32 → 10')];
    const none = teacherChoices(runs, run(), 'mnist');
    expect(none.value).toBe('');
    expect(none.options.map((o) => o.value)).toEqual(['', 'a']);
    expect(teacherChoices(runs, run({ teacher: { name: 'Teacher 784-128-10', widths: [784, 128, 10], paramCount: 1, testAccuracy: 0.9 } }), 'mnist').value).toBe('a');
    const gone = teacherChoices([], run({ teacher: { name: 'Old', widths: [784, 10], paramCount: 1, testAccuracy: 0.5 } }), 'mnist');
    expect(gone.value).toBe('current');
    expect(gone.options.at(-1)).toMatchObject({ label: 'Old (this run’s teacher)', disabled: true });
  });

  it('offers as sources the runs with the same layers; others are listed but disabled', () => {
    const runs = [summary('a', 'mnist', '784 → 32 → 10', 'Digits 0–4'), summary('b', 'mnist', '784 → 64 → 10')];
    const c = sourceChoices(runs, run());
    expect(c.options.map((o) => [o.value, o.disabled ?? false])).toEqual([['', false], ['a', false], ['b', true]]);
    expect(sourceChoices(runs, run({ reference: { kind: 'scratch', from: 'Digits 0–4' } })).value).toBe('a');
    expect(sourceChoices(runs, run({ reference: { kind: 'alone', from: 'Digits 0–4' } })).value).toBe('');
  });

  it('gives the accuracy on the omitted digit from the confusion matrix', () => {
    const confusion = new Array(100).fill(0);
    confusion[3 * 10 + 3] = 30;
    confusion[3 * 10 + 5] = 10;
    expect(omittedAccuracy(confusion, 3)).toEqual({ accuracy: 0.75, right: 30, total: 40 });
    expect(omittedAccuracy(confusion, 4)).toBeNull();
    expect(omittedAccuracy(null, 3)).toBeNull();
  });
});
