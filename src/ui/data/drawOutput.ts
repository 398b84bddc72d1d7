/**
 * Canvas drawing for the Output panel, over the model's output grid: two classes in 2-D (the softmax
 * probability of class 1), more classes in 2-D (each cell in its most likely class's colour, paler where
 * the model is less sure), a number to predict in 2-D (blue low to orange high over the targets' range),
 * and 1-D regression (points and the fitted curve). Then the points: filled training, hollow test; with
 * augmentation, the last batch's augmented points as faint ghosts.
 */
import type { DatasetView } from '../../worker/protocol';
import { context2d } from '../common/canvas2d';

type Rgb = readonly [number, number, number];

/** Class colours: the two built-in classes first, then eight more for a user's table (up to 10 classes). */
const CLASS_RGB: readonly Rgb[] = [
  [29, 95, 191], [212, 96, 11], [46, 140, 60], [170, 40, 120], [120, 90, 200],
  [180, 150, 20], [20, 150, 160], [200, 50, 50], [100, 100, 100], [140, 80, 30],
];
export const CLASS_COLOURS: readonly string[] = CLASS_RGB.map((c) => `rgb(${c.join(',')})`);
const TINT_0: Rgb = [120, 166, 232];
const TINT_MID: Rgb = [244, 244, 242];
const TINT_1: Rgb = [243, 170, 110];
const CURVE = '#d4600b';
const POINT = '#1d5fbf';

/**
 * Writes the background colour for p = P(class 1) (blue at 0, near-white at ½, orange at 1) into
 * `rgba` at `at`, opaque. Allocates nothing: it runs for every cell of the grid on every snapshot.
 */
function writeTint(rgba: Uint8ClampedArray, at: number, p: number): void {
  const low = p < 0.5;
  const a = low ? TINT_0 : TINT_MID;
  const b = low ? TINT_MID : TINT_1;
  const t = low ? p * 2 : (p - 0.5) * 2;
  rgba[at] = a[0] + (b[0] - a[0]) * t;
  rgba[at + 1] = a[1] + (b[1] - a[1]) * t;
  rgba[at + 2] = a[2] + (b[2] - a[2]) * t;
  rgba[at + 3] = 255;
}

/** The class colour `c` faded towards the neutral background by 1 − t (t = 1: the full colour). */
function writeClassTint(rgba: Uint8ClampedArray, at: number, c: number, t: number): void {
  const a = CLASS_RGB[c] ?? TINT_MID;
  const w = 0.25 + 0.5 * Math.min(1, Math.max(0, t)); // never the full colour, so the points stay readable
  for (let k = 0; k < 3; k++) rgba[at + k] = TINT_MID[k] + (a[k] - TINT_MID[k]) * w;
  rgba[at + 3] = 255;
}

/** The most likely class of a row of K logits and how sure the model is, 0 (uniform) to 1. */
function likeliest(output: Float32Array, row: number, k: number): { c: number; sure: number } {
  const c = argmax(output, row, k);
  let sum = 0;
  for (let d = 0; d < k; d++) sum += Math.exp(output[row * k + d] - output[row * k + c]);
  const p = 1 / sum;
  return { c, sure: Number.isFinite(p) ? (p - 1 / k) / (1 - 1 / k) : 0 };
}

/** [lo, hi] of the targets (a number to predict) over the rows of y ([n, 1]). */
function targetRange(data: DatasetView): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const y of [data.trainY, data.testY]) for (const v of y) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return lo < hi ? [lo, hi] : [lo - 1, lo + 1];
}

/** The ramp colour of a target value for points (blue low, orange high). */
function rampColour(v: number, [lo, hi]: [number, number]): string {
  const rgba = new Uint8ClampedArray(4);
  writeTint(rgba, 0, (v - lo) / (hi - lo));
  return `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`;
}

/** P(class 1) from one row of raw outputs: softmax over two logits, or a sigmoid for a single one. */
function probabilityOfClass1(output: Float32Array, row: number, dim: number): number {
  const z = dim >= 2 ? output[row * dim + 1] - output[row * dim] : output[row * dim];
  const p = 1 / (1 + Math.exp(-z));
  return Number.isFinite(p) ? p : 0.5;
}

function argmax(y: Float32Array, row: number, dim: number): number {
  let best = 0;
  for (let d = 1; d < dim; d++) if (y[row * dim + d] > y[row * dim + best]) best = d;
  return best;
}

interface Frame {
  ctx: CanvasRenderingContext2D;
  size: number;
  px(x: number): number;
  py(y: number): number;
}

function makeFrame(ctx: CanvasRenderingContext2D, size: number, data: DatasetView): Frame {
  const { xMin, xMax, yMin, yMax } = data.bounds;
  return {
    ctx,
    size,
    px: (x) => ((x - xMin) / (xMax - xMin || 1)) * size,
    py: (y) => ((yMax - y) / (yMax - yMin || 1)) * size,
  };
}

/** `range`: points coloured by their target on this range (2-D regression); else by class, or one colour. */
function drawPoints(f: Frame, x: Float32Array, y: Float32Array, data: DatasetView, hollow: boolean, range?: [number, number]): void {
  const { ctx } = f;
  const n = x.length / data.inputDim;
  const r = Math.max(2.5, f.size / 130);
  ctx.lineWidth = Math.max(1.5, f.size / 320);
  for (let i = 0; i < n; i++) {
    const cx = f.px(x[i * data.inputDim]);
    const cy = f.py(data.inputDim === 2 ? x[i * 2 + 1] : y[i * data.outputDim]);
    const colour = data.task === 'classification' ? CLASS_COLOURS[argmax(y, i, data.outputDim)] ?? POINT : range ? rampColour(y[i], range) : POINT;
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    if (hollow) {
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fill();
      ctx.strokeStyle = colour;
    } else {
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = '#ffffff';
    }
    ctx.stroke();
  }
}

