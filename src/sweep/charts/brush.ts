/**
 * Brushes on the parallel coordinates, as pure functions: a brush is a range [lo, hi] on an axis's unit
 * interval (0 at the bottom, 1 at the top); brushes on several axes combine with AND; a trial is selected
 * when its position on every brushed axis lies inside that axis's range. The keyboard moves and resizes
 * a brush in steps of the same unit interval (a choice axis: one band per step).
 */
import type { Axis } from './scales';

/** [lo, hi] on an axis's unit interval, 0 ≤ lo ≤ hi ≤ 1. */
export type Brush = readonly [number, number];
/** The brushes by axis key; an axis with none is absent. */
export type Brushes = Readonly<Record<string, Brush>>;

/** A drawn trial: its id and its position on each axis (null where the axis cannot place it). */
export interface Line {
  id: number;
  units: Readonly<Record<string, number | null>>;
}

const clamp01 = (t: number) => Math.min(1, Math.max(0, t));

/** The brush a drag from t0 to t1 draws (either direction), clamped to the axis. */
export function dragBrush(t0: number, t1: number): Brush {
  const a = clamp01(t0);
  const b = clamp01(t1);
  return a <= b ? [a, b] : [b, a];
}

/** The brush moved by `delta`, its width kept, stopped at the axis's ends. */
export function moveBrush([lo, hi]: Brush, delta: number): Brush {
  const d = Math.min(1 - hi, Math.max(-lo, delta));
  return [lo + d, hi + d];
}

/** The brush grown (delta > 0) or shrunk about its middle, never narrower than `least` nor past the ends. */
export function resizeBrush([lo, hi]: Brush, delta: number, least = 0.02): Brush {
  const mid = (lo + hi) / 2;
  const half = Math.max(least / 2, (hi - lo) / 2 + delta / 2);
  return [clamp01(mid - half), clamp01(mid + half)];
}

export const inside = (t: number, [lo, hi]: Brush): boolean => t >= lo - 1e-9 && t <= hi + 1e-9;

/**
 * The keyboard on a focused axis. ArrowUp/ArrowDown move the brush (Shift: grow/shrink it); Home/End
 * take it to the bottom/top; Enter or Space starts one in the middle; Escape, Delete or Backspace clear
 * it. `step`: one key press in unit terms (a choice axis: 1/n); `start`: the brush a key starts (a choice
 * axis: the middle choice's band). Returns the new brush, null for "cleared",
 * or undefined when the key is not the brush's (let it through).
 */
export function keyBrush(b: Brush | undefined, key: string, shift: boolean, step: number, start: Brush = [0.4, 0.6]): Brush | null | undefined {
  switch (key) {
    case 'Escape':
    case 'Delete':
    case 'Backspace':
      return b ? null : undefined;
    case 'Enter':
    case ' ':
      return b ?? start;
    case 'ArrowUp':
    case 'ArrowRight':
      if (!b) return start;
      return shift ? resizeBrush(b, 2 * step) : moveBrush(b, step);
    case 'ArrowDown':
    case 'ArrowLeft':
      if (!b) return start;
      return shift ? resizeBrush(b, -2 * step, step) : moveBrush(b, -step);
    case 'Home':
      return moveBrush(b ?? start, -1);
    case 'End':
      return moveBrush(b ?? start, 1);
    default:
      return undefined;
  }
}

/** The ids inside every brush (AND); null when no axis is brushed (nothing filtered). */
export function selectIds(lines: readonly Line[], brushes: Brushes): Set<number> | null {
  const keys = Object.keys(brushes);
  if (keys.length === 0) return null;
  const out = new Set<number>();
  for (const line of lines) {
    if (keys.every((k) => { const t = line.units[k]; return t !== null && t !== undefined && inside(t, brushes[k]); })) out.add(line.id);
  }
  return out;
}

/** One brushed range in words: "Learning rate 1.0e-3 – 3.0e-2", or the choices inside it ("Optimizer Adam, SGD"). */
export function rangeText(axis: Axis, b: Brush): string {
  const { scale } = axis;
  if (scale.kind === 'category') {
    const names = scale.categories ?? [];
    const within = names.filter((_, i) => inside((i + 0.5) / names.length, b));
    return `${axis.label} ${within.length ? within.join(', ') : 'none'}`;
  }
  return `${axis.label} ${axis.format(scale.fromUnit(b[0]))} – ${axis.format(scale.fromUnit(b[1]))}`;
}

/** The selection in words for the live region: "Learning rate 1.0e-3 – 3.0e-2; 7 of 16 trials", or "" with no brush. */
export function selectionText(axes: readonly Axis[], brushes: Brushes, selected: number, total: number): string {
  const ranges = axes.filter((a) => brushes[a.key]).map((a) => rangeText(a, brushes[a.key]));
  if (ranges.length === 0) return '';
  return `${ranges.join('; ')}; ${selected} of ${total} trial${total === 1 ? '' : 's'}`;
}

/** A choice axis's band for choice i of n: [i/n, (i+1)/n]. The middle one starts a keyboard brush. */
export const band = (i: number, n: number): Brush => [i / n, (i + 1) / n];
