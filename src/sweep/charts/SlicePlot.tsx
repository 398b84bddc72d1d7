/**
 * "Slice" (Optuna Dashboard's slice plot): one small scatter per search-space parameter, the objective of
 * each complete trial against that parameter's value (log x for log-uniform parameters, one column per
 * choice for categorical ones), points coloured by trial number (pale: early, blue: late), so one sees
 * where along each parameter the good trials lie and where the sampler went as the study went on.
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, Cell, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { ObjectiveName, SearchParam, SearchSpace, Trial } from '../../engine/search/types';
import { ALL_TICKS, chartStyle, GRID_STROKE, SMALL_MARGIN } from '../../ui/common/chartProps';
import { logAxis } from '../../ui/common/logAxis';
import { plainTick } from '../../ui/common/PlainTick';
import { formatObjective, formatParamValue, objectiveLabel, paramLabel, trialValue } from './format';
import { extent, niceAxis, niceTicks, rampColour, TRIAL_RAMP } from './scales';

interface Props {
  trials: readonly Trial[];
  space: SearchSpace;
  objective?: ObjectiveName;
}

/** One point: x is the parameter's value (a choice: its index), y the trial's objective. */
interface SlicePoint {
  id: number;
  x: number;
  y: number;
  colour: string;
}

export interface SliceAxis {
  domain: [number, number];
  ticks: number[];
  log: boolean;
  format(v: number): string;
}

/** The x axis of a parameter's slice: its distribution's range (log10 when log), or one column per choice. */
export function sliceAxis(p: SearchParam, xs: readonly number[]): SliceAxis {
  const d = p.dist;
  if (d.kind === 'categorical') {
    const labels = d.choices.map((c) => formatParamValue(p.name, c, d));
    return { domain: [-0.5, d.choices.length - 0.5], ticks: d.choices.map((_, i) => i), log: false, format: (v) => labels[v] ?? '' };
  }
  const format = (v: number) => formatParamValue(p.name, v, d);
  if (d.log) {
    const axis = logAxis([...xs, d.low, d.high]);
    if (axis) return { ...axis, log: true, format };
  }
  const [lo, hi] = extent(xs, [d.low, d.high]) ?? [0, 1];
  const ticks = niceTicks(lo, hi, 4);
  return { domain: [lo, hi], ticks, log: false, format };
}

/** The complete trials as points of a parameter's slice (trials without a placeable value are left out). */
export function slicePoints(p: SearchParam, done: readonly Trial[], lastId: number): SlicePoint[] {
  const out: SlicePoint[] = [];
  for (const t of done) {
    const v = t.params[p.name];
    const y = trialValue(t);
    if (v === undefined || y === null) continue;
    const x = p.dist.kind === 'categorical' ? p.dist.choices.findIndex((c) => String(c) === String(v)) : Number(v);
    if (!Number.isFinite(x) || (p.dist.kind === 'categorical' && x < 0)) continue;
    if (p.dist.kind !== 'categorical' && p.dist.log && !(x > 0)) continue;
    out.push({ id: t.id, x, y, colour: rampColour(lastId > 0 ? t.id / lastId : 1, TRIAL_RAMP) });
  }
  return out;
}

export const SlicePlot = memo(function SlicePlot({ trials, space, objective }: Props) {
  const id = useId();
  const done = useMemo(() => trials.filter((t) => t.state === 'complete' && trialValue(t) !== null), [trials]);
  const yAxis = useMemo(() => niceAxis(done.map(trialValue)), [done]);
  const lastId = useMemo(() => trials.reduce((m, t) => Math.max(m, t.id), 0), [trials]);
  return (
    <section className="panel sweep-slice" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Slice</h2>
      <p className="help">
        {`${objectiveLabel(objective)} of each complete trial against one parameter at a time (the others vary too). Colour: trial number, pale early to blue late.`}
      </p>
      {done.length === 0 || yAxis === null || space.length === 0 ? (
        <p className="chart-empty">{space.length === 0 ? 'The search space has no parameters to slice.' : 'No complete trials yet: each one becomes a point in every slice.'}</p>
      ) : (
        <div className="sweep-slices">
          {space.map((p) => (
            <Slice key={p.name} param={p} done={done} lastId={lastId} yAxis={yAxis} objective={objective} />
          ))}
        </div>
      )}
    </section>
  );
});

const Z_RANGE: [number, number] = [30, 30];

function SliceTip({ active, payload, param, objective }: { active?: boolean; payload?: ReadonlyArray<{ payload?: SlicePoint }>; param: SearchParam; objective?: ObjectiveName }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  const value = param.dist.kind === 'categorical' ? param.dist.choices[p.x] : p.x;
  return (
    <div className="chart-tip">
      <strong>Trial {p.id}</strong>
      <div>
        {paramLabel(param.name)} {formatParamValue(param.name, value, param.dist)}: {formatObjective(p.y, objective)}
      </div>
    </div>
  );
}

interface SliceProps {
  param: SearchParam;
  done: readonly Trial[];
  lastId: number;
  yAxis: { domain: [number, number]; ticks: number[] };
  objective?: ObjectiveName;
}

const Slice = memo(function Slice({ param, done, lastId, yAxis, objective }: SliceProps) {
  const points = useMemo(() => slicePoints(param, done, lastId), [param, done, lastId]);
  const axis = useMemo(() => sliceAxis(param, points.map((p) => p.x)), [param, points]);
  const tickY = useMemo(() => (v: number) => formatObjective(v, objective), [objective]);
  const tip = useMemo(() => <SliceTip param={param} objective={objective} />, [param, objective]);
  const label = paramLabel(param.name);
  return (
    <figure className="sweep-slice-item">
      <figcaption>{label}</figcaption>
      <ScatterChart responsive style={chartStyle(170)} margin={SMALL_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="x" type="number" name={label} scale={axis.log ? 'log' : 'auto'} domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={axis.format} interval={ALL_TICKS} tick={plainTick} fontSize={10} />
        <YAxis dataKey="y" type="number" name={objectiveLabel(objective)} domain={yAxis.domain} ticks={yAxis.ticks} allowDataOverflow tickFormatter={tickY} interval={ALL_TICKS} tick={plainTick} width={48} fontSize={10} />
        <ZAxis range={Z_RANGE} />
        <Tooltip content={tip} />
        <Scatter data={points} isAnimationActive={false}>
          {points.map((p) => (
            <Cell key={p.id} fill={p.colour} />
          ))}
        </Scatter>
      </ScatterChart>
    </figure>
  );
});
