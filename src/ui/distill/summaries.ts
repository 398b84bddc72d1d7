/**
 * The numbers and text alternatives of the "Distill & transfer" charts, as pure functions: the entropy
 * (in bits) and top class of a soft-target distribution (REFERENCE.md "Distillation"), the latest value of
 * a lane and the gap between two lanes, and one summary sentence per chart (chartSummaries.ts' habits: the
 * latest values drawn, never a live region). Each looks at a view or the ends of a history, never more.
 */
import type { MetricPoint } from '../../engine/train/metrics';
import type { SoftTargetsView, TeacherView, TransferPoint } from '../../worker/protocol';
import { formatLoss, formatPercent } from '../common/series';

const stepText = (step: number): string => step.toLocaleString('en-US');
const percentText = (v: number): string => (Number.isFinite(v) ? formatPercent(v) : 'not a number');

/** T as the bars' names show it: "4", "2.5", "0.333". */
export const formatTemperature = (t: number): string => (Number.isFinite(t) ? String(Number(t.toPrecision(3))) : String(t));

/** A bit count to two decimals ("3.32 bits"). */
export const formatBits = (bits: number): string => `${bits.toFixed(2)} bits`;

// ---- Soft targets -----------------------------------------------------------------------------------

/**
 * Shannon entropy H(p) = −Σ p_i log2 p_i in bits; terms with p_i ≤ 0 (or not finite) add nothing.
 * Uniform over K classes gives log2 K (the most spread), a one-hot distribution 0.
 */
export function entropyBits(p: readonly number[]): number {
  let h = 0;
  for (const v of p) if (v > 0 && Number.isFinite(v)) h -= v * Math.log2(v);
  return h;
}

export interface TopClass {
  index: number;
  /** The class's name (classNames[index], or the index itself). */
  name: string;
  probability: number;
}

/** The most probable class (the first on a tie); null for an empty or all-NaN distribution. */
export function topClass(p: readonly number[], classNames: readonly string[]): TopClass | null {
  let best = -1;
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i]) && (best < 0 || p[i] > p[best])) best = i;
  return best < 0 ? null : { index: best, name: classNames[best] ?? String(best), probability: p[best] };
}

/**
 * The "Test example" field's text as an index into a test split of `testSize` examples: rounded to a
 * whole number and clamped to 0..testSize − 1; null for text that is no number (the field keeps the
 * last good index) or an empty split.
 */
export function parseExampleIndex(text: string, testSize: number): number | null {
  const trimmed = text.trim();
  const v = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(v) || !(testSize >= 1)) return null;
  return Math.min(Math.floor(testSize) - 1, Math.max(0, Math.round(v)));
}

/** What the view's example is: its class name ("7", or the CSV's name for it). */
export const trueClassName = (view: SoftTargetsView): string => view.classNames[view.label] ?? String(view.label);

/** "7 (62.0%), entropy 1.52 bits" for one distribution. */
function distributionText(p: readonly number[], classNames: readonly string[]): string {
  const top = topClass(p, classNames);
  if (!top) return 'no probabilities';
  return `top class ${top.name} (${percentText(top.probability)}), entropy ${formatBits(entropyBits(p))}`;
}

/**
 * The soft-targets chart: "Test example 12, true class 7, at T = 4: teacher's top class 7 (62.0%),
 * entropy 1.52 bits; student's top class 7 (55.0%), entropy 1.80 bits. Student at T = 1: top class 7
 * (95.0%), entropy 0.35 bits. The most spread distribution over 10 classes has 3.32 bits."
 */
export function softTargetsSummary(view: SoftTargetsView | null): string {
  if (!view) return 'No soft targets yet.';
  const t = formatTemperature(view.temperature);
  const k = view.classNames.length;
  let text = `Test example ${stepText(view.index)}, true class ${trueClassName(view)}, at T = ${t}: `;
  text += `teacher's ${distributionText(view.teacher, view.classNames)}; student's ${distributionText(view.student, view.classNames)}.`;
  if (view.temperature !== 1 && view.studentAtOne.length > 0) text += ` Student at T = 1: ${distributionText(view.studentAtOne, view.classNames)}.`;
  if (k > 1) text += ` The most spread distribution over ${k} classes has ${formatBits(Math.log2(k))}.`;
  return text;
}

// ---- Taught vs alone ---------------------------------------------------------------------------------

/** The value a lane is drawn by: test accuracy (0..1) for classification, test loss otherwise. */
export const laneValue = (p: MetricPoint, classification: boolean): number | undefined => (classification ? p.testAccuracy : p.testLoss);

export interface LaneValue {
  step: number;
  value: number;
}

