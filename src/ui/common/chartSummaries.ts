/**
 * Text alternatives for the charts: one or two sentences a screen reader reads in place of a picture,
 * with the latest values the chart draws and, where it has a history, where they started. Each builder
 * is a pure function of the (throttled) data its chart shows and looks at a few points (first, last,
 * a handful of lanes or runs), never the whole history, so a summary costs nothing beside the chart's
 * own redraw.
 *
 * The text goes in a visually hidden paragraph beside its chart (ChartFrame's `summary`), or into the
 * description of a chart that is already an image (the landscape map). It is never a live region: the
 * page's one live region speaks for the run, and a summary is read when a reader reaches it.
 */
import type { ScheduleName } from '../../engine/config';
import type { MetricPoint } from '../../worker/protocol';
import { formatBytes } from '../compress/compressionFormat';
import { formatLoss, formatPercent } from './series';

type Format = (v: number) => string;

const stepText = (step: number): string => step.toLocaleString('en-US');

/** A share as a percentage; a non-finite one says so (formatPercent's dash reads as nothing). */
const percentText = (v: number): string => (Number.isFinite(v) ? formatPercent(v) : 'not a number');

/** "a (b)": the latest value and, when the history has an earlier point, the first one in brackets. */
const withStart = (latest: string, start: string | null): string => (start === null ? latest : `${latest} (from ${start})`);

// ---- Training charts ------------------------------------------------------------------------------

/**
 * The loss chart (and the accuracy chart under it): "Loss at step 1,200: train 0.04210, test 0.05180
 * (from 0.6930 and 0.6940 at step 0). Test accuracy 98.5% (from 50.0%)." `first` and `last` are the
 * first and last evaluations drawn; the values are the raw ones (the readouts'), not the smoothed lines.
 */
export function lossSummary(first: MetricPoint | undefined, last: MetricPoint | undefined, classification: boolean, regularized: boolean): string {
  if (!last) return 'No loss recorded yet.';
  const moved = first !== undefined && first.step !== last.step;
  const total = regularized ? ` (${formatLoss(last.totalLoss)} with the penalty)` : '';
  let text = `Loss at step ${stepText(last.step)}: train ${formatLoss(last.trainLoss)}${total}, test ${formatLoss(last.testLoss)}`;
  if (moved) text += ` (from ${formatLoss(first.trainLoss)} and ${formatLoss(first.testLoss)} at step ${stepText(first.step)})`;
  text += '.';
  if (classification && last.testAccuracy !== undefined) {
    const start = moved && first.testAccuracy !== undefined ? percentText(first.testAccuracy) : null;
    text += ` Test accuracy ${withStart(percentText(last.testAccuracy), start)}.`;
  }
  return text;
}

/**
 * The gradient-norm chart: "Gradient norm per layer at step 1,200: layer 1 0.0123 (from 0.512), layer 2
 * 0.0456 (from 0.634)." `first` is the earliest evaluation drawn with a gradient (GradientChart picks it),
 * `format` the chart's own number format.
 */
export function gradientSummary(first: MetricPoint | undefined, last: MetricPoint | undefined, format: Format = formatLoss): string {
  if (!last || last.gradNorms.length === 0) return 'No gradient norms recorded yet.';
  const start = first !== undefined && first.step !== last.step && first.gradNorms.length === last.gradNorms.length ? first : undefined;
  const layers = last.gradNorms.map((g, l) => `layer ${l + 1} ${withStart(format(g), start ? format(start.gradNorms[l]) : null)}`);
  return `Gradient norm per layer at step ${stepText(last.step)}${start ? ` (from step ${stepText(start.step)})` : ''}: ${layers.join(', ')}.`;
}

export interface LaneSummary {
  /** The lane's settings, as the legend names them ("Adam · lr 0.01"). */
  label: string;
  first: MetricPoint | undefined;
  last: MetricPoint | undefined;
  /** The step it diverged at, if it did. */
  haltedAt?: number;
}

/**
 * The race chart: "Train loss per lane: 1, Adam · lr 0.01: 0.04210 at step 1,200 (from 0.6930), test
 * accuracy 98.5%; 2, SGD · lr 0.1: 5.21e+4 at step 300 (from 0.6930), diverged at step 300."
 */
export function raceSummary(lanes: readonly LaneSummary[], classification: boolean): string {
  const parts = lanes.map(({ label, first, last, haltedAt }, i) => {
    const name = `${i + 1}, ${label}`;
    if (!last) return `${name}: no evaluation yet`;
    const start = first !== undefined && first.step !== last.step ? formatLoss(first.trainLoss) : null;
    let part = `${name}: ${withStart(`${formatLoss(last.trainLoss)} at step ${stepText(last.step)}`, start)}`;
    if (classification && last.testAccuracy !== undefined) part += `, test accuracy ${percentText(last.testAccuracy)}`;
    if (haltedAt !== undefined) part += `, diverged at step ${stepText(haltedAt)}`;
    return part;
  });
  return parts.length === 0 ? 'No lane has reported yet.' : `Train loss per lane: ${parts.join('; ')}.`;
}

