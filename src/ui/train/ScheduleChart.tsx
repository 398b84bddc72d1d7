/**
 * The learning rate the schedule gives over steps (learningRateAt, the same pure function the worker
 * uses), with a marker at the current step. At most MAX_POINTS samples. The curve redraws only when the
 * schedule or the shown range changes; the marker follows the run on its own (NowMarker), without
 * redrawing the chart around it.
 */
import { createContext, memo, useContext, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, usePlotArea, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import type { RunConfig } from '../../engine/config';
import { learningRateAt } from '../../engine/schedules';
import { ALL_TICKS, chartStyle, GRID_STROKE, labelStep, SERIES, tickStep } from '../common/chartProps';
import { EMPTY_LINEAR_AXIS, linearAxis } from '../common/logAxis';
import { PathLines, type LineSeries } from '../common/PathLines';
import { scheduleSummary } from '../common/chartSummaries';
import { plainTick } from '../common/PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { useLiveValue } from '../common/useThrottled';

const MAX_POINTS = 200;
const LINE = SERIES.blue;
const NOW = SERIES.orange;

/** Steps worth showing for the schedule's shape (three decays, the cosine and a bit, the warm-up ×3). */
function horizon(c: RunConfig): number {
  switch (c.schedule) {
    case 'constant':
      return 1000;
    case 'step':
      return c.stepSize * 4;
    case 'cosine':
      return Math.ceil(c.totalSteps * 1.15);
    case 'warmup':
      return c.warmupSteps * 3;
  }
}

type Point = {
  step: number;
  rate: number;
};

/**
 * The steps shown: the schedule's own horizon, doubled as often as needed to keep the current step in
 * the first ~80%. The range grows in rare jumps, so the curve (and its axis) is redrawn a handful of
 * times in a long run, not on every move of the marker.
 */
export function shownRange(base: number, step: number): number {
  let end = base;
  while (step * 1.2 > end) end *= 2;
  return end;
}

function samples(c: RunConfig, end: number): Point[] {
  const n = Math.min(MAX_POINTS, end + 1);
  const steps = new Set<number>();
  for (let i = 0; i < n; i++) steps.add(Math.round((i * end) / Math.max(1, n - 1)));
  return [...steps].map((step) => ({ step, rate: learningRateAt(c.learningRate, step, c) }));
}

const formatRate = (v: number) => (v !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) ? v.toExponential(1) : String(Number(v.toPrecision(3))));
const RATE: readonly LineSeries[] = [{ key: 'rate', name: 'Rate', colour: LINE }];
const STEPWISE_RATE: readonly LineSeries[] = [{ key: 'rate', name: 'Rate', colour: LINE, stepAfter: true }];
const MARGIN = { top: 6, right: 16, bottom: 0, left: 0 };

interface Now {
  step: number;
  rate: number;
}

/** The current step and rate, handed past the memoised chart to its marker alone. */
const NowContext = createContext<Now | null>(null);

/**
 * The dashed line and dot at the current step, in the chart's own coordinates. Recharts' ReferenceLine and
 * ReferenceDot re-register in the chart's store whenever they move, which redraws the whole chart; this
 * marker re-renders alone.
 */
function NowMarker() {
  const now = useContext(NowContext);
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  const px = now && x ? x(now.step) : undefined;
  const py = now && y ? y(now.rate) : undefined;
  if (px === undefined || !area || !Number.isFinite(px)) return null;
  return (
    <g className="schedule-now" aria-hidden="true">
      <line x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke={NOW} strokeDasharray="3 3" />
      {py !== undefined && Number.isFinite(py) && <circle cx={px} cy={py} r={4} fill={NOW} stroke={SERIES.halo} />}
    </g>
  );
}

interface Props {
  config: RunConfig;
  step: number;
}

/** Memoised; the step marker follows the run at the charts' pace (useThrottled), and only while on screen. */
export const ScheduleChart = memo(function ScheduleChart({ config, step: liveStep }: Props) {
  const [step, screenRef] = useLiveValue(liveStep);
  const end = shownRange(Math.max(10, horizon(config)), step);
  const data = useMemo(() => samples(config, end), [config, end]);
  const domain = useMemo((): [number, number] => [0, end], [end]);
  const rate = learningRateAt(config.learningRate, step, config);
  const now = useMemo(() => ({ step, rate }), [step, rate]);
  const summary = useMemo(() => scheduleSummary(config.schedule, data, now, formatRate), [config.schedule, data, now]);
  const series = config.schedule === 'step' ? STEPWISE_RATE : RATE;
  const chart = useMemo(() => {
    const axis = linearAxis(data.map((p) => p.rate)) ?? EMPTY_LINEAR_AXIS;
    const tip = { rows: data, xKey: 'step', series, format: formatRate, label: labelStep };
    return (
      <TooltipRows value={tip}>
        <LineChart responsive data={data} style={chartStyle(130)} margin={MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis dataKey="step" type="number" domain={domain} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={11} />
          <YAxis domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={formatRate} interval={ALL_TICKS} tick={plainTick} width={44} fontSize={11} />
          <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
          <PathLines data={data} xKey="step" series={series} />
          <NowMarker />
        </LineChart>
      </TooltipRows>
    );
  }, [data, domain, series]);

  return (
    <div className="schedule-chart" ref={screenRef}>
      <NowContext.Provider value={now}>{chart}</NowContext.Provider>
      <p className="visually-hidden">{summary}</p>
      <p className="help">
        Step {step.toLocaleString('en-US')}: rate {formatRate(rate)}.
      </p>
    </div>
  );
});
