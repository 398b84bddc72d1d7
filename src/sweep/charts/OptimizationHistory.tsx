/**
 * "Optimization history" (Optuna Dashboard's first view): each finished trial's objective by trial
 * number, complete trials as dots and pruned ones as triangles at the last value they reported, with the
 * best value so far as a step line. Failed, waiting and running trials have no value and are left out.
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { Direction, ObjectiveName, Trial } from '../../engine/search/types';
import { ChartFrame } from '../../ui/common/ChartFrame';
import { ChartLegend } from '../../ui/common/ChartLegend';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, GRID_STROKE, LINE_MARGIN, SERIES } from '../../ui/common/chartProps';
import { PathLines, type LineSeries } from '../../ui/common/PathLines';
import { plainTick } from '../../ui/common/PlainTick';
import { formatObjective, objectiveLabel, trialValue } from './format';
import { niceAxis } from './scales';

interface Props {
  trials: readonly Trial[];
  direction: Direction;
  /** The best value among trials 0…id, one row per finished trial in trial order (engine/search's bestSoFar). */
  bestSoFar: ReadonlyArray<{ id: number; value: number; best: number }>;
  objective?: ObjectiveName;
}

interface Point {
  id: number;
  value: number;
  pruned: boolean;
  steps: number;
}

const LEGEND: readonly LineSeries[] = [
  { key: 'complete', name: 'Complete trial (dot)', colour: SERIES.blue },
  { key: 'pruned', name: 'Pruned trial, its last value (triangle)', colour: SERIES.muted },
  { key: 'best', name: 'Best so far', colour: SERIES.orange, stepAfter: true },
];
const BEST_LINE: readonly LineSeries[] = [LEGEND[2]];
const Z_RANGE: [number, number] = [40, 40];
const tickTrial = (v: number) => String(v);

/** The complete and pruned trials as points (value: pruned ones' last reported value). */
export function historyPoints(trials: readonly Trial[]): Point[] {
  const out: Point[] = [];
  for (const t of trials) {
    if (t.state !== 'complete' && t.state !== 'pruned') continue;
    const value = trialValue(t);
    if (value !== null) out.push({ id: t.id, value, pruned: t.state === 'pruned', steps: t.steps });
  }
  return out.sort((a, b) => a.id - b.id);
}

export const OptimizationHistory = memo(function OptimizationHistory({ trials, direction, bestSoFar, objective }: Props) {
  const id = useId();
  const points = useMemo(() => historyPoints(trials), [trials]);
  const best = useMemo(() => bestSoFar.filter((r) => Number.isFinite(r.best)).map((r) => ({ id: r.id, best: r.best })), [bestSoFar]);
  const axis = useMemo(() => niceAxis([...points.map((p) => p.value), ...best.map((r) => r.best)]), [points, best]);
  const last = best[best.length - 1];
  const summary = last
    ? `${points.length} finished trials; the best ${objectiveLabel(objective).toLowerCase()} so far is ${formatObjective(last.best, objective)}, reached by trial ${bestTrial(bestSoFar, last.best)}.`
    : undefined;
  return (
    <section className="panel sweep-history" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Optimization history</h2>
      <p className="help">
        {`${objectiveLabel(objective)} of each trial by trial number; the line is the best so far (${direction === 'maximize' ? 'highest' : 'lowest'}). Pruned trials show the last value they reached before they were stopped.`}
      </p>
      <ChartFrame empty={points.length === 0 || axis === null ? 'No finished trials yet: each one becomes a point here.' : null} summary={summary}>
        {axis && <HistoryScatter points={points} best={best} axis={axis} objective={objective} />}
        <ChartLegend series={LEGEND} />
      </ChartFrame>
    </section>
  );
});

/** The first trial whose value is the final best. */
function bestTrial(rows: ReadonlyArray<{ id: number; value: number }>, best: number): number {
  return rows.find((r) => r.value === best)?.id ?? rows[rows.length - 1]?.id ?? 0;
}

function PointTip({ active, payload, objective }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Point }>; objective?: ObjectiveName }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tip">
      <strong>Trial {p.id}</strong>
      <div>
        {formatObjective(p.value, objective)}
        {p.pruned ? ` (pruned at step ${p.steps.toLocaleString('en-US')})` : ''}
      </div>
    </div>
  );
}

interface ScatterProps {
  points: Point[];
  best: Array<{ id: number; best: number }>;
  axis: { domain: [number, number]; ticks: number[] };
  objective?: ObjectiveName;
}

const HistoryScatter = memo(function HistoryScatter({ points, best, axis, objective }: ScatterProps) {
  const complete = useMemo(() => points.filter((p) => !p.pruned), [points]);
  const pruned = useMemo(() => points.filter((p) => p.pruned), [points]);
  const tickValue = useMemo(() => (v: number) => formatObjective(v, objective), [objective]);
  const tip = useMemo(() => <PointTip objective={objective} />, [objective]);
  return (
    <ScatterChart responsive style={chartStyle(240)} margin={LINE_MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} />
      <XAxis dataKey="id" type="number" name="Trial" domain={DATA_DOMAIN} allowDecimals={false} tickFormatter={tickTrial} interval={ALL_TICKS} tick={plainTick} fontSize={11} />
      <YAxis dataKey="value" type="number" name={objectiveLabel(objective)} domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={tickValue} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={11} />
      <ZAxis range={Z_RANGE} />
      <Tooltip content={tip} />
      <PathLines data={best} xKey="id" series={BEST_LINE} />
      <Scatter name="Pruned" data={pruned} fill={SERIES.muted} shape="triangle" isAnimationActive={false} />
      <Scatter name="Complete" data={complete} fill={SERIES.blue} isAnimationActive={false} />
    </ScatterChart>
  );
});
