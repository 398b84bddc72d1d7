/**
 * The rows of the Compare charts: each run's lane-0 evaluations (thinned to MAX_CHART_POINTS per run),
 * merged by step into one row per step with a field per run (`r0`…`r3`; null or absent where that run has
 * no value at that step, which the lines join over).
 */
import type { MetricPoint } from '../../worker/protocol';
import { MAX_CHART_POINTS } from '../common/chartProps';
import { thin } from '../common/logAxis';
import type { ChartRow } from '../common/PathLines';

export interface CompareRun {
  id: string;
  name: string;
  history: MetricPoint[];
}

/** The row field of the i-th run. */
export const runKey = (i: number): string => `r${i}`;

export function compareRows(runs: readonly CompareRun[], value: (p: MetricPoint) => number | null, max = MAX_CHART_POINTS): ChartRow[] {
  const byStep = new Map<number, ChartRow>();
  runs.forEach((run, i) => {
    const main = run.history.filter((p) => p.lane === 0);
    for (const p of thin(main, max)) {
      const row = byStep.get(p.step) ?? { step: p.step };
      row[runKey(i)] = value(p);
      byStep.set(p.step, row);
    }
  });
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

/** True when some run has a finite lane-0 test accuracy (classification). */
export function hasAccuracy(runs: readonly CompareRun[]): boolean {
  return runs.some((r) => r.history.some((p) => p.lane === 0 && p.testAccuracy !== undefined && Number.isFinite(p.testAccuracy)));
}

/** Legend names, a repeated name numbered by its place ("Spiral run (2)") so each colour stays tellable. */
export function legendNames(names: readonly string[]): string[] {
  return names.map((n, i) => (names.indexOf(n) !== i || names.lastIndexOf(n) !== i ? `${n} (${i + 1})` : n));
}
