/** The Landscape state: hash round-trip, and bad values corrected to safe ones with a sentence each. */
import { describe, expect, it } from 'vitest';
import { MAX_RACERS, defaultLandscape, landscapeFromHash, landscapeToHash, racerHyper, validateLandscape } from './landscapeState';

describe('landscape state', () => {
  it('the defaults round-trip through the hash without corrections', () => {
    const d = defaultLandscape();
    const back = landscapeFromHash(`#${landscapeToHash(d)}`);
    expect(back.corrections).toEqual([]);
    expect(back.state).toEqual(d);
    expect(landscapeFromHash('').state).toEqual(d);
  });

  it('a full state round-trips', () => {
    const s = { ...defaultLandscape('himmelblau'), condition: 7, start: [1.25, -2.5] as [number, number], racers: [{ optimizer: 'rmsprop' as const, learningRate: 0.003 }, { optimizer: 'adamw' as const, learningRate: 0.01 }], stepsPerFrame: 9 };
    expect(landscapeFromHash(landscapeToHash(s))).toEqual({ state: s, corrections: [] });
  });

  it('bad values become safe values, each named', () => {
    const { state, corrections } = landscapeFromHash('surface=moon&c=500&start=99,abc&racers=sgd@0.01,nadam@2,adam@x,momentum@0.1,adam@0.1&spf=0');
    expect(state.surface).toBe('bowl');
    expect(state.condition).toBe(100);
    expect(state.start).toEqual([5.5, defaultLandscape().start[1]]);
    expect(state.racers).toHaveLength(MAX_RACERS);
    expect(state.racers[1]).toEqual({ optimizer: 'momentum', learningRate: 1 });
    expect(state.racers[2].learningRate).toBe(defaultLandscape().racers[0].learningRate);
    expect(state.stepsPerFrame).toBe(1);
    const text = corrections.join('\n');
    for (const name of ['Surface "moon"', 'Condition number 500', 'Start x 99', 'Start y "abc"', 'Optimizer 2 "nadam"', 'Learning rate 2', 'Learning rate 3', '5 optimizers', 'Steps per frame 0']) {
      expect(text).toContain(name);
    }
  });

  it('a race gets at least two optimizers', () => {
    const { state, corrections } = validateLandscape({ racers: [{ optimizer: 'adam', learningRate: 0.01 }] });
    expect(state.racers.map((r) => r.optimizer)).toEqual(['adam', 'momentum']);
    expect(corrections[0]).toMatch(/at least 2/);
  });

  it('racers share μ, β₁, β₂ (Adam only) and ε; RMSprop keeps α = 0.99', () => {
    const s = { ...defaultLandscape(), momentum: 0.8, beta1: 0.85, beta2: 0.99, epsilon: 1e-6 };
    expect(racerHyper(s, { optimizer: 'momentum', learningRate: 0.1 })).toMatchObject({ momentum: 0.8, learningRate: 0.1 });
    expect(racerHyper(s, { optimizer: 'adam', learningRate: 0.1 })).toMatchObject({ beta1: 0.85, beta2: 0.99, epsilon: 1e-6 });
    expect(racerHyper({ ...s, beta2: 0.9 }, { optimizer: 'rmsprop', learningRate: 0.1 })).toMatchObject({ beta2: 0.99, epsilon: 1e-6 });
  });
});
