/**
 * The race: each lane's train (data) loss over steps on one log-scale chart, one colour per lane,
 * labelled from the worker's 'ready' message, and a small table of where each lane stands now.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../worker/protocol';
import { ALL_TICKS, chartStyle, GRID_STROKE, labelStep, LINE_MARGIN, MAX_CHART_POINTS, DATA_DOMAIN, tickStep } from './chartProps';
import { ChartFrame } from './ChartFrame';
import { ChartLegend } from './ChartLegend';
import { EMPTY_LOG_AXIS, formatLogTick, logAxis, positiveOrNull, thin, type AxisTicks } from './logAxis';
import { formatLoss, formatPercent } from './series';
import { PathLines, type LineSeries } from './PathLines';
import { plainTick } from './PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from './RowTooltip';
import { useSameValue } from './useSameValue';
import { useLiveValue } from './useThrottled';

export const LANE_COLOURS = ['#1d5fbf', '#d4600b', '#2f7d4f', '#7b3fa0'];

type Row = Record<string, number | null>;

/** One row per step any lane reported, with each lane's loss (null where it has none). */
function rows(lanes: readonly MetricPoint[][]): Row[] {
  const byStep = new Map<number, Row>();
  lanes.forEach((points, lane) => {
    for (const p of thin(points, MAX_CHART_POINTS)) {
      const row = byStep.get(p.step) ?? { step: p.step };
      row[`l${lane}`] = positiveOrNull(p.trainLoss);
      byStep.set(p.step, row);
    }
  });
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

const laneColour = (i: number) => LANE_COLOURS[i % LANE_COLOURS.length];
const laneName = (i: number, label: string) => `${i + 1}: ${label}`;

interface Props {
  /** Per lane, [main, …race lanes]. */
  lanes: MetricPoint[][];
  /** The 'ready' message's lane labels. */
  labels: string[];
  /** Lane → step at which it diverged. */
  halts: Record<number, number>;
  classification: boolean;
}

/** Memoised on its props; the SVG below redraws only when the throttled rows land (useThrottled), on screen. */
export const RaceChart = memo(function RaceChart({ lanes, labels, halts, classification }: Props) {
  const [shown, screenRef] = useLiveValue(lanes);
  const data = useMemo(() => rows(shown), [shown]);
  const axis = useSameValue(useMemo(() => logAxis(data.flatMap((r) => labels.map((_, i) => r[`l${i}`] ?? null))), [data, labels]));
  const series = useMemo<LineSeries[]>(() => labels.map((label, i) => ({ key: `l${i}`, name: laneName(i, label), colour: laneColour(i) })), [labels]);

  return (
    <div className="race-chart" ref={screenRef}>
      <h3>Race: train loss</h3>
      <ChartFrame empty={data.length === 0 || axis === null ? 'Press Train or Step to start the race.' : null}>
        <RaceLines data={data} axis={axis ?? EMPTY_LOG_AXIS} series={series} />
        <ChartLegend series={series} />
      </ChartFrame>
      <table className="race-table">
        <caption>Latest evaluation per lane</caption>
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">Settings</th>
            <th scope="col">Train loss</th>
            <th scope="col">Test loss</th>
            {classification && <th scope="col">Test accuracy</th>}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => {
            const last = lanes[i]?.[lanes[i].length - 1];
            return (
              <tr key={i}>
                <th scope="row">
                  <span className="swatch" style={{ background: laneColour(i) }} aria-hidden="true" /> {i + 1}
                </th>
                <td>
                  {label}
                  {halts[i] !== undefined && <span className="race-stopped"> · diverged at step {halts[i].toLocaleString('en-US')}</span>}
                </td>
                <td>{formatLoss(last?.trainLoss)}</td>
                <td>{formatLoss(last?.testLoss)}</td>
                {classification && <td>{formatPercent(last?.testAccuracy)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

/** The SVG itself, redrawn only when the throttled rows change (not on every published frame). */
const RaceLines = memo(function RaceLines({ data, axis, series }: { data: Row[]; axis: AxisTicks; series: readonly LineSeries[] }) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: formatLoss, label: labelStep }), [data, series]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(240)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={formatLogTick} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <PathLines data={data} xKey="step" series={series} connectNulls />
      </LineChart>
    </TooltipRows>
  );
});
