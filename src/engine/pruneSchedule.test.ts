/**
 * The cubic gradual pruning schedule (Zhu & Gupta 2017) and the target → amount conversion, by hand.
 */
import { describe, expect, it } from 'vitest';
import { magnitudePrune, maskedSparsity } from './ops/prune';
import { amountOfRemaining, gradualSparsity, isPruneStep, type GradualSchedule } from './pruneSchedule';

// s_i = 0, s_f = 0.8, t0 = 100, n = 10 intervals of Δt = 10 → the window is [100, 200]
const S: GradualSchedule = { initial: 0, final: 0.8, start: 100, steps: 10, every: 10 };

describe('gradual sparsity', () => {
  it('endpoints, midpoint and clamping', () => {
    expect(gradualSparsity(100, S)).toBe(0);
    expect(gradualSparsity(200, S)).toBe(0.8);
    // t = 150: 0.8 + (0 − 0.8)·(1 − 0.5)³ = 0.8 − 0.1 = 0.7
    expect(gradualSparsity(150, S)).toBeCloseTo(0.7, 12);
    // t = 110: 0.8 − 0.8·0.9³ = 0.8 − 0.5832 = 0.2168
    expect(gradualSparsity(110, S)).toBeCloseTo(0.2168, 12);
    expect(gradualSparsity(0, S)).toBe(0);
    expect(gradualSparsity(10_000, S)).toBe(0.8);
    expect(gradualSparsity(150, { ...S, initial: 0.2 })).toBeCloseTo(0.8 - 0.6 * 0.125, 12);
    expect(gradualSparsity(100, { ...S, steps: 0 })).toBe(0.8);
  });

  it('is monotone and fastest at the start of the window', () => {
    const s = Array.from({ length: 11 }, (_, i) => gradualSparsity(100 + 10 * i, S));
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    expect(s[1] - s[0]).toBeGreaterThan(s[10] - s[9]);
  });

  it('prunes every Δt steps inside the window, n + 1 times', () => {
    expect([90, 99, 100, 105, 110, 190, 200, 210].map((t) => isPruneStep(t, S))).toEqual([false, false, true, false, true, true, true, false]);
    expect(Array.from({ length: 300 }, (_, t) => t).filter((t) => isPruneStep(t, S)).length).toBe(11);
  });
});

describe('amount of the remaining', () => {
  it('(target − current)/(1 − current), 0 once reached', () => {
    expect(amountOfRemaining(0.7, 0.5)).toBeCloseTo(0.4, 12);
    expect(amountOfRemaining(0.5, 0.7)).toBe(0);
    expect(amountOfRemaining(0.3, 0)).toBe(0.3);
    expect(amountOfRemaining(1, 1)).toBe(0);
  });

  it('reaches the target total sparsity with rule "remaining", as rule "target" does', () => {
    const w = Float32Array.from({ length: 100 }, (_, i) => ((i * 37) % 101) / 101 + 0.001);
    const mask = new Float32Array(100).fill(1);
    mask.fill(0, 0, 50); // 50 % already pruned
    const segs = [{ offset: 0, size: 100 }];
    const a = magnitudePrune(w, mask, [{ segments: segs, amount: amountOfRemaining(0.7, 0.5), rule: 'remaining' }]);
    const b = magnitudePrune(w, mask, [{ segments: segs, amount: 0.7, rule: 'target' }]);
    expect(maskedSparsity(a.mask, segs)).toBe(0.7);
    expect(Array.from(b.mask)).toEqual(Array.from(a.mask));
  });
});
