/**
 * The "Transfer" panel (REFERENCE.md "Transfer learning"): the target task's test accuracy after the same
 * number of steps from the same seed, by how many target training examples were used (log x axis), for a
 * model trained from scratch, one fine-tuned whole from the source task's weights, and one with the
 * transferred trunk frozen (only the new head trains). A button runs the comparison; a status line
 * follows it. Few rows (one per example count), so the lines are recharts' own, with a dot per point.
 */
import { memo, useId, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TransferPoint } from '../../worker/protocol';
import { ChartFrame } from '../common/ChartFrame';
import { ChartLegend } from '../common/ChartLegend';
import { ALL_TICKS, chartStyle, GRID_STROKE, LINE_MARGIN, SERIES, tickPercent, tipPercent, TOOLTIP_CONTENT_STYLE, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { EMPTY_LOG_AXIS, formatLogTick, logAxis, positiveOrNull, type AxisTicks } from '../common/logAxis';
import type { LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { useSameValue } from '../common/useSameValue';
import { TRANSFER_SERIES, transferSummary } from './summaries';

interface Props {
  /** One row per target example count; null where a start has not been measured yet. */
  points: TransferPoint[];
  /** What the comparison is doing now ("Fine-tune all, 1,000 examples: step 300 of 1,000"), or null when idle. */
  progress: string | null;
  onRun(): void;
  canRun: boolean;
  /** Why it cannot run now (shown under the button while it is disabled). */
  reason: string | null;
}

const COLOURS = { scratch: SERIES.grey, finetune: SERIES.blue, frozen: SERIES.orange } as const;
/** [3] the series in the legend: the frozen line dashed, so the three differ by more than colour. */
const SERIES_LIST: readonly LineSeries[] = TRANSFER_SERIES.map(({ key, name }) => ({ key, name, colour: COLOURS[key], dashed: key === 'frozen' }));

type Row = { examples: number; scratch: number | null; finetune: number | null; frozen: number | null };

/** [rows] by examples, ascending; rows a log axis cannot place (no examples) are left out. */
function rows(points: readonly TransferPoint[]): Row[] {
  const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
  return points
    .filter((p) => positiveOrNull(p.examples) !== null)
    .map((p) => ({ examples: p.examples, scratch: finite(p.scratch), finetune: finite(p.finetune), frozen: finite(p.frozen) }))
    .sort((a, b) => a.examples - b.examples);
}

export const TransferPanel = memo(function TransferPanel({ points, progress, onRun, canRun, reason }: Props) {
  const id = useId();
  const data = useSameValue(useMemo(() => rows(points), [points]));
  const axis = useMemo(() => logAxis(data.map((r) => r.examples)), [data]);
  const summary = useMemo(() => transferSummary(points), [points]);
  const disabled = !canRun || progress !== null;
  const hint = disabled && progress === null && reason ? reason : null;
  return (
    <section className="panel panel-transfer" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Transfer</h2>
      <p className="help">
        Test accuracy on the target task after the same number of steps from the same seed, by target training examples: from
        scratch (random weights), fine-tune all (start from the source task’s weights, every layer trains) and trunk frozen (the
        transferred layers keep their weights; only the new head trains).
      </p>
      <div className="transfer-run">
        <button type="button" className="button-primary" disabled={disabled} onClick={onRun} aria-describedby={hint ? `${id}-hint` : undefined}>
          Run transfer comparison
        </button>
        {hint && (
          <p className="help" id={`${id}-hint`}>
            {hint}
          </p>
        )}
      </div>
      <p className="transfer-progress" role="status">
        {progress ?? ''}
      </p>
      <ChartFrame empty={data.length === 0 || axis === null ? 'Run the transfer comparison: each example count becomes a point on the three lines.' : null} summary={summary}>
        <TransferLines data={data} axis={axis ?? EMPTY_LOG_AXIS} />
        <ChartLegend series={SERIES_LIST} />
      </ChartFrame>
    </section>
  );
});

const tickExamples = (v: number): string => (v >= 1e4 ? formatLogTick(v) : v.toLocaleString('en-US'));
const tipAccuracy = (v: unknown): string => (typeof v === 'number' ? tipPercent(v) : 'not yet measured');
const labelExamples = (v: unknown): string => (typeof v === 'number' ? `${v.toLocaleString('en-US')} target examples` : String(v));
const DOT = { r: 3 };
const ACTIVE_DOT = { r: 5 };

/** The SVG, memoised: it redraws when a measurement lands. Nulls are gaps (connectNulls off). */
const TransferLines = memo(function TransferLines({ data, axis }: { data: Row[]; axis: AxisTicks }) {
  return (
    <LineChart responsive data={data} style={chartStyle(240)} margin={LINE_MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} />
      <XAxis dataKey="examples" type="number" scale="log" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tickFormatter={tickExamples} interval={ALL_TICKS} tick={plainTick} fontSize={11} />
      <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} allowDataOverflow tickFormatter={tickPercent} interval={ALL_TICKS} tick={plainTick} width={44} fontSize={11} />
      <Tooltip formatter={tipAccuracy} labelFormatter={labelExamples} contentStyle={TOOLTIP_CONTENT_STYLE} />
      {SERIES_LIST.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.name}
          stroke={s.colour}
          fill={s.colour}
          strokeWidth={2}
          strokeDasharray={s.dashed ? '6 3' : undefined}
          dot={DOT}
          activeDot={ACTIVE_DOT}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
});
