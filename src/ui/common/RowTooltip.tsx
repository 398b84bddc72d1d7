/**
 * Tooltip content for charts whose lines are PathLines: recharts still tracks the pointer and reports the
 * hovered row's index and x value, and this reads that row's values itself (recharts' own payload lists
 * only its registered series, and there are none). Each chart provides its rows, series and formats
 * through TooltipRows, so the content component itself stays one stable function.
 */
import { createContext, useContext, type CSSProperties } from 'react';
import type { ChartRow, LineSeries } from './PathLines';

export interface TooltipRowsValue {
  rows: readonly ChartRow[];
  xKey: string;
  series: readonly LineSeries[];
  format: (v: number) => string;
  label: (x: unknown) => string;
}

const Context = createContext<TooltipRowsValue | null>(null);

/** Wrap a chart in this with its rows; its `<Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />` reads them. */
export const TooltipRows = Context.Provider;

/**
 * Recharts hides the tooltip's box while its own payload is empty, which it always is here; the content
 * decides instead (nothing unless recharts reports the pointer or keyboard on a row).
 */
export const ROW_TOOLTIP_WRAPPER: CSSProperties = { visibility: 'visible' };

interface Props {
  active?: boolean;
  label?: unknown;
  activeIndex?: unknown;
}

/** The hovered row: by recharts' index when it matches the x value, else by the x value. */
function hoveredRow(v: TooltipRowsValue, index: unknown, label: unknown): ChartRow | undefined {
  const i = Number(index);
  const byIndex = Number.isInteger(i) ? v.rows[i] : undefined;
  if (byIndex && byIndex[v.xKey] === label) return byIndex;
  return v.rows.find((r) => r[v.xKey] === label);
}

export function RowTooltip({ active, label, activeIndex }: Props) {
  const v = useContext(Context);
  if (!active || !v) return null;
  const row = hoveredRow(v, activeIndex, label);
  if (!row) return null;
  const items = v.series.filter((s) => s.name !== undefined && row[s.key] !== null && row[s.key] !== undefined);
  return (
    <div className="row-tooltip">
      <p className="row-tooltip-label">{v.label(label)}</p>
      <ul>
        {items.map((s) => (
          <li key={s.key} style={{ color: s.colour }}>
            {s.name}: {v.format(row[s.key] as number)}
          </li>
        ))}
      </ul>
    </div>
  );
}
