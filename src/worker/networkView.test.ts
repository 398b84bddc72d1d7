/**
 * The Network panel's view (networkView.ts, networkPictures.ts): every neuron and weight of a toy net,
 * sampling of wide layers (strongest neurons, strongest edges first, the edge budget), pruned neurons
 * and weights, neuron pruning against the model as built, quantization levels, the pictures' sizes, frozen
 * layers (transfer) and a distillation teacher beside the student.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig, type RunConfig } from '../engine/config';
import { quantizedParams } from '../engine/cpuBackend';
import { initParams, modelSpecFor, paramLayout, type ModelSpec } from '../engine/model';
import { quantPlan, quantSegmentsForLayout } from '../engine/ops/quantize';
import { setupRun } from '../engine/run';
import { MAX_EDGES, MAX_NODES, countLevels, fairShares, networkView, networkTransfers, strongest, type NetworkInputs } from './networkView';
import { CURVE_POINTS, PICTURE_SIDE } from './networkPictures';

const toy = (extra: Partial<RunConfig> = {}) => setupRun(validateConfig({ dataset: 'spiral', samples: 200, ...extra }).config);

function inputs(run: ReturnType<typeof toy>, extra: Partial<NetworkInputs> = {}): NetworkInputs {
  const { spec, layout, params, grid, gridRows } = run.init;
  return { spec, layout, params, mask: null, bits: spec.layers.map(() => 32), baseSpec: spec, pictures: { grid, rows: gridRows, size: run.gridSize }, ...extra };
}

/** A dense model of the given widths with the seed's weights, no pictures. */
function dense(widths: number[]): NetworkInputs {
  const spec: ModelSpec = modelSpecFor({ hidden: widths.slice(1, -1), activation: 'relu' }, { inputDim: widths[0], outputDim: widths[widths.length - 1] });
  const layout = paramLayout(spec);
  return { spec, layout, params: initParams(spec, layout, 3), mask: null, bits: spec.layers.map(() => 32), baseSpec: spec, pictures: null };
}

const edgeCount = (v: ReturnType<typeof networkView>) => v.edges.reduce((a, e) => a + e.weight.length, 0);