const SCHEDULE_WORDS: Record<ScheduleName, string> = { constant: 'constant', step: 'step decay', cosine: 'cosine', warmup: 'warm-up' };

export interface RatePoint {
  step: number;
  rate: number;
}

/**
 * The schedule chart: "Learning-rate schedule (cosine) over steps 0 to 1,150: 0.1 at step 0, 0.001 at
 * step 1,150, between 0.001 and 0.1. Marker at step 300: rate 0.0854." `points` are the samples drawn
 * (a few hundred at most), `now` the marker.
 */
export function scheduleSummary(schedule: ScheduleName, points: readonly RatePoint[], now: RatePoint, format: Format = formatLoss): string {
  const marker = `Marker at step ${stepText(now.step)}: rate ${format(now.rate)}.`;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return `Learning-rate schedule (${SCHEDULE_WORDS[schedule]}). ${marker}`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    if (p.rate < lo) lo = p.rate;
    if (p.rate > hi) hi = p.rate;
  }
  const range = `over steps ${stepText(first.step)} to ${stepText(last.step)}`;
  const shape =
    lo === hi
      ? `${format(lo)} throughout`
      : `${format(first.rate)} at step ${stepText(first.step)}, ${format(last.rate)} at step ${stepText(last.step)}, between ${format(lo)} and ${format(hi)}`;
  return `Learning-rate schedule (${SCHEDULE_WORDS[schedule]}) ${range}: ${shape}. ${marker}`;
}

// ---- Compression, runs, MNIST ---------------------------------------------------------------------

export interface SizeSummaryPoint {
  /** How the point is named in the table ("mnist 784-300-100-10 · 90% magnitude"). */
  name: string;
  bytes: number;
  /** Test accuracy 0..1. */
  accuracy: number;
}

const sizePoint = (p: SizeSummaryPoint): string => `${p.name}, ${percentText(p.accuracy)} at ${formatBytes(p.bytes)}`;

/**
 * The accuracy-vs-size scatter: "5 configurations, 2 on the Pareto front; most accurate: a, 98.5% at
 * 1.20 MB; smallest on the front: b, 90.1% at 312 B. Training now: c, 97.0% at 600 kB." `front` is the
 * Pareto front smallest first (pareto.ts), so its last point is the most accurate.
 */
export function accuracySizeSummary(points: readonly SizeSummaryPoint[], front: readonly SizeSummaryPoint[], now: readonly SizeSummaryPoint[]): string {
  if (points.length === 0) return 'No configuration evaluated yet.';
  const count = `${points.length} configuration${points.length === 1 ? '' : 's'}, ${front.length} on the Pareto front`;
  const best = front[front.length - 1];
  const smallest = front[0];
  let text = count;
  if (best) text += `; most accurate: ${sizePoint(best)}`;
  if (smallest && smallest !== best) text += `; smallest on the front: ${sizePoint(smallest)}`;
  text += '.';
  if (now.length > 0) text += ` Training now: ${now.map(sizePoint).join('; ')}.`;
  return text;
}

export interface RunSummary {
  name: string;
  history: readonly MetricPoint[];
}

/** A history's first and last lane-0 points (the main run), looking only as far as it must from each end. */
function mainEnds(history: readonly MetricPoint[]): [MetricPoint | undefined, MetricPoint | undefined] {
  const first = history.find((p) => p.lane === 0);
  let last: MetricPoint | undefined;
  for (let i = history.length - 1; i >= 0 && !last; i--) if (history[i].lane === 0) last = history[i];
  return [first, last];
}

/**
 * A Compare chart: "Test loss per run: Adam run 0.04210 at step 1,200 (from 0.6930); SGD run 0.08000 at
 * step 1,000 (from 0.6940)." Lane 0 of each run, as drawn; `metric` picks the loss or the accuracy chart.
 */
export function compareSummary(runs: readonly RunSummary[], metric: 'loss' | 'accuracy'): string {
  const value = (p: MetricPoint): string | null =>
    metric === 'loss' ? formatLoss(p.testLoss) : p.testAccuracy === undefined ? null : percentText(p.testAccuracy);
  const parts = runs.map((run) => {
    const [first, last] = mainEnds(run.history);
    const latest = last ? value(last) : null;
    if (!last || latest === null) return `${run.name}: none`;
    const start = first && first.step !== last.step ? value(first) : null;
    return `${run.name} ${withStart(`${latest} at step ${stepText(last.step)}`, start)}`;
  });
  const what = metric === 'loss' ? 'Test loss' : 'Test accuracy';
  return parts.length === 0 ? `${what}: no run to compare.` : `${what} per run: ${parts.join('; ')}.`;
}

