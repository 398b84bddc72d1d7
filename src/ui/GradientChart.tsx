/**
 * Gradient health: the L2 norm of each layer's gradient (weights and biases) in the main run over steps,
 * one line per layer, on a log axis because norms span orders of magnitude. Early layers sinking far
 * below the late ones: vanishing gradients. All of them shooting up: exploding gradients.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../worker/protocol';
import { formatLogTick, logAxis, positiveOrNull, thin } from './logAxis';
import { useThrottled } from './useThrottled';

const COLOURS = ['#1d5fbf', '#d4600b', '#2f7d4f', '#7b3fa0', '#c62828', '#00838f', '#6d4c41'];
const REFRESH_MS = 200;
const MAX_ROWS = 400;

type Row = Record<string, number | null>;

function rows(metrics: readonly MetricPoint[], layers: number): Row[] {
  return thin(metrics, MAX_ROWS).map((p) => {
    const row: Row = { step: p.step };
    for (let l = 0; l < layers; l++) row[`g${l}`] = positiveOrNull(p.gradNorms[l]);
    return row;
  });
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const formatNorm = (v: number) => (v === 0 ? '0' : v < 1e-3 || v >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

interface Props {
  /** Lane 0 only. */
  metrics: MetricPoint[];
  /** Weight layers of the model (hidden layers + the output layer). */
  layers: number;
}

/** Memoised: the page re-renders on every published frame; this redraws only when its inputs change. */
export const GradientChart = memo(function GradientChart({ metrics, layers }: Props) {
  const shown = useThrottled(metrics, REFRESH_MS);
  const data = useMemo(() => rows(shown, layers), [shown, layers]);
  const axis = useMemo(() => logAxis(data.flatMap((r) => Object.keys(r).filter((k) => k !== 'step').map((k) => r[k]))), [data]);
  const latest = shown[shown.length - 1];

  if (data.length === 0) return <p className="chart-empty">Press Train or Step to see the gradient norms.</p>;
  if (axis === null) return <p className="chart-empty">No gradient yet: the norms appear once a step has been taken and evaluated.</p>;
  const zero = latest ? latest.gradNorms.flatMap((g, l) => (g === 0 ? [l + 1] : [])) : [];
  return (
    <div className="gradient-chart">
      <LineChart responsive data={data} style={{ width: '100%', height: 240 }} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => compact.format(v)} fontSize={12} />
        <YAxis scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={formatLogTick} width={52} fontSize={12} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? formatNorm(v) : String(v))} labelFormatter={(s) => `Step ${s}`} />
        <Legend itemSorter={null} />
        {Array.from({ length: layers }, (_, l) => (
          <Line key={l} dataKey={`g${l}`} name={`Layer ${l + 1}`} stroke={COLOURS[l % COLOURS.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
      {latest && (
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
