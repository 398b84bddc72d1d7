/**
 * Canvas drawing for the Landscape map: filled contour bands of the GPU-evaluated grid (log-spaced
 * levels of f − f_min where the surface has a minimum, linear levels of f for the saddle) with thin
 * lines between bands, then the minima, the start point, the racers' trajectories and current points.
 */
import type { Point, SurfaceInfo } from '../engine/surfaces';

type Rgb = readonly [number, number, number];

export const RACER_COLOURS: readonly string[] = ['#1d5fbf', '#d4600b', '#b0186a', '#2a7a3b'];
const BANDS = 16;
const STOPS: readonly Rgb[] = [
  [253, 250, 236],
  [228, 240, 208],
  [190, 221, 207],
  [152, 193, 208],
  [122, 156, 192],
];

function bandColour(b: number): Rgb {
  const t = (b / (BANDS - 1)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const u = t - i;
  const a = STOPS[i], c = STOPS[i + 1];
  return [a[0] + (c[0] - a[0]) * u, a[1] + (c[1] - a[1]) * u, a[2] + (c[2] - a[2]) * u];
}

/** The grid mapped to a continuous band coordinate in [0, BANDS): log10(f − f_min) or linear f. */
function bandValues(values: Float32Array, fMin: number | null): Float32Array {
  const out = new Float32Array(values.length);
  if (fMin === null) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const span = hi - lo || 1;
    values.forEach((v, i) => (out[i] = ((v - lo) / span) * BANDS));
    return out;
  }
  const logs = Array.from(values, (v) => Math.log10(Math.max(v - fMin, 0) + 1e-12));
  const hi = Math.max(...logs.filter(Number.isFinite));
  const lo = Math.max(Math.min(...logs.filter(Number.isFinite)), hi - 6);
  const span = hi - lo || 1;
  logs.forEach((v, i) => (out[i] = ((Math.max(v, lo) - lo) / span) * BANDS));
  return out;
}

/** The contour image for a size×size canvas, from the g×g grid (cell centres, row-major from the top). */
export function contourImage(values: Float32Array, g: number, fMin: number | null, size: number): ImageData {
  const band = bandValues(values, fMin);
  const index = new Int16Array(size * size);
  const cell = (v: number) => Math.max(0, Math.min(g - 1, v));
  for (let py = 0; py < size; py++) {
    const v = cell(((py + 0.5) / size) * g - 0.5);
    const j0 = Math.floor(v), j1 = Math.min(g - 1, j0 + 1), tv = v - j0;
    for (let px = 0; px < size; px++) {
      const u = cell(((px + 0.5) / size) * g - 0.5);
      const i0 = Math.floor(u), i1 = Math.min(g - 1, i0 + 1), tu = u - i0;
      const top = band[j0 * g + i0] * (1 - tu) + band[j0 * g + i1] * tu;
      const bottom = band[j1 * g + i0] * (1 - tu) + band[j1 * g + i1] * tu;
      index[py * size + px] = Math.min(BANDS - 1, Math.floor(top * (1 - tv) + bottom * tv));
    }
  }
  const image = new ImageData(size, size);
  const px = image.data;
  for (let k = 0; k < size * size; k++) {
    const b = index[k];
    const edge = (k % size < size - 1 && index[k + 1] !== b) || (k + size < size * size && index[k + size] !== b);
    const [r, gr, bl] = bandColour(b);
    const dim = edge ? 0.78 : 1;
    px.set([r * dim, gr * dim, bl * dim, 255], k * 4);
  }
  return image;
}

export interface MapFrame {
  size: number;
  info: SurfaceInfo;
  start: Point;
  /** Per racer: x, y pairs from step 0; empty for none yet. */
  trajectories: readonly (readonly number[])[];
  /** Per racer: stopped (diverged). */
  stopped: readonly boolean[];
}

export function toCanvas(info: SurfaceInfo, size: number, x: number, y: number): [number, number] {
  const w = info.window;
  return [((x - w.xMin) / (w.xMax - w.xMin)) * size, ((w.yMax - y) / (w.yMax - w.yMin)) * size];
}

export function toWorld(info: SurfaceInfo, size: number, cx: number, cy: number): [number, number] {
  const w = info.window;
  return [w.xMin + (cx / size) * (w.xMax - w.xMin), w.yMax - (cy / size) * (w.yMax - w.yMin)];
}

export function drawMap(ctx: CanvasRenderingContext2D, background: CanvasImageSource | null, f: MapFrame): void {
  const { size, info } = f;
  const at = (x: number, y: number) => toCanvas(info, size, x, y);
  const unit = size / 400;
  ctx.clearRect(0, 0, size, size);
  if (background) ctx.drawImage(background, 0, 0, size, size);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';

  f.trajectories.forEach((pts, r) => {
    if (pts.length < 2) return;
    ctx.beginPath();
    for (let i = 0; i < pts.length; i += 2) {
      const [cx, cy] = at(pts[i], pts[i + 1]);
      if (i === 0) ctx.moveTo(cx, cy);
      else ctx.lineTo(cx, cy);
    }
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    ctx.lineWidth = 4 * unit;
    ctx.stroke();
    ctx.strokeStyle = RACER_COLOURS[r % RACER_COLOURS.length];
    ctx.lineWidth = 2 * unit;
    ctx.stroke();
  });

  for (const m of info.minima) {
    const [cx, cy] = at(m[0], m[1]);
    const s = 6 * unit;
    ctx.beginPath();
    ctx.moveTo(cx - s, cy - s);
    ctx.lineTo(cx + s, cy + s);
    ctx.moveTo(cx + s, cy - s);
    ctx.lineTo(cx - s, cy + s);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 5 * unit;
    ctx.stroke();
    ctx.strokeStyle = '#1b1f24';
    ctx.lineWidth = 2.5 * unit;
    ctx.stroke();
  }

  const [sx, sy] = at(f.start[0], f.start[1]);
  ctx.beginPath();
  ctx.arc(sx, sy, 7 * unit, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.fill();
  ctx.strokeStyle = '#1b1f24';
  ctx.lineWidth = 2 * unit;
  ctx.stroke();

  f.trajectories.forEach((pts, r) => {
    if (pts.length < 2) return;
    const [cx, cy] = at(pts[pts.length - 2], pts[pts.length - 1]);
    ctx.beginPath();
    ctx.arc(cx, cy, 5 * unit, 0, Math.PI * 2);
    ctx.fillStyle = f.stopped[r] ? '#fff' : RACER_COLOURS[r % RACER_COLOURS.length];
    ctx.fill();
    ctx.strokeStyle = f.stopped[r] ? RACER_COLOURS[r % RACER_COLOURS.length] : '#fff';
    ctx.lineWidth = 1.5 * unit;
    ctx.stroke();
  });
}