/** Most kinds of mistake named in the misclassified-digits summary; the rest are counted. */
const MAX_CONFUSIONS = 3;

/**
 * The misclassified-digits strip: "The first 24 misclassified test digits: 4 read as 9 (5 times), 7 read
 * as 2 (3 times), 5 read as 3 (once), and 15 others." The commonest mistakes first (ties in the strip's order).
 */
export function misclassifiedSummary(digits: readonly { label: number; predicted: number }[]): string {
  if (digits.length === 0) return 'No test digit is misclassified.';
  const counts = new Map<string, { label: number; predicted: number; count: number }>();
  for (const d of digits) {
    const key = `${d.label}>${d.predicted}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { label: d.label, predicted: d.predicted, count: 1 });
  }
  // a stable sort: equal counts keep the order they first appear in
  const top = [...counts.values()].sort((a, b) => b.count - a.count).slice(0, MAX_CONFUSIONS);
  const named = top.map((c) => `${c.label} read as ${c.predicted} (${c.count === 1 ? 'once' : `${c.count} times`})`);
  const rest = digits.length - top.reduce((n, c) => n + c.count, 0);
  if (rest > 0) named.push(`and ${rest} other${rest === 1 ? '' : 's'}`);
  const what = digits.length === 1 ? 'The one misclassified test digit' : `The first ${digits.length} misclassified test digits`;
  return `${what}: ${named.join(', ')}.`;
}

// ---- Landscape page -------------------------------------------------------------------------------

export interface RacerSummary {
  /** "SGD · lr 0.015" (landscapeState's racerLabel). */
  label: string;
  /** f at each step from step 0 (NaN where none). */
  values: readonly number[];
}

/** The last finite value's index, looking back from the end (a racer that diverged ends in NaN). */
function lastFinite(values: readonly number[]): number {
  let i = values.length - 1;
  while (i >= 0 && !Number.isFinite(values[i])) i--;
  return i;
}

/**
 * The landscape race chart: "f per racer: 1, SGD · lr 0.015: 0.01230 at step 120 (from 12.50); 2, Adam ·
 * lr 0.015: 1.00e-6 at step 120 (from 12.50)." The values are f itself (the results table's), not the
 * chart's f − f_min.
 */
export function landscapeRaceSummary(racers: readonly RacerSummary[]): string {
  const parts = racers.map(({ label, values }, i) => {
    const name = `${i + 1}, ${label}`;
    const last = lastFinite(values);
    if (last < 0) return `${name}: no value yet`;
    const start = last > 0 && Number.isFinite(values[0]) ? formatLoss(values[0]) : null;
    return `${name}: ${withStart(`${formatLoss(values[last])} at step ${stepText(last)}`, start)}`;
  });
  return parts.length === 0 ? 'No racer yet.' : `f per racer: ${parts.join('; ')}.`;
}

export interface TrajectorySummary {
  label: string;
  /** x, y pairs from step 0. */
  trajectory: readonly number[];
  stopped: boolean;
}

const coordinate = (v: number): string => (v === 0 ? '0' : !Number.isFinite(v) ? formatLoss(v) : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(2) : String(Number(v.toPrecision(3))));
const pointText = (x: number, y: number): string => `(${coordinate(x)}, ${coordinate(y)})`;

/**
 * The contour map's racers: "Racers from (2.25, 3.75): 1, SGD · lr 0.015 at (0.0123, -0.456) after 120
 * steps; 2, Adam · lr 0.015 at (1.2e+3, 4.5) after 14 steps, stopped: diverged."
 */
export function mapSummary(start: readonly [number, number], racers: readonly TrajectorySummary[]): string {
  const parts = racers.map(({ label, trajectory, stopped }, i) => {
    const name = `${i + 1}, ${label}`;
    const steps = trajectory.length / 2 - 1;
    if (steps < 0) return `${name} not started`;
    const at = `${name} at ${pointText(trajectory[2 * steps], trajectory[2 * steps + 1])} after ${stepText(steps)} step${steps === 1 ? '' : 's'}`;
    return stopped ? `${at}, stopped: diverged` : at;
  });
  const from = `Racers from ${pointText(start[0], start[1])}`;
  return parts.length === 0 ? `${from}.` : `${from}: ${parts.join('; ')}.`;
}
