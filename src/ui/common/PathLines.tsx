/**
 * The data lines of a live line chart, drawn as plain SVG paths in the chart's own scales; recharts keeps
 * the axes, the grid and the tooltip (RowTooltip reads the hovered row itself). A recharts <Line> costs a
 * few ms on every redraw (its points, label list and animation bookkeeping, a forced layout to measure
 * its length, and a re-registration in the chart's store); a path built here draws the same line for a
 * fraction of that, and a redraw of the whole chart lands well inside one short task.
 *
 * The lines take no part in recharts' automatic y domain: the chart's y axis must be given a domain that
 * covers them (linearAxis, logAxis, or fixed).
 */
import { memo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { linePath } from './series';

export interface LineSeries {
  /** The row field drawn. */
  key: string;
  colour: string;
  /** Shown in the legend and the tooltip; a series without a name (a faint raw line) is in neither. */
  name?: string;
  width?: number;
  opacity?: number;
  dashed?: boolean;
  /** A step function (each value holds until the next row), like a step-decay schedule. */
  stepAfter?: boolean;
}

export type ChartRow = Record<string, number | null>;

interface Props {
  data: readonly ChartRow[];
  xKey: string;
  series: readonly LineSeries[];
  /** Join a series across rows where it has no value (lanes reporting at different steps). */
  connectNulls?: boolean;
}

export const PathLines = memo(function PathLines({ data, xKey, series, connectNulls = false }: Props) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="chart-lines" aria-hidden="true">
      {series.map((s) => (
        <path
          key={s.key}
          data-series={s.key}
          d={linePath(data, xKey, s.key, x, y, connectNulls, s.stepAfter)}
          fill="none"
          stroke={s.colour}
          strokeOpacity={s.opacity}
          strokeWidth={s.width ?? 2}
          strokeDasharray={s.dashed ? '6 3' : undefined}
          strokeLinejoin="round"
        />
      ))}
    </g>
  );
});
