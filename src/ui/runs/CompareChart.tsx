/**
 * Compare: 2–4 saved runs overlaid, one colour per run, the lane-0 test loss on a log axis and, when some
 * run is a classifier, the test accuracy, over steps. Same drawing as the live charts (recharts axes,
 * lines as PathLines, RowTooltip, an HTML legend), on rows that change only with the selection.
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, GRID_STROKE, labelStep, SMALL_MARGIN, tickPercent, tickStep, tipPercent, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { compareSummary } from '../common/chartSummaries';
import { EMPTY_LOG_AXIS, logAxis, positiveOrNull } from '../common/logAxis';
import { LogStepLines } from '../common/LogStepLines';
import { PathLines, type ChartRow, type LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { LANE_COLOURS } from '../train/RaceChart';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { finiteOrNull, formatLoss } from '../common/series';
import { compareRows, hasAccuracy, legendNames, runKey, type CompareRun } from './compareRows';
import { MAX_COMPARE } from './runsView';

interface Props {
  /** The ticked runs with their histories (all lanes; lane 0 is drawn), in the order ticked. */
  runs: CompareRun[];
}

export const CompareChart = memo(function CompareChart({ runs }: Props) {
  const id = useId();
  const shown = useMemo(() => runs.slice(0, MAX_COMPARE), [runs]);
  const series = useMemo<LineSeries[]>(() => legendNames(shown.map((r) => r.name)).map((name, i) => ({ key: runKey(i), name, colour: LANE_COLOURS[i] })), [shown]);
  const loss = useMemo(() => compareRows(shown, (p) => positiveOrNull(p.testLoss)), [shown]);
  const axis = useMemo(() => logAxis(loss.flatMap((row) => series.map((s) => row[s.key] ?? null))), [loss, series]);
  const accuracy = useMemo(() => (hasAccuracy(shown) ? compareRows(shown, (p) => finiteOrNull(p.testAccuracy)) : null), [shown]);
  const summaries = useMemo(() => {
    const named = shown.map((run, i) => ({ name: series[i]?.name ?? run.name, history: run.history }));
    return { loss: compareSummary(named, 'loss'), accuracy: compareSummary(named, 'accuracy') };
  }, [shown, series]);

  return (
    <section className="compare-runs" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Compare runs</h3>
      {shown.length < 2 ? (
        <p className="chart-empty">{`Tick Compare on 2–${MAX_COMPARE} runs to overlay their curves.`}</p>
      ) : (
        <>
          <ChartLegend series={series} />
          <h4>Test loss</h4>
          <ChartFrame empty={axis === null ? 'These runs have no test loss to draw yet.' : null} summary={summaries.loss}>
            <LogStepLines data={loss} axis={axis ?? EMPTY_LOG_AXIS} series={series} format={formatLoss} connectNulls />
          </ChartFrame>
          {accuracy !== null && (
            <>
              <h4>Test accuracy</h4>
              <AccuracyChart data={accuracy} series={series} />
              <p className="visually-hidden">{summaries.accuracy}</p>
            </>
          )}
        </>
      )}
    </section>
  );
});

const AccuracyChart = memo(function AccuracyChart({ data, series }: { data: ChartRow[]; series: LineSeries[] }) {
  const tip = useMemo(() => ({ rows: data, xKey: 'step', series, format: tipPercent, label: labelStep }), [data, series]);
  return (
    <TooltipRows value={tip}>
      <LineChart responsive data={data} style={chartStyle(160)} margin={SMALL_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} tickFormatter={tickStep} interval={ALL_TICKS} tick={plainTick} fontSize={12} />
        <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} allowDataOverflow tickFormatter={tickPercent} interval={ALL_TICKS} tick={plainTick} width={52} fontSize={12} />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <PathLines data={data} xKey="step" series={series} connectNulls />
      </LineChart>
    </TooltipRows>
  );
});