describe('network view of a toy net', () => {
  it('draws every neuron and weight of 2 → 16 → 16 → 2, strongest first, with 16×16 activation pictures', () => {
    const run = toy();
    const v = networkView(inputs(run));
    expect(v.layers.map((L) => [L.name, L.width, L.index.length])).toEqual([['Input', 2, 2], ['Hidden 1', 16, 16], ['Hidden 2', 16, 16], ['Output', 2, 2]]);
    expect(v.edges.map((e) => [e.from, e.to, e.weight.length])).toEqual([[0, 1, 32], [1, 2, 256], [2, 3, 32]]);
    expect(v.weights).toBe(320);
    expect(v.prunedShare).toBe(0);
    const { W } = run.init.layout.layers[1];
    for (const e of v.edges) {
      for (let i = 1; i < e.weight.length; i++) expect(Math.abs(e.weight[i])).toBeLessThanOrEqual(Math.abs(e.weight[i - 1]));
    }
    // each edge's weight is W[to, from] of its ends
    const e = v.edges[1];
    for (let i = 0; i < e.weight.length; i++) expect(e.weight[i]).toBe(run.init.params[W.offset + e.dst[i] * 16 + e.src[i]]);
    expect(e.maxAbs).toBe(Math.max(...Array.from(run.init.params.subarray(W.offset, W.offset + W.size), Math.abs)));
    for (const L of v.layers) {
      const p = L.picture!;
      expect(p.kind).toBe('image');
      if (p.kind !== 'image') continue;
      expect([p.of, p.width, p.height, p.pixels.length, p.lo.length]).toEqual(['activation', PICTURE_SIDE, PICTURE_SIDE, L.index.length * PICTURE_SIDE * PICTURE_SIDE, L.index.length]);
      expect(Array.from(L.activity).every((a) => Number.isFinite(a) && a >= 0)).toBe(true);
    }
    // the input's pictures are x (left to right) and y (top to bottom)
    const x = v.layers[0].picture!;
    if (x.kind === 'image') {
      expect(x.pixels[0]).toBe(0);
      expect(x.pixels[PICTURE_SIDE - 1]).toBe(255);
      expect(x.pixels[PICTURE_SIDE * PICTURE_SIDE]).toBe(255); // y's first pixel: the top row
    }
    expect(Array.from(v.layers[0].bias).every(Number.isNaN)).toBe(true);
    expect(v.layers[1].bias[3]).toBe(run.init.params[run.init.layout.layers[0].b.offset + 3]);
  });

  it('a wide toy net gets smaller pictures (the forward pass behind them stays cheap)', () => {
    const v = networkView(inputs(toy({ hidden: [256, 100] })));
    const p = v.layers[1].picture!;
    expect(p.kind === 'image' && [p.width, p.height]).toEqual([12, 12]); // √(4e6 / 26,312) = 12.3
    expect(v.layers[1].index.length).toBe(MAX_NODES);
  });

  it('1-D regression: each neuron draws a curve of its activation along x', () => {
    const v = networkView(inputs(toy({ dataset: 'sine', hidden: [8] })));
    const p = v.layers[1].picture!;
    expect(p.kind).toBe('curve');
    if (p.kind === 'curve') expect([p.points, p.values.length]).toEqual([CURVE_POINTS, 8 * CURVE_POINTS]);
  });

  it('pruned weights are left out and counted; a neuron with every incoming weight pruned is flagged', () => {
    const run = toy();
    const { layout } = run.init;
    const mask = new Float32Array(layout.totalFloats).fill(1);
    const W0 = layout.layers[0].W, W1 = layout.layers[1].W;
    mask[W0.offset + 5 * 2] = mask[W0.offset + 5 * 2 + 1] = 0; // hidden-1 neuron 5: both incoming weights
    for (let i = 0; i < W1.size; i++) if ((Math.floor(i / 16) + i) % 2 === 0) mask[W1.offset + i] = 0; // a checkerboard: half of the middle matrix
    const params = run.init.params.map((w, i) => (mask[i] === 0 ? 0 : w));
    const v = networkView(inputs(run, { params, mask }));
    expect(v.layers[1].pruned[5]).toBe(1);
    expect(Array.from(v.layers[1].pruned).reduce((a, b) => a + b, 0)).toBe(1);
    expect([v.layers[1].prunedWeights, v.layers[2].prunedWeights]).toEqual([2, 128]);
    expect(v.edges.map((e) => e.weight.length)).toEqual([30, 128, 32]);
    expect(v.prunedShare).toBeCloseTo(130 / 320, 12);
    for (let i = 0; i < v.edges[1].weight.length; i++) expect(mask[W1.offset + v.edges[1].dst[i] * 16 + v.edges[1].src[i]]).toBe(1);
  });

  it('after neuron pruning: the widths now, as built, and the removed weights in the pruned share', () => {
    const built = toy().init.spec;
    const now = toy({ hidden: [12, 10] });
    const v = networkView(inputs(now, { baseSpec: built }));
    expect(v.layers.map((L) => [L.width, L.builtWidth])).toEqual([[2, 2], [12, 16], [10, 16], [2, 2]]);
    expect(v.builtWeights).toBe(320);
    expect(v.weights).toBe(2 * 12 + 12 * 10 + 10 * 2);
    expect(v.prunedShare).toBeCloseTo(1 - 164 / 320, 12);
  });

  it('quantized layers: the distinct weight values, per tensor and per neuron', () => {
    const run = toy();
    const { layout } = run.init;
    const bits = [4, 32, 2];
    const perTensor = quantizedParams(run.init.params, quantPlan(quantSegmentsForLayout(layout, bits, 'symmetric', false)));
    const v = networkView(inputs(run, { params: perTensor, bits }));
    expect(v.layers.map((L) => L.bits)).toEqual([32, 4, 32, 2]);
    expect(v.layers[1].levels).toBeGreaterThan(2);
    expect(v.layers[1].levels).toBeLessThanOrEqual(15); // narrow symmetric 4-bit: −7..7
    expect(v.layers[3].levels).toBeLessThanOrEqual(3);
    expect(v.layers[2].levels).toBeNull(); // float
    const W = layout.layers[0].W;
    expect(v.layers[1].levels).toBe(new Set(perTensor.subarray(W.offset, W.offset + W.size)).size);
    const perChannel = quantizedParams(run.init.params, quantPlan(quantSegmentsForLayout(layout, bits, 'symmetric', true)));
    const c = networkView(inputs(run, { params: perChannel, bits }));
    expect(c.layers[1].levelsPerNeuron).toBeLessThanOrEqual(2); // a neuron of layer 1 has 2 incoming weights
    expect(c.layers[2].levelsPerNeuron).toBeNull();
    expect(countLevels(Float32Array.from([1, 1, 2, 3, 3, 3]), 0, 2, 3)).toEqual({ levels: 3, perRow: 2 });
  });
});

