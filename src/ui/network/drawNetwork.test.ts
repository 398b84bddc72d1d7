/**
 * The Network panel's layout math and words (drawNetwork.ts, networkText.ts) on views the worker builds
 * (worker/networkView.ts): columns, neuron squares inside the canvas and apart, sub-columns for wide
 * layers, the collapsed MNIST input, stacked layers, edge ends, hit testing, edge width steps, and the
 * text alternative, sampling note, captions and hover text.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../engine/config';
import { initParams, modelSpecFor, paramLayout } from '../../engine/model';
import { setupRun } from '../../engine/run';
import { networkView } from '../../worker/networkView';
import type { NetworkView } from '../../worker/protocol';
import { HEIGHT, WIDTH, edgeEnds, edgeStep, hitTest, layoutNetwork, type NodeSpot } from './drawNetwork';
import { describeNetwork, formatValue, hitText, layerCaption, samplingNote } from './networkText';

function toyView(hidden = [16, 16], bits?: number[]): NetworkView {
  const run = setupRun(validateConfig({ dataset: 'spiral', samples: 200, hidden }).config);
  const { spec, layout, params, grid, gridRows } = run.init;
  return networkView({ spec, layout, params, mask: null, bits: bits ?? spec.layers.map(() => 32), baseSpec: spec, pictures: { grid, rows: gridRows, size: run.gridSize } });
}

function lenetView(): NetworkView {
  const spec = modelSpecFor({ hidden: [300, 100], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
  const layout = paramLayout(spec);
  return networkView({ spec, layout, params: initParams(spec, layout, 1), mask: null, bits: [32, 32, 32], baseSpec: spec, pictures: null });
}

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

  it('hover text of a neuron and of an edge', () => {
    const view = toyView();
    expect(hitText(view, { kind: 'node', layer: 1, slot: 3 })).toMatch(/^Hidden 1 neuron 4 · bias [−\d.e]+ · mean \|activation\| [\d.e−]+$/);
    expect(hitText(view, { kind: 'node', layer: 0, slot: 0 })).toMatch(/^Input neuron 1 · mean \|activation\| /);
    const b = view.edges[0];
    expect(hitText(view, { kind: 'edge', bundle: 0, edge: 0 })).toBe(`Input ${b.src[0] + 1} → Hidden 1 ${b.dst[0] + 1} · weight ${formatValue(b.weight[0])}`);
    expect([formatValue(-0.12345), formatValue(0), formatValue(0.00001234), formatValue(-0.0000324)]).toEqual(['−0.123', '0', '1.23e−5', '−3.24e−5']);
  });
});
