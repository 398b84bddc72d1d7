import { describe, expect, it } from 'vitest';
import { best, bestSoFar } from './objective';
import { trialOf } from './testTrials';

const trials = [
  trialOf(0, {}, 0.5),
  trialOf(1, {}, 0.9, 'pruned'),
  trialOf(2, {}, 0.4),
  trialOf(3, {}, null, 'failed'),
  trialOf(4, {}, 0.7),
  trialOf(5, {}, 0.7),
  trialOf(6, {}, 0.2),
];

describe('best and bestSoFar', () => {
  it('best is the best complete trial (earliest on ties), in either direction', () => {
    expect(best(trials, 'maximize')?.id).toBe(4);
    expect(best(trials, 'minimize')?.id).toBe(6);
    expect(best([trialOf(0, {}, null, 'running')], 'maximize')).toBeNull();
  });

  it('bestSoFar lists complete trials in order with the running best', () => {
    expect(bestSoFar(trials, 'maximize')).toEqual([
      { id: 0, value: 0.5, best: 0.5 },
      { id: 2, value: 0.4, best: 0.5 },
      { id: 4, value: 0.7, best: 0.7 },
      { id: 5, value: 0.7, best: 0.7 },
      { id: 6, value: 0.2, best: 0.7 },
    ]);
    expect(bestSoFar([...trials].reverse(), 'minimize').map((p) => p.best)).toEqual([0.5, 0.4, 0.4, 0.4, 0.2]);
  });
});
