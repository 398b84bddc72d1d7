/**
 * The Network panel's canvas: where each layer, neuron and edge goes (pure layout math and hit testing,
 * unit-tested in Node) and the painting (canvas 2-D, the browser only).
 *
 * Layout, in logical pixels of a WIDTH×HEIGHT canvas: layers stand in columns by `column`, evenly spaced
 * left to right (layers sharing a column are stacked in equal bands: two heads); with a distillation
 * teacher each model has its own lane, the student above and the teacher below, both fed by the shared
 * input standing across the lanes, their outputs side by side in the last column; a layer's drawn neurons are squares in a column, split into side-by-side sub-columns past
 * MAX_ROWS; a collapsed layer (MNIST's 784 inputs) is one box. Edges run from the right side of their
 * source neuron to the left side of their target.
 *
 * Painting (the page's palette): edges orange for positive and blue for negative weights, thicker and
 * more opaque with |w| / maxAbs of their matrix, grouped into few paths (one stroke per sign and width
 * step); neurons show their picture (activation over the input, blue negative, orange positive, white 0;
 * or a curve along x), else their bias' colour; neurons pruned in effect are greyed; frozen layers hatched
 * (a hatched box behind the layer, each neuron hatched, a "frozen" tag); the teacher muted (its lane
 * tinted, neurons washed pale, edges fainter) and each lane named ("Student", "Teacher"); a collapsed layer is joined to the next by faint grey connectors (its weights are the next layer's pictures).
 */
import type { NetworkView, NeuronPictures } from '../../worker/protocol';
import { writeDivergingColour } from '../common/digitPixels';

export const WIDTH = 880;
export const HEIGHT = 420;
export const MAX_ROWS = 16;
const MARGIN_X = 40;
const MARGIN_Y = 10;
const GAP = 4;
const MAX_NODE = 34;
const MIN_NODE = 6;
const BOX_WIDTH = 26;

/** A drawn neuron: its centre and the side of its square. */
export interface NodeSpot {
  x: number;
  y: number;
  size: number;
}

export interface NetworkLayout {
  /** Per layer of the view: its column's centre x. */
  columnX: number[];
  /** Per layer: its drawn neurons, in the order of `index`. */
  nodes: NodeSpot[][];
  /** Per layer: the box a collapsed layer is drawn as (centre and size), else null. */
  boxes: Array<{ x: number; y: number; w: number; h: number } | null>;
  /** With a teacher: one lane per model (the student above, the teacher below), else empty. */
  lanes: Lane[];
}

/** A horizontal band holding one model's layers (the shared input spans every lane), its label in the strip beside it. */
export interface Lane {
  model: string;
  /** "Student", "Teacher". */
  label: string;
  top: number;
  height: number;
  /** From the left edge of the lane's leftmost layer to the right edge of its rightmost, with a little room. */
  left: number;
  right: number;
}

/** A layer's drawn extent: its neurons' squares or its box. */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Room above and below the lanes for their labels ("Student" above, "Teacher" below). */
export const LANE_LABEL = 16;

/**
 * Where everything goes. Layers sharing a column are stacked in equal bands. When layers carry a `model`
 * (a distillation teacher beside the student), each model gets its own lane, the student above and the
 * teacher below, and a layer stacks only with layers of its own lane; layers of no model (the shared
 * input) stand across all lanes, centred, so both chains fan out from them.
 */
