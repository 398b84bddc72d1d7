/**
 * The "Interpolation" panel (REFERENCE.md "Strategies", Fusion): test loss (left axis) and test accuracy
 * (right axis) of θ(α) = (1 − α)θ_A + αθ_B for α from 0 (run A) to 1 (run B), on the straight path and,
 * with Align neurons, on the path to B after weight matching (dashed). The barrier of each path, max over α
 * of the loss minus the mean of the two ends' losses, is read out beside it.
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { FusionDone, PathView } from '../../worker/fusionProtocol';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { ALL_TICKS, AUTO_AUTO, chartStyle, GRID_STROKE, LINE_MARGIN, SERIES, tickPercent, TOOLTIP_CONTENT_STYLE, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import type { LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';

type Row = { alpha: number; loss: number; accuracy: number; alignedLoss: number | null; alignedAccuracy: number | null };

/** [points] by α: the straight path's loss and accuracy, and the aligned path's where there is one. */
export function interpolationRows(raw: PathView, aligned?: PathView): Row[] {
  return raw.points.map((p, i) => ({ alpha: p.alpha, loss: p.loss, accuracy: p.accuracy, alignedLoss: aligned?.points[i]?.loss ?? null, alignedAccuracy: aligned?.points[i]?.accuracy ?? null }));
}

const ALL_SERIES: readonly (LineSeries & { axis: 'loss' | 'acc' })[] = [
  { key: 'loss', name: 'Test loss', colour: SERIES.red, axis: 'loss' },
  { key: 'accuracy', name: 'Test accuracy', colour: SERIES.blue, axis: 'acc' },
  { key: 'alignedLoss', name: 'Test loss, neurons aligned', colour: SERIES.orange, dashed: true, axis: 'loss' },
  { key: 'alignedAccuracy', name: 'Test accuracy, neurons aligned', colour: SERIES.teal, dashed: true, axis: 'acc' },
];

const fmt = (v: number) => v.toFixed(3);
const tipValue = (v: unknown, name: unknown): string => (typeof v !== 'number' ? String(v) : String(name).includes('accuracy') ? `${(v * 100).toFixed(1)}%` : fmt(v));
const labelAlpha = (a: unknown) => (typeof a === 'number' ? `α = ${a.toFixed(2)}` : String(a));

export const InterpolationPanel = memo(function InterpolationPanel({ done }: { done: FusionDone | null }) {
  const id = useId();
  const r = done?.result.kind === 'interpolate' ? done.result : null;
  const rows = useMemo(() => (r ? interpolationRows(r.raw, r.aligned) : []), [r]);
  const series = r?.aligned ? ALL_SERIES : ALL_SERIES.slice(0, 2);
  const summary = r
    ? `From ${r.a} (α = 0) to ${r.b} (α = 1): barrier ${fmt(r.raw.barrier)}${r.aligned ? `, after aligning neurons ${fmt(r.aligned.barrier)}` : ''}; test accuracy at α = 0.5 about ${tickPercent(rows[Math.floor(rows.length / 2)]?.accuracy ?? 0)}.`
    : undefined;
  return (
    <section className="panel panel-interpolation" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Interpolation</h2>
      {r && done && (
        <div className="readout-line" role="status">
          <span>
            Barrier: <strong>{fmt(r.raw.barrier)}</strong>
          </span>
          {r.aligned && (
            <span>
              {' '}· Barrier after alignment: <strong>{fmt(r.aligned.barrier)}</strong> ({r.aligned.sweeps} sweep{r.aligned.sweeps === 1 ? '' : 's'} of weight matching)
            </span>
          )}
        </div>
      )}
      <ChartFrame empty={rows.length === 0 ? 'Choose runs A and B in Interpolate: the test loss and accuracy along the straight line between their weights are drawn here.' : null} summary={summary}>
        <InterpolationLines rows={rows} series={series} />
        <ChartLegend series={series} />
      </ChartFrame>
      {r && done && (
        <p className="help">
          {r.a} → {r.b}; barrier = max over α of loss(θ(α)) − mean of the two ends’ losses (REFERENCE.md “Strategies”). Evaluated on the {done.testSet}, on the {done.backend}.{done.note ? ` ${done.note}` : ''}
        </p>
      )}
    </section>
  );
});

const DOT = { r: 2 };

const InterpolationLines = memo(function InterpolationLines({ rows, series }: { rows: Row[]; series: typeof ALL_SERIES }) {
  return (
    <LineChart responsive data={rows} style={chartStyle(260)} margin={LINE_MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} />
      <XAxis dataKey="alpha" type="number" domain={UNIT_DOMAIN} ticks={[0, 0.25, 0.5, 0.75, 1]} interval={ALL_TICKS} tick={plainTick} fontSize={11} />
      <YAxis yAxisId="loss" domain={AUTO_AUTO} tick={plainTick} width={48} fontSize={11} tickFormatter={(v: number) => v.toFixed(2)} />
      <YAxis yAxisId="acc" orientation="right" domain={UNIT_DOMAIN} ticks={UNIT_TICKS} allowDataOverflow tickFormatter={tickPercent} interval={ALL_TICKS} tick={plainTick} width={44} fontSize={11} />
      <Tooltip formatter={tipValue} labelFormatter={labelAlpha} contentStyle={TOOLTIP_CONTENT_STYLE} />
      {series.map((s) => (
        <Line key={s.key} yAxisId={s.axis} dataKey={s.key} name={s.name} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '6 3' : undefined} dot={DOT} isAnimationActive={false} />
      ))}
    </LineChart>
  );
});
