/**
 * "Accuracy vs size": every configuration tried in this session (trainerView's sizePoints) at its
 * stored size (log x) and test accuracy, the current one in green, and the Pareto front as a line.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { formatBytes } from './compressionFormat';
import { logAxis } from './logAxis';
import { paretoFront, type SizePoint } from './pareto';
import { useThrottled } from './useThrottled';

const REFRESH_MS = 300;

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
  const shown = useThrottled(points, REFRESH_MS);
  const rows = useMemo(() => shown.map(row), [shown]);
  const front = useMemo(() => paretoFront(rows), [rows]);
  const axis = useMemo(() => logAxis(rows.map((r) => r.bytes)), [rows]);
  const now = rows.filter((r) => r.key === current);
  if (rows.length === 0 || axis === null) {
    return <p className="chart-empty">Each configuration you train (compression settings, widths, dataset) becomes a point here once evaluated.</p>;
  }
  return (
    <div className="accuracy-size">
      <ScatterChart responsive style={{ width: '100%', height: 260 }} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis
          dataKey="bytes"
          type="number"
          name="Stored size"
          scale="log"
          domain={axis.domain}
          ticks={axis.ticks}
          allowDataOverflow
          tickFormatter={(v: number) => formatBytes(v)}
          fontSize={11}
        />
        <YAxis dataKey="percent" type="number" name="Test accuracy" domain={['auto', 'auto']} tickFormatter={(v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)}%`} width={44} fontSize={11} />
        <ZAxis range={[50, 50]} />
        <Tooltip content={<PointTip />} />
        <Legend itemSorter={null} />
        <Scatter name="Pareto front" data={front} fill="#d4600b" line={{ stroke: '#d4600b', strokeWidth: 2 }} isAnimationActive={false} />
        <Scatter name="Configurations" data={rows} fill="#1d5fbf" isAnimationActive={false} />
        {now.length > 0 && <Scatter name="Training now" data={now} fill="#1e8a4c" isAnimationActive={false} />}
      </ScatterChart>
      <p className="help">
        <output aria-label="Configurations tried">
          {rows.length} configuration{rows.length === 1 ? '' : 's'}, {front.length} on the Pareto front
        </output>
        . The front: the most accurate model at each size (no other point is both smaller and more accurate). Stored size on a log axis.
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
    </div>
  );
});
