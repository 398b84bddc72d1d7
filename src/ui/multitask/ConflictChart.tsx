/**
 * The "Gradient conflict" panel: the cosine between the two tasks' gradients at the trunk (every layer
 * below the heads; REFERENCE.md "Strategies"), per evaluation, on the last training batch, from −1 to 1
 * with a zero line: below it the tasks pull the shared weights apart, which PCGrad projects away. Its
 * text alternative is conflictSummary (summaries.ts).
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, usePlotArea, XAxis, YAxis, useYAxisScale } from 'recharts';
import type { MetricPoint } from '../../engine/train/metrics';
import { ChartFrame } from '../common/ChartFrame';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, GRID_STROKE, labelStep, LINE_MARGIN, MAX_CHART_POINTS, SERIES, tickStep } from '../common/chartProps';
import { thin } from '../common/logAxis';
import { PathLines, type ChartRow, type LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { Readout, Readouts } from '../common/Readouts';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { useLiveValue } from '../common/useThrottled';
import { conflictRows, conflictSummary, formatCosine } from './summaries';

interface Props {
  /** Lane 0's evaluations (both tasks). */
  points: MetricPoint[];
  /** [2] the heads' names. */
  heads: readonly string[];
  pcgrad: boolean;
}

const DOMAIN: [number, number] = [-1, 1];
const TICKS = [-1, -0.5, 0, 0.5, 1];

export const ConflictPanel = memo(function ConflictPanel({ points, heads, pcgrad }: Props) {
  const headingId = useId();
  const [shown, screenRef] = useLiveValue(points);
  const data = useMemo(() => conflictRows(thin(shown, MAX_CHART_POINTS)), [shown]);
  const series = useMemo<LineSeries[]>(() => [{ key: 'cosine', name: 'cos(g₁, g₂)', colour: SERIES.purple }], []);
  const summary = useMemo(() => conflictSummary(shown, heads), [shown, heads]);
  const latest = [...points].reverse().find((p) => typeof p.conflict === 'number');
  const empty = data.length === 0 ? 'Choose a Second task: the cosine between the two tasks’ gradients is drawn here.' : null;
  return (
    <section className="panel panel-conflict" aria-labelledby={headingId}>
      <h2 id={headingId}>Gradient conflict</h2>
      <p className="help">
        The cosine between the {heads[0]} and {heads[1]} tasks’ gradients at the trunk parameters, on the last training batch at each evaluation
        (REFERENCE.md “Strategies”). Below zero the tasks pull the shared layers apart;
        {pcgrad ? ' PCGrad is on: each step removes the conflicting part of each gradient.' : ' PCGrad would remove the conflicting part of each gradient.'}
      </p>
      <div ref={screenRef}>
        <ChartFrame empty={empty} summary={summary}>
          <ConflictLines data={data} series={series} />
        </ChartFrame>
      </div>
      {empty === null && (
        <Readouts className="conflict-readouts">
          <Readout label="Cosine now">{latest ? formatCosine(latest.conflict as number) : '—'}</Readout>
        </Readouts>
      )}
    </section>
  );
});

const ConflictLines = memo(function ConflictLines({ data, series }: { data: ChartRow[]; series: LineSeries[] }) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: (v: unknown) => (typeof v === 'number' ? formatCosine(v) : String(v)), label: labelStep }), [data, series]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(200)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis domain={DOMAIN} ticks={TICKS} allowDataOverflow tickFormatter={formatCosine} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <ZeroLine />
        <PathLines data={data} xKey="step" series={series} connectNulls />
      </LineChart>
    </TooltipRows>
  );
});

/** cos = 0 across the plot (a plain SVG line in the chart's own scale, as TaughtChart's teacher line). */
function ZeroLine() {
  const y = useYAxisScale();
  const area = usePlotArea();
  const py = y ? y(0) : undefined;
  if (!area || py === undefined || !Number.isFinite(py)) return null;
  return <line className="zero-line" aria-hidden="true" x1={area.x} x2={area.x + area.width} y1={py} y2={py} stroke="var(--muted)" strokeWidth={1.5} strokeDasharray="4 3" />;
}
