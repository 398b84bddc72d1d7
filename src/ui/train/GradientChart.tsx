/**
 * Gradient health: the L2 norm of each layer's gradient (weights and biases) in the main run over steps,
 * one line per layer, on a log axis because norms span orders of magnitude. Early layers sinking far
 * below the late ones: vanishing gradients. All of them shooting up: exploding gradients.
 */
import { memo, useMemo } from 'react';
import type { MetricPoint } from '../../worker/protocol';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { gradientSummary } from '../common/chartSummaries';
import { MAX_CHART_POINTS, SERIES } from '../common/chartProps';
import { EMPTY_LOG_AXIS, logAxis, positiveOrNull, thin } from '../common/logAxis';
import { LogStepLines } from '../common/LogStepLines';
import type { LineSeries } from '../common/PathLines';
import { useSameValue } from '../common/useSameValue';
import { useLiveValue } from '../common/useThrottled';

const COLOURS = [SERIES.blue, SERIES.orange, SERIES.green, SERIES.purple, SERIES.red, SERIES.teal, SERIES.brown];

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
  // from the first evaluation with a gradient (step 0 has taken no step yet), usually the first or second
  const summary = useMemo(() => gradientSummary(shown.find((p) => p.gradNorms.some((g) => g > 0)), shown[shown.length - 1], formatNorm), [shown]);
  const zero = latest ? latest.gradNorms.flatMap((g, l) => (g === 0 ? [l + 1] : [])) : [];
  return (
    <div className="gradient-chart" ref={screenRef}>
      <ChartFrame empty={empty} summary={summary}>
        <LogStepLines data={data} axis={axis ?? EMPTY_LOG_AXIS} series={series} format={formatNorm} />
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

