/**
 * The small pictures of the Network panel's neurons (protocol.ts NeuronPictures), with each drawn
 * neuron's mean |activation| over the same points:
 * - 2-D inputs: the neuron's output over the input plane, the Output panel's G×G grid sampled down to
 *   PICTURE_SIDE×PICTURE_SIDE cells (rows from the top), computed by the engine's CPU forward pass (a
 *   wide net gets fewer cells, at most PICTURE_MACS multiply-adds in all: a few ms per snapshot);
 * - 1-D inputs: its output at CURVE_POINTS points along x, from xMin to xMax;
 * - a collapsed square input (MNIST, 784 = 28×28): the first layer's incoming weights as images.
 * Images are bytes 0..255 spanning each neuron's own lo..hi.
 */
import { forward } from '../engine/fastNetwork';
import type { ModelSpec, ParamLayout } from '../engine/model';
import type { NeuronPictures } from './protocol';

export const PICTURE_SIDE = 16;
export const CURVE_POINTS = 32;
/** The forward pass behind the pictures does at most this many multiply-adds (2→256→100→2: 12×12 cells). */
export const PICTURE_MACS = 4_000_000;

/** The points the model's output is drawn at (engine/run.ts, datasets.ts outputGrid). */
export interface PictureSource {
  /** [rows, inputDim]: 2-D, size×size cells row-major from the top-left; 1-D, `size` points along x. */
  grid: Float32Array;
  rows: number;
  size: number;
}

export interface LayerPictures {
  picture: NeuronPictures | null;
  /** Mean |activation| of each drawn neuron over the picture's points, NaN without points: [n]. */
  activity: Float32Array<ArrayBuffer>;
}

/** The input points the pictures are computed at: [M, inputDim], or null when there is no grid to sample. */
export function picturePoints(spec: ModelSpec, source: PictureSource | null): { x: Float32Array; m: number; side: number } | null {
  if (!source) return null;
  const { grid, rows, size } = source;
  const inputDim = spec.inputDim;
  const macsPerPoint = spec.layers.reduce((a, L) => a + L.inDim * L.outDim, 0);
  if (inputDim === 2 && size >= 2 && rows === size * size && grid.length >= rows * 2) {
    const side = Math.max(2, Math.min(PICTURE_SIDE, size, Math.floor(Math.sqrt(PICTURE_MACS / Math.max(1, macsPerPoint)))));
    const x = new Float32Array(side * side * 2);
    for (let r = 0; r < side; r++) {
      const gr = Math.floor(((r + 0.5) * size) / side);
      for (let c = 0; c < side; c++) {
        const gi = gr * size + Math.floor(((c + 0.5) * size) / side);
        x[(r * side + c) * 2] = grid[gi * 2];
        x[(r * side + c) * 2 + 1] = grid[gi * 2 + 1];
      }
    }
    return { x, m: side * side, side };
  }
  if (inputDim === 1 && rows >= 2 && grid.length >= rows) {
    const m = Math.min(CURVE_POINTS, rows);
    return { x: Float32Array.from({ length: m }, (_, i) => grid[Math.round((i * (rows - 1)) / (m - 1))]), m, side: 0 };
  }
  return null;
}

/** Column `j` of `values` [m, cols] as bytes over its own range into `pixels` at `at`; returns [lo, hi]. */
function encodeColumn(values: Float32Array, m: number, cols: number, j: number, pixels: Uint8Array, at: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const v = values[i * cols + j];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) lo = hi = 0; // no finite value
  const span = hi - lo;
  for (let i = 0; i < m; i++) {
    const v = values[i * cols + j];
    pixels[at + i] = span > 0 && Number.isFinite(v) ? Math.round(((v - lo) / span) * 255) : 0;
  }
  return [lo, hi];
}

/** Per layer (input first): pictures and mean |activation| of the drawn neurons `shown[k]`. */
export function neuronPictures(
  spec: ModelSpec,
  layout: ParamLayout,
  params: Float32Array,
  shown: readonly Uint32Array[],
  source: PictureSource | null,
  collapsedInput: boolean,
): LayerPictures[] {
  const widths = [spec.inputDim, ...spec.layers.map((L) => L.outDim)];
  const out: LayerPictures[] = shown.map((idx) => ({ picture: null, activity: new Float32Array(idx.length).fill(NaN) }));
  const pts = picturePoints(spec, source);
  if (pts) {
    const acts = forward(spec, layout, params, pts.x, pts.m);
    shown.forEach((idx, k) => {
      const n = idx.length, cols = widths[k], a = acts[k], m = pts.m;
      if (n === 0) return;
      const activity = out[k].activity;
      for (let p = 0; p < n; p++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += Math.abs(a[i * cols + idx[p]]);
        activity[p] = s / m;
      }
      if (pts.side > 0) {
        const pixels = new Uint8Array(n * m), lo = new Float32Array(n), hi = new Float32Array(n);
        for (let p = 0; p < n; p++) [lo[p], hi[p]] = encodeColumn(a, m, cols, idx[p], pixels, p * m);
        out[k].picture = { kind: 'image', of: 'activation', width: pts.side, height: pts.side, pixels, lo, hi };
      } else {
        const values = new Float32Array(n * m);
        for (let p = 0; p < n; p++) for (let i = 0; i < m; i++) values[p * m + i] = a[i * cols + idx[p]];
        out[k].picture = { kind: 'curve', points: m, values };
      }
    });
  }
  const side = Math.round(Math.sqrt(spec.inputDim));
  if (collapsedInput && spec.layers.length > 0 && side * side === spec.inputDim && shown[1].length > 0) {
    const idx = shown[1], n = idx.length, area = spec.inputDim;
    const { offset } = layout.layers[0].W;
    const pixels = new Uint8Array(n * area), lo = new Float32Array(n), hi = new Float32Array(n);
    // each neuron's row of W is one column of a [area, 1] matrix
    for (let p = 0; p < n; p++) [lo[p], hi[p]] = encodeColumn(params.subarray(offset + idx[p] * area, offset + (idx[p] + 1) * area), area, 1, 0, pixels, p * area);
    out[1].picture = { kind: 'image', of: 'weights', width: side, height: side, pixels, lo, hi };
  }
  return out;
}