export function layoutNetwork(view: NetworkView, width = WIDTH, height = HEIGHT): NetworkLayout {
  const columns = [...new Set(view.layers.map((L) => L.column))].sort((a, b) => a - b);
  const span = width - 2 * MARGIN_X;
  const xOf = (c: number) => (columns.length === 1 ? width / 2 : MARGIN_X + (span * columns.indexOf(c)) / (columns.length - 1));
  const columnX = view.layers.map((L) => xOf(L.column));
  const models = [...new Set(view.layers.flatMap((L) => (L.model ? [L.model] : [])))].sort((a, b) => Number(a === 'teacher') - Number(b === 'teacher'));
  const laned = models.length > 1;
  const marginY = laned ? LANE_LABEL : MARGIN_Y;
  const laneHeight = (height - 2 * marginY) / (laned ? models.length : 1);
  const laneOf = (k: number) => (laned && view.layers[k].model ? models.indexOf(view.layers[k].model!) : -1);
  const nodes: NodeSpot[][] = [];
  const boxes: NetworkLayout['boxes'] = [];
  view.layers.forEach((L, k) => {
    const lane = laneOf(k);
    const stack = view.layers.map((_, i) => i).filter((i) => view.layers[i].column === L.column && laneOf(i) === lane);
    const band = (lane < 0 ? height - 2 * marginY : laneHeight) / stack.length;
    const top = marginY + (lane < 0 ? 0 : lane * laneHeight) + band * stack.indexOf(k);
    const x = columnX[k];
    if (L.collapsed) {
      const h = Math.min(band * 0.7, 180);
      boxes.push({ x, y: top + band / 2, w: BOX_WIDTH, h });
      nodes.push([]);
      return;
    }
    boxes.push(null);
    const n = L.index.length;
    const subColumns = Math.max(1, Math.ceil(n / MAX_ROWS));
    const rows = Math.max(1, Math.ceil(n / subColumns));
    const size = Math.max(MIN_NODE, Math.min(MAX_NODE, Math.floor(band / rows) - GAP));
    const y0 = top + (band - (rows * size + (rows - 1) * GAP)) / 2 + size / 2;
    nodes.push(
      Array.from({ length: n }, (_, p) => {
        const sc = Math.floor(p / rows), r = p % rows;
        return { x: x + (sc - (subColumns - 1) / 2) * (size + 2 * GAP), y: y0 + r * (size + GAP), size };
      }),
    );
  });
  const out: NetworkLayout = { columnX, nodes, boxes, lanes: [] };
  if (laned) {
    out.lanes = models.map((model, lane) => {
      const mine = view.layers.map((_, k) => k).filter((k) => laneOf(k) === lane).map((k) => layerBounds(out, k)).filter((b): b is Bounds => b !== null);
      const left = mine.length ? Math.max(0, Math.min(...mine.map((b) => b.x0)) - 2 * GAP) : 0;
      const right = mine.length ? Math.min(width, Math.max(...mine.map((b) => b.x1)) + 2 * GAP) : width;
      return { model, label: model.charAt(0).toUpperCase() + model.slice(1), top: marginY + lane * laneHeight, height: laneHeight, left, right };
    });
  }
  return out;
}

/** The extent of layer k as drawn (its squares, or its box), or null when nothing of it is drawn. */
export function layerBounds(layout: Pick<NetworkLayout, 'nodes' | 'boxes'>, k: number): Bounds | null {
  const box = layout.boxes[k];
  if (box) return { x0: box.x - box.w / 2, y0: box.y - box.h / 2, x1: box.x + box.w / 2, y1: box.y + box.h / 2 };
  const spots = layout.nodes[k];
  if (!spots || spots.length === 0) return null;
  return {
    x0: Math.min(...spots.map((s) => s.x - s.size / 2)),
    y0: Math.min(...spots.map((s) => s.y - s.size / 2)),
    x1: Math.max(...spots.map((s) => s.x + s.size / 2)),
    y1: Math.max(...spots.map((s) => s.y + s.size / 2)),
  };
}

/**
 * The layers a collapsed layer k (MNIST's pixels) feeds, joined to it by faint connectors: the next
 * layer, and the first layer of each other model after it (a teacher beside the student).
 */
export function fedByBox(view: NetworkView, k: number): number[] {
  const out: number[] = [];
  const seen = new Set<string | undefined>();
  for (let i = k + 1; i < view.layers.length; i++) {
    const m = view.layers[i].model;
    if (seen.has(m)) continue;
    seen.add(m);
    out.push(i);
  }
  return out;
}

/** Where the "frozen" tag of layer k goes (its centre): above the layer if there is room in its lane, else below, else over its top edge. */
export function frozenTagAt(view: NetworkView, layout: NetworkLayout, k: number, height = HEIGHT): { x: number; y: number } | null {
  const b = layerBounds(layout, k);
  if (!b) return null;
  const lane = layout.lanes.find((l) => l.model === view.layers[k].model);
  const top = lane ? lane.top : 0, bottom = lane ? lane.top + lane.height : height;
  const x = (b.x0 + b.x1) / 2;
  if (b.y0 - TAG_HEIGHT - 2 >= top) return { x, y: b.y0 - 2 - TAG_HEIGHT / 2 };
  if (b.y1 + TAG_HEIGHT + 2 <= bottom) return { x, y: b.y1 + 2 + TAG_HEIGHT / 2 };
  return { x, y: b.y0 + TAG_HEIGHT / 2 };
}
const TAG_HEIGHT = 12;

