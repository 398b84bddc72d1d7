/**
 * The Network panel's layout math and words (networkLayout.ts, networkText.ts) on views the worker builds
 * (worker/networkView.ts): columns, neuron squares inside the canvas and apart, sub-columns for wide
 * layers, the collapsed MNIST input, stacked layers, a teacher's lane under the student's, frozen tags,
 * edge ends, hit testing, edge width steps, and the text alternative, sampling note, captions and hover
 * text (frozen layers and the teacher included).
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../engine/config';
import { initParams, modelSpecFor, paramLayout } from '../../engine/model';
import { setupRun } from '../../engine/run';
import { MAX_EDGES, MAX_NODES, networkView, type NetworkInputs } from '../../worker/networkView';
import type { NetworkView } from '../../worker/protocol';
import { HEIGHT, LANE_LABEL, WIDTH, edgeEnds, edgeStep, fedByBox, frozenTagAt, hitTest, layerBounds, layoutNetwork, type Bounds, type NodeSpot } from './networkLayout';
import { describeNetwork, formatValue, frozenText, hitText, layerCaption, samplingNote, teacherText } from './networkText';

type Extra = Pick<NetworkInputs, 'frozenLayers' | 'teacher'>;

function toyView(hidden = [16, 16], bits?: number[], extra: Extra = {}): NetworkView {
  const run = setupRun(validateConfig({ dataset: 'spiral', samples: 200, hidden }).config);
  const { spec, layout, params, grid, gridRows } = run.init;
  return networkView({ spec, layout, params, mask: null, bits: bits ?? spec.layers.map(() => 32), baseSpec: spec, pictures: { grid, rows: gridRows, size: run.gridSize }, ...extra });
}

/** A teacher of the given widths, with seeded weights. */
function teacherOf(widths: number[]): NonNullable<Extra['teacher']> {
  const spec = modelSpecFor({ hidden: widths.slice(1, -1), activation: 'relu' }, { inputDim: widths[0], outputDim: widths[widths.length - 1] });
  return { spec, params: initParams(spec, paramLayout(spec), 5), name: `Teacher ${widths.join('-')}` };
}

