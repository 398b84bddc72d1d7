/**
 * The "Taught vs alone" panel: lane 0 (the distilled or transferred model) and lane 1 (the same model
 * trained alone, from scratch, same seed and steps) over steps on one chart, test accuracy for
 * classification (test loss otherwise), with the teacher's test accuracy as a dashed reference line.
 * Readouts give each lane's latest value and the gap between them (summaries.ts laneGap).
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, usePlotArea, XAxis, YAxis, useYAxisScale } from 'recharts';
import type { MetricPoint } from '../../engine/train/metrics';
import type { TeacherView } from '../../worker/protocol';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, GRID_STROKE, labelStep, LINE_MARGIN, MAX_CHART_POINTS, SERIES, tickPercent, tickStep, tipPercent, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { EMPTY_LINEAR_AXIS, linearAxis, thin, type AxisTicks } from '../common/logAxis';
import { PathLines, type ChartRow, type LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { Readout, Readouts } from '../common/Readouts';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { formatLoss, formatPercent } from '../common/series';
import { useSameValue } from '../common/useSameValue';
import { useLiveValue } from '../common/useThrottled';
import { formatGap, formatLaneValue, laneGap, laneValue, latestValue, taughtSummary } from './summaries';

interface Props {
  /** [lane][evaluation]: lane 0 the taught model, lane 1 the same model alone. */
  lanes: MetricPoint[][];
  /** [2] the lanes' names, e.g. ["Distilled student", "Student alone"]. */
  labels: string[];
  teacher: TeacherView | null;
  classification: boolean;
}

const EMPTY = 'Choose a teacher or Start from a saved run: the same model trained alone is drawn beside it.';
const LANE_COLOURS = [SERIES.green, SERIES.grey];
const TEACHER_COLOUR = SERIES.purple;

/** [steps] one row per step either lane reported: `step`, `l0`, `l1` (null where a lane has no value). */
function rows(lanes: readonly MetricPoint[][], classification: boolean): ChartRow[] {
  const byStep = new Map<number, ChartRow>();
  for (let lane = 0; lane < 2; lane++) {
    for (const p of thin(lanes[lane] ?? [], MAX_CHART_POINTS)) {
      const row = byStep.get(p.step) ?? { step: p.step, l0: null, l1: null };
      const v = laneValue(p, classification);
      row[`l${lane}`] = v !== undefined && Number.isFinite(v) ? v : null;
      byStep.set(p.step, row);
    }
  }
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

export const TaughtPanel = memo(function TaughtPanel({ lanes, labels, teacher, classification }: Props) {
  const headingId = useId();
  const [shown, screenRef] = useLiveValue(lanes);
  const data = useMemo(() => rows(shown, classification), [shown, classification]);
  const reference = classification && teacher ? teacher : null;
  const axis = useSameValue(
    useMemo(() => (classification ? UNIT_AXIS : (linearAxis(data.flatMap((r) => [r.l0, r.l1])) ?? EMPTY_LINEAR_AXIS)), [data, classification]),
  );
  const series = useMemo<LineSeries[]>(() => [0, 1].map((i) => ({ key: `l${i}`, name: labels[i] ?? `Lane ${i + 1}`, colour: LANE_COLOURS[i] })), [labels]);
  const legend = useMemo<LineSeries[]>(
    () => (reference ? [...series, { key: 'teacher', name: `${reference.name} (teacher)`, colour: TEACHER_COLOUR, dashed: true }] : series),
    [series, reference],
  );
  const summary = useMemo(() => taughtSummary(shown, labels, teacher, classification), [shown, labels, teacher, classification]);
  const empty = !shown[1] || shown[1].length === 0 ? EMPTY : data.length === 0 ? 'The two runs appear with their first evaluation.' : null;
  const what = classification ? 'Test accuracy' : 'Test loss';
  return (
    <section className="panel panel-taught" aria-labelledby={headingId}>
      <h2 id={headingId}>Taught vs alone</h2>
      <p className="help">
        {what} of the model taught (by a teacher or from transferred weights) and of the same model trained alone from the same
        seed, over the same steps{reference ? '; the dashed line is the teacher’s test accuracy' : ''}.
      </p>
      <div ref={screenRef}>
        <ChartFrame empty={empty} summary={summary}>
          <TaughtLines data={data} axis={axis} series={series} classification={classification} teacherName={reference?.name ?? null} teacherAccuracy={reference?.testAccuracy ?? null} />
          <ChartLegend series={legend} />
        </ChartFrame>
      </div>
      {empty === null && <TaughtReadouts lanes={lanes} labels={series.map((s) => s.name ?? '')} classification={classification} />}
    </section>
  );
});

/** The latest value of each lane and the gap (lane 0 − lane 1) at the latest step both reached. */
function TaughtReadouts({ lanes, labels, classification }: { lanes: MetricPoint[][]; labels: string[]; classification: boolean }) {
  const gap = laneGap(lanes[0], lanes[1], classification);
  return (
    <Readouts className="taught-readouts">
      <Readout label={labels[0]}>{formatLaneValue(latestValue(lanes[0], classification), classification)}</Readout>
      <Readout label={labels[1]}>{formatLaneValue(latestValue(lanes[1], classification), classification)}</Readout>
      <Readout label="Gap" term={classification ? 'Gap' : 'Gap (lower is better)'}>
        {gap === null ? '—' : formatGap(gap.value, classification)}
      </Readout>
    </Readouts>
  );
}

const UNIT_AXIS: AxisTicks = { domain: UNIT_DOMAIN, ticks: UNIT_TICKS };
const tickLoss = (v: number) => (v !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

interface LinesProps {
  data: ChartRow[];
  axis: AxisTicks;
  series: LineSeries[];
  classification: boolean;
  teacherName: string | null;
  teacherAccuracy: number | null;
}

/** The SVG, memoised: it redraws when the throttled rows land or the teacher changes. */
const TaughtLines = memo(function TaughtLines({ data, axis, series, classification, teacherName, teacherAccuracy }: LinesProps) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: classification ? tipPercent : formatLoss, label: labelStep }), [data, series, classification]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(220)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={classification ? tickPercent : tickLoss} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <PathLines data={data} xKey="step" series={series} connectNulls />
        {teacherName !== null && teacherAccuracy !== null && <TeacherLine name={teacherName} accuracy={teacherAccuracy} />}
      </LineChart>
    </TooltipRows>
  );
});

/**
 * The teacher's accuracy: a dashed line across the plot, labelled with its name, in the chart's own
 * scale (recharts' ReferenceLine re-registers in the chart's store; this is a plain SVG line).
 */
function TeacherLine({ name, accuracy }: { name: string; accuracy: number }) {
  const y = useYAxisScale();
  const area = usePlotArea();
  const py = y ? y(accuracy) : undefined;
  if (!area || py === undefined || !Number.isFinite(py)) return null;
  // the label sits above the line, or below it when the line runs along the plot's top
  const ty = py - area.y < 14 ? py + 13 : py - 4;
  return (
    <g className="teacher-line" aria-hidden="true">
      <line x1={area.x} x2={area.x + area.width} y1={py} y2={py} stroke={TEACHER_COLOUR} strokeWidth={1.5} strokeDasharray="6 3" />
      <text x={area.x + area.width - 4} y={ty} textAnchor="end" fill={TEACHER_COLOUR} fontSize={11}>
        {name} · {formatPercent(accuracy)}
      </text>
    </g>
  );
}
