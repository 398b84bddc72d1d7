/**
 * The Network panel's layout: where each layer, neuron and edge goes, and what lies under the pointer
 * (pure math, unit-tested in Node; drawNetwork.ts paints it).
 *
 * Layout, in logical pixels of a WIDTH×HEIGHT canvas: layers stand in columns by `column`, evenly spaced
 * left to right (layers sharing a column are stacked in equal bands: two heads); with a distillation
 * teacher each model has its own lane, the student above and the teacher below, both fed by the shared
 * input standing across the lanes, their outputs side by side in the last column; a layer's drawn neurons are squares in a column, split into side-by-side sub-columns past
 * MAX_ROWS; a collapsed layer (MNIST's 784 inputs) is one box. Edges run from the right side of their
 * source neuron to the left side of their target.
 */
import type { NetworkView } from '../../worker/protocol';

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
export const TAG_HEIGHT = 12;

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
