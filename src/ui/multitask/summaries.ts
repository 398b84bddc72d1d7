/**
 * The numbers and text alternatives of the Multi-task area's charts, as pure functions (chartSummaries.ts'
 * habits: the latest values drawn, never a live region). A multi-task run has three lanes
 * (engine/strategies/multitaskLanes.ts): 0 both tasks, 1 the first task alone, 2 the second alone; each
 * point carries every head's metrics (MetricPoint.heads) and lane 0's the trunk gradient cosine (conflict).
 */
import type { MetricPoint } from '../../engine/train/metrics';
import { formatPercent } from '../common/series';
import type { ChartRow } from '../common/PathLines';

const stepText = (step: number): string => step.toLocaleString('en-US');

/** A cosine to two decimals, with a real minus sign ("−0.12"). */
export const formatCosine = (c: number): string => (Number.isFinite(c) ? c.toFixed(2).replace('-', '−') : '—');

/** Which lane's which head each line of the per-head chart draws: [key, lane, head]. */
export const HEAD_LINES: ReadonlyArray<readonly [string, number, number]> = [
  ['both0', 0, 0],
  ['alone0', 1, 0],
  ['both1', 0, 1],
  ['alone1', 2, 1],
];

/** Test accuracy of head `head` at a point (undefined when the point has no heads). */
export const headAccuracy = (p: MetricPoint | undefined, head: number): number | undefined => p?.heads?.[head]?.testAccuracy;

/** [steps] one row per step any lane reported: `step` and each HEAD_LINES key (null where there is no value). */
export function headRows(lanes: readonly MetricPoint[][]): ChartRow[] {
  const byStep = new Map<number, ChartRow>();
  for (const [key, lane, head] of HEAD_LINES) {
    for (const p of lanes[lane] ?? []) {
      const row = byStep.get(p.step) ?? { step: p.step, both0: null, alone0: null, both1: null, alone1: null };
      const v = headAccuracy(p, head);
      row[key] = v !== undefined && Number.isFinite(v) ? v : null;
      byStep.set(p.step, row);
    }
  }
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

/** [steps] lane 0's cosine per evaluation: `step`, `cosine` (null where there was none). */
export function conflictRows(points: readonly MetricPoint[]): ChartRow[] {
  return points.map((p) => ({ step: p.step, cosine: typeof p.conflict === 'number' && Number.isFinite(p.conflict) ? p.conflict : null }));
}

/**
 * "Test accuracy at step 200: Digit 84.0% with both tasks, 83.1% alone; Parity 90.2% with both tasks,
 * 88.7% alone." heads: the two heads' names.
 */
export function headsSummary(lanes: readonly MetricPoint[][], heads: readonly string[]): string {
  const last = lanes[0]?.at(-1);
  if (!last) return 'No evaluation yet.';
  const part = (head: number, alone: number) => {
    const both = headAccuracy(last, head);
    const solo = headAccuracy(lanes[alone]?.at(-1), head);
    return `${heads[head]} ${both === undefined ? '—' : formatPercent(both)} with both tasks, ${solo === undefined ? '—' : formatPercent(solo)} alone`;
  };
  return `Test accuracy at step ${stepText(last.step)}: ${part(0, 1)}; ${part(1, 2)}.`;
}

/**
 * "Gradient conflict: cosine 0.12 at step 200 (0.45 at step 0); below zero (the tasks pull the trunk apart)
 * at 3 of 21 evaluations." Null cosines (a zero gradient) are skipped.
 */
export function conflictSummary(points: readonly MetricPoint[], heads: readonly string[]): string {
  const seen = points.filter((p) => typeof p.conflict === 'number' && Number.isFinite(p.conflict));
  if (seen.length === 0) return 'Gradient conflict: no cosine yet.';
  const first = seen[0], last = seen[seen.length - 1];
  const negative = seen.filter((p) => (p.conflict as number) < 0).length;
  const start = seen.length > 1 ? ` (${formatCosine(first.conflict as number)} at step ${stepText(first.step)})` : '';
  return `Gradient conflict between ${heads[0]} and ${heads[1]}: cosine ${formatCosine(last.conflict as number)} at step ${stepText(last.step)}${start}; below zero (the tasks pull the trunk apart) at ${negative} of ${seen.length} evaluations.`;
}
