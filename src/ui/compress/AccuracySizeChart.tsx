/**
 * "Accuracy vs size": every configuration tried in this session (trainerView's sizePoints) at its
 * stored size (log x) and test accuracy, the current one in green, and the Pareto front as a line.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { formatBytes } from './compressionFormat';
import { plainTick } from '../common/PlainTick';
import { EMPTY_LOG_AXIS, logAxis, type AxisTicks } from '../common/logAxis';
import { ChartFrame } from '../common/ChartFrame';
import { accuracySizeSummary } from '../common/chartSummaries';
import { ALL_TICKS, AUTO_AUTO, chartStyle, GRID_STROKE, SERIES } from '../common/chartProps';
import { paretoFront, type SizePoint } from './pareto';
import { useLiveValue } from '../common/useThrottled';
import { Readout, Readouts } from '../common/Readouts';

interface Props {
  points: readonly SizePoint[];
  /** The key of the configuration training now (pareto.ts pointKey), or null. */
  current: string | null;
}

interface Row extends SizePoint {
  percent: number;
  name: string;
}

const row = (p: SizePoint): Row => ({ ...p, percent: p.accuracy * 100, name: `${p.dataset} ${p.widths.join('-')} · ${p.label}` });

function PointTip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Row }> }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tip">
      <strong>{p.label}</strong>
      <div>
        {p.dataset}, widths {p.widths.join(' → ')}
      </div>
      <div>
        {formatBytes(p.bytes)} · {p.percent.toFixed(1)}% test accuracy · step {p.step}
      </div>
    </div>
  );
}

export const AccuracySizeChart = memo(function AccuracySizeChart({ points, current }: Props) {
  const rows = useMemo(() => points.map(row), [points]);
  const front = useMemo(() => paretoFront(rows), [rows]);
  const axis = useMemo(() => logAxis(rows.map((r) => r.bytes)), [rows]);
  const empty = rows.length === 0 || axis === null;
  // the readout and table follow every evaluation; the scatter redraws at the charts' pace, on screen
  const scatter = useMemo(() => ({ rows, front, now: rows.filter((r) => r.key === current), axis: axis ?? EMPTY_LOG_AXIS }), [rows, front, axis, current]);
  const [shown, screenRef] = useLiveValue(scatter);
  const summary = useMemo(() => accuracySizeSummary(shown.rows, shown.front, shown.now), [shown]);
  return (
    <div className="accuracy-size" ref={screenRef}>
      <ChartFrame empty={empty ? 'Each configuration you train (compression settings, widths, dataset) becomes a point here once evaluated.' : null} summary={summary}>
        <SizeScatter {...shown} />
      </ChartFrame>
      {!empty && (
        <>
          <Readouts>
            <Readout label="Configurations tried">
              {rows.length} configuration{rows.length === 1 ? '' : 's'}, {front.length} on the Pareto front
            </Readout>
          </Readouts>
          <p className="help">
            The front: the most accurate model at each size (no other point is both smaller and more accurate). Stored size on a log axis.
          </p>
          <details className="points-table">
            <summary>All configurations</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Configuration</th>
                  <th scope="col">Stored</th>
                  <th scope="col">Test accuracy</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} className={front.includes(r) ? 'on-front' : undefined}>
                    <th scope="row">{r.name}</th>
                    <td>{formatBytes(r.bytes)}</td>
                    <td>{r.percent.toFixed(1)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </div>
  );
});

const MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
const Z_RANGE: [number, number] = [50, 50];
const FRONT_LINE = { stroke: SERIES.orange, strokeWidth: 2 };
const TIP = <PointTip />;
const SCATTER_CURSOR = { stroke: 'var(--chart-cursor)' };
const tickPercentValue = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)}%`;

interface ScatterProps {
  rows: Row[];
  front: Row[];
  now: Row[];
  axis: AxisTicks;
}

/** The SVG, memoised: it redraws when the throttled points change, not on every published frame. */
const SizeScatter = memo(function SizeScatter({ rows, front, now, axis }: ScatterProps) {
  return (
    <ScatterChart responsive style={chartStyle(260)} margin={MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} />
      <XAxis dataKey="bytes" type="number" name="Stored size" scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={formatBytes} interval={ALL_TICKS} tick={plainTick} fontSize={11} />
      <YAxis dataKey="percent" type="number" name="Test accuracy" domain={AUTO_AUTO} tickFormatter={tickPercentValue} interval={ALL_TICKS} tick={plainTick} width={44} fontSize={11} />
      <ZAxis range={Z_RANGE} />
      <Tooltip content={TIP} cursor={SCATTER_CURSOR} />
      <Legend itemSorter={null} />
      <Scatter name="Pareto front" data={front} fill={SERIES.orange} line={FRONT_LINE} isAnimationActive={false} />
      <Scatter name="Configurations" data={rows} fill={SERIES.blue} isAnimationActive={false} />
      <Scatter name="Training now" data={now} fill={SERIES.now} isAnimationActive={false} />
    </ScatterChart>
  );
});
