import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { ashaPruner, ashaRungs, hyperbandBracketOf, hyperbandBrackets, hyperbandPruner, isPromotable, noPruner } from './halving';
import { curveTrial } from './testTrials';
import type { Trial } from './types';

describe('successive halving rules', () => {
  it('rungs at r·η^(s+k) below maxSteps', () => {
    expect(ashaRungs(1, 3, 0, 100)).toEqual([1, 3, 9, 27, 81]);
    expect(ashaRungs(1, 3, 1, 100)).toEqual([3, 9, 27, 81]);
    expect(ashaRungs(10, 3, 0, 270)).toEqual([10, 30, 90]);
    expect(ashaRungs(5, 2, 2, 100)).toEqual([20, 40, 80]);
    expect(ashaRungs(50, 3, 0, 50)).toEqual([]);
    expect(ashaPruner({ minSteps: 2, maxSteps: 60, direction: 'maximize' }).rungs(curveTrial(0, [], []))).toEqual([2, 6, 18, 54]);
  });

  it('promotable: the best ⌊n/η⌋, and only the best while n < η', () => {
    expect(isPromotable(5, [5], 3, 'maximize')).toBe(true);
    expect(isPromotable(3, [5, 3], 3, 'maximize')).toBe(false);
    expect(isPromotable(3, [5, 3], 3, 'minimize')).toBe(true);
    expect(isPromotable(7, [1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 'maximize')).toBe(true);
    expect(isPromotable(6, [1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 'maximize')).toBe(false);
    expect(isPromotable(3, [1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 'minimize')).toBe(true);
    expect(isPromotable(4, [1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 'minimize')).toBe(false);
  });
});

describe('ashaPruner', () => {
  const pruner = ashaPruner({ minSteps: 10, maxSteps: 270, direction: 'maximize' });
  const values = [5, 3, 8, 1, 9, 2, 7, 4, 6];

  it('when all nine reach the first rung together, only the top third continues', () => {
    const trials = values.map((v, i) => curveTrial(i, [10], [v]));
    const stopped = trials.map((t) => pruner.shouldPrune(t, 10, trials));
    expect(values.filter((_, i) => !stopped[i]).sort()).toEqual([7, 8, 9]);
  });

  it('asynchronously, each trial is judged against those that reached the rung before it', () => {
    const trials: Trial[] = [];
    const kept: number[] = [];
    values.forEach((v, i) => {
      const t = curveTrial(i, [10], [v]);
      trials.push(t);
      if (!pruner.shouldPrune(t, 10, trials)) kept.push(v);
    });
    // 5 (first, best so far), 3 (< 5), 8 (best), 1, 9 (best), 2 (needs 2nd best of 6: 8), 7 (needs 8),
    // 4, 6 (needs 3rd best of 9: 7).
    expect(kept).toEqual([5, 8, 9]);
  });

  it('minimize keeps the smallest; a NaN stops; steps between rungs are not judged', () => {
    const p = ashaPruner({ minSteps: 10, maxSteps: 270, direction: 'minimize' });
    const trials = values.map((v, i) => curveTrial(i, [10], [v]));
    expect(values.filter((_, i) => !p.shouldPrune(trials[i], 10, trials)).sort()).toEqual([1, 2, 3]);
    const nan = curveTrial(9, [10], [NaN]);
    expect(p.shouldPrune(nan, 10, [...trials, nan])).toBe(true);
    const between = curveTrial(10, [10, 15], [1, 100]);
    expect(p.shouldPrune(between, 15, [...trials, between])).toBe(false);
  });

  it('at the second rung the competitors are those that reached it, with their values there', () => {
    // Four trials passed rung 10 and reached 30 with these values; two never got there.
    const trials = [
      curveTrial(0, [10, 20, 30], [0.5, 0.6, 0.70]),
      curveTrial(1, [10, 20, 30], [0.5, 0.6, 0.80]),
      curveTrial(2, [10, 20, 30, 40], [0.5, 0.6, 0.75, 0.99]),
      curveTrial(3, [10], [0.1]),
      curveTrial(4, [10], [0.2]),
    ];
    const t = curveTrial(5, [10, 20, 30], [0.9, 0.9, 0.76]);
    // Competing at 30: 0.70, 0.80, 0.75 and 0.76 → n = 4, best ⌊4/3⌋ = 1: 0.76 < 0.80 stops.
    expect(pruner.shouldPrune(t, 30, [...trials, t])).toBe(true);
    const u = curveTrial(6, [10, 20, 30], [0.9, 0.9, 0.81]);
    expect(pruner.shouldPrune(u, 30, [...trials, u])).toBe(false);
  });

  it('judges every rung crossed since the previous evaluation', () => {
    const others = [curveTrial(0, [10, 30], [0.9, 0.9]), curveTrial(1, [10, 30], [0.95, 0.95]), curveTrial(2, [10, 30], [0.1, 0.99])];
    // Evaluated first at 40: rungs 10 and 30 are judged with its value at 40 (0.92): at 10 among
    // 0.9, 0.95, 0.1 and 0.92 it is 2nd (n = 4 keeps 1) → stop.
    const t = curveTrial(3, [40], [0.92]);
    expect(pruner.shouldPrune(t, 40, [...others, t])).toBe(true);
  });
});

describe('hyperbandPruner', () => {
  it('brackets s = 0 … ⌊log_η(R/r)⌋ with Optuna’s budgets and each its own rungs', () => {
    const b = hyperbandBrackets(1, 81, 3);
    expect(b.map((x) => x.bracket)).toEqual([0, 1, 2, 3, 4]);
    // ⌈B·η^(B−1−b)/(B−b)⌉ with B = 5: 81, 34, 15, 8, 5.
    expect(b.map((x) => x.budget)).toEqual([81, 34, 15, 8, 5]);
    expect(b[0].rungs).toEqual([1, 3, 9, 27]);
    expect(b[2].rungs).toEqual([9, 27]);
    expect(b[4].rungs).toEqual([]); // r·η^4 = 81 = R: that bracket never prunes
    expect(hyperbandBrackets(10, 100, 3).map((x) => x.rungs)).toEqual([[10, 30, 90], [30, 90], [90]]);
    expect(hyperbandBrackets(1, 243, 3)).toHaveLength(6); // exact, where float log_3(243) is 4.999…
  });

  it('assigns brackets by crc32 of "<study>_<id>", deterministically and in proportion to the budgets', () => {
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
    expect(crc32('')).toBe(0);
    const brackets = hyperbandBrackets(1, 81, 3);
    const ids = Array.from({ length: 5000 }, (_, i) => i);
    const got = ids.map((id) => hyperbandBracketOf(id, brackets));
    expect(ids.map((id) => hyperbandBracketOf(id, brackets))).toEqual(got);
    expect(hyperbandBracketOf(7, brackets)).toBe(walk(crc32('optiplay_7') % 143, [81, 34, 15, 8, 5]));
    const counts = [0, 1, 2, 3, 4].map((b) => got.filter((g) => g === b).length / ids.length);
    [81, 34, 15, 8, 5].forEach((w, i) => expect(counts[i]).toBeCloseTo(w / 143, 1));
    const p = hyperbandPruner({ minSteps: 1, maxSteps: 81, direction: 'maximize' });
    expect(p.assign(curveTrial(7, [], []))).toBe(hyperbandBracketOf(7, brackets));
    expect(p.rungs(curveTrial(0, [], [], { bracket: 2 }))).toEqual([9, 27]);
  });

  it('trials compete only within their bracket', () => {
    const p = hyperbandPruner({ minSteps: 1, maxSteps: 81, direction: 'maximize' });
    // Bracket 0 judges at step 1. Strong trials in bracket 1 do not count against a bracket-0 trial.
    const strong = [0, 1, 2, 3, 4, 5].map((i) => curveTrial(100 + i, [1, 3], [0.99, 0.99], { bracket: 1 }));
    const weak = [curveTrial(0, [1], [0.2], { bracket: 0 }), curveTrial(1, [1], [0.3], { bracket: 0 })];
    const t = curveTrial(2, [1], [0.5], { bracket: 0 });
    expect(p.shouldPrune(t, 1, [...strong, ...weak, t])).toBe(false);
    const rival = curveTrial(3, [1], [0.99], { bracket: 0 });
    expect(p.shouldPrune(t, 1, [...strong, ...weak, rival, t])).toBe(true);
  });
});

describe('noPruner', () => {
  it('never stops and has no rungs', () => {
    const p = noPruner();
    const t = curveTrial(0, [1], [NaN]);
    expect(p.kind).toBe('none');
    expect(p.rungs(t)).toEqual([]);
    expect(p.shouldPrune(t, 1, [t])).toBe(false);
    expect(p.assign(t)).toBeUndefined();
  });
});

function walk(n: number, budgets: number[]): number {
  for (let b = 0; b < budgets.length; b++) {
    n -= budgets[b];
    if (n < 0) return b;
  }
  return -1;
}
