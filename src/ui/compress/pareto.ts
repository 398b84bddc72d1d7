/**
 * The session's accuracy-vs-size scatter: one point per configuration tried (dataset, layer widths and
 * compression label), updated while that configuration trains, and its Pareto front.
 */
import type { CompressionView } from '../../worker/protocol';

export interface SizePoint {
  /** dataset | widths | compression label. */
  key: string;
  dataset: string;
  widths: number[];
  /** The compression label, e.g. "90% magnitude · 4-bit aware" or "dense float32". */
  label: string;
  /** Stored bytes (CompressionView.total.best). */
  bytes: number;
  /** Test accuracy 0..1. */
  accuracy: number;
  /** The step of the evaluation it comes from. */
  step: number;
}

/** Most configurations kept; the oldest go first. */
export const MAX_SIZE_POINTS = 200;

export function pointKey(dataset: string, widths: readonly number[], label: string): string {
  return `${dataset}|${widths.join('-')}|${label}`;
}

/**
 * Folds one evaluation into the session's points: a configuration seen before moves to its latest
 * size and accuracy (in place), a new one is appended. Returns `points` itself when nothing applies
 * (no test accuracy: regression), else a new array.
 */
export function upsertPoint(points: readonly SizePoint[], dataset: string, step: number, c: CompressionView, max = MAX_SIZE_POINTS): readonly SizePoint[] {
  if (c.testAccuracy === undefined || !Number.isFinite(c.testAccuracy) || !(c.total.best > 0)) return points;
  const key = pointKey(dataset, c.widths, c.label);
  const point: SizePoint = { key, dataset, widths: [...c.widths], label: c.label, bytes: c.total.best, accuracy: c.testAccuracy, step };
  const i = points.findIndex((p) => p.key === key);
  if (i >= 0) {
    const old = points[i];
    if (old.bytes === point.bytes && old.accuracy === point.accuracy && old.step === point.step) return points;
    const out = points.slice();
    out[i] = point;
    return out;
  }
  const out = points.concat(point);
  return out.length > max ? out.slice(out.length - max) : out;
}

/**
 * The points no other point dominates (another is at most as large and at least as accurate, and
 * strictly better in one of the two), by size ascending. Among exact duplicates one is kept.
 */
export function paretoFront<T extends { bytes: number; accuracy: number }>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.bytes - b.bytes || b.accuracy - a.accuracy);
  const front: T[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.accuracy > best) {
      front.push(p);
      best = p.accuracy;
    }
  }
  return front;
}
