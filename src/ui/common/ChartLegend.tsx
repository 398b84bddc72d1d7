/**
 * A chart's legend in plain HTML under the SVG: its named series (PathLines), each with a sample of its
 * stroke. The series of a chart change only with its settings, so this list is drawn once and left alone
 * while the lines move (recharts' <Legend> re-rendered and measured its own box on every redraw).
 */
import { memo } from 'react';
import type { LineSeries } from './PathLines';

export const ChartLegend = memo(function ChartLegend({ series }: { series: readonly LineSeries[] }) {
  return (
    <ul className="chart-legend">
      {series.flatMap((s) =>
        s.name === undefined
          ? []
          : [
              <li key={s.key}>
                <svg width="16" height="8" aria-hidden="true">
                  <line x1="0" y1="4" x2="16" y2="4" stroke={s.colour} strokeWidth="2" strokeDasharray={s.dashed ? '5 2' : undefined} />
                </svg>
                {s.name}
              </li>,
            ],
      )}
    </ul>
  );
});
