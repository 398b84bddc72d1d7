/**
 * Axis helpers for live charts: a log axis (drop values it cannot show, pick decade ticks) and a linear
 * axis from zero, each as a domain with explicit ticks, so a chart hands recharts fixed numbers and
 * recharts never has to work them out (or re-register the axis) on a redraw.
 */

/** A positive finite value, or null (a gap): log axes cannot show zero, negatives or infinities. */
export const positiveOrNull = (v: number | null | undefined): number | null =>
  v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : null;

/** At most this many decade ticks; wider ranges tick every 2nd (3rd, …) decade. */
const MAX_DECADE_TICKS = 6;

export interface AxisTicks {
  domain: [number, number];
  ticks: number[];
}

/**
 * Domain and ticks covering the positive values, snapped to "nice" values: 1–9 × 10^k when the values
 * span less than a decade, 1, 2 and 5 × 10^k up to two decades, whole decades beyond (every other one,
 * or sparser, past MAX_DECADE_TICKS). Null when there is no positive value.
 */
export function logAxis(values: Iterable<number | null>): AxisTicks | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  const ratio = max / min;
  const mantissas = ratio < 10 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : ratio < 100 ? [1, 2, 5] : [1];
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const stride = Math.max(1, Math.ceil((hi - lo) / MAX_DECADE_TICKS));
  const candidates: number[] = [];
  for (let e = lo - (((lo % stride) + stride) % stride); e <= hi + stride; e += stride) {
    for (const m of mantissas) candidates.push(Number((m * Math.pow(10, e)).toPrecision(6)));
  }
  const below = candidates.filter((t) => t <= min * (1 + 1e-9));
  const above = candidates.filter((t) => t >= max * (1 - 1e-9));
  let domain: [number, number] = [below[below.length - 1] ?? candidates[0], above[0] ?? candidates[candidates.length - 1]];
  if (domain[0] === domain[1]) domain = [domain[0] / 2, domain[1] * 2];
  return { domain, ticks: candidates.filter((t) => t >= domain[0] && t <= domain[1]) };
}

/** At most this many intervals on a linear axis from zero. */
const LINEAR_STEPS = 5;
const NICE = [1, 2, 2.5, 5, 10];
const WHOLE = [1, 2, 5, 10];

/** The smallest "nice" step (a mantissa × 10^k) at least `least`. */
function niceStep(least: number, mantissas = NICE): number {
  const decade = Math.pow(10, Math.floor(Math.log10(least)));
  return mantissas.map((m) => m * decade).find((s) => s >= least * (1 - 1e-9)) ?? 10 * decade;
}

/**
 * A linear axis from 0 up to the first "nice" tick (steps of 1, 2, 2.5 or 5 × 10^k, at most LINEAR_STEPS
 * of them) at or above every finite value; `integers` (counts) keeps to whole steps of 1, 2 or 5 × 10^k.
 * Null when no value is above 0.
 */
export function linearAxis(values: Iterable<number | null>, integers = false): AxisTicks | null {
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v) && v > max) max = v;
  if (!(max > 0)) return null;
  const least = integers ? Math.max(1, max / LINEAR_STEPS) : max / LINEAR_STEPS;
  // 2.5 × 10^k is whole from 25 up
  const step = niceStep(least, integers && least < 10 ? WHOLE : NICE);
  const n = Math.max(1, Math.ceil(max / step - 1e-9));
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { domain: [0, ticks[n]], ticks };
}

/**
 * "Nice" ticks (multiples of 1, 2, 2.5 or 5 × 10^k, at most `most` of them) strictly inside (min, max),
 * for an axis whose ends are data (a histogram's outer bin edges): labels at round values that never
 * crowd the ends.
 */
export function ticksWithin(min: number, max: number, most = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const step = niceStep((max - min) / most);
  const margin = (max - min) * 0.04;
  const ticks: number[] = [];
  for (let k = Math.ceil((min + margin) / step); k * step < max - margin; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The axis of a linear chart with nothing to draw yet (one shared object). */
export const EMPTY_LINEAR_AXIS: AxisTicks = { domain: [0, 1], ticks: [0, 0.5, 1] };

/** The axis of a log chart with nothing to draw yet (one shared object, so an empty chart never redraws). */
export const EMPTY_LOG_AXIS: AxisTicks = { domain: [0.01, 1], ticks: [0.01, 0.1, 1] };

/** Tick label for a log axis: plain for 0.01–9999, "1e-5" style otherwise. */
export function formatLogTick(v: number): string {
  if (v >= 0.01 && v < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(0).replace('e+', 'e');
}

/** Keeps at most `max` evenly spread items, always the first and the last (for cheap redraws of long series). */
export function thin<T>(items: readonly T[], max: number): T[] {
  const n = items.length;
  if (n <= max) return items.slice();
  if (max < 2) return max < 1 ? [] : [items[n - 1]];
  // `max` evenly spaced items, the first and the last included: the count holds at `max` as the history
  // grows (a stride would halve it each time the history doubled)
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (n - 1)) / (max - 1))]);
}
