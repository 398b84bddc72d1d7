/**
 * Props shared by the live recharts charts, as module constants. Recharts 3 keeps each axis, tooltip and
 * series in a store and re-registers one (and recomputes everything that depends on it) whenever a prop
 * changes by reference, so an inline `domain={[0, 'auto']}` or arrow function costs a full recompute on
 * every redraw. Every prop handed to a live chart is either data or a stable reference from here.
 */
import type { CSSProperties } from 'react';

/**
 * Rows drawn per live chart (a longer history is thinned evenly). Recharts still walks every row on a
 * redraw (tooltip positions, domains) and each line's path grows with them; 150 points over a chart a
 * few hundred pixels wide still show every trend.
 */
export const MAX_CHART_POINTS = 150;

/**
 * The `interval` of a live chart's axes: draw every tick the axis computes, without measuring labels.
 * Recharts' default ('preserveEnd') measures each tick label's text in a hidden DOM node on every redraw,
 * for the axis and again for the grid (a forced layout each time), a large share of a live chart's
 * redraw; the axes here have few ticks (recharts' 5-tick default or explicit ticks) that fit as they are.
 */
export const ALL_TICKS = 0;

/**
 * Chart colours are the theme's CSS variables (theme.css), so the SVG follows the light or dark theme
 * with no re-render: Chromium resolves var() in SVG presentation attributes and inline styles.
 */
export const GRID_STROKE = 'var(--chart-grid)';
/** Series colours: the same hues in both themes, lighter on a dark page (≥ 4.5:1, they colour legend and tooltip text too). */
export const SERIES = {
  blue: 'var(--series-blue)',
  orange: 'var(--series-orange)',
  green: 'var(--series-green)',
  purple: 'var(--series-purple)',
  red: 'var(--series-red)',
  teal: 'var(--series-teal)',
  brown: 'var(--series-brown)',
  grey: 'var(--series-grey)',
  now: 'var(--series-now)',
  magenta: 'var(--series-magenta)',
  forest: 'var(--series-forest)',
  muted: 'var(--muted)',
  /** Around a marker drawn over the lines (the chart's background). */
  halo: 'var(--surface)',
} as const;
/** Recharts' default tooltip box (white, #ccc border, in inline styles) in the theme's colours. */
export const TOOLTIP_CONTENT_STYLE: CSSProperties = { backgroundColor: 'var(--tooltip-bg)', border: '1px solid var(--tooltip-border)' };
/** Recharts' bar-chart hover band (#ccc by default) in the theme's colours. */
export const BAR_CURSOR = { fill: 'var(--chart-cursor)', stroke: 'var(--chart-cursor)' };
/** An axis running from its smallest to its largest value in the chart's rows. */
export const DATA_DOMAIN: [string, string] = ['dataMin', 'dataMax'];
export const AUTO_AUTO: [string, string] = ['auto', 'auto'];
export const UNIT_DOMAIN: [number, number] = [0, 1];
export const UNIT_TICKS = [0, 0.5, 1];
export const LINE_MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
export const SMALL_MARGIN = { top: 4, right: 16, bottom: 4, left: 0 };

const styles = new Map<number, CSSProperties>();
/** A full-width chart style of the given height (one shared object per height). */
export function chartStyle(height: number): CSSProperties {
  let s = styles.get(height);
  if (!s) styles.set(height, (s = { width: '100%', height }));
  return s;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
export const tickStep = (v: number): string => compact.format(v);
export const labelStep = (s: unknown): string => `Step ${String(s)}`;
export const tickPercent = (v: number): string => `${Math.round(v * 100)}%`;
export const tipPercent = (v: unknown): string => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : String(v));
