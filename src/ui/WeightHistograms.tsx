/** One small bar chart per layer: the histogram of its weights, bins at their centres. */
import { useMemo } from 'react';
import { Bar, BarChart, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { LayerHistogram } from '../worker/protocol';
import { useThrottled } from './useThrottled';

const NEGATIVE = '#1d5fbf';
const POSITIVE = '#d4600b';
const REFRESH_MS = 200;

interface Bin {
  centre: number;
  count: number;
}

function bins(h: LayerHistogram): Bin[] {
  const n = h.counts.length;
  const width = (h.max - h.min) / (n || 1);
  return h.counts.map((count, i) => ({ centre: h.min + (i + 0.5) * width, count }));
}

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) < 0.01 || Math.abs(v) >= 1000 ? v.toExponential(1) : String(Number(v.toPrecision(2))));

function LayerChart({ histogram }: { histogram: LayerHistogram }) {
  const data = useMemo(() => bins(histogram), [histogram]);
  const total = histogram.counts.reduce((a, b) => a + b, 0);
  return (
    <figure className="histogram">
      <figcaption>
        <span className="histogram-title">{histogram.label}</span>
        <span className="histogram-range">
          {total.toLocaleString('en-US')} weights, {fmt(histogram.min)} to {fmt(histogram.max)}
        </span>
      </figcaption>
      <BarChart responsive data={data} style={{ width: '100%', height: 120 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
        <XAxis dataKey="centre" tickFormatter={fmt} fontSize={11} interval="preserveStartEnd" minTickGap={18} />
        <YAxis width={36} fontSize={11} allowDecimals={false} />
        <Tooltip formatter={(v) => [String(v), 'Weights']} labelFormatter={(c) => `Bin centre ${typeof c === 'number' ? fmt(c) : String(c)}`} />
        <Bar dataKey="count" isAnimationActive={false}>
          {data.map((b, i) => (
            <Cell key={i} fill={b.centre < 0 ? NEGATIVE : POSITIVE} />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}

export function WeightHistograms({ histograms }: { histograms: LayerHistogram[] | null }) {
  const shown = useThrottled(histograms, REFRESH_MS);
  if (!shown || shown.length === 0) return <p className="chart-empty">Waiting for the first weight snapshot…</p>;
  return (
    <div className="histograms">
      {shown.map((h, i) => (
        <LayerChart key={i} histogram={h} />
      ))}
    </div>
  );
}
