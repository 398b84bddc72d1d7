/**
 * One small bar chart per layer: the histogram of its weights, bins at their centres. The bin holding 0
 * is counted in the caption (pruned weights pile up there); "Log counts" keeps the other bins visible
 * beside that spike, and quantization's few levels show as separate bars.
 */
import { memo, useId, useMemo, useState } from 'react';
import { Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { HISTOGRAM_BINS } from '../engine/ops/histogram';
import type { LayerHistogram } from '../worker/protocol';
import { ALL_TICKS, chartStyle, ZERO_AUTO } from './chartProps';
import { plainTick } from './PlainTick';
import { useLiveValue } from './useThrottled';

const NEGATIVE = '#1d5fbf';
const POSITIVE = '#d4600b';

interface Bin {
  centre: number;
  count: number;
}

function bins(h: LayerHistogram): Bin[] {
  const n = h.counts.length;
  const width = (h.max - h.min) / (n || 1);
  return h.counts.map((count, i) => ({ centre: h.min + (i + 0.5) * width, count }));
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
const tipCount = (v: unknown) => [String(v ?? 0), 'Weights'];
const labelCentre = (c: unknown) => `Bin centre ${typeof c === 'number' ? fmt(c) : String(c)}`;
/** Label every 8th bin (4 labels over the 32 bins): a fixed interval, so recharts never measures them. */
const BIN_TICK_INTERVAL = HISTOGRAM_BINS / 4 - 1;
const LOG_DOMAIN: [number, string] = [0.8, 'auto'];
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
          <span className="histogram-zero">
            <output aria-label={`Zero bin of ${histogram.label}`}>
              {atZero.toLocaleString('en-US')} in the bin at 0 ({total > 0 ? ((atZero / total) * 100).toFixed(1) : '0.0'}%)
            </output>
          </span>
        )}
      </figcaption>
      <LayerBars histogram={shown} log={log} />
    </figure>
  );
}

/**
 * The bars, memoised on the throttled histogram. Negative and positive bins are two stacked series
 * (one colour each, one of the two empty per bin) rather than a Cell per bar, which recharts redraws
 * far more slowly.
 */
const LayerBars = memo(function LayerBars({ histogram, log }: { histogram: LayerHistogram; log: boolean }) {
  const data = useMemo(
    () =>
      bins(histogram).map((b) => {
        const shown = log && b.count === 0 ? null : b.count;
        return { centre: b.centre, negative: b.centre < 0 ? shown : null, positive: b.centre < 0 ? null : shown };
      }),
    [histogram, log],
  );
  return (
    <BarChart responsive data={data} style={chartStyle(120)} margin={MARGIN} barCategoryGap={1}>
      <XAxis dataKey="centre" tickFormatter={fmt} fontSize={11} interval={BIN_TICK_INTERVAL} tick={plainTick} />
      <YAxis
        width={36}
        fontSize={11}
        allowDecimals={false}
        interval={ALL_TICKS}
        tick={plainTick}
        scale={log ? 'log' : 'auto'}
        domain={log ? LOG_DOMAIN : ZERO_AUTO}
        allowDataOverflow={log}
        tickFormatter={tickCount}
      />
      <Tooltip formatter={tipCount} labelFormatter={labelCentre} />
      <Bar dataKey="negative" stackId="bin" fill={NEGATIVE} isAnimationActive={false} />
      <Bar dataKey="positive" stackId="bin" fill={POSITIVE} isAnimationActive={false} />
    </BarChart>
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
