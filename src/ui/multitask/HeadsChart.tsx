/**
 * The "Per-head accuracy" panel: each head's test accuracy over steps, trained with both tasks (lane 0,
 * solid) and alone (lanes 1 and 2, dashed; engine/strategies/multitaskLanes.ts), with the latest values as
 * readouts. Its text alternative is headsSummary (summaries.ts).
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../../engine/train/metrics';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, GRID_STROKE, labelStep, LINE_MARGIN, MAX_CHART_POINTS, SERIES, tickPercent, tickStep, tipPercent, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { thin } from '../common/logAxis';
import { PathLines, type ChartRow, type LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { Readout, Readouts } from '../common/Readouts';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { formatPercent } from '../common/series';
import { useLiveValue } from '../common/useThrottled';
import { headAccuracy, headRows, headsSummary } from './summaries';

interface Props {
  /** [lane][evaluation]: 0 both tasks, 1 the first task alone, 2 the second alone. */
  lanes: MetricPoint[][];
  /** [2] the heads' names, e.g. ["Digit", "Parity"]. */
  heads: readonly string[];
}

export const HeadsPanel = memo(function HeadsPanel({ lanes, heads }: Props) {
  const headingId = useId();
  const [shown, screenRef] = useLiveValue(lanes);
  const data = useMemo(() => headRows(shown.map((l) => thin(l, MAX_CHART_POINTS))), [shown]);
  const series = useMemo<LineSeries[]>(
    () => [
      { key: 'both0', name: `${heads[0]}, both tasks`, colour: SERIES.blue },
      { key: 'alone0', name: `${heads[0]} alone`, colour: SERIES.blue, dashed: true },
      { key: 'both1', name: `${heads[1]}, both tasks`, colour: SERIES.orange },
      { key: 'alone1', name: `${heads[1]} alone`, colour: SERIES.orange, dashed: true },
    ],
    [heads],
  );
  const summary = useMemo(() => headsSummary(shown, heads), [shown, heads]);
  const empty = data.length === 0 ? 'Choose a Second task: each head’s accuracy is drawn here, with both tasks and each task alone.' : null;
  return (
    <section className="panel panel-heads" aria-labelledby={headingId}>
      <h2 id={headingId}>Per-head accuracy</h2>
      <p className="help">
        Test accuracy of each head: trained on both tasks at once (solid) and the same model trained on that task alone (dashed), from the same initial weights on the same batches.
      </p>
      <div ref={screenRef}>
        <ChartFrame empty={empty} summary={summary}>
          <HeadLines data={data} series={series} />
          <ChartLegend series={series} />
        </ChartFrame>
      </div>
      {empty === null && (
        <Readouts className="heads-readouts">
          {([0, 1] as const).map((k) => (
            <Readout key={k} label={`${heads[k]} accuracy`}>
              {fmt(headAccuracy(lanes[0]?.at(-1), k))} · alone {fmt(headAccuracy(lanes[k + 1]?.at(-1), k))}
            </Readout>
          ))}
        </Readouts>
      )}
    </section>
  );
});

const fmt = (v: number | undefined) => (v === undefined ? '—' : formatPercent(v));

const HeadLines = memo(function HeadLines({ data, series }: { data: ChartRow[]; series: LineSeries[] }) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: tipPercent, label: labelStep }), [data, series]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(220)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} allowDataOverflow tickFormatter={tickPercent} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <PathLines data={data} xKey="step" series={series} connectNulls />
      </LineChart>
    </TooltipRows>
  );
});
