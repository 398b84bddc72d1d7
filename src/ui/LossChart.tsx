/**
 * Train and test loss of the main run (lane 0) over steps, raw and EMA-smoothed, plus test accuracy for
 * classification. With regularization on, the train loss is shown twice: the data loss and the total
 * (data + penalty) that the optimizer actually minimises.
 */
import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../worker/protocol';
import { finiteOrNull, formatLoss, smooth } from './series';
import { useThrottled } from './useThrottled';

const TRAIN = '#1d5fbf';
const TEST = '#d4600b';
const TOTAL = '#7b3fa0';
const CHART_REFRESH_MS = 150;

interface Props {
  metrics: MetricPoint[];
  classification: boolean;
  /** Regularization is on: draw the total loss apart from the data loss. */
  regularized: boolean;
}

interface Row {
  step: number;
  trainRaw: number | null;
  testRaw: number | null;
  train: number | null;
  test: number | null;
  total: number | null;
  accuracy: number | null;
}

const positiveOrNull = (v: number | null): number | null => (v !== null && v > 0 ? v : null);

function rows(metrics: MetricPoint[], weight: number, log: boolean): Row[] {
  const train = smooth(metrics.map((p) => p.trainLoss), weight);
  const test = smooth(metrics.map((p) => p.testLoss), weight);
  const total = smooth(metrics.map((p) => p.totalLoss), weight);
  const fix = log ? positiveOrNull : (v: number | null) => v;
  return metrics.map((p, i) => ({
    step: p.step,
    trainRaw: fix(finiteOrNull(p.trainLoss)),
    testRaw: fix(finiteOrNull(p.testLoss)),
    train: fix(train[i]),
    test: fix(test[i]),
    total: fix(total[i]),
    accuracy: finiteOrNull(p.testAccuracy),
  }));
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const tickStep = (v: number) => compact.format(v);
const tickLoss = (v: number) => (v !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

export function LossChart({ metrics, classification, regularized }: Props) {
  const id = useId();
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(false);
  const shown = useThrottled(metrics, CHART_REFRESH_MS);
  const data = useMemo(() => rows(shown, smoothing, log), [shown, smoothing, log]);

  return (
    <div className="loss-chart">
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
      {data.length === 0 ? (
        <p className="chart-empty">Press Train or Step to see the loss.</p>
      ) : (
        <>
          <LineChart responsive data={data} style={{ width: '100%', height: 260 }} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#e3e6ea" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tickFormatter={tickStep} fontSize={12} />
            <YAxis
              scale={log ? 'log' : 'auto'}
              domain={log ? ['auto', 'auto'] : [0, 'auto']}
              allowDataOverflow={log}
              tickFormatter={tickLoss}
              width={52}
              fontSize={12}
            />
            <Tooltip formatter={(v) => (typeof v === 'number' ? formatLoss(v) : String(v))} labelFormatter={(s) => `Step ${s}`} />
            <Legend itemSorter={null} />
            <Line dataKey="trainRaw" stroke={TRAIN} strokeOpacity={0.25} dot={false} isAnimationActive={false} legendType="none" tooltipType="none" />
            <Line dataKey="testRaw" stroke={TEST} strokeOpacity={0.25} dot={false} isAnimationActive={false} legendType="none" tooltipType="none" />
            <Line dataKey="train" name={regularized ? 'Train loss (data)' : 'Train loss'} stroke={TRAIN} strokeWidth={2} dot={false} isAnimationActive={false} />
            {regularized && (
              <Line dataKey="total" name="Train loss (total)" stroke={TOTAL} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
            )}
            <Line dataKey="test" name="Test loss" stroke={TEST} strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
          {classification && (
            <>
              <h3>Test accuracy</h3>
              <LineChart responsive data={data} style={{ width: '100%', height: 130 }} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
                <CartesianGrid stroke="#e3e6ea" />
                <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tickFormatter={tickStep} fontSize={12} />
                <YAxis domain={[0, 1]} ticks={[0, 0.5, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} width={52} fontSize={12} />
                <Tooltip formatter={(v) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : String(v))} labelFormatter={(s) => `Step ${s}`} />
                <Line dataKey="accuracy" name="Test accuracy" stroke="#2f7d4f" strokeWidth={2} dot={false} isAnimationActive={false} />
              </LineChart>
            </>
          )}
        </>
      )}
    </div>
  );
}
