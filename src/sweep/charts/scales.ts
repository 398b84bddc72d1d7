/**
 * Scales for the hand-drawn sweep charts (parallel coordinates, slices): each maps a parameter's values
 * onto a unit interval, t ∈ [0, 1] (0 at an axis's bottom or left), and back. Float and int parameters
 * span their distribution's [low, high] (log10 when drawn log-uniformly), widened to take in any value
 * outside it; a choice parameter places its choices evenly, each at the middle of an equal band. The
 * colour ramp shows "worse → better" and "early → late" in the same hues in both themes.
 */
import type { Direction, SearchParam } from '../../engine/search/types';
import { formatParamValue, paramLabel } from './format';

export interface Tick {
  /** Position on the unit interval. */
  t: number;
  label: string;
}

export interface UnitScale {
  kind: 'linear' | 'log' | 'category';
  /** The value's position in [0, 1]; null when the scale cannot place it (a log scale and a value ≤ 0, an unknown choice). */
  toUnit(v: number | string | undefined | null): number | null;
  /** The value at a position (numeric scales; a category scale returns the nearest choice's index). */
  fromUnit(t: number): number;
  ticks: Tick[];
  /** Category scales: the choices' labels in order, at positions (i + 0.5) / n. */
  categories?: string[];
}

const clamp01 = (t: number) => Math.min(1, Math.max(0, t));

