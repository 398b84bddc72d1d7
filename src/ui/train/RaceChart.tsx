/**
 * The race: each lane's train (data) loss over steps on one log-scale chart, one colour per lane,
 * labelled from the worker's 'ready' message, and a small table of where each lane stands now.
 */
import { memo, useMemo } from 'react';
import type { MetricPoint } from '../../worker/protocol';
import { MAX_CHART_POINTS, SERIES } from '../common/chartProps';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { raceSummary } from '../common/chartSummaries';
import { EMPTY_LOG_AXIS, logAxis, positiveOrNull, thin } from '../common/logAxis';
import { LogStepLines } from '../common/LogStepLines';
import { formatLoss, formatPercent } from '../common/series';
import type { LineSeries } from '../common/PathLines';
import { useSameValue } from '../common/useSameValue';
import { useLiveValue } from '../common/useThrottled';

export const LANE_COLOURS = [SERIES.blue, SERIES.orange, SERIES.green, SERIES.purple];

type Row = Record<string, number | null>;

/** One row per step any lane reported, with each lane's loss (null where it has none). */
function rows(lanes: readonly MetricPoint[][]): Row[] {
  const byStep = new Map<number, Row>();
  lanes.forEach((points, lane) => {
    for (const p of thin(points, MAX_CHART_POINTS)) {
      const row = byStep.get(p.step) ?? { step: p.step };
      row[`l${lane}`] = positiveOrNull(p.trainLoss);
      byStep.set(p.step, row);
    }
  });
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

const laneColour = (i: number) => LANE_COLOURS[i % LANE_COLOURS.length];
const laneName = (i: number, label: string) => `${i + 1}: ${label}`;

interface Props {
  /** Per lane, [main, …race lanes]. */
  lanes: MetricPoint[][];
  /** The 'ready' message's lane labels. */
  labels: string[];
  /** Lane → step at which it diverged. */
  halts: Record<number, number>;
  classification: boolean;
}

/** Memoised on its props; the SVG below redraws only when the throttled rows land (useThrottled), on screen. */
export const RaceChart = memo(function RaceChart({ lanes, labels, halts, classification }: Props) {
  const [shown, screenRef] = useLiveValue(lanes);
  const data = useMemo(() => rows(shown), [shown]);
  const axis = useSameValue(useMemo(() => logAxis(data.flatMap((r) => labels.map((_, i) => r[`l${i}`] ?? null))), [data, labels]));
  const series = useMemo<LineSeries[]>(() => labels.map((label, i) => ({ key: `l${i}`, name: laneName(i, label), colour: laneColour(i) })), [labels]);
  const summary = useMemo(
    () => raceSummary(labels.map((label, i) => ({ label, first: shown[i]?.[0], last: shown[i]?.[shown[i].length - 1], haltedAt: halts[i] })), classification),
    [shown, labels, halts, classification],
  );

  return (
    <div className="race-chart" ref={screenRef}>
      <h3>Race: train loss</h3>
      <ChartFrame empty={data.length === 0 || axis === null ? 'Press Train or Step to start the race.' : null} summary={summary}>
        <LogStepLines data={data} axis={axis ?? EMPTY_LOG_AXIS} series={series} format={formatLoss} connectNulls />
        <ChartLegend series={series} />
      </ChartFrame>
      <table className="race-table">
        <caption>Latest evaluation per lane</caption>
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">Settings</th>
            <th scope="col">Train loss</th>
            <th scope="col">Test loss</th>
            {classification && <th scope="col">Test accuracy</th>}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => {
            const last = lanes[i]?.[lanes[i].length - 1];
            return (
              <tr key={i}>
                <th scope="row">
                  <span className="swatch" style={{ background: laneColour(i) }} aria-hidden="true" /> {i + 1}
                </th>
                <td>
                  {label}
                  {halts[i] !== undefined && <span className="race-stopped"> · diverged at step {halts[i].toLocaleString('en-US')}</span>}
                </td>
                <td>{formatLoss(last?.trainLoss)}</td>
                <td>{formatLoss(last?.testLoss)}</td>
                {classification && <td>{formatPercent(last?.testAccuracy)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

