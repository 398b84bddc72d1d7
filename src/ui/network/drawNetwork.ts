/**
 * The Network panel's painting (canvas 2-D, the browser only), on the layout of networkLayout.ts: edges
 * orange for positive and blue for negative weights, thicker and more opaque with |w| / maxAbs of their
 * matrix, drawn in groups of one style (sign and width step), each edge its own stroke (on the CPU canvas
 * of common/canvas2d.ts, 1,344 single strokes rasterise in 10–24 ms, one path per group took 40–60 ms);
 * neurons show their picture (activation over the input, blue negative, orange positive, white 0; or a
 * curve along x), else their bias' colour; neurons pruned in effect are greyed; frozen layers hatched (a
 * hatched box behind the layer, each neuron hatched, a "frozen" tag); the teacher muted (its lane tinted,
 * neurons washed pale, edges fainter) and each lane named ("Student", "Teacher"); a collapsed layer is
 * joined to the next by faint grey connectors (its weights are the next layer's pictures).
 */
import type { NetworkView, NeuronPictures } from '../../worker/protocol';
import { writeDivergingColour } from '../common/digitPixels';
import { EDGE_STEPS, HEIGHT, TAG_HEIGHT, WIDTH, edgeEnds, edgeStep, edgeWidth, fedByBox, frozenTagAt, layerBounds, type NetworkLayout } from './networkLayout';
import { context2d } from '../common/canvas2d';

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
  // edges: grouped by (model, sign, width step) so the style changes only per group; one stroke per edge
  const groups = new Map<string, number[]>(); // key → [x1, y1, x2, y2, …]
  let drawn = 0;
  view.edges.forEach((bundle, b) => {
    const chain = isTeacher(bundle.to) ? 't' : 's';
    for (let e = 0; e < bundle.weight.length; e++) {
      const w = bundle.weight[e];
      const key = `${chain}${w < 0 ? '-' : '+'}${edgeStep(w, bundle.maxAbs)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(...edgeEnds(view, layout, b, e));
      drawn++;
    }
  });
  ctx.lineCap = 'butt';
  for (const [key, g] of groups) {
    const step = Number(key.slice(2));
    const alpha = (0.25 + (0.7 * step) / EDGE_STEPS) * (key[0] === 't' ? TEACHER_EDGE_ALPHA : 1);
    ctx.strokeStyle = `rgba(${key[1] === '-' ? NEGATIVE : POSITIVE}, ${alpha.toFixed(3)})`;
    ctx.lineWidth = edgeWidth(step);
    for (let i = 0; i < g.length; i += 4) {
      ctx.beginPath();
      ctx.moveTo(g[i], g[i + 1]);
      ctx.lineTo(g[i + 2], g[i + 3]);
      ctx.stroke();
    }
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
  context2d(canvas)?.putImageData(image, 0, 0);
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