/** The two ends of edge `e` of bundle `b`: [x1, y1, x2, y2]. */
export function edgeEnds(view: NetworkView, layout: NetworkLayout, b: number, e: number): [number, number, number, number] {
  const bundle = view.edges[b];
  const s = layout.nodes[bundle.from][bundle.src[e]], t = layout.nodes[bundle.to][bundle.dst[e]];
  return [s.x + s.size / 2, s.y, t.x - t.size / 2, t.y];
}

export type Hit = { kind: 'node'; layer: number; slot: number } | { kind: 'edge'; bundle: number; edge: number };

/** What is under (x, y): a neuron (its square, 2 px of slack), else the nearest edge within `reach` px, else null. */
export function hitTest(view: NetworkView, layout: NetworkLayout, x: number, y: number, reach = 4): Hit | null {
  for (let k = 0; k < layout.nodes.length; k++) {
    const slot = layout.nodes[k].findIndex((s) => Math.abs(x - s.x) <= s.size / 2 + 2 && Math.abs(y - s.y) <= s.size / 2 + 2);
    if (slot >= 0) return { kind: 'node', layer: k, slot };
  }
  let best: Hit | null = null;
  let bestD = reach * reach;
  view.edges.forEach((bundle, b) => {
    for (let e = 0; e < bundle.weight.length; e++) {
      const [x1, y1, x2, y2] = edgeEnds(view, layout, b, e);
      if (x < Math.min(x1, x2) - reach || x > Math.max(x1, x2) + reach) continue;
      const dx = x2 - x1, dy = y2 - y1;
      const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy || 1)));
      const d = (x1 + t * dx - x) ** 2 + (y1 + t * dy - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = { kind: 'edge', bundle: b, edge: e };
      }
    }
  });
  return best;
}

/** Edge styling from t = |w| / maxAbs: a width step 0..STEPS (so equal weights, e.g. quantized levels, draw alike). */
export const EDGE_STEPS = 12;
export const edgeStep = (w: number, maxAbs: number) => Math.round(Math.min(1, maxAbs > 0 ? Math.abs(w) / maxAbs : 0) * EDGE_STEPS);
export const edgeWidth = (step: number) => 0.5 + (3.5 * step) / EDGE_STEPS;

const NEGATIVE = '29, 95, 191';
const POSITIVE = '212, 96, 11';
const PRUNED_FILL = 'rgba(196, 200, 206, 0.92)';
/** The teacher: its lane tinted, its neurons washed pale with a muted violet outline, its edges fainter. */
const TEACHER_TINT = 'rgba(123, 63, 160, 0.06)';
const TEACHER_WASH = 'rgba(255, 255, 255, 0.45)';
const TEACHER_OUTLINE = '#8d84a6';
const TEACHER_LABEL = '#6b5a8e';
const TEACHER_EDGE_ALPHA = 0.45;
const FROZEN_INK = 'rgba(60, 70, 85, 0.45)';