/** A lane's latest evaluation with a finite value, looking back from the end; null when there is none. */
export function latestValue(points: readonly MetricPoint[] | undefined, classification: boolean): LaneValue | null {
  if (!points) return null;
  for (let i = points.length - 1; i >= 0; i--) {
    const v = laneValue(points[i], classification);
    if (v !== undefined && Number.isFinite(v)) return { step: points[i].step, value: v };
  }
  return null;
}

/**
 * `a − b` at the latest step both lanes report a finite value (they are trained in step, but one may
 * have reported a chunk later): in percentage points (×100) for accuracy, in loss otherwise. Positive:
 * lane a is more accurate (classification) or has the higher loss (worse). Null without a common step.
 */
export function laneGap(a: readonly MetricPoint[] | undefined, b: readonly MetricPoint[] | undefined, classification: boolean): LaneValue | null {
  if (!a || !b || a.length === 0 || b.length === 0) return null;
  const bySteps = new Map<number, number>();
  for (const p of b) {
    const v = laneValue(p, classification);
    if (v !== undefined && Number.isFinite(v)) bySteps.set(p.step, v);
  }
  for (let i = a.length - 1; i >= 0; i--) {
    const va = laneValue(a[i], classification);
    const vb = bySteps.get(a[i].step);
    if (va !== undefined && Number.isFinite(va) && vb !== undefined) return { step: a[i].step, value: classification ? (va - vb) * 100 : va - vb };
  }
  return null;
}

/** "+1.5 points", "−0.3 points" (accuracy) or "+0.01230", "−0.004100" (loss); a true minus sign, none at 0. */
export function formatGap(gap: number, classification: boolean): string {
  const sign = gap > 0 ? '+' : gap < 0 ? '−' : '';
  const size = Math.abs(gap);
  return classification ? `${sign}${size.toFixed(1)} points` : `${sign}${formatLoss(size)}`;
}

/** A lane's latest value as the readouts show it. */
export const formatLaneValue = (v: LaneValue | null, classification: boolean): string => (v === null ? '—' : classification ? formatPercent(v.value) : formatLoss(v.value));

/**
 * The taught-vs-alone chart: "Test accuracy: Distilled student 97.5% at step 1,200 (from 10.0%); Student
 * alone 96.0% at step 1,200 (from 9.8%). Gap at step 1,200: +1.5 points. Teacher "Teacher 784-128-10":
 * 98.2%."
 */
export function taughtSummary(lanes: readonly (readonly MetricPoint[] | undefined)[], labels: readonly string[], teacher: TeacherView | null, classification: boolean): string {
  const what = classification ? 'Test accuracy' : 'Test loss';
  const value = (v: number) => (classification ? percentText(v) : formatLoss(v));
  const parts = [0, 1].map((i) => {
    const name = labels[i] ?? `Lane ${i + 1}`;
    const last = latestValue(lanes[i], classification);
    if (!last) return `${name}: no evaluation yet`;
    const first = lanes[i]?.find((p) => Number.isFinite(laneValue(p, classification) ?? NaN));
    const from = first && first.step !== last.step ? ` (from ${value(laneValue(first, classification) as number)})` : '';
    return `${name} ${value(last.value)} at step ${stepText(last.step)}${from}`;
  });
  let text = `${what}: ${parts.join('; ')}.`;
  const gap = laneGap(lanes[0], lanes[1], classification);
  if (gap) text += ` Gap at step ${stepText(gap.step)}: ${formatGap(gap.value, classification)}.`;
  if (teacher && classification) text += ` Teacher “${teacher.name}”: ${percentText(teacher.testAccuracy)}.`;
  return text;
}

// ---- Transfer ----------------------------------------------------------------------------------------

/** The transfer chart's three series, in drawing order, with the names its legend gives them. */
export const TRANSFER_SERIES = [
  { key: 'scratch', name: 'From scratch' },
  { key: 'finetune', name: 'Fine-tune all' },
  { key: 'frozen', name: 'Trunk frozen' },
] as const;

/**
 * The transfer chart: "Target test accuracy after the same steps, by target training examples: 100:
 * from scratch 45.0%, fine-tune all 80.0%, trunk frozen not yet measured; 1,000: …." Rows by examples.
 */
export function transferSummary(points: readonly TransferPoint[]): string {
  if (points.length === 0) return 'No transfer comparison yet.';
  const rows = [...points].sort((a, b) => a.examples - b.examples).map((p) => {
    const cells = TRANSFER_SERIES.map(({ key, name }) => {
      const v = p[key];
      return `${name.toLowerCase()} ${v === null ? 'not yet measured' : percentText(v)}`;
    });
    return `${stepText(p.examples)} examples: ${cells.join(', ')}`;
  });
  return `Target test accuracy after the same steps, by target training examples: ${rows.join('; ')}.`;
}
