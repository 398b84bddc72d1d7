/**
 * Gradient health: the L2 norm of each layer's gradient (weights and biases) in the main run over steps,
 * one line per layer, on a log axis because norms span orders of magnitude. Early layers sinking far
 * below the late ones: vanishing gradients. All of them shooting up: exploding gradients.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../worker/protocol';
import { ChartFrame } from './ChartFrame';
import { ChartLegend } from './ChartLegend';
import { ALL_TICKS, chartStyle, GRID_STROKE, labelStep, LINE_MARGIN, MAX_CHART_POINTS, DATA_DOMAIN, tickStep } from './chartProps';
import { EMPTY_LOG_AXIS, formatLogTick, logAxis, positiveOrNull, thin, type AxisTicks } from './logAxis';
import { PathLines, type LineSeries } from './PathLines';
import { plainTick } from './PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from './RowTooltip';
import { useSameValue } from './useSameValue';
import { useLiveValue } from './useThrottled';

const COLOURS = ['#1d5fbf', '#d4600b', '#2f7d4f', '#7b3fa0', '#c62828', '#00838f', '#6d4c41'];

type Row = Record<string, number | null>;

function rows(metrics: readonly MetricPoint[], layers: number): Row[] {
  return thin(metrics, MAX_CHART_POINTS).map((p) => {
    const row: Row = { step: p.step };
    for (let l = 0; l < layers; l++) row[`g${l}`] = positiveOrNull(p.gradNorms[l]);
    return row;
  });
}

const formatNorm = (v: number) => (v === 0 ? '0' : v < 1e-3 || v >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

interface Props {
  /** Lane 0 only. */
  metrics: MetricPoint[];
  /** Weight layers of the model (hidden layers + the output layer). */
  layers: number;
}

/** Memoised on its props; the SVG below redraws only when the throttled rows land (useThrottled), on screen. */
export const GradientChart = memo(function GradientChart({ metrics, layers }: Props) {
  const [shown, screenRef] = useLiveValue(metrics);
  const data = useMemo(() => rows(shown, layers), [shown, layers]);
  const axis = useSameValue(useMemo(() => logAxis(data.flatMap((r) => Object.keys(r).filter((k) => k !== 'step').map((k) => r[k]))), [data]));
  const series = useMemo<LineSeries[]>(() => Array.from({ length: layers }, (_, l) => ({ key: `g${l}`, name: `Layer ${l + 1}`, colour: COLOURS[l % COLOURS.length] })), [layers]);
  const empty =
    data.length === 0
      ? 'Press Train or Step to see the gradient norms.'
      : axis === null
        ? 'No gradient yet: the norms appear once a step has been taken and evaluated.'
        : null;
  const latest = shown[shown.length - 1];
  const zero = latest ? latest.gradNorms.flatMap((g, l) => (g === 0 ? [l + 1] : [])) : [];
  return (
    <div className="gradient-chart" ref={screenRef}>
      <ChartFrame empty={empty}>
        <GradientLines data={data} axis={axis ?? EMPTY_LOG_AXIS} series={series} />
        <ChartLegend series={series} />
      </ChartFrame>
      {latest && empty === null && (
        <p className="help">
          Step {latest.step.toLocaleString('en-US')}: {latest.gradNorms.map((g, l) => `layer ${l + 1} ${formatNorm(g)}`).join(' · ')}
        </p>
      )}
      {zero.length > 0 && latest && latest.step > 0 && (
        <p className="help">
          {zero.length === 1 ? `Layer ${zero[0]} has` : `Layers ${zero.join(', ')} have`} a zero gradient, which a log scale cannot draw:
          no signal reaches {zero.length === 1 ? 'it' : 'them'} (for example dead ReLU units).
        </p>
      )}
    </div>
  );
});

/** The SVG itself, redrawn only when the throttled rows change (not on every published frame). */
const GradientLines = memo(function GradientLines({ data, axis, series }: { data: Row[]; axis: AxisTicks; series: readonly LineSeries[] }) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: formatNorm, label: labelStep }), [data, series]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(240)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={formatLogTick} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <PathLines data={data} xKey="step" series={series} />
      </LineChart>
    </TooltipRows>
  );
});