function lenetView(extra: Extra = {}): NetworkView {
  const spec = modelSpecFor({ hidden: [300, 100], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
  const layout = paramLayout(spec);
  return networkView({ spec, layout, params: initParams(spec, layout, 1), mask: null, bits: [32, 32, 32], baseSpec: spec, pictures: null, ...extra });
}

const overlap = (a: Bounds, b: Bounds) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const inside = (s: NodeSpot) => s.x - s.size / 2 >= 0 && s.x + s.size / 2 <= WIDTH && s.y - s.size / 2 >= 0 && s.y + s.size / 2 <= HEIGHT;

describe('network layout', () => {
  it('a toy net: evenly spaced columns, every neuron a square inside the canvas, none overlapping', () => {
    const view = toyView();
    const layout = layoutNetwork(view);
    expect(layout.columnX).toEqual([40, 306.6666666666667, 573.3333333333334, 840]);
    expect(layout.nodes.map((n) => n.length)).toEqual([2, 16, 16, 2]);
    for (const spots of layout.nodes) {
      spots.forEach((s, i) => {
        expect(inside(s)).toBe(true);
        if (i > 0) expect(s.y - spots[i - 1].y).toBeGreaterThanOrEqual(s.size);
      });
    }
    expect(layout.nodes[1][0].size).toBeGreaterThanOrEqual(18);
    expect(layout.boxes.every((b) => b === null)).toBe(true);
  });

  it('LeNet-300-100: the input is one box, 32 neurons stand in two sub-columns of 16', () => {
    const layout = layoutNetwork(lenetView());
    expect(layout.nodes.map((n) => n.length)).toEqual([0, 32, 32, 10]);
    expect(layout.boxes[0]).not.toBeNull();
    expect(layout.boxes[0]!.x).toBe(40);
    const xs = new Set(layout.nodes[1].map((s) => s.x));
    expect(xs.size).toBe(2);
    expect(layout.nodes.flat().every(inside)).toBe(true);
    expect(layout.nodes[1][0].y).toBe(layout.nodes[1][16].y); // the second sub-column starts at the top again
  });

  it('layers sharing a column are stacked in bands (two heads)', () => {
    const base = toyView([4, 3]);
    const view: NetworkView = { ...base, layers: base.layers.map((L, k) => (k === 3 ? { ...L, column: 2 } : L)) };
    const layout = layoutNetwork(view);
    expect(layout.columnX[2]).toBe(layout.columnX[3]);
    const lowest = Math.max(...layout.nodes[2].map((s) => s.y + s.size / 2));
    const highest = Math.min(...layout.nodes[3].map((s) => s.y - s.size / 2));
    expect(highest).toBeGreaterThan(lowest);
  });

  it('edges run from the right side of their source to the left side of their target; hit testing finds neurons and edges', () => {
    const view = toyView();
    const layout = layoutNetwork(view);
    const b = view.edges[1];
    const [x1, y1, x2, y2] = edgeEnds(view, layout, 1, 0);
    const s = layout.nodes[1][b.src[0]], t = layout.nodes[2][b.dst[0]];
    expect([x1, y1, x2, y2]).toEqual([s.x + s.size / 2, s.y, t.x - t.size / 2, t.y]);
    expect(hitTest(view, layout, s.x, s.y)).toEqual({ kind: 'node', layer: 1, slot: b.src[0] });
    // the midpoint of an edge hits it (or another edge crossing there)
    const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
    const h = hitTest(view, layout, mx, my);
    expect(h?.kind === 'edge' && h.bundle).toBe(1);
    if (h?.kind === 'edge') {
      const [a, b2, c, d] = edgeEnds(view, layout, 1, h.edge);
      expect(Math.abs((c - a) * (b2 - my) - (a - mx) * (d - b2)) / Math.hypot(c - a, d - b2)).toBeLessThan(1e-6);
    }
    expect(hitTest(view, layout, x1 + 0.2 * (x2 - x1), y1 + 0.2 * (y2 - y1), 0.5)?.kind).toBe('edge');
    expect(hitTest(view, layout, 2, 2)).toBeNull();
  });

  it('a teacher: its own lane under the student’s, the input across both, each layer in its lane and apart from the other chain', () => {
    const view = toyView([16, 16], undefined, { teacher: teacherOf([2, 64, 64, 64, 2]) });
    const layout = layoutNetwork(view);
    const students = [1, 2, 3], teachers = [4, 5, 6, 7];
    expect(layout.lanes.map((l) => [l.model, l.label, l.top, l.height])).toEqual([
      ['student', 'Student', LANE_LABEL, (HEIGHT - 2 * LANE_LABEL) / 2],
      ['teacher', 'Teacher', HEIGHT / 2, (HEIGHT - 2 * LANE_LABEL) / 2],
    ]);
    const [sLane, tLane] = layout.lanes;
    const within = (k: number, lane: typeof sLane) => {
      const b = layerBounds(layout, k)!;
      return b.y0 >= lane.top && b.y1 <= lane.top + lane.height && b.x0 >= lane.left && b.x1 <= lane.right;
    };
    expect(students.every((k) => within(k, sLane))).toBe(true);
    expect(teachers.every((k) => within(k, tLane))).toBe(true);
    for (const s of students) for (const t of teachers) expect(overlap(layerBounds(layout, s)!, layerBounds(layout, t)!)).toBe(false);
    expect(layout.nodes.flat().every(inside)).toBe(true);
    // layer k of both chains in column k, both outputs in the last column; the input, shared, is centred across the lanes
    expect(layout.columnX[1]).toBe(layout.columnX[4]);
    expect(layout.columnX[3]).toBe(layout.columnX[7]);
    expect(layout.columnX[3]).toBe(WIDTH - 40);
    const input = layerBounds(layout, 0)!;
    expect((input.y0 + input.y1) / 2).toBeCloseTo(HEIGHT / 2, 6);
    // a column's nodes stay within MAX_NODES, the edges within MAX_EDGES
    for (const x of new Set(layout.columnX)) expect(layout.nodes.filter((_, k) => layout.columnX[k] === x).flat().length).toBeLessThanOrEqual(MAX_NODES);
    expect(view.edges.reduce((a, e) => a + e.weight.length, 0)).toBeLessThanOrEqual(MAX_EDGES);
    // hit testing and hover text work on the teacher's chain: a neuron, and an edge from the input
    const spot = layout.nodes[4][3];
    expect(hitTest(view, layout, spot.x, spot.y)).toEqual({ kind: 'node', layer: 4, slot: 3 });
    expect(hitText(view, { kind: 'node', layer: 4, slot: 3 })).toMatch(/^Teacher hidden 1 neuron \d+ · bias /);
    const b = view.edges.findIndex((e) => e.from === 0 && e.to === 4);
    const [x1, y1, x2, y2] = edgeEnds(view, layout, b, 0);
    const h = hitTest(view, layout, x1 + 0.25 * (x2 - x1), y1 + 0.25 * (y2 - y1), 0.5);
    expect(h?.kind === 'edge' && view.edges[h.bundle].to).toBe(4);
    expect(hitText(view, { kind: 'edge', bundle: b, edge: 0 })).toMatch(/^Input \d → Teacher hidden 1 \d+ · weight /);
  });

  it('an MNIST teacher: the input box stands across both lanes and feeds the first layer of each chain', () => {
    const view = lenetView({ teacher: teacherOf([784, 1200, 1200, 10]) });
    const layout = layoutNetwork(view);
    expect(fedByBox(view, 0)).toEqual([1, 4]);
    expect(fedByBox(lenetView(), 0)).toEqual([1]);
    const box = layout.boxes[0]!;
    expect(box.y).toBeCloseTo(HEIGHT / 2, 6);
    expect(box.h).toBe(180);
    expect(layout.nodes.flat().every(inside)).toBe(true);
    for (const s of [1, 2, 3]) for (const t of [4, 5, 6]) expect(overlap(layerBounds(layout, s)!, layerBounds(layout, t)!)).toBe(false);
    expect(layout.lanes).toHaveLength(2);
    expect(layoutNetwork(lenetView()).lanes).toEqual([]);
  });

  it('a frozen layer’s tag sits above it, or below, or over its top edge, inside its lane and the canvas', () => {
    const small = toyView([4, 3], undefined, { frozenLayers: 1 });
    const layout = layoutNetwork(small);
    const b = layerBounds(layout, 1)!;
    const at = frozenTagAt(small, layout, 1)!;
    expect(at.y).toBeLessThan(b.y0); // 4 neurons leave room above
    const full = toyView([16, 16], undefined, { frozenLayers: 2 });
    const fl = layoutNetwork(full);
    for (const k of [1, 2]) {
      const t = frozenTagAt(full, fl, k)!;
      expect(t.y - 6).toBeGreaterThanOrEqual(0);
      expect(t.y + 6).toBeLessThanOrEqual(HEIGHT);
    }
    const withTeacher = toyView([16, 16], undefined, { frozenLayers: 1, teacher: teacherOf([2, 8, 2]) });
    const tl = layoutNetwork(withTeacher);
    const t = frozenTagAt(withTeacher, tl, 1)!;
    expect(t.y - 6).toBeGreaterThanOrEqual(tl.lanes[0].top);
    expect(t.y + 6).toBeLessThanOrEqual(tl.lanes[0].top + tl.lanes[0].height);
  });

  it('edge widths step with |w| / maxAbs, so equal weights (quantized levels) draw alike', () => {
    expect(edgeStep(0, 1)).toBe(0);
    expect(edgeStep(-1, 1)).toBe(12);
    expect(edgeStep(0.5, 1)).toBe(edgeStep(-0.5, 1));
    expect(edgeStep(3, 2)).toBe(12);
    expect(edgeStep(1, 0)).toBe(0);
  });
});

describe('network words', () => {
  it('the text alternative: widths, weights, pruned share, bits, neurons removed', () => {
    const view = toyView();
    expect(describeNetwork(view)).toBe('2 → 16 → 16 → 2, 320 weights, none pruned, float32');
    expect(describeNetwork({ ...view, prunedShare: 0.9 })).toBe('2 → 16 → 16 → 2, 320 weights, 90% pruned, float32');
    expect(describeNetwork(toyView([16, 16], [4, 4, 4]))).toMatch(/, 4-bit$/);
    expect(describeNetwork(toyView([16, 16], [4, 32, 2]))).toMatch(/, 4\/f32\/2-bit$/);
    const shrunk: NetworkView = { ...view, layers: view.layers.map((L, k) => (k === 1 ? { ...L, builtWidth: 20 } : L)) };
    expect(describeNetwork(shrunk)).toMatch(/, 4 neurons removed from 2 → 20 → 16 → 2 as built$/);
  });

  it('the sampling note says what of a large model is drawn', () => {
    expect(samplingNote(toyView())).toBeNull();
    expect(samplingNote(lenetView())).toBe(
      'Showing the strongest 32 of 300 neurons in hidden 1, 32 of 100 in hidden 2; the 784 inputs as one box (hidden 1 shows each neuron’s ' +
        'incoming weights as a 28×28 image); the 1,344 strongest of 266,200 weights as edges.',
    );
  });

  it('captions: widths now vs as built, quantization levels, pruned share', () => {
    const view = toyView([16, 16], [4, 32, 32]);
    const L = { ...view.layers[1], builtWidth: 20, prunedWeights: 16, levels: 15, levelsPerNeuron: 2 };
    expect(layerCaption(L)).toEqual(['Hidden 1', '16 of 20 (4 removed)', '4-bit · 15 levels', '50% of weights pruned']);
    expect(layerCaption({ ...L, levels: 120 })[2]).toBe('4-bit · 2 levels per neuron');
    expect(layerCaption(view.layers[2])).toEqual(['Hidden 2', '16']);
  });

  it('frozen layers and a teacher in words: the text alternative, captions, hover text, sampling note', () => {
    const view = toyView([16, 16], undefined, { frozenLayers: 2, teacher: teacherOf([2, 64, 64, 2]) });
    expect(frozenText(view)).toBe('Layers 1–2 frozen');
    expect(frozenText(toyView([16, 16], undefined, { frozenLayers: 1 }))).toBe('Layer 1 frozen');
    expect(frozenText(toyView())).toBeNull();
    expect(teacherText(view)).toBe('Teacher 2-64-64-2 beside the student');
    expect(teacherText(toyView())).toBeNull();
    expect(describeNetwork(view)).toBe('2 → 16 → 16 → 2, 320 weights, none pruned, float32. Layers 1–2 frozen. Teacher 2-64-64-2 beside the student');
    expect(describeNetwork(lenetView({ teacher: teacherOf([784, 128, 10]) }))).toMatch(/float32\. Teacher 784-128-10 beside the student$/);
    expect(layerCaption(view.layers[1])).toEqual(['Hidden 1', '16', 'frozen']);
    expect(layerCaption(view.layers[4])).toEqual(['Teacher hidden 1', '64']);
    expect(hitText(view, { kind: 'node', layer: 2, slot: 0 })).toMatch(/ · frozen$/);
    expect(samplingNote(view)).toBe('Showing the strongest 16 of 64 neurons in teacher hidden 1, 16 of 64 in teacher hidden 2; the 640 strongest of 4,672 weights as edges.');
  });

  it('hover text of a neuron and of an edge', () => {
    const view = toyView();
    expect(hitText(view, { kind: 'node', layer: 1, slot: 3 })).toMatch(/^Hidden 1 neuron 4 · bias [−\d.e]+ · mean \|activation\| [\d.e−]+$/);
    expect(hitText(view, { kind: 'node', layer: 0, slot: 0 })).toMatch(/^Input neuron 1 · mean \|activation\| /);
    const b = view.edges[0];
    expect(hitText(view, { kind: 'edge', bundle: 0, edge: 0 })).toBe(`Input ${b.src[0] + 1} → Hidden 1 ${b.dst[0] + 1} · weight ${formatValue(b.weight[0])}`);
    expect([formatValue(-0.12345), formatValue(0), formatValue(0.00001234), formatValue(-0.0000324)]).toEqual(['−0.123', '0', '1.23e−5', '−3.24e−5']);
  });
});
