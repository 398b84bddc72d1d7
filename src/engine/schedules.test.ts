/** Learning-rate schedules at chosen steps, values worked out by hand. */
import { describe, expect, it } from 'vitest';
import { SCHEDULE_DEFAULTS, SCHEDULES, learningRateAt, type ScheduleHyper } from './schedules';

const s = (over: Partial<ScheduleHyper>): ScheduleHyper => ({ ...SCHEDULE_DEFAULTS, ...over });

describe('learning-rate schedules', () => {
  it('lists the four schedules; constant ignores the step', () => {
    expect(SCHEDULES).toEqual(['constant', 'step', 'cosine', 'warmup']);
    for (const t of [0, 1, 99, 1e6]) expect(learningRateAt(0.3, t, s({ schedule: 'constant' }))).toBe(0.3);
  });

  it('step: lr·γ^⌊t/k⌋', () => {
    const h = s({ schedule: 'step', stepSize: 10, gamma: 0.5 });
    expect(learningRateAt(0.8, 0, h)).toBe(0.8);
    expect(learningRateAt(0.8, 9, h)).toBe(0.8);
    expect(learningRateAt(0.8, 10, h)).toBe(0.4);
    expect(learningRateAt(0.8, 19, h)).toBe(0.4);
    expect(learningRateAt(0.8, 20, h)).toBe(0.2);
    expect(learningRateAt(0.8, 35, h)).toBe(0.1);
    expect(learningRateAt(1, 3, s({ schedule: 'step', stepSize: 1, gamma: 0.1 }))).toBeCloseTo(1e-3, 15);
    expect(learningRateAt(1, 5, s({ schedule: 'step', stepSize: 0, gamma: 0.5 }))).toBe(1 / 32); // k clamped to 1
  });

  it('cosine: floor + (lr − floor)(1 + cos(π·min(t,T)/T))/2', () => {
    const h = s({ schedule: 'cosine', totalSteps: 100, minLrFactor: 0.1 });
    expect(learningRateAt(1, 0, h)).toBe(1);
    expect(learningRateAt(1, 50, h)).toBeCloseTo(0.55, 14); // 0.1 + 0.9·(1 + 0)/2
    expect(learningRateAt(1, 25, h)).toBeCloseTo(0.1 + 0.9 * (1 + Math.SQRT1_2) / 2, 14);
    expect(learningRateAt(1, 100, h)).toBeCloseTo(0.1, 14);
    expect(learningRateAt(1, 250, h)).toBeCloseTo(0.1, 14); // held at the floor
    expect(learningRateAt(2, 50, s({ schedule: 'cosine', totalSteps: 100, minLrFactor: 0 }))).toBeCloseTo(1, 14);
  });

  it('warm-up: base/W on the first step, linear to base over W steps, then constant', () => {
    const h = s({ schedule: 'warmup', warmupSteps: 4 });
    expect([0, 1, 2, 3, 4, 100].map((t) => learningRateAt(1, t, h))).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
    expect(learningRateAt(0.5, 0, s({ schedule: 'warmup', warmupSteps: 1 }))).toBe(0.5);
    expect(learningRateAt(0.5, 0, s({ schedule: 'warmup', warmupSteps: 0 }))).toBe(0.5);
  });

  it('negative or fractional steps count as whole completed steps from 0', () => {
    const h = s({ schedule: 'step', stepSize: 2, gamma: 0.5 });
    expect(learningRateAt(1, -3, h)).toBe(1);
    expect(learningRateAt(1, 2.9, h)).toBe(0.5);
  });
});
