import { describe, expect, it } from 'vitest';
import { MAX_REPS, TARGET_MS, TIMED_RUNS, cpuSpeed, timeRepetitions } from './deviceSpeed';

describe("the device's arithmetic speed", () => {
  it('repeats the product until a run lasts TARGET_MS, then reads FLOP/s off TIMED_RUNS such runs', async () => {
    const asked: number[] = [];
    // a device doing 1 GFLOP/s (1 ms a product of 1 MFLOP), with 2 ms of latency a run
    const rate = await timeRepetitions(1e6, (reps) => (asked.push(reps), 2 + reps));
    expect(asked[0]).toBe(1);
    const reps = asked.at(-1)!;
    expect(reps + 2).toBeGreaterThanOrEqual(TARGET_MS);
    expect(asked.slice(-TIMED_RUNS)).toEqual(new Array(TIMED_RUNS).fill(reps));
    expect(asked.length).toBeLessThanOrEqual(TIMED_RUNS + 2);
    expect(rate).toBeCloseTo((reps * 1e6) / ((2 + reps) / 1000), 0);
  });

  it('keeps the fastest timed run (another tab or a collection can slow one)', async () => {
    const times = [40, 120, 40];
    const rate = await timeRepetitions(1e6, () => times.shift()!);
    expect(rate).toBe(1e6 / 0.04);
  });

  it('stops at MAX_REPS on a device too fast to time, giving a lower bound', async () => {
    const asked: number[] = [];
    const rate = await timeRepetitions(1e9, (reps) => (asked.push(reps), 1));
    expect(asked.at(-1)).toBe(MAX_REPS);
    expect(rate).toBe((MAX_REPS * 1e9) / 0.001);
  });

  it('gives null for a reading that is not a time', async () => {
    expect(await timeRepetitions(1e6, () => NaN)).toBeNull();
    expect(await timeRepetitions(1e6, () => -1)).toBeNull();
    expect(await timeRepetitions(1e6, () => 0)).toBeNull();
  });

  it("measures the CPU engine's matmul once, within a second, and keeps the reading", async () => {
    const t0 = performance.now();
    const first = await cpuSpeed();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(first).toBeGreaterThan(1e7);
    const t1 = performance.now();
    expect(await cpuSpeed()).toBe(first);
    expect(performance.now() - t1).toBeLessThan(5);
  });
});
