/**
 * "Model size": bytes of the model as float32, quantized dense and sparse (Deep Compression's
 * accounting, engine/modelSize.ts), in total (the readout) and per layer (chart and table).
 */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompressionView } from '../../worker/protocol';
import { BAR_CURSOR, chartStyle, GRID_STROKE, SERIES, TOOLTIP_CONTENT_STYLE } from '../common/chartProps';
import { formatBytes, sizeReadout } from './compressionFormat';
import { useSameValue } from '../common/useSameValue';
import { Readout, Readouts } from '../common/Readouts';

const FLOAT = SERIES.grey;
const DENSE = SERIES.blue;
const SPARSE = SERIES.orange;

const narrowed = (now: number[], built: number[] | null) =>
  built && built.join() !== now.join() ? `Neuron pruning narrowed ${built.join(' → ')} to ${now.join(' → ')}. ` : '';

const bitsText = (bits: number) => (bits === 32 ? 'float32' : `${bits}-bit`);

interface Props {
  compression: CompressionView | null;
  /** Widths the run was built with (neuron pruning narrows the model below them). */
  builtWidths: number[] | null;
}

export function ModelSizePanel({ compression, builtWidths }: Props) {
  if (!compression) return <p className="chart-empty">The model’s size appears with the first evaluation.</p>;
  const { layers, total } = compression;
  const pruned = total.sparse !== null;
  return (
    <div className="model-size">
      <Readouts className="size-readout">
        <Readout label="Model size" term={<span className="visually-hidden">Model size</span>}>{sizeReadout(compression, builtWidths ?? undefined)}</Readout>
      </Readouts>
      <p className="help">
        {compression.label}. {narrowed(compression.widths, builtWidths)}Stored: the smaller of dense ({formatBytes(total.dense)}) and sparse ({pruned ? formatBytes(total.sparse ?? 0) : 'nothing pruned'}).
        Biases stay float32; sparse storage keeps the non-zero weights plus a relative index or a bitmap, whichever is smaller.
      </p>
      <SizeBars layers={layers} pruned={pruned} />
      <table className="size-table">
        <caption className="visually-hidden">Bytes per layer</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Bits</th>
            <th scope="col">float32</th>
            <th scope="col">Dense</th>
            <th scope="col">Sparse</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.label}</th>
              <td>{bitsText(l.bits)}</td>
              <td>{formatBytes(l.float32)}</td>
              <td>{formatBytes(l.dense)}</td>
              <td>{l.sparse === null ? '—' : formatBytes(l.sparse)}</td>
            </tr>
          ))}
          <tr className="size-total">
            <th scope="row">Total</th>
            <td />
            <td>{formatBytes(total.float32)}</td>
            <td>{formatBytes(total.dense)}</td>
            <td>{total.sparse === null ? '—' : formatBytes(total.sparse)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };
const tipBytes = (v: unknown) => (typeof v === 'number' ? formatBytes(v) : String(v));

/**
 * The per-layer bars. The worker re-sends the same sizes with every snapshot; they change only when a
 * compression setting does, and only then does the chart redraw (useSameValue + memo).
 */
function SizeBars({ layers, pruned }: { layers: CompressionView['layers']; pruned: boolean }) {
  const data = useSameValue(layers.map((l, i) => ({ name: `Layer ${i + 1}`, float32: l.float32, dense: l.dense, sparse: l.sparse })));
  return <SizeChart data={data} pruned={pruned} />;
}

interface SizeRow {
  name: string;
  float32: number;
  dense: number;
  sparse: number | null;
}

const SizeChart = memo(function SizeChart({ data, pruned }: { data: SizeRow[]; pruned: boolean }) {
  return (
    <BarChart responsive data={data} style={chartStyle(170)} margin={MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis dataKey="name" fontSize={11} />
      <YAxis width={52} fontSize={11} tickFormatter={formatBytes} />
      <Tooltip formatter={tipBytes} contentStyle={TOOLTIP_CONTENT_STYLE} cursor={BAR_CURSOR} />
      <Legend itemSorter={null} />
      <Bar dataKey="float32" name="float32" fill={FLOAT} isAnimationActive={false} />
      <Bar dataKey="dense" name="Quantized (dense)" fill={DENSE} isAnimationActive={false} />
      {pruned && <Bar dataKey="sparse" name="Sparse" fill={SPARSE} isAnimationActive={false} />}
    </BarChart>
  );
});
