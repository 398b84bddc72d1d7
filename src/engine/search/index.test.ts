import { describe, expect, it } from 'vitest';
import { gridSize, makePruner, makeSampler } from './index';
import { curveTrial } from './testTrials';
import type { SearchSpace } from './types';

const space: SearchSpace = [
  { name: 'learningRate', dist: { kind: 'float', low: 1e-4, high: 1e-1, log: true } },
  { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam'] } },
];

describe('factories', () => {
  it('makeSampler builds the named method', () => {
    expect(makeSampler('grid', space, 0, 'maximize', 3).method).toBe('grid');
    expect(makeSampler('random', space, 0, 'maximize', 3).method).toBe('random');
    expect(makeSampler('tpe', space, 0, 'maximize', 3).method).toBe('tpe');
    expect(makeSampler('grid', space, 0, 'maximize', 3).ask([])).toEqual({ learningRate: 1e-4, optimizer: 'sgd' });
    expect(gridSize(space, 3)).toBe(6);
  });

  it('makePruner builds the named pruner with η = 3', () => {
    const opts = { minSteps: 10, maxSteps: 300, direction: 'maximize' as const };
    expect(makePruner('none', opts).kind).toBe('none');
    expect(makePruner('asha', opts).rungs(curveTrial(0, [], []))).toEqual([10, 30, 90, 270]);
    const hb = makePruner('hyperband', opts);
    expect(hb.kind).toBe('hyperband');
    expect(hb.rungs(curveTrial(0, [], [], { bracket: 1 }))).toEqual([30, 90, 270]);
  });
});
