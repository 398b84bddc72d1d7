/**
 * Learning-rate schedules (REFERENCE.md: constant, step, cosine to a floor, linear warm-up). `step` is the
 * number of optimizer steps already taken (0 for the first step), as PyTorch's schedulers count:
 *   constant  lr
 *   step      lr·γ^⌊t/k⌋                                         (torch StepLR)
 *   cosine    floor + (lr − floor)·(1 + cos(π·min(t, T)/T))/2,  floor = minLrFactor·lr   (CosineAnnealingLR,
 *             held at the floor after T instead of rising again)
 *   warmup    lr·min(1, (t + 1)/W): base/W on the first step, rising linearly to lr on step W − 1, then lr
 */
export const SCHEDULES = ['constant', 'step', 'cosine', 'warmup'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface ScheduleHyper {
  schedule: ScheduleName;
  /** k: steps between decays of the step schedule (≥ 1). */
  stepSize: number;
  /** γ: factor of each decay of the step schedule. */
  gamma: number;
  /** T: steps of the cosine schedule to reach its floor (≥ 1). */
  totalSteps: number;
  /** The cosine floor as a fraction of the base learning rate, 0..1. */
  minLrFactor: number;
  /** W: steps of the linear warm-up (≤ 1: no warm-up). */
  warmupSteps: number;
}

export const SCHEDULE_DEFAULTS: ScheduleHyper = {
  schedule: 'constant',
  stepSize: 100,
  gamma: 0.5,
  totalSteps: 1000,
  minLrFactor: 0,
  warmupSteps: 100,
};

/** The learning rate for the step that follows `step` completed steps. */
export function learningRateAt(base: number, step: number, s: ScheduleHyper): number {
  const t = Math.max(0, Math.floor(step));
  switch (s.schedule) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(s.gamma, Math.floor(t / Math.max(1, Math.floor(s.stepSize))));
    case 'cosine': {
      const T = Math.max(1, Math.floor(s.totalSteps));
      const floor = base * Math.min(1, Math.max(0, s.minLrFactor));
      return floor + ((base - floor) * (1 + Math.cos((Math.PI * Math.min(t, T)) / T))) / 2;
    }
    case 'warmup': {
      const W = Math.floor(s.warmupSteps);
      return W <= 1 ? base : base * Math.min(1, (t + 1) / W);
    }
  }
}
