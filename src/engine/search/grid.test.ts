import { describe, expect, it } from 'vitest';
import { gridAxis, gridPoints, gridSampler, gridSize } from './grid';
import { trialOf } from './testTrials';
import type { ParamValues, SearchSpace, Trial } from './types';

const space: SearchSpace = [
  { name: 'learningRate', dist: { kind: 'float', low: 1e-4, high: 1e-1, log: true } },
  { name: 'width', dist: { kind: 'int', low: 2, high: 4, log: false } },
  { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam'] } },
];

describe('grid axes', () => {
  it('log floats are evenly spaced in log space, with tidy values', () => {
    expect(gridAxis(space[0].dist, 4)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
  });
  it('linear floats are evenly spaced; one point takes the middle', () => {
    expect(gridAxis({ kind: 'float', low: 0, high: 1, log: false }, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(gridAxis({ kind: 'float', low: 0.1, high: 0.9, log: false }, 1)).toEqual([0.5]);
    expect(gridAxis({ kind: 'float', low: 1e-4, high: 1, log: true }, 1)).toEqual([0.01]);
  });
  it('ints are rounded and deduplicated', () => {
    expect(gridAxis(space[1].dist, 4)).toEqual([2, 3, 4]);
    expect(gridAxis({ kind: 'int', low: 8, high: 512, log: true }, 4)).toEqual([8, 32, 128, 512]);
    expect(gridAxis({ kind: 'int', low: 1, high: 10, log: false }, 4)).toEqual([1, 4, 7, 10]);
  });
  it('categoricals take every choice', () => {
    expect(gridAxis(space[2].dist, 7)).toEqual(['sgd', 'adam']);
  });
});

describe('gridSampler', () => {
  it('gridSize is the product of the axes', () => {
    expect(gridSize(space, 4)).toBe(4 * 3 * 2);
    expect(gridSize(space, 2)).toBe(2 * 2 * 2);
    expect(gridPoints(space, 4)).toHaveLength(24);
  });

  it('asks every point once, in row-major order, then null', () => {
    const s = gridSampler(space, 2);
    const trials: Trial[] = [];
    const asked: ParamValues[] = [];
    for (;;) {
      const p = s.ask(trials);
      if (p === null) break;
      asked.push(p);
      trials.push(trialOf(trials.length, p, 0));
      expect(trials.length).toBeLessThanOrEqual(8);
    }
    expect(asked).toHaveLength(8);
    expect(asked[0]).toEqual({ learningRate: 1e-4, width: 2, optimizer: 'sgd' });
    expect(asked[1]).toEqual({ learningRate: 1e-4, width: 2, optimizer: 'adam' });
    expect(asked[2]).toEqual({ learningRate: 1e-4, width: 4, optimizer: 'sgd' });
    expect(asked[7]).toEqual({ learningRate: 1e-1, width: 4, optimizer: 'adam' });
    expect(new Set(asked.map((p) => JSON.stringify(p))).size).toBe(8);
  });

  it('a repeat over seeds does not use up a grid point; a restarted study resumes where it stopped', () => {
    const s = gridSampler(space, 2);
    const first = s.ask([])!;
    const trials = [trialOf(0, { ...first, seed: 1 }, 0), trialOf(1, { ...first, seed: 2 }, 0)];
    expect(s.ask(trials)).toEqual({ learningRate: 1e-4, width: 2, optimizer: 'adam' });
    // A fresh sampler given the same trials asks the same next point.
    expect(gridSampler(space, 2).ask(trials)).toEqual(s.ask(trials));
  });
});
