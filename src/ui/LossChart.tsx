/**
 * Train and test loss of the main run (lane 0) over steps, raw and EMA-smoothed, plus test accuracy for
 * classification. With regularization on, the train loss is shown twice: the data loss and the total
 * (data + penalty) that the optimizer actually minimises.
 */
import { memo, useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../worker/protocol';
import { ChartFrame } from './ChartFrame';
import { ChartLegend, type LegendItem } from './ChartLegend';
import { ALL_TICKS, chartStyle, MAX_CHART_POINTS, GRID_STROKE, labelStep, LINE_MARGIN, SMALL_MARGIN, STEP_DOMAIN, tickPercent, tickStep, tipPercent, UNIT_DOMAIN, UNIT_TICKS } from './chartProps';
import { FaintLines, type FaintSeries } from './FaintLines';
import { EMPTY_LINEAR_AXIS, linearAxis, logAxis, thin, type AxisTicks } from './logAxis';
import { plainTick } from './PlainTick';
import { finiteOrNull, formatLoss, smooth } from './series';
import { useSameValue } from './useSameValue';
import { useLiveValue, useThrottled } from './useThrottled';

const TRAIN = '#1d5fbf';
const TEST = '#d4600b';
const TOTAL = '#7b3fa0';
const ACCURACY = '#2f7d4f';

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

/** The raw losses: faint paths behind the smoothed lines (FaintLines), outside recharts' own series. */
const RAW: readonly FaintSeries[] = [
  { key: 'trainRaw', colour: TRAIN },
  { key: 'testRaw', colour: TEST },
];

/** The y axis covers every loss drawn, the raw ones included (they take no part in recharts' domain). */
function lossAxis(data: readonly Row[], log: boolean): AxisTicks {
  const values = data.flatMap((r) => [r.trainRaw, r.testRaw, r.train, r.test, r.total]);
  return (log ? logAxis(values) : linearAxis(values)) ?? EMPTY_LINEAR_AXIS;
}

const positiveOrNull = (v: number | null): number | null => (v !== null && v > 0 ? v : null);

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
      <ChartFrame empty={data.length === 0 ? 'Press Train or Step to see the loss.' : null}>
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

const tipLoss = (v: unknown) => (typeof v === 'number' ? formatLoss(v) : String(v));

const LEGEND: readonly LegendItem[] = [
  { label: 'Train loss', colour: TRAIN },
  { label: 'Test loss', colour: TEST },
];
const LEGEND_REGULARIZED: readonly LegendItem[] = [
  { label: 'Train loss (data)', colour: TRAIN },
  { label: 'Train loss (total)', colour: TOTAL, dashed: true },
  { label: 'Test loss', colour: TEST },
];

/** Memoised: the page re-renders on every published frame; the SVG redraws only when the rows change. */
const LossCharts = memo(function LossCharts({ data, axis, log, regularized, classification }: ChartsProps) {
  return (
    <>
      <LineChart responsive data={data} style={chartStyle(260)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={STEP_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis scale={log ? 'log' : 'linear'} domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={tickLoss} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip formatter={tipLoss} labelFormatter={labelStep} />
        <FaintLines data={data} xKey="step" series={RAW} />
        <Line dataKey="train" name={regularized ? 'Train loss (data)' : 'Train loss'} stroke={TRAIN} strokeWidth={2} dot={false} isAnimationActive={false} />
        {regularized && (
          <Line dataKey="total" name="Train loss (total)" stroke={TOTAL} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        )}
        <Line dataKey="test" name="Test loss" stroke={TEST} strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
      <ChartLegend items={regularized ? LEGEND_REGULARIZED : LEGEND} />
      {classification && <AccuracyLines data={data} />}
    </>
  );
});

/** The accuracy chart takes the loss chart's rows a queue turn later: the two never redraw in one task. */
function AccuracyLines({ data }: { data: Row[] }) {
  return <AccuracyChart data={useThrottled(data, 0)} />;
}

const AccuracyChart = memo(function AccuracyChart({ data }: { data: Row[] }) {
  return (
    <>
      <h3>Test accuracy</h3>
      <LineChart responsive data={data} style={chartStyle(130)} margin={SMALL_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={STEP_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} tickFormatter={tickPercent} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip formatter={tipPercent} labelFormatter={labelStep} />
        <Line dataKey="accuracy" name="Test accuracy" stroke={ACCURACY} strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </>
  );
});
