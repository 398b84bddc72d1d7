/**
 * One small bar chart per layer: the histogram of its weights, bins at their centres. The bin holding 0
 * is counted in the caption (pruned weights pile up there); "Log counts" keeps the other bins visible
 * beside that spike, and quantization's few levels show as separate bars.
 */
import { memo, useId, useMemo, useState } from 'react';
import { ComposedChart, Tooltip, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import type { LayerHistogram } from '../../worker/protocol';
import { ALL_TICKS, chartStyle, DATA_DOMAIN, SERIES } from '../common/chartProps';
import { EMPTY_LINEAR_AXIS, linearAxis, logAxis, ticksWithin, type AxisTicks } from '../common/logAxis';
import type { ChartRow, LineSeries } from '../common/PathLines';
import { plainTick } from '../common/PlainTick';
import { ROW_TOOLTIP_WRAPPER, RowTooltip, TooltipRows } from '../common/RowTooltip';
import { useSameValue } from '../common/useSameValue';
import { useLiveValue } from '../common/useThrottled';
import { Readout, Readouts } from '../common/Readouts';

const NEGATIVE = SERIES.blue;
const POSITIVE = SERIES.orange;

interface Bin {
  lo: number;
  hi: number;
  centre: number;
  count: number;
}

function bins(h: LayerHistogram): Bin[] {
  const n = h.counts.length;
  // every weight equal (a layer pruned to nothing, a constant init): one bar at that value
  if (n > 0 && !(h.max > h.min)) {
    const count = h.counts.reduce((a, c) => a + c, 0);
    return [{ lo: h.min - 0.5, hi: h.min + 0.5, centre: h.min, count }];
  }
  const width = (h.max - h.min) / (n || 1);
  return h.counts.map((count, i) => ({ lo: h.min + i * width, hi: h.min + (i + 1) * width, centre: h.min + (i + 0.5) * width, count }));
}

/** The bin that holds 0 (as the histogram kernel bins it: floor((0 − min) / width), clamped), or −1. */
export function zeroBin(h: Pick<LayerHistogram, 'min' | 'max' | 'counts'>): number {
  const n = h.counts.length;
  if (n === 0 || !(h.min <= 0 && h.max >= 0)) return -1;
  if (h.max === h.min) return 0;
  return Math.min(n - 1, Math.max(0, Math.floor(((0 - h.min) / (h.max - h.min)) * n)));
}

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) < 0.01 || Math.abs(v) >= 1000 ? v.toExponential(1) : String(Number(v.toPrecision(2))));

const tickCount = (v: number) => (v >= 1000 ? `${Number((v / 1000).toPrecision(2))}k` : String(v));
const labelCentre = (c: unknown) => `Bin centre ${typeof c === 'number' ? fmt(c) : String(c)}`;
const COUNT_SERIES: readonly LineSeries[] = [{ key: 'count', name: 'Weights', colour: SERIES.muted }];
/** The bottom of a log count axis: below 1, so a bin holding one weight still shows as a bar. */
const LOG_FLOOR = 0.8;

/** The count axis: whole numbers from 0, or decades from LOG_FLOOR with "Log counts". */
function countAxis(h: LayerHistogram, log: boolean): AxisTicks {
  if (!log) return linearAxis(h.counts, true) ?? EMPTY_LINEAR_AXIS;
  const decades = logAxis(h.counts.filter((c) => c > 0)) ?? { domain: [1, 10], ticks: [1, 10] };
  return { domain: [LOG_FLOOR, Math.max(10, decades.domain[1])], ticks: decades.ticks.filter((t) => t >= 1) };
}

/**
 * One row per bin centre for the axes and the tooltip, plus the two outer bin edges (no count), so the
 * x axis runs edge to edge from the rows alone ('dataMin'–'dataMax', a constant domain prop).
 */
function rows(list: readonly Bin[]): ChartRow[] {
  if (list.length === 0) return [];
  return [{ centre: list[0].lo, count: null }, ...list.map((b) => ({ centre: b.centre, count: b.count })), { centre: list[list.length - 1].hi, count: null }];
}

/**
 * The bars as plain SVG rects in the chart's scales, one colour for bins below 0 and one above. Recharts'
 * own <Bar>s cost tens of ms per redraw here (a shape, a label list and animation bookkeeping per bar,
 * and a re-registration in the chart's store), and three histograms redraw twice a second while training.
 */
