/**
 * sweepBase: a study sweeps the plain run a population trains, and says in words what it turned off, so a
 * trial opened in the playground trains as it did in the sweep.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { sweepBase, sweepBaseChanges } from './trialConfig';

describe('sweepBase', () => {
  it('turns off augmentation and the second task, and names them', () => {
    const config = validateConfig({ dataset: 'mnist', samples: 1000, hidden: [32], augShift: 2, augMixup: 0.4, secondTask: 'parity', taskWeight: 2, pcgrad: true }).config;
    const base = sweepBase(config);
    expect(base).toMatchObject({ augShift: 0, augMixup: 0, secondTask: 'none', taskWeight: 1, pcgrad: false, hidden: [32], samples: 1000 });
    expect(sweepBaseChanges(config)).toBe('A sweep trains plain runs: data augmentation, the second task are off in its trials.');
  });

  it('leaves a plain run alone and says nothing', () => {
    const config = validateConfig({ dataset: 'spiral', hidden: [8, 8] }).config;
    expect(sweepBase(config)).toEqual(config);
    expect(sweepBaseChanges(config)).toBeNull();
  });
});
