/**
 * A chart's legend in plain HTML under the SVG. Recharts' <Legend> re-renders and measures its own box on
 * every redraw of a live chart; the series of a chart change only with its settings, so this list is drawn
 * once and left alone while the lines move.
 */
import { memo } from 'react';

export interface LegendItem {
  label: string;
  colour: string;
  dashed?: boolean;
}

export const ChartLegend = memo(function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label}>
          <svg width="16" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="16" y2="4" stroke={item.colour} strokeWidth="2" strokeDasharray={item.dashed ? '5 2' : undefined} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
});