function HistogramBars({ list, base }: { list: readonly Bin[]; base: number }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const y0 = y?.(base);
  if (!x || !y || y0 === undefined) return null;
  return (
    <g className="histogram-bars" aria-hidden="true">
      {list.map((b, i) => {
        const x0 = x(b.lo);
        const x1 = x(b.hi);
        const top = b.count >= base ? y(b.count) : undefined;
        if (x0 === undefined || x1 === undefined || top === undefined || !(b.count > 0)) return null;
        return <rect key={i} x={x0 + 0.5} width={Math.max(0.5, x1 - x0 - 1)} y={top} height={Math.max(0, y0 - top)} fill={b.centre < 0 ? NEGATIVE : POSITIVE} />;
      })}
    </g>
  );
}
const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

/**
 * One layer: its caption follows every snapshot; its bars redraw at the charts' pace, one layer per queue
 * turn, and not while scrolled off screen.
 */
function LayerChart({ histogram, log }: { histogram: LayerHistogram; log: boolean }) {
  const [shown, screenRef] = useLiveValue(histogram);
  const total = histogram.counts.reduce((a, b) => a + b, 0);
  const zi = zeroBin(histogram);
  const atZero = zi >= 0 ? histogram.counts[zi] : 0;
  return (
    <figure className="histogram" ref={screenRef}>
      <figcaption>
        <span className="histogram-title">{histogram.label}</span>
        <span className="histogram-range">
          {total.toLocaleString('en-US')} weights, {fmt(histogram.min)} to {fmt(histogram.max)}
        </span>
        {zi >= 0 && (
          <Readouts className="histogram-zero">
            <Readout label={`Zero bin of ${histogram.label}`} term={<span className="visually-hidden">Zero bin</span>}>
              {atZero.toLocaleString('en-US')} in the bin at 0 ({total > 0 ? ((atZero / total) * 100).toFixed(1) : '0.0'}%)
            </Readout>
          </Readouts>
        )}
      </figcaption>
      <LayerBars histogram={shown} log={log} />
    </figure>
  );
}

/** The chart, memoised on the throttled histogram. */
const LayerBars = memo(function LayerBars({ histogram, log }: { histogram: LayerHistogram; log: boolean }) {
  const list = useMemo(() => bins(histogram), [histogram]);
  const data = useMemo(() => rows(list), [list]);
  const axis = useSameValue(useMemo(() => countAxis(histogram, log), [histogram, log]));
  const xTicks = useSameValue(useMemo(() => (list.length === 1 ? [list[0].centre] : ticksWithin(histogram.min, histogram.max)), [list, histogram]));
  const tip = useMemo(() => ({ rows: data, xKey: 'centre', series: COUNT_SERIES, format: String, label: labelCentre }), [data]);
  return (
    <TooltipRows value={tip}>
      <ComposedChart responsive data={data} style={chartStyle(120)} margin={MARGIN}>
        <XAxis dataKey="centre" type="number" domain={DATA_DOMAIN} ticks={xTicks} tickFormatter={fmt} fontSize={11} interval={ALL_TICKS} tick={plainTick} />
        <YAxis
          width={36}
          fontSize={11}
          interval={ALL_TICKS}
          tick={plainTick}
          scale={log ? 'log' : 'linear'}
          domain={axis.domain}
          ticks={axis.ticks}
          allowDataOverflow
          tickFormatter={tickCount}
        />
        <Tooltip content={RowTooltip} wrapperStyle={ROW_TOOLTIP_WRAPPER} />
        <HistogramBars list={list} base={axis.domain[0]} />
      </ComposedChart>
    </TooltipRows>
  );
});

export function WeightHistograms({ histograms }: { histograms: LayerHistogram[] | null }) {
  const id = useId();
  const [log, setLog] = useState(false);
  if (!histograms || histograms.length === 0) return <p className="chart-empty">Waiting for the first weight snapshot…</p>;
  return (
    <>
      <div className="chart-options">
        <div className="inline-field">
          <input id={`${id}-log`} type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          <label htmlFor={`${id}-log`}>Log counts</label>
        </div>
        <p className="help">After pruning, the zeroed weights pile up in the bin at 0; a log count scale keeps the rest visible.</p>
      </div>
      <div className="histograms">
        {histograms.map((h, i) => (
          <LayerChart key={i} histogram={h} log={log} />
        ))}
      </div>
    </>
  );
}
