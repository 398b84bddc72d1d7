import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { optimizerStateChanges, stepSettings } from './run';

describe('step settings', () => {
  it('t counts from 1 after the optimizer state was last zeroed, the schedule from the run start', () => {
    const c = { ...defaultConfig(), schedule: 'step' as const, stepSize: 10, gamma: 0.5, learningRate: 0.4 };
    expect(stepSettings(c, 0).t).toBe(1);
    expect(stepSettings(c, 25).t).toBe(26);
    const s = stepSettings(c, 25, 20);
    expect(s.t).toBe(6);
    expect(s.hyper.learningRate).toBeCloseTo(0.1, 12); // 0.4 · 0.5² at step 25
  });

  it('only a new optimizer (or centered RMSprop on/off) changes what the state means', () => {
    const c = defaultConfig();
    expect(optimizerStateChanges(c, { ...c, optimizer: 'adam' })).toBe(true);
    expect(optimizerStateChanges({ ...c, optimizer: 'rmsprop' }, { ...c, optimizer: 'rmsprop', centered: true })).toBe(true);
    expect(optimizerStateChanges(c, { ...c, learningRate: 0.5, momentum: 0.5, beta1: 0.8 })).toBe(false);
  });
});
