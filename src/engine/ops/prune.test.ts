/**
 * Magnitude pruning, structured scores and neuron removal against values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { paramLayout, type ModelSpec } from '../model';
import { forward } from '../network';
import { removeNeurons, shrinkParamArray } from '../removeNeurons';
import { absBits, activityScores, magnitudePrune, maskedSparsity, pruneCount, pruneGroups, rowBlocks, rowNorms, strongestNeurons } from './prune';

const f32 = (xs: number[]) => Float32Array.from(xs);
const ones = (n: number) => new Float32Array(n).fill(1);

describe('magnitude pruning', () => {
  it('prunes exactly k = round(amount·m) with ties broken by the lower flat index first', () => {
    // |w| = 0.1 at indices 1, 2, 4, 5 (four ties); amount 0.4 of 7 → round(2.8) = 3 → indices 1, 2, 4
    const w = f32([0.5, -0.1, 0.1, 0.3, 0.1, -0.1, 0.9]);
    const r = magnitudePrune(w, ones(7), pruneGroups([{ offset: 0, size: 7 }], 0.4, 'layer'));
    expect(Array.from(r.mask)).toEqual([1, 0, 0, 1, 0, 1, 1]);
    expect(Array.from(r.weights)).toEqual(Array.from(f32([0.5, 0, 0, 0.3, 0, -0.1, 0.9])));
    expect(r.info).toEqual([{ live: 7, k: 3, thresholdBits: absBits(0.1), ties: 3 }]);
    expect(Object.is(r.weights[1], 0)).toBe(true); // +0, not −0
  });

  it('rounds k half to even in float32 (Python round, as torch)', () => {
    expect(pruneCount(0.5, 'remaining', 5, 5)).toBe(2); // 2.5 → 2
    expect(pruneCount(0.5, 'remaining', 7, 7)).toBe(4); // 3.5 → 4
    expect(pruneCount(1, 'remaining', 7, 9)).toBe(7);
    expect(pruneCount(0.5, 'target', 8, 10)).toBe(3); // 5 − 2 already pruned
    expect(pruneCount(0.1, 'target', 8, 10)).toBe(0); // target below the current sparsity
  });

  it('counts only entries not already pruned, and zeroes the weights of pruned ones', () => {
    // live: indices 0, 2, 3, 4, 6, 7 (m = 6); amount 0.5 → k = 3: |w| 0.2 (4), 0.3 (7), 0.4 (2)
    const w = f32([0.9, 0.01, 0.4, 0.8, 0.2, 0.02, 0.7, 0.3]);
    const mask = f32([1, 0, 1, 1, 1, 0, 1, 1]);
    const r = magnitudePrune(w, mask, pruneGroups([{ offset: 0, size: 8 }], 0.5, 'layer'));
    expect(Array.from(r.mask)).toEqual([1, 0, 0, 1, 0, 0, 1, 0]);
    expect(r.weights[1]).toBe(0);
    expect(r.weights[5]).toBe(0);
    expect(r.info[0]).toMatchObject({ live: 6, k: 3 });
    expect(Array.from(mask)).toEqual([1, 0, 1, 1, 1, 0, 1, 1]); // inputs untouched
  });

  it('global and per-layer pruning differ: one k over the union of the layers', () => {
    const w = new Float32Array(128);
    w.set([1, 2, 3, 4], 0);
    w.set([10, 20, 30, 40], 64);
    const segs = [{ offset: 0, size: 4 }, { offset: 64, size: 4 }];
    const layer = magnitudePrune(w, ones(128), pruneGroups(segs, 0.5, 'layer'));
    const global = magnitudePrune(w, ones(128), pruneGroups(segs, 0.5, 'global'));
    expect([...layer.mask.subarray(0, 4), ...layer.mask.subarray(64, 68)]).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    expect([...global.mask.subarray(0, 4), ...global.mask.subarray(64, 68)]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(global.info).toEqual([{ live: 8, k: 4, thresholdBits: absBits(4), ties: 1 }]);
    expect(global.mask[10]).toBe(1); // padding outside the segments is left alone
  });

  it('global ties across layers go to the lower flat index; ±0 are equal keys', () => {
    const w = new Float32Array(70);
    w.set([0.5, -0, 0.5], 0);
    w.set([0, 0.5, 0.5], 64);
    const r = magnitudePrune(w, ones(70), pruneGroups([{ offset: 64, size: 3 }, { offset: 0, size: 3 }], 0.5, 'global'));
    // order: −0 (1), 0 (64), then 0.5 at 0, 2, 65, 66 → k = 3 prunes 1, 64, 0
    expect([...r.mask.subarray(0, 3), ...r.mask.subarray(64, 67)]).toEqual([0, 0, 1, 0, 1, 1]);
  });

  it('amount 0 prunes nothing, amount 1 prunes every live entry; groups must be in offset order', () => {
    const w = f32([3, 1, 2]);
    expect(Array.from(magnitudePrune(w, ones(3), pruneGroups([{ offset: 0, size: 3 }], 0, 'layer')).mask)).toEqual([1, 1, 1]);
    expect(Array.from(magnitudePrune(w, ones(3), pruneGroups([{ offset: 0, size: 3 }], 1, 'layer')).mask)).toEqual([0, 0, 0]);
    expect(() => magnitudePrune(w, ones(3), [{ segments: [{ offset: 2, size: 1 }, { offset: 0, size: 1 }], amount: 0.5, rule: 'remaining' }])).toThrow(/ascending/);
    expect(() => magnitudePrune(w, ones(3), pruneGroups([{ offset: 0, size: 3 }], 1.5, 'layer'))).toThrow(/\[0, 1\]/);
  });

  it('maskedSparsity is the pruned fraction over the segments', () => {
    const mask = f32([0, 1, 1, 0, 9, 9, 0, 1]);
    expect(maskedSparsity(mask, [{ offset: 0, size: 4 }, { offset: 6, size: 2 }])).toBe(0.5);
    expect(maskedSparsity(mask, [])).toBe(0);
  });
});

describe('structured scores', () => {
  it('row L2 norms rank the neurons (torch ln_structured, dim 0)', () => {
    // W [3, 2] = [[3, 4], [1, 0], [0, −2]] → ‖rows‖ = 5, 1, 2; the second layer's W [1, 3] = [[2, 0, 0]]
    const spec: ModelSpec = { inputDim: 2, layers: [{ inDim: 2, outDim: 3, activation: 'relu' }, { inDim: 3, outDim: 1, activation: 'linear' }] };
    const layout = paramLayout(spec);
    const p = new Float32Array(layout.totalFloats);
    p.set([3, 4, 1, 0, 0, -2], layout.layers[0].W.offset);
    p.set([2, 0, 0], layout.layers[1].W.offset);
    const blocks = rowBlocks(layout, [0, 1]);
    expect(blocks).toEqual([{ offset: 0, rows: 3, cols: 2, out: 0 }, { offset: layout.layers[1].W.offset, rows: 1, cols: 3, out: 3 }]);
    expect(Array.from(rowNorms(p, blocks))).toEqual([5, 1, 2, 2]);
    expect(strongestNeurons([5, 1, 2], 2)).toEqual([0, 2]);
  });

  it('strongestNeurons removes the lower index first among equal scores', () => {
    expect(strongestNeurons([1, 1, 2], 2)).toEqual([1, 2]);
    expect(strongestNeurons([3, 3, 3, 3], 1)).toEqual([3]);
    expect(strongestNeurons([0.5, 0.2], 5)).toEqual([0, 1]);
  });

  it('activity = mean |activation| per column', () => {
    // A [2, 3] = [[1, −2, 0], [3, 2, −0.5]] → (1 + 3)/2, (2 + 2)/2, (0 + 0.5)/2
    expect(Array.from(activityScores(f32([1, -2, 0, 3, 2, -0.5]), 2, 3))).toEqual([2, 2, 0.25]);
  });
});

describe('removeNeurons', () => {
  const spec: ModelSpec = {
    inputDim: 3,
    layers: [
      { inDim: 3, outDim: 5, activation: 'sigmoid' },
      { inDim: 5, outDim: 4, activation: 'tanh' },
      { inDim: 4, outDim: 2, activation: 'linear' },
    ],
  };
  const layout = paramLayout(spec);
  const params = Float32Array.from({ length: layout.totalFloats }, (_, i) => Math.sin(i * 1.7) * 0.8);
  const X = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.cos(i * 0.9));

  it('keeps the chosen rows, their biases and the next layer’s matching columns', () => {
    const r = removeNeurons(spec, layout, params, 0, [4, 0, 2]);
    expect(r.spec.layers.map((L) => [L.inDim, L.outDim])).toEqual([[3, 3], [3, 4], [4, 2]]);
    expect(r.layout.layers[0].W.shape).toEqual([3, 3]);
    expect(r.layout.layers[1].W.shape).toEqual([4, 3]);
    const W1 = layout.layers[0].W.offset, nW1 = r.layout.layers[0].W.offset;
    expect(Array.from(r.params.subarray(nW1 + 3, nW1 + 6))).toEqual(Array.from(params.subarray(W1 + 6, W1 + 9))); // row 2
    expect(r.params[r.layout.layers[0].b.offset + 2]).toBe(params[layout.layers[0].b.offset + 4]);
    const W2 = layout.layers[1].W.offset, nW2 = r.layout.layers[1].W.offset;
    expect(Array.from(r.params.subarray(nW2 + 3, nW2 + 6))).toEqual([params[W2 + 5], params[W2 + 7], params[W2 + 9]]); // row 1, columns 0 2 4
  });

  for (const layer of [0, 1]) {
    it(`the shrunk model computes exactly what the masked original computes (layer ${layer})`, () => {
      const keep = layer === 0 ? [1, 3] : [0, 2, 3];
      const masked = params.slice();
      const { W, b } = layout.layers[layer];
      const next = layout.layers[layer + 1].W;
      const [out, inDim] = W.shape;
      for (let j = 0; j < out; j++) {
        if (keep.includes(j)) continue;
        masked.fill(0, W.offset + j * inDim, W.offset + (j + 1) * inDim);
        masked[b.offset + j] = 0;
        for (let r = 0; r < next.shape[0]; r++) masked[next.offset + r * next.shape[1] + j] = 0;
      }
      const r = removeNeurons(spec, layout, params, layer, keep);
      const a = forward(spec, layout, masked, X, 4);
      const s = forward(r.spec, r.layout, r.params, X, 4);
      expect(Array.from(s[3])).toEqual(Array.from(a[3]));
      expect(s[layer + 1].length).toBe(4 * keep.length);
    });
  }

  it('shrinks a mask the same way, and refuses the output layer, empty or out-of-range keeps', () => {
    const r = removeNeurons(spec, layout, params, 1, [3, 1]);
    const mask = new Float32Array(layout.totalFloats).fill(1);
    mask[layout.layers[1].W.offset + 3 * 5 + 2] = 0; // row 3, column 2
    const m = shrinkParamArray(layout, r.layout, mask, 1, [1, 3]);
    expect(m[r.layout.layers[1].W.offset + 1 * 5 + 2]).toBe(0);
    expect(m.reduce((a, v) => a + v, 0)).toBe(r.layout.count - 1);
    expect(() => removeNeurons(spec, layout, params, 2, [0])).toThrow(/hidden/);
    expect(() => removeNeurons(spec, layout, params, 0, [])).toThrow(/at least one/);
    expect(() => removeNeurons(spec, layout, params, 0, [5])).toThrow(/\[0, 5\)/);
  });
});