describe('network view of wide models (sampling)', () => {
  it('LeNet-300-100: a collapsed input, 32 neurons per wide layer, 28×28 receptive fields, at most 2,000 edges', () => {
    const inp = dense([784, 300, 100, 10]);
    const v = networkView(inp);
    expect(v.layers.map((L) => [L.width, L.index.length, L.collapsed])).toEqual([[784, 0, true], [300, MAX_NODES, false], [100, MAX_NODES, false], [10, 10, false]]);
    expect(v.weights).toBe(266_200);
    const fields = v.layers[1].picture!;
    expect(fields.kind === 'image' && [fields.of, fields.width, fields.height, fields.pixels.length]).toEqual(['weights', 28, 28, MAX_NODES * 784]);
    expect(v.layers[2].picture).toBeNull();
    expect(v.edges.map((e) => [e.from, e.to])).toEqual([[1, 2], [2, 3]]); // the first layer's weights are its pictures
    expect(edgeCount(v)).toBeLessThanOrEqual(MAX_EDGES);
    expect(v.edges.map((e) => e.weight.length)).toEqual([MAX_NODES * MAX_NODES, MAX_NODES * 10]);
    expect(Array.from(v.layers[2].activity).every(Number.isNaN)).toBe(true);
  });

  it('shows the strongest neurons, in index order, and shares the edge budget fairly', () => {
    const inp = dense([2, 200, 200, 40, 40, 2]);
    const { W } = inp.layout.layers[0];
    inp.params[W.offset + 150 * 2] = 50; // neuron 150 of layer 1 gets a huge incoming weight
    const v = networkView(inp);
    const shown = Array.from(v.layers[1].index);
    expect(shown).toContain(150);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    // candidates between drawn neurons: 64, 1024, 1024, 1024, 64 (3,200) for a budget of 2,000
    expect(v.edges.map((e) => e.weight.length)).toEqual([64, 624, 624, 624, 64]);
    expect(edgeCount(v)).toBe(MAX_EDGES);
    const middle = v.edges[1];
    for (let i = 1; i < middle.weight.length; i++) expect(Math.abs(middle.weight[i])).toBeLessThanOrEqual(Math.abs(middle.weight[i - 1]));
    expect(networkTransfers(v).length).toBe(6 * 4 + 5 * 3);
  });

  it('helpers: strongest k, fair shares', () => {
    expect(Array.from(strongest(Float64Array.from([1, 5, 3, 5, 0]), 3))).toEqual([1, 2, 3]);
    expect(Array.from(strongest(Float64Array.from([1, 2]), 5))).toEqual([0, 1]);
    expect(fairShares([10, 5000, 3000], 2000)).toEqual([10, 995, 995]);
    expect(fairShares([0, 100, 50], 2000)).toEqual([0, 100, 50]);
    expect(fairShares([7, 7, 7], 10)).toEqual([4, 3, 3]);
  });
});

