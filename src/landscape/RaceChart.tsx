/**
 * f(x_t) per step for each racer. With a known minimum the chart plots f − f_min + 10⁻¹² on a log scale
 * (a racer sitting exactly on the minimum stays on the chart); the saddle plots f on a linear scale.
 */
import { memo, useMemo, type RefObject } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { OPTIMIZER_LABELS, racerLabel, type LandscapeState } from '../engine/landscapeState';
import { SURFACE_INFO } from '../engine/surfaces';
import { useThrottled } from '../ui/common/useThrottled';
import { landscapeRaceSummary } from '../ui/common/chartSummaries';
import { GRID_STROKE, SERIES, TOOLTIP_CONTENT_STYLE } from '../ui/common/chartProps';
import type { History } from './useLandscape';

const MAX_ROWS = 200;
/** The map's racer colours (drawLandscape's RACER_COLOURS, painted on the map) as theme series colours: lighter on a dark page. */
const RACER_SERIES = [SERIES.blue, SERIES.orange, SERIES.magenta, SERIES.forest];
const REFRESH_MS = 1000;
const MAX_TICKS = 7;
export const LOG_OFFSET = 1e-12;

type Row = { step: number } & Record<string, number | null>;

function chartRows(h: History, fMin: number | null): Row[] {
  const n = Math.max(0, ...h.values.map((v) => v.length));
  const stride = Math.max(1, Math.ceil(n / MAX_ROWS));
  const rows: Row[] = [];
  const row = (s: number) => {
    const r: Row = { step: s };
    h.values.forEach((vals, i) => {
      const v = vals[s];
      const y = v === undefined || !Number.isFinite(v) ? null : fMin === null ? v : Math.max(v - fMin, 0) + LOG_OFFSET;
      r[`r${i}`] = y;
    });
    rows.push(r);
  };
  for (let s = 0; s < n; s += stride) row(s);
  if (n > 0 && (n - 1) % stride !== 0) row(n - 1);
  return rows;
}

/** Log axis: a domain snapped to whole decades and at most MAX_TICKS decade ticks (d3 would tick 9 per decade). */
function decades(rows: Row[]): { domain: [number, number]; ticks: number[] } | null {
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) {
      if (k === 'step' || v === null || !(v > 0)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo === Infinity) return null;
  const a = Math.floor(Math.log10(lo)), b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  const stride = Math.ceil((b - a) / (MAX_TICKS - 1));
  const ticks: number[] = [];
  for (let e = b; ; e -= stride) {
    ticks.unshift(Number(`1e${e}`));
    if (e <= a) break;
  }
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

const tickValue = (v: number) => (v !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) ? v.toExponential(0) : String(Number(v.toPrecision(3))));

/** The chart itself, re-rendered only when its rows change (at most every REFRESH_MS). */
const Chart = memo(function Chart({ data, racers, log }: { data: Row[]; racers: LandscapeState['racers']; log: boolean }) {
  const axis = log ? decades(data) : null;
  return (
    <LineChart responsive data={data} style={{ width: '100%', height: 260 }} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
      <CartesianGrid stroke={GRID_STROKE} />
      <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} fontSize={12} />
      {axis ? (
        <YAxis scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={tickValue} width={56} fontSize={12} />
      ) : (
        <YAxis domain={['auto', 'auto']} tickFormatter={tickValue} width={56} fontSize={12} />
      )}
      <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} labelFormatter={(s) => `Step ${s}`} contentStyle={TOOLTIP_CONTENT_STYLE} />
      <Legend />
      {racers.map((r, i) => (
        <Line
          key={i}
          dataKey={`r${i}`}
          name={`${i + 1} · ${OPTIMIZER_LABELS[r.optimizer]} · lr ${r.learningRate}`}
          stroke={RACER_SERIES[i % RACER_SERIES.length]}
          strokeWidth={2}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
});

interface Props {
  state: LandscapeState;
  history: RefObject<History>;
  version: number;
}

export function RaceChart({ state, history, version }: Props) {
  const shown = useThrottled(version, REFRESH_MS);
  const fMin = SURFACE_INFO[state.surface].fMin;
  const log = fMin !== null;
  // the history ref grows in place; `shown` says when to look at it again
  const data = useMemo(() => chartRows(history.current, fMin), [shown, fMin, history]);
  const summary = useMemo(
    () => landscapeRaceSummary(state.racers.map((r, i) => ({ label: racerLabel(r), values: history.current.values[i] ?? [] }))),
    [shown, state.racers, history],
  );

  return (
    <div className="race-chart">
      <p className="help">
        {log
          ? 'Plotted: f − f_min + 10⁻¹² on a log scale (f_min = 0 here; the 10⁻¹² keeps a racer that lands exactly on the minimum on the chart).'
          : 'Plotted: f itself on a linear scale: the saddle has no minimum, so f falls without bound.'}
      </p>
      {data.length === 0 ? <p className="chart-empty">Press Run or Step to start the race.</p> : <Chart data={data} racers={state.racers} log={log} />}
      {data.length > 0 && <p className="visually-hidden">{summary}</p>}
    </div>
  );
}