/** Paints the whole network into `ctx` (already scaled to logical pixels). Returns the edges drawn. */
export function drawNetwork(ctx: CanvasRenderingContext2D, view: NetworkView, layout: NetworkLayout, width = WIDTH, height = HEIGHT): number {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const isTeacher = (k: number) => view.layers[k]?.model === 'teacher';
  // lanes: the teacher's tinted, a dashed rule between them
  layout.lanes.forEach((lane, i) => {
    if (lane.model === 'teacher') {
      ctx.fillStyle = TEACHER_TINT;
      ctx.fillRect(lane.left, lane.top, lane.right - lane.left, lane.height);
    }
    if (i > 0) {
      ctx.save();
      ctx.strokeStyle = 'rgba(107, 118, 133, 0.45)';
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(Math.min(lane.left, layout.lanes[i - 1].left), Math.round(lane.top) + 0.5);
      ctx.lineTo(Math.max(lane.right, layout.lanes[i - 1].right), Math.round(lane.top) + 0.5);
      ctx.stroke();
      ctx.restore();
    }
  });
  // frozen layers: a hatched box behind their neurons
  view.layers.forEach((L, k) => {
    const b = L.frozen ? layerBounds(layout, k) : null;
    if (!b) return;
    const pad = 4;
    hatch(ctx, b.x0 - pad, b.y0 - pad, b.x1 - b.x0 + 2 * pad, b.y1 - b.y0 + 2 * pad, 'rgba(60, 70, 85, 0.22)');
    ctx.save();
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = 'rgba(60, 70, 85, 0.6)';
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.round(b.x0 - pad) + 0.5, Math.round(b.y0 - pad) + 0.5, Math.round(b.x1 - b.x0 + 2 * pad), Math.round(b.y1 - b.y0 + 2 * pad));
    ctx.restore();
  });
  // edges: one path per (model, sign, width step)
  const paths = new Map<string, Path2D>();
  let drawn = 0;
  view.edges.forEach((bundle, b) => {
    const chain = isTeacher(bundle.to) ? 't' : 's';
    for (let e = 0; e < bundle.weight.length; e++) {
      const w = bundle.weight[e];
      const key = `${chain}${w < 0 ? '-' : '+'}${edgeStep(w, bundle.maxAbs)}`;
      let path = paths.get(key);
      if (!path) paths.set(key, (path = new Path2D()));
      const [x1, y1, x2, y2] = edgeEnds(view, layout, b, e);
      path.moveTo(x1, y1);
      path.lineTo(x2, y2);
      drawn++;
    }
  });
  ctx.lineCap = 'round';
  for (const [key, path] of paths) {
    const step = Number(key.slice(2));
    const alpha = (0.25 + (0.7 * step) / EDGE_STEPS) * (key[0] === 't' ? TEACHER_EDGE_ALPHA : 1);
    ctx.strokeStyle = `rgba(${key[1] === '-' ? NEGATIVE : POSITIVE}, ${alpha.toFixed(3)})`;
    ctx.lineWidth = edgeWidth(step);
    ctx.stroke(path);
  }
  // a collapsed layer (MNIST's pixels) feeds every neuron of the next (of each chain): faint grey connectors, not weights
  layout.boxes.forEach((box, k) => {
    if (!box) return;
    ctx.strokeStyle = 'rgba(107, 118, 133, 0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const next of fedByBox(view, k)) {
      for (const s of layout.nodes[next]) {
        ctx.moveTo(box.x + box.w / 2, box.y);
        ctx.lineTo(s.x - s.size / 2, s.y);
      }
    }
    ctx.stroke();
  });
  view.layers.forEach((L, k) => {
    const box = layout.boxes[k];
    if (box) drawBox(ctx, box, L.width);
    const spots = layout.nodes[k];
    if (spots.length === 0) return;
    const teacher = isTeacher(k);
    const images = L.picture?.kind === 'image' ? pictureAtlas(L.picture, spots.length) : null;
    const biasLimit = Math.max(1e-12, ...Array.from(L.bias, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
    spots.forEach((s, p) => {
      const x0 = s.x - s.size / 2, y0 = s.y - s.size / 2;
      if (images && L.picture?.kind === 'image') {
        ctx.imageSmoothingEnabled = L.picture.of === 'activation';
        ctx.drawImage(images, 0, p * L.picture.height, L.picture.width, L.picture.height, x0, y0, s.size, s.size);
      } else {
        ctx.fillStyle = nodeFill(L.bias[p], biasLimit);
        ctx.fillRect(x0, y0, s.size, s.size);
        if (L.picture?.kind === 'curve') drawCurve(ctx, L.picture.values.subarray(p * L.picture.points, (p + 1) * L.picture.points), x0, y0, s.size);
      }
      if (L.pruned[p]) {
        ctx.fillStyle = PRUNED_FILL;
        ctx.fillRect(x0, y0, s.size, s.size);
      } else if (teacher) {
        ctx.fillStyle = TEACHER_WASH;
        ctx.fillRect(x0, y0, s.size, s.size);
      }
      if (L.frozen) hatch(ctx, x0, y0, s.size, s.size, FROZEN_INK);
      ctx.strokeStyle = L.pruned[p] ? '#b3b9c2' : teacher ? TEACHER_OUTLINE : '#6b7685';
      ctx.lineWidth = 1;
      ctx.strokeRect(x0 + 0.5, y0 + 0.5, s.size - 1, s.size - 1);
    });
  });
  // words on the canvas: each lane's name in the strip beside it, a "frozen" tag on each frozen layer
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  layout.lanes.forEach((lane, i) => {
    const below = i === layout.lanes.length - 1 && i > 0;
    ctx.fillStyle = lane.model === 'teacher' ? TEACHER_LABEL : '#4f5966';
    ctx.textBaseline = below ? 'bottom' : 'top';
    ctx.fillText(lane.label, lane.left, below ? height - 2 : 2);
  });
  view.layers.forEach((L, k) => {
    const at = L.frozen ? frozenTagAt(view, layout, k, height) : null;
    if (at) tag(ctx, 'frozen', at.x, at.y);
  });
  return drawn;
}

/** A small pill of text centred at (x, y). */
function tag(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.font = '10px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 8;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.strokeStyle = 'rgba(60, 70, 85, 0.6)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.rect(Math.round(x - w / 2) + 0.5, Math.round(y - TAG_HEIGHT / 2) + 0.5, Math.round(w), TAG_HEIGHT);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#3c4655';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y + 0.5);
}

function nodeFill(bias: number, limit: number): string {
  const px = new Uint8ClampedArray(3);
  writeDivergingColour(px, 0, Number.isFinite(bias) ? bias : 0, limit);
  return `rgb(${px[0]}, ${px[1]}, ${px[2]})`;
}

/** The layer's pictures stacked in one canvas ([n · height, width]), decoded to the diverging palette. */
function pictureAtlas(pic: Extract<NeuronPictures, { kind: 'image' }>, n: number): OffscreenCanvas {
  const area = pic.width * pic.height;
  const image = new ImageData(pic.width, pic.height * n);
  for (let p = 0; p < n; p++) {
    const lo = pic.lo[p], hi = pic.hi[p];
    const span = hi - lo, limit = Math.max(Math.abs(lo), Math.abs(hi));
    for (let i = 0; i < area; i++) {
      const v = lo + (span * pic.pixels[p * area + i]) / 255;
      const o = (p * area + i) * 4;
      writeDivergingColour(image.data, o, Math.abs(v) <= span / 510 ? 0 : v, limit); // within half a step of 0: white
      image.data[o + 3] = 255;
    }
  }
  const canvas = new OffscreenCanvas(pic.width, pic.height * n);
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  return canvas;
}

function drawCurve(ctx: CanvasRenderingContext2D, values: Float32Array, x0: number, y0: number, size: number): void {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!(hi >= lo)) return;
  const pad = 2, span = hi - lo || 1;
  const px = (i: number) => x0 + pad + ((size - 2 * pad) * i) / Math.max(1, values.length - 1);
  const py = (v: number) => y0 + size - pad - ((size - 2 * pad) * (v - lo)) / span;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x0, y0, size, size);
  ctx.beginPath();
  values.forEach((v, i) => (i === 0 ? ctx.moveTo(px(i), py(v)) : ctx.lineTo(px(i), py(v))));
  ctx.strokeStyle = `rgb(${POSITIVE})`;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function drawBox(ctx: CanvasRenderingContext2D, box: { x: number; y: number; w: number; h: number }, width: number): void {
  ctx.fillStyle = '#eef1f5';
  ctx.strokeStyle = '#6b7685';
  ctx.lineWidth = 1;
  ctx.fillRect(box.x - box.w / 2, box.y - box.h / 2, box.w, box.h);
  ctx.strokeRect(box.x - box.w / 2 + 0.5, box.y - box.h / 2 + 0.5, box.w - 1, box.h - 1);
  ctx.save();
  ctx.translate(box.x, box.y);
  ctx.rotate(-Math.PI / 2);
  ctx.fillStyle = '#4f5966';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(`${width} inputs`, 0, 0);
  ctx.restore();
}

/** Diagonal hatching over the rectangle (x0, y0, w, h): frozen weights. */
function hatch(ctx: CanvasRenderingContext2D, x0: number, y0: number, w: number, h: number, ink: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y0, w, h);
  ctx.clip();
  ctx.strokeStyle = ink;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 5) {
    ctx.moveTo(x0 + d, y0 + h);
    ctx.lineTo(x0 + d + h, y0);
  }
  ctx.stroke();
  ctx.restore();
}