/**
 * Augmented points (jitter, mixup: the last batch as the network saw it, REFERENCE.md "Strategies") as
 * faint ghosts: translucent, a dashed ring in the colour of their (mixed) target's likeliest class.
 */
function drawGhosts(f: Frame, ghosts: Ghosts, data: DatasetView, range?: [number, number]): void {
  const { ctx } = f;
  const n = ghosts.x.length / data.inputDim;
  const r = Math.max(3, f.size / 110);
  ctx.save();
  ctx.globalAlpha = 0.45;
  ctx.setLineDash([2, 2]);
  ctx.lineWidth = Math.max(1.2, f.size / 400);
  for (let i = 0; i < n; i++) {
    const cx = f.px(ghosts.x[i * data.inputDim]);
    const cy = f.py(data.inputDim === 2 ? ghosts.x[i * 2 + 1] : ghosts.y[i * data.outputDim]);
    const colour = data.task === 'classification' ? CLASS_COLOURS[argmax(ghosts.y, i, data.outputDim)] ?? POINT : range ? rampColour(ghosts.y[i], range) : POINT;
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.fillStyle = 'rgba(255,255,255,0.5)';
    ctx.fill();
    ctx.strokeStyle = colour;
    ctx.stroke();
  }
  ctx.restore();
}

/** Ghost points: inputs [n, inputDim] and targets [n, outputDim] of the augmented batch. */
export interface Ghosts {
  x: Float32Array;
  y: Float32Array;
}

/** One grid-sized image and canvas, reused by every snapshot of the same grid size. */
let cellCache: { g: number; image: ImageData; cells: OffscreenCanvas } | null = null;
function cellBuffers(g: number): { image: ImageData; cells: OffscreenCanvas } {
  if (cellCache?.g !== g) cellCache = { g, image: new ImageData(g, g), cells: new OffscreenCanvas(g, g) };
  return cellCache;
}

function drawBoundary(f: Frame, data: DatasetView, output: Float32Array | null): void {
  const g = data.gridSize;
  const dim = data.outputDim;
  if (!output || output.length !== g * g * dim) {
    f.ctx.fillStyle = `rgb(${TINT_MID.join(',')})`;
    f.ctx.fillRect(0, 0, f.size, f.size);
    return;
  }
  const { image, cells } = cellBuffers(g);
  const range = data.task === 'regression' ? targetRange(data) : null;
  for (let i = 0; i < g * g; i++) {
    if (range) writeTint(image.data, i * 4, Math.min(1, Math.max(0, (output[i] - range[0]) / (range[1] - range[0]))) || 0);
    else if (dim > 2) {
      const { c, sure } = likeliest(output, i, dim);
      writeClassTint(image.data, i * 4, c, sure);
    } else writeTint(image.data, i * 4, probabilityOfClass1(output, i, dim));
  }
  context2d(cells)?.putImageData(image, 0, 0);
  f.ctx.imageSmoothingEnabled = true;
  f.ctx.imageSmoothingQuality = 'high';
  f.ctx.drawImage(cells, 0, 0, f.size, f.size);
}

function drawAxes(f: Frame, data: DatasetView): void {
  const { ctx, size } = f;
  const { xMin, xMax, yMin, yMax } = data.bounds;
  ctx.strokeStyle = 'rgba(40, 48, 60, 0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (xMin < 0 && xMax > 0) {
    ctx.moveTo(f.px(0), 0);
    ctx.lineTo(f.px(0), size);
  }
  if (yMin < 0 && yMax > 0) {
    ctx.moveTo(0, f.py(0));
    ctx.lineTo(size, f.py(0));
  }
  ctx.stroke();
}

function drawCurve(f: Frame, data: DatasetView, output: Float32Array | null): void {
  const g = data.gridSize;
  if (!output || output.length !== g * data.outputDim || g < 2) return;
  const { xMin, xMax } = data.bounds;
  const { ctx } = f;
  ctx.strokeStyle = CURVE;
  ctx.lineWidth = Math.max(2.5, f.size / 160);
  ctx.lineJoin = 'round';
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < g; i++) {
    const v = output[i * data.outputDim];
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const cx = f.px(xMin + ((xMax - xMin) * i) / (g - 1));
    const cy = Math.min(f.size * 4, Math.max(-f.size * 3, f.py(v)));
    if (pen) ctx.lineTo(cx, cy);
    else ctx.moveTo(cx, cy);
    pen = true;
  }
  ctx.stroke();
}

/** Draws the whole panel on a square canvas of `size` device pixels. */
export function drawOutput(ctx: CanvasRenderingContext2D, size: number, data: DatasetView, output: Float32Array | null, ghosts: Ghosts | null = null): void {
  const f = makeFrame(ctx, size, data);
  ctx.clearRect(0, 0, size, size);
  if (data.inputDim === 2) {
    const range = data.task === 'regression' ? targetRange(data) : undefined;
    drawBoundary(f, data, output);
    drawAxes(f, data);
    drawPoints(f, data.trainX, data.trainY, data, false, range);
    drawPoints(f, data.testX, data.testY, data, true, range);
    if (ghosts) drawGhosts(f, ghosts, data, range);
  } else {
    ctx.fillStyle = '#fbfbfa';
    ctx.fillRect(0, 0, size, size);
    drawAxes(f, data);
    drawPoints(f, data.trainX, data.trainY, data, false);
    drawPoints(f, data.testX, data.testY, data, true);
    if (ghosts) drawGhosts(f, ghosts, data);
    drawCurve(f, data, output);
  }
}
