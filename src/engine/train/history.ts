/**
 * The metric history's bound: a run that trains for hours keeps at most HISTORY_POINTS_PER_LANE points per
 * lane, in the Trainer (and so in checkpoints and the run store) and on the page's charts alike. Past the
 * bound, every other point of a lane's older half goes, as often as needed: recent history stays dense,
 * the start of the run stays (coarser), and memory and the saved record stay flat however long it runs.
 */
import type { MetricPoint } from './metrics';

/** Most points kept per lane (the charts draw at most 150 per line, from these). */
export const HISTORY_POINTS_PER_LANE = 2000;

/** Which of `count` points in order a lane keeps under `max`: every other of the older half, repeated. */
function keptIndices(count: number, max: number): number[] {
  let kept = Array.from({ length: count }, (_, i) => i);
  while (kept.length > max) {
    const recent = Math.floor(max / 2);
    const older = kept.slice(0, kept.length - recent).filter((_, i) => i % 2 === 0);
    kept = older.concat(kept.slice(kept.length - recent));
  }
  return kept;
}

/** One lane's points thinned to at most `max` (a new array; the input is not changed). */
export function thinLane<T>(points: readonly T[], max = HISTORY_POINTS_PER_LANE): T[] {
  if (points.length <= max) return points.slice();
  return keptIndices(points.length, max).map((i) => points[i]);
}

/**
 * Every lane of a mixed history thinned to at most `max` points, the points' order kept. Returns the
 * same array when no lane is over the bound.
 */
export function thinHistory(points: readonly MetricPoint[], max = HISTORY_POINTS_PER_LANE): readonly MetricPoint[] {
  const byLane = new Map<number, number[]>();
  points.forEach((p, i) => {
    const list = byLane.get(p.lane);
    if (list) list.push(i);
    else byLane.set(p.lane, [i]);
  });
  if ([...byLane.values()].every((list) => list.length <= max)) return points;
  const keep = new Set<number>();
  for (const list of byLane.values()) for (const k of keptIndices(list.length, max)) keep.add(list[k]);
  return points.filter((_, i) => keep.has(i));
}
