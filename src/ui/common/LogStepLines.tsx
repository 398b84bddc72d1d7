/**
 * A live chart of several series over training steps on a log y axis: the gradient norms per layer, the
 * race's train loss per lane. Lines are PathLines, the tooltip RowTooltip; memoised, so it redraws only
 * when its throttled rows change.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, GRID_STROKE, labelStep, LINE_MARGIN, tickStep } from './chartProps';
import { formatLogTick, type AxisTicks } from './logAxis';
import { PathLines, type ChartRow, type LineSeries } from './PathLines';
import { plainTick } from './PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from './RowTooltip';

interface Props {
  /** One row per step: `step` and one field per series. */
  data: readonly ChartRow[];
  axis: AxisTicks;
  series: readonly LineSeries[];
  /** A value in the tooltip. */
  format: (v: number) => string;
  /** Join a series over steps where it has no value (lanes reporting at different steps). */
  connectNulls?: boolean;
}

export const LogStepLines = memo(function LogStepLines({ data, axis, series, format, connectNulls = false }: Props) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format, label: labelStep }), [data, series, format]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(240)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={formatLogTick} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <PathLines data={data} xKey="step" series={series} connectNulls={connectNulls} />
      </LineChart>
    </TooltipRows>
  );
});
