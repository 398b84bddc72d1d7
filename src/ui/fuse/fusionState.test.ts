/** The Fuse area's state: progress, then a result (and its point on Accuracy vs size), or a sentence. */
import { describe, expect, it } from 'vitest';
import type { FusedScore } from '../../worker/fusionProtocol';
import { NO_FUSION, reduceFusion } from './fusionState';

const score = (name: string, accuracy: number): FusedScore => ({ name, widths: [2, 8, 2], bytes: 4 * 42, accuracy, loss: 0.3, errors: 3, n: 30 });

describe('the Fuse area state', () => {
  it('shows progress, then the result, and adds the ensemble to Accuracy vs size once', () => {
    let s = reduceFusion(NO_FUSION, [], { kind: 'progress', job: 'ensemble', text: 'Evaluating member 1 of 2…' });
    expect(s.fusion.ensemble.progress).toBe('Evaluating member 1 of 2…');
    const done = { kind: 'done' as const, job: 'ensemble' as const, backend: 'CPU', dataset: 'spiral', testSet: 'Spiral test split', result: { kind: 'ensemble' as const, rule: 'mean' as const, members: [score('a', 0.8), score('b', 0.7)], ensemble: { ...score('Ensemble of 2', 0.9), bytes: 336 } } };
    s = reduceFusion(s.fusion, s.sizePoints, done);
    expect(s.fusion.ensemble.progress).toBeNull();
    expect(s.fusion.ensemble.done?.result.kind).toBe('ensemble');
    expect(s.sizePoints).toEqual([expect.objectContaining({ label: 'fused · Ensemble of 2', bytes: 336, accuracy: 0.9, dataset: 'spiral' })]);
    s = reduceFusion(s.fusion, s.sizePoints, done);
    expect(s.sizePoints).toHaveLength(1);
  });

  it('a problem replaces the progress line, and leaves the other jobs alone', () => {
    const s = reduceFusion(NO_FUSION, [], { kind: 'problem', job: 'soup', message: 'A soup averages runs that share an initialisation.' });
    expect(s.fusion.soup).toEqual({ progress: null, problem: 'A soup averages runs that share an initialisation.', done: null });
    expect(s.fusion.ensemble).toBe(NO_FUSION.ensemble);
  });
});
