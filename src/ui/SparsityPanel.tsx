/** "Sparsity per layer": the share of each layer's weights that is pruned, and the layer widths now. */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompressionView } from '../worker/protocol';
import { formatWidths, prunedShare } from './compressionFormat';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export const SparsityPanel = memo(function SparsityPanel({ compression }: { compression: CompressionView | null }) {
  if (!compression) return <p className="chart-empty">Sparsity appears with the first evaluation.</p>;
  const data = compression.layers.map((l, i) => ({ name: `Layer ${i + 1}`, label: l.label, pruned: prunedShare(l) }));
  return (
    <div className="sparsity">
      <p className="sparsity-summary">
        <span>
          Widths now: <output aria-label="Layer widths">{formatWidths(compression.widths)}</output>
        </span>
        <span>
          Pruned overall: <output aria-label="Sparsity overall">{pct(compression.sparsity)}</output>
        </span>
      </p>
      <BarChart responsive data={data} style={{ width: '100%', height: 150 }} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e3e6ea" vertical={false} />
        <XAxis dataKey="name" fontSize={11} />
        <YAxis domain={[0, 1]} ticks={[0, 0.5, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} width={40} fontSize={11} />
        <Tooltip formatter={(v) => [typeof v === 'number' ? pct(v) : String(v), 'Pruned']} labelFormatter={(_, p) => String(p?.[0]?.payload?.label ?? '')} />
        <Bar dataKey="pruned" fill="#7b3fa0" isAnimationActive={false}>
          <LabelList dataKey="pruned" position="top" fontSize={11} formatter={(v: unknown) => (typeof v === 'number' ? pct(v) : '')} />
        </Bar>
      </BarChart>
      <ul className="visually-hidden" aria-label="Pruned share per layer">
        {data.map((d) => (
          <li key={d.name}>
            {d.label}: {pct(d.pruned)} pruned
          </li>
        ))}
      </ul>
    </div>
  );
});