describe('network view: frozen layers and a teacher', () => {
  const flags = (v: ReturnType<typeof networkView>) => v.layers.map((L) => L.frozen === true);

  it('frozenLayers k flags the layers whose incoming weights are frozen, as training reads it (the head always trains)', () => {
    const run = toy();
    expect(flags(networkView(inputs(run, { frozenLayers: 1 })))).toEqual([false, true, false, false]);
    expect(flags(networkView(inputs(run, { frozenLayers: 2 })))).toEqual([false, true, true, false]);
    expect(flags(networkView(inputs(run, { frozenLayers: 3 })))).toEqual([false, true, true, false]); // transferGroups: the head trains
    const plain = networkView(inputs(run));
    expect(plain.layers.some((L) => 'frozen' in L || 'model' in L)).toBe(false);
    expect(networkView(inputs(run, { frozenLayers: 0 })).layers.some((L) => L.frozen)).toBe(false);
  });

  it('a teacher adds its layers after the student’s, fed by the shared input, in the same columns, outputs side by side', () => {
    const run = toy();
    const t = dense([2, 64, 64, 64, 2]);
    const v = networkView(inputs(run, { teacher: { spec: t.spec, params: t.params, name: 'Teacher 2-64-64-64-2' }, frozenLayers: 1 }));
    expect(v.layers.map((L) => [L.name, L.model, L.column, L.width])).toEqual([
      ['Input', undefined, 0, 2],
      ['Hidden 1', 'student', 1, 16],
      ['Hidden 2', 'student', 2, 16],
      ['Output', 'student', 4, 2],
      ['Teacher hidden 1', 'teacher', 1, 64],
      ['Teacher hidden 2', 'teacher', 2, 64],
      ['Teacher hidden 3', 'teacher', 3, 64],
      ['Teacher output', 'teacher', 4, 2],
    ]);
    expect(flags(v)).toEqual([false, true, false, false, false, false, false, false]); // the teacher is not drawn hatched
    expect(v.edges.map((e) => [e.from, e.to])).toEqual([[0, 1], [1, 2], [2, 3], [0, 4], [4, 5], [5, 6], [6, 7]]);
    // each column's MAX_NODES is shared fairly: the student's 16 and the teacher's 16 strongest of 64
    expect(v.layers.map((L) => L.index.length)).toEqual([2, 16, 16, 2, 16, 16, 32, 2]);
    for (const col of new Set(v.layers.map((L) => L.column))) {
      expect(v.layers.filter((L) => L.column === col).reduce((a, L) => a + L.index.length, 0)).toBeLessThanOrEqual(MAX_NODES);
    }
    expect(edgeCount(v)).toBeLessThanOrEqual(MAX_EDGES);
    // the input → teacher edges are the teacher's first matrix
    const e = v.edges[3], W = t.layout.layers[0].W;
    for (let i = 0; i < e.weight.length; i++) expect(e.weight[i]).toBe(t.params[W.offset + v.layers[4].index[e.dst[i]] * 2 + e.src[i]]);
    // the teacher gets its own pictures; its bits are float; the totals are the student's
    expect(v.layers[4].picture?.kind).toBe('image');
    expect(v.layers.slice(4).every((L) => L.bits === 32 && L.levels === null && L.prunedWeights === 0)).toBe(true);
    expect([v.weights, v.builtWeights, v.prunedShare]).toEqual([320, 320, 0]);
    expect(networkTransfers(v).length).toBe(8 * (4 + 3) + 7 * 3); // per layer: 4 arrays and an image picture’s 3
  });

  it('student and teacher share MAX_EDGES fairly; a wide MNIST teacher shows its receptive fields too', () => {
    const widths = [2, 40, 40, 40, 40, 40, 40, 2];
    const s = dense(widths), t = dense(widths);
    t.params = initParams(t.spec, t.layout, 9);
    const v = networkView({ ...s, teacher: { spec: t.spec, params: t.params, name: 't' } });
    expect(edgeCount(v)).toBe(MAX_EDGES);
    // 2 · (32 + 5 · 256 + 32) = 2,688 candidates: the ten 16×16 bundles share the 1,872 the small ones leave
    const sizes = v.edges.map((e) => e.weight.length);
    expect(sizes).toEqual([32, 188, 188, 187, 187, 187, 32, 32, 187, 187, 187, 187, 187, 32]);
    const wide = dense([784, 300, 100, 10]);
    const big = dense([784, 1200, 1200, 10]);
    const m = networkView({ ...wide, teacher: { spec: big.spec, params: big.params, name: 'big' } });
    expect(m.layers.map((L) => [L.name, L.index.length, L.collapsed])).toEqual([
      ['Input', 0, true],
      ['Hidden 1', 16, false],
      ['Hidden 2', 16, false],
      ['Output', 10, false],
      ['Teacher hidden 1', 16, false],
      ['Teacher hidden 2', 16, false],
      ['Teacher output', 10, false],
    ]);
    const fields = m.layers[4].picture;
    expect(fields?.kind === 'image' && [fields.of, fields.width]).toEqual(['weights', 28]);
    expect(m.edges.map((e) => [e.from, e.to])).toEqual([[1, 2], [2, 3], [4, 5], [5, 6]]);
    expect(m.weights).toBe(266_200);
  });

  it('a teacher that does not take the student’s inputs, or whose weights do not fit, is left out', () => {
    const run = toy();
    const t = dense([3, 8, 2]);
    expect(networkView(inputs(run, { teacher: { spec: t.spec, params: t.params, name: 'x' } })).layers).toHaveLength(4);
    const u = dense([2, 8, 2]);
    expect(networkView(inputs(run, { teacher: { spec: u.spec, params: u.params.subarray(0, 10), name: 'x' } })).layers).toHaveLength(4);
  });
});
