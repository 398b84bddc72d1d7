/**
 * Pure helpers for chart series: a capped metric history, exponential-moving-average smoothing and an
 * SVG path through a series.
 */
import { HISTORY_POINTS_PER_LANE, thinLane } from '../../engine/train/history';
import type { MetricPoint } from '../../worker/protocol';

/** Most points kept per lane on the page: the Trainer's own bound (engine/train/history.ts), one source. */
export const MAX_POINTS = HISTORY_POINTS_PER_LANE;

/**
 * Appends new points and, past `max`, thins the older half as the Trainer does (history.ts). Returns a
 * new array (React state), never mutates `history`.
 */
export function appendCapped(history: readonly MetricPoint[], points: readonly MetricPoint[], max = MAX_POINTS): MetricPoint[] {
  return thinLane(history.concat(points), max);
}

/**
 * Debiased exponential moving average (as TensorBoard draws it): s_t = w·s_{t-1} + (1−w)·v_t, divided
 * by 1 − w^t so the first points are not pulled towards zero. Non-finite values give null (a gap) and
 * do not disturb the average.
 */
export function smooth(values: readonly (number | undefined)[], weight: number): (number | null)[] {
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === undefined || !Number.isFinite(v)) return null;
    last = last * weight + (1 - weight) * v;
    count++;
    const debias = weight > 0 ? 1 - Math.pow(weight, count) : 1;
    return last / debias;
  });
}

/** A finite value or null, for recharts (null draws a gap). */
export const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** Loss readout: 4 significant digits, or a dash. */
export function formatLoss(v: number | undefined): string {
  if (v === undefined) return '—';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toPrecision(4);
}

export function formatPercent(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** Maps a data value to a pixel coordinate (a recharts axis scale); undefined where it cannot. */
export type ToPixel = (value: number) => number | undefined;

/**
 * The SVG path ("M x,y L x,y …") through each row's (`xKey`, `yKey`) in pixels. A null value or one the
 * scale cannot place (a non-positive value on a log scale) breaks the line, as recharts' own lines do, or
 * is skipped over with `connectNulls`. `stepAfter` draws a step function: flat to the next row, then up
 * or down.
 */
export function linePath(rows: readonly Record<string, number | null>[], xKey: string, yKey: string, x: ToPixel, y: ToPixel, connectNulls = false, stepAfter = false): string {
  let d = '';
  let pen = false;
  let lastY = 0;
  for (const row of rows) {
    const xv = row[xKey];
    const yv = row[yKey];
    const px = xv === null || xv === undefined ? undefined : x(xv);
    const py = yv === null || yv === undefined ? undefined : y(yv);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      if (!connectNulls) pen = false;
      continue;
    }
    const fx = Number(px.toFixed(1));
    const fy = Number(py.toFixed(1));
    // a step function holds each value until the next row, then jumps
    if (pen && stepAfter) d += `L${fx},${lastY}`;
    d += `${pen ? 'L' : 'M'}${fx},${fy}`;
    pen = true;
    lastY = fy;
  }
  return d;
}
