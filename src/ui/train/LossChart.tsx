/**
 * Train and test loss of the main run (lane 0) over steps, raw and EMA-smoothed, plus test accuracy for
 * classification. With regularization on, the train loss is shown twice: the data loss and the total
 * (data + penalty) that the optimizer actually minimises.
 */
import { memo, useId, useMemo, useState } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../../worker/protocol';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { lossSummary } from '../common/chartSummaries';
import { ALL_TICKS, chartStyle, MAX_CHART_POINTS, GRID_STROKE, labelStep, LINE_MARGIN, SERIES, SMALL_MARGIN, DATA_DOMAIN, tickPercent, tickStep, tipPercent, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { EMPTY_LINEAR_AXIS, EMPTY_LOG_AXIS, linearAxis, logAxis, positiveOrNull, thin, type AxisTicks } from '../common/logAxis';
import { PathLines, type LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { finiteOrNull, formatLoss, smooth } from '../common/series';
import { useSameValue } from '../common/useSameValue';
import { useLiveValue, useThrottled } from '../common/useThrottled';

const TRAIN = SERIES.blue;
const TEST = SERIES.orange;
const TOTAL = SERIES.purple;
const ACCURACY = SERIES.green;

interface Props {
  metrics: MetricPoint[];
  classification: boolean;
  /** Regularization is on: draw the total loss apart from the data loss. */
  regularized: boolean;
}

type Row = {
  step: number;
  trainRaw: number | null;
  testRaw: number | null;
  train: number | null;
  test: number | null;
  total: number | null;
  accuracy: number | null;
};

/** The raw losses: faint lines behind the smoothed ones, in neither the legend nor the tooltip. */
const RAW: readonly LineSeries[] = [
  { key: 'trainRaw', colour: TRAIN, width: 1, opacity: 0.25 },
  { key: 'testRaw', colour: TEST, width: 1, opacity: 0.25 },
];
const LOSS: readonly LineSeries[] = [...RAW, { key: 'train', name: 'Train loss', colour: TRAIN }, { key: 'test', name: 'Test loss', colour: TEST }];
const LOSS_REGULARIZED: readonly LineSeries[] = [
  ...RAW,
  { key: 'train', name: 'Train loss (data)', colour: TRAIN },
  { key: 'total', name: 'Train loss (total)', colour: TOTAL, dashed: true },
  { key: 'test', name: 'Test loss', colour: TEST },
];
const ACCURACY_SERIES: readonly LineSeries[] = [{ key: 'accuracy', name: 'Test accuracy', colour: ACCURACY }];

/** The y axis covers every loss drawn (PathLines take no part in recharts' domain). */
function lossAxis(data: readonly Row[], log: boolean): AxisTicks {
  const values = data.flatMap((r) => [r.trainRaw, r.testRaw, r.train, r.test, r.total]);
  return log ? (logAxis(values) ?? EMPTY_LOG_AXIS) : (linearAxis(values) ?? EMPTY_LINEAR_AXIS);
}

function rows(metrics: MetricPoint[], weight: number, log: boolean): Row[] {
  const train = smooth(metrics.map((p) => p.trainLoss), weight);
  const test = smooth(metrics.map((p) => p.testLoss), weight);
  const total = smooth(metrics.map((p) => p.totalLoss), weight);
  const fix = log ? positiveOrNull : (v: number | null) => v;
  const all = metrics.map((p, i) => ({
    step: p.step,
    trainRaw: fix(finiteOrNull(p.trainLoss)),
    testRaw: fix(finiteOrNull(p.testLoss)),
    train: fix(train[i]),
    test: fix(test[i]),
    total: fix(total[i]),
    accuracy: finiteOrNull(p.testAccuracy),
  }));
  // the smoothing runs over the whole history, the drawing over a thinned copy
  return thin(all, MAX_CHART_POINTS);
}

const tickLoss = (v: number) => (v !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

export function LossChart({ metrics, classification, regularized }: Props) {
  const id = useId();
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(false);
  const [shown, screenRef] = useLiveValue(metrics);
  const data = useMemo(() => rows(shown, smoothing, log), [shown, smoothing, log]);
  const axis = useSameValue(useMemo(() => lossAxis(data, log), [data, log]));
  const summary = useMemo(() => lossSummary(shown[0], shown[shown.length - 1], classification, regularized), [shown, classification, regularized]);

  return (
    <div className="loss-chart" ref={screenRef}>
      <div className="chart-options">
        <div className="inline-field">
          <label htmlFor={`${id}-smoothing`}>Smoothing</label>
          <input
            id={`${id}-smoothing`}
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            aria-valuetext={smoothing.toFixed(2)}
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
          <span className="field-value" aria-hidden="true">
            {smoothing.toFixed(2)}
          </span>
        </div>
        <div className="inline-field">
          <input id={`${id}-log`} type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          <label htmlFor={`${id}-log`}>Log scale</label>
        </div>
      </div>
      <ChartFrame empty={data.length === 0 ? 'Press Train or Step to see the loss.' : null} summary={summary}>
        <LossCharts data={data} axis={axis} log={log} regularized={regularized} classification={classification} />
      </ChartFrame>
    </div>
  );
}

interface ChartsProps {
  data: Row[];
  axis: AxisTicks;
  log: boolean;
  regularized: boolean;
  classification: boolean;
}

/** Memoised: the page re-renders on every published frame; the SVG redraws only when the rows change. */
const LossCharts = memo(function LossCharts({ data, axis, log, regularized, classification }: ChartsProps) {
  const series = regularized ? LOSS_REGULARIZED : LOSS;
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: formatLoss, label: labelStep }), [data, series]);
  return (
    <>
      <TooltipRows value={tip}>
        <LineChart responsive data={data} style={chartStyle(150)} margin={LINE_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
          <YAxis scale={log ? 'log' : 'linear'} domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={tickLoss} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
          <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
          <PathLines data={data} xKey="step" series={series} />
        </LineChart>
      </TooltipRows>
      <ChartLegend series={series} />
      {classification && <AccuracyLines data={data} />}
    </>
  );
});

/** The accuracy chart takes the loss chart's rows a queue turn later: the two never redraw in one task. */
function AccuracyLines({ data }: { data: Row[] }) {
  return <AccuracyChart data={useThrottled(data, 0)} />;
}

const AccuracyChart = memo(function AccuracyChart({ data }: { data: Row[] }) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series: ACCURACY_SERIES, format: tipPercent, label: labelStep }), [data]);
  return (
    <>
      <h3>Test accuracy</h3>
      <TooltipRows value={tip}>
        <LineChart responsive data={data} style={chartStyle(90)} margin={SMALL_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
          <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} allowDataOverflow tickFormatter={tickPercent} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
          <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
          <PathLines data={data} xKey="step" series={ACCURACY_SERIES} />
        </LineChart>
      </TooltipRows>
    </>
  );
});
