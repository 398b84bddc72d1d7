import { describe, expect, it } from 'vitest';
import { shownRange } from './ScheduleChart';

describe('shownRange', () => {
  it("is the schedule's horizon while the run is inside its first ~80%", () => {
    expect(shownRange(1000, 0)).toBe(1000);
    expect(shownRange(1000, 833)).toBe(1000);
  });

  it('doubles past it, so it changes only a handful of times in a long run', () => {
    expect(shownRange(1000, 834)).toBe(2000);
    expect(shownRange(1000, 5000)).toBe(8000);
    const ranges = new Set<number>();
    for (let step = 0; step <= 100_000; step += 37) {
      const end = shownRange(1000, step);
      expect(step * 1.2).toBeLessThanOrEqual(end);
      ranges.add(end);
    }
    expect(ranges.size).toBe(8);
  });
});
