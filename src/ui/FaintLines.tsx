/**
 * Faint context lines inside a recharts chart (a loss curve's raw values behind its smoothed line), drawn
 * as plain SVG paths in the chart's own coordinates. A recharts <Line> costs a few ms on every redraw (its
 * points, label list and animation bookkeeping, and a forced layout to measure its length); these lines
 * have no tooltip and no legend entry, so a path built here draws the same thing for a fraction of that.
 * They take no part in recharts' automatic domain: the chart's y axis must be given a domain that covers
 * them (linearAxis, logAxis).
 */
import { memo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { linePath } from './series';

export interface FaintSeries {
  key: string;
  colour: string;
}

interface Props {
  data: readonly Record<string, number | null>[];
  xKey: string;
  series: readonly FaintSeries[];
}

export const FaintLines = memo(function FaintLines({ data, xKey, series }: Props) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="faint-lines" aria-hidden="true">
      {series.map((s) => (
        <path key={s.key} d={linePath(data, xKey, s.key, x, y)} fill="none" stroke={s.colour} strokeOpacity={0.25} strokeWidth={1} />
      ))}
    </g>
  );
});
