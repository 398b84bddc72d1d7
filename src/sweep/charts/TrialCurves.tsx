/**
 * "Trial curves": each trial's objective at every evaluation, by step (TensorBoard's and W&B's per-run
 * curves), one line per trial: solid for complete and running trials, dashed for pruned ones (ending
 * where they were stopped). The halving rungs (successive halving / ASHA / Hyperband: the steps at which
 * trials are judged) are dashed vertical lines labelled "rung 1", "rung 2" … Lines are PathLines over
 * recharts' axes, as in the live charts; colour: final value, orange (worse) to blue (better), when the
 * direction is given, else trial number.
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, usePlotArea, useXAxisScale, XAxis, YAxis } from 'recharts';
import type { Direction, ObjectiveName, Trial } from '../../engine/search/types';
import { ChartFrame } from '../../ui/common/ChartFrame';
import { ALL_TICKS, chartStyle, GRID_STROKE, labelStep, LINE_MARGIN, tickStep } from '../../ui/common/chartProps';
import { PathLines, type ChartRow, type LineSeries } from '../../ui/common/PathLines';
import { plainTick } from '../../ui/common/PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../../ui/common/RowTooltip';
import { formatObjective, objectiveLabel, trialValue } from './format';
import { goodness, niceAxis, rampColour, TRIAL_RAMP } from './scales';

interface Props {
  /** Trials with their intermediate values (objective by step); those with none are left out. */
  trials: readonly Trial[];
  /** The steps at which trials are judged, ascending ([] when nothing prunes). */
  rungs: readonly number[];
  /** Colours lines by final value (worse → better) when given. */
  direction?: Direction;
  objective?: ObjectiveName;
}

/** Above this many lines the tooltip (one row per trial) is left out. */
const MAX_TIP_TRIALS = 12;
export const curveKey = (id: number) => `t${id}`;

/** [rows] one per step any trial evaluated at, ascending: { step, t<id>: value | null }. */
export function curveRows(trials: readonly Trial[]): ChartRow[] {
  const byStep = new Map<number, ChartRow>();
  for (const t of trials) {
    for (const p of t.intermediate) {
      if (!Number.isFinite(p.value)) continue;
      let row = byStep.get(p.step);
      if (!row) byStep.set(p.step, (row = { step: p.step }));
      row[curveKey(t.id)] = p.value;
    }
  }
  const keys = trials.map((t) => curveKey(t.id));
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0)).map((r) => {
    for (const k of keys) if (!(k in r)) r[k] = null;
    return r;
  });
}

/** One line per trial: pruned ones dashed; colour by final value (direction given) or trial number. */
export function curveSeries(trials: readonly Trial[], direction?: Direction): LineSeries[] {
  const values = trials.map(trialValue).filter((v): v is number => v !== null);
  const range: [number, number] = values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
  const lastId = trials.reduce((m, t) => Math.max(m, t.id), 0);
  return trials.map((t) => {
    const v = trialValue(t);
    const colour = direction && v !== null ? rampColour(goodness(v, range, direction)) : rampColour(lastId > 0 ? t.id / lastId : 1, TRIAL_RAMP);
    return { key: curveKey(t.id), name: `Trial ${t.id}`, colour, width: 1.5, opacity: 0.85, dashed: t.state === 'pruned' };
  });
}

export const TrialCurves = memo(function TrialCurves({ trials, rungs, direction, objective }: Props) {
  const id = useId();
  const drawn = useMemo(() => trials.filter((t) => t.intermediate.some((p) => Number.isFinite(p.value))), [trials]);
  const rows = useMemo(() => curveRows(drawn), [drawn]);
  const series = useMemo(() => curveSeries(drawn, direction), [drawn, direction]);
  const axis = useMemo(() => niceAxis(drawn.flatMap((t) => t.intermediate.map((p) => p.value))), [drawn]);
  const lastStep = Math.max(rows[rows.length - 1]?.step ?? 0, ...rungs);
  const pruned = drawn.filter((t) => t.state === 'pruned').length;
  const summary = `${drawn.length} trial curves, ${pruned} pruned${rungs.length ? `; rungs at steps ${rungs.join(', ')}` : ''}.`;
  return (
    <section className="panel sweep-curves" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Trial curves</h2>
      <p className="help">
        {`${objectiveLabel(objective)} of each trial at every evaluation, by step. Dashed: pruned trials, ending where they were stopped.`}
        {rungs.length ? ' Vertical lines: the rungs, the steps at which trials are compared and the weaker ones stopped.' : ''}
      </p>
      <ChartFrame empty={rows.length === 0 || axis === null ? 'No evaluations yet: each trial draws its curve here as it trains.' : null} summary={summary}>
        {axis && rows.length > 0 && <Curves rows={rows} series={series} axis={axis} rungs={rungs} lastStep={lastStep} objective={objective} />}
      </ChartFrame>
    </section>
  );
});

interface CurvesProps {
  rows: ChartRow[];
  series: LineSeries[];
  axis: { domain: [number, number]; ticks: number[] };
  rungs: readonly number[];
  lastStep: number;
  objective?: ObjectiveName;
}

const Curves = memo(function Curves({ rows, series, axis, rungs, lastStep, objective }: CurvesProps) {
  const format = useMemo(() => (v: number) => formatObjective(v, objective), [objective]);
  const tip = useMemo(() => ({ rows, xKey: 'step', series, format, label: labelStep }), [rows, series, format]);
  const domain = useMemo<[number, number]>(() => [rows[0]?.step ?? 0, Math.max(lastStep, (rows[0]?.step ?? 0) + 1)], [rows, lastStep]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={rows} style={chartStyle(240)} margin={LINE_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={domain} allowDataOverflow tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={11} />
        <YAxis domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={format} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={11} />
        {series.length <= MAX_TIP_TRIALS && <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />}
        <PathLines data={rows} xKey="step" series={series} connectNulls />
        <RungLines rungs={rungs} />
      </LineChart>
    </TooltipRows>
  );
});

/** The rungs as dashed vertical lines labelled "rung 1", "rung 2" …, in the chart's own x scale. */
function RungLines({ rungs }: { rungs: readonly number[] }) {
  const x = useXAxisScale();
  const area = usePlotArea();
  if (!x || !area) return null;
  return (
    <g className="sweep-rungs" aria-hidden="true">
      {rungs.map((r, i) => {
        const px = x(r);
        if (px === undefined || !Number.isFinite(px) || px < area.x - 0.5 || px > area.x + area.width + 0.5) return null;
        return (
          <g key={r}>
            <line x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke="var(--muted)" strokeWidth={1} strokeDasharray="3 3" />
            <text x={px + 3} y={area.y + 10} fontSize={10} fill="var(--muted)">{`rung ${i + 1}`}</text>
          </g>
        );
      })}
    </g>
  );
}
