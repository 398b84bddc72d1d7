/**
 * Timing helpers for the benchmark page: calibrate a repetition count to a target duration, then time a
 * few trials and keep every trial's rate (the report gives the median; the spread shows the noise).
 */

export interface Rate {
  /** Median over trials, in units per second. */
  median: number;
  min: number;
  max: number;
}

export function summarize(rates: number[]): Rate {
  const s = [...rates].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

/**
 * `run(reps)` must resolve once `reps` repetitions are done (results synchronised). Returns repetitions
 * per second: calibrated so that one trial lasts about `targetMs`, at least `minReps` repetitions.
 */
export async function repsPerSecond(run: (reps: number) => Promise<void>, opts: { targetMs?: number; trials?: number; minReps?: number; maxReps?: number } = {}): Promise<Rate> {
  const { targetMs = 400, trials = 3, minReps = 1, maxReps = 2000 } = opts;
  let t0 = performance.now();
  await run(minReps);
  const once = Math.max(0.05, (performance.now() - t0) / minReps);
  const reps = Math.min(maxReps, Math.max(minReps, Math.round(targetMs / once)));
  const rates: number[] = [];
  for (let i = 0; i < trials; i++) {
    t0 = performance.now();
    await run(reps);
    rates.push((reps * 1000) / (performance.now() - t0));
  }
  return summarize(rates);
}

export function scale(r: Rate, factor: number): Rate {
  return { median: r.median * factor, min: r.min * factor, max: r.max * factor };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