/** "Nice" ticks (1, 2, 2.5, 5 × 10^k steps, at most `most` intervals) on [lo, hi], ends included when they fall on a step. */
export function niceTicks(lo: number, hi: number, most = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const least = (hi - lo) / most;
  const decade = Math.pow(10, Math.floor(Math.log10(least)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * decade).find((s) => s >= least * (1 - 1e-9)) ?? 10 * decade;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** [min, max] of the finite values (and of `extra`, a distribution's ends), padded when they coincide; null when none. */
export function extent(values: Iterable<number | null | undefined>, extra: number[] = []): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...values, ...extra]) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return null;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** A linear scale over [lo, hi] with nice ticks. */
export function linearScale(lo: number, hi: number, format: (v: number) => string): UnitScale {
  const span = hi - lo || 1;
  return {
    kind: 'linear',
    toUnit: (v) => (typeof v === 'number' && Number.isFinite(v) ? (v - lo) / span : null),
    fromUnit: (t) => lo + t * span,
    ticks: niceTicks(lo, hi).map((v) => ({ t: (v - lo) / span, label: format(v) })),
  };
}

/** A log10 scale over [lo, hi] (both > 0), ticked at whole decades (or at its ends when it spans less than two). */
export function logScale(lo: number, hi: number, format: (v: number) => string): UnitScale {
  const a = Math.log10(lo);
  const span = Math.log10(hi) - a || 1;
  const decades: number[] = [];
  for (let e = Math.ceil(a - 1e-9); e <= a + span + 1e-9; e++) decades.push(Math.pow(10, e));
  const tickValues = decades.length >= 2 ? decades : [lo, hi];
  return {
    kind: 'log',
    toUnit: (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? (Math.log10(v) - a) / span : null),
    fromUnit: (t) => Math.pow(10, a + t * span),
    ticks: tickValues.map((v) => ({ t: (Math.log10(v) - a) / span, label: format(v) })),
  };
}

/** Choices evenly spaced, each in the middle of its band: choice i of n at (i + 0.5) / n. */
export function categoryScale(choices: ReadonlyArray<string | number>, format: (v: string | number) => string): UnitScale {
  const n = Math.max(1, choices.length);
  const keys = choices.map(String);
  return {
    kind: 'category',
    toUnit: (v) => {
      const i = v === null || v === undefined ? -1 : keys.indexOf(String(v));
      return i < 0 ? null : (i + 0.5) / n;
    },
    fromUnit: (t) => Math.min(n - 1, Math.max(0, Math.floor(clamp01(t) * n - 1e-9))),
    ticks: choices.map((c, i) => ({ t: (i + 0.5) / n, label: format(c) })),
    categories: choices.map(format),
  };
}

/** The scale of one search-space parameter, widened to the trials' own values where they fall outside the space. */
export function paramScale(p: SearchParam, values: ReadonlyArray<number | string | undefined>): UnitScale {
  const format = (v: number | string) => formatParamValue(p.name, v, p.dist);
  const d = p.dist;
  if (d.kind === 'categorical') return categoryScale(d.choices, format);
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (d.log) {
    const [lo, hi] = extent(nums.filter((v) => v > 0), [d.low, d.high].filter((v) => v > 0)) ?? [1e-3, 1];
    return logScale(lo > 0 ? lo : 1e-3, hi, format);
  }
  const [lo, hi] = extent(nums, [d.low, d.high]) ?? [0, 1];
  return linearScale(lo, hi, format);
}

/** An axis of the parallel coordinates: a parameter's, or the objective's (key OBJECTIVE_KEY). */
export interface Axis {
  key: string;
  label: string;
  scale: UnitScale;
  /** Formats a value read off the axis (a brush's ends). */
  format(v: number): string;
}

export const OBJECTIVE_KEY = '__objective';

/** One axis per parameter, in the space's order. */
export function paramAxes(space: readonly SearchParam[], rows: ReadonlyArray<{ params: Partial<Record<string, number | string>> }>): Axis[] {
  return space.map((p) => ({
    key: p.name,
    label: paramLabel(p.name),
    scale: paramScale(p, rows.map((r) => r.params[p.name])),
    format: (v: number) => formatParamValue(p.name, v, p.dist),
  }));
}

type Rgb = readonly [number, number, number];
/** Worse (orange) → neutral (grey) → better (blue): the series hues, readable on the light and dark backgrounds. */
const RAMP: readonly Rgb[] = [
  [212, 96, 11],
  [150, 150, 160],
  [29, 95, 191],
];

/** Early (pale grey-blue) → late (blue): trial order, in a different ramp from the objective's. */
export const TRIAL_RAMP: readonly Rgb[] = [
  [170, 180, 195],
  [29, 95, 191],
];

/** The ramp's colour at t ∈ [0, 1] (clamped), as "rgb(r,g,b)"; the objective's ramp unless told. */
export function rampColour(t: number, ramp: readonly Rgb[] = RAMP): string {
  const u = clamp01(Number.isFinite(t) ? t : 0.5) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(u));
  const f = u - i;
  const c = ramp[i].map((a, k) => Math.round(a + (ramp[i + 1][k] - a) * f));
  return `rgb(${c.join(',')})`;
}

/** How good a value is on [lo, hi], 0 (worst) to 1 (best), for the direction; 0.5 when lo = hi. */
export function goodness(v: number, [lo, hi]: readonly [number, number], direction: Direction): number {
  if (!(hi > lo)) return 0.5;
  const t = clamp01((v - lo) / (hi - lo));
  return direction === 'maximize' ? t : 1 - t;
}

/** A y axis over the values, ends snapped outwards to nice ticks; null when there is no finite value. */
export function niceAxis(values: Iterable<number | null | undefined>): { domain: [number, number]; ticks: number[] } | null {
  const e = extent(values);
  if (!e) return null;
  const ticks = niceTicks(e[0], e[1]);
  const step = ticks.length >= 2 ? ticks[1] - ticks[0] : Math.abs(e[1] - e[0]) || 1;
  const lo = ticks.length && ticks[0] <= e[0] + 1e-12 ? ticks[0] : Number((Math.floor(e[0] / step) * step).toPrecision(12));
  const hi = ticks.length && ticks[ticks.length - 1] >= e[1] - 1e-12 ? ticks[ticks.length - 1] : Number((Math.ceil(e[1] / step) * step).toPrecision(12));
  return { domain: [lo, hi], ticks: niceTicks(lo, hi) };
}
