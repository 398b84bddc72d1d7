/** "Sparsity per layer": the share of each layer's weights that is pruned, and the layer widths now. */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompressionView } from '../../worker/protocol';
import { BAR_CURSOR, chartStyle, GRID_STROKE, SERIES, tickPercent, TOOLTIP_CONTENT_STYLE, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { formatWidths, prunedShare } from './compressionFormat';
import { useSameValue } from '../common/useSameValue';
import { Readout, Readouts } from '../common/Readouts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function SparsityPanel({ compression }: { compression: CompressionView | null }) {
  if (!compression) return <p className="chart-empty">Sparsity appears with the first evaluation.</p>;
  const data = compression.layers.map((l, i) => ({ name: `Layer ${i + 1}`, label: l.label, pruned: prunedShare(l) }));
  // the shares change only when pruning does; the chart redraws only then
  const bars = useSameValue(data);
  return (
    <div className="sparsity">
      <Readouts className="sparsity-summary">
        <Readout label="Layer widths" term="Widths now">{formatWidths(compression.widths)}</Readout>
        <Readout label="Sparsity overall" term="Pruned overall">{pct(compression.sparsity)}</Readout>
      </Readouts>
      <SparsityBars data={bars} />
      <ul className="visually-hidden" aria-label="Pruned share per layer">
        {data.map((d) => (
          <li key={d.name}>
            {d.label}: {pct(d.pruned)} pruned
          </li>
        ))}
      </ul>
    </div>
  );
}

interface SparsityRow {
  name: string;
  label: string;
  pruned: number;
}

const MARGIN = { top: 16, right: 8, bottom: 0, left: 0 };
const tipShare = (v: unknown) => [typeof v === 'number' ? pct(v) : String(v), 'Pruned'];
const labelLayer = (_: unknown, p: ReadonlyArray<{ payload?: SparsityRow }>) => String(p?.[0]?.payload?.label ?? '');
const labelShare = (v: unknown) => (typeof v === 'number' ? pct(v) : '');

const SparsityBars = memo(function SparsityBars({ data }: { data: SparsityRow[] }) {
  return (
    <BarChart responsive data={data} style={chartStyle(150)} margin={MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis dataKey="name" fontSize={11} />
      <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} tickFormatter={tickPercent} width={40} fontSize={11} />
      <Tooltip formatter={tipShare} labelFormatter={labelLayer} contentStyle={TOOLTIP_CONTENT_STYLE} cursor={BAR_CURSOR} />
      <Bar dataKey="pruned" fill={SERIES.purple} isAnimationActive={false}>
        <LabelList dataKey="pruned" position="top" fontSize={11} formatter={labelShare} />
      </Bar>
    </BarChart>
  );
});
