/**
 * Model size accounting (float32, quantized dense, sparse with the smaller index encoding), by hand.
 */
import { describe, expect, it } from 'vitest';
import { paramLayout, type ModelSpec } from './model';
import { modelSize, sparseBits } from './modelSize';

// W1 [3, 4] (12 weights) + b1 [3]; W2 [2, 3] (6 weights) + b2 [2]
const spec: ModelSpec = { inputDim: 4, layers: [{ inDim: 4, outDim: 3, activation: 'relu' }, { inDim: 3, outDim: 2, activation: 'linear' }] };
const layout = paramLayout(spec);

describe('modelSize', () => {
  it('float32 and dense quantized sizes, per layer and total', () => {
    // 8-bit symmetric per tensor: W1 12 bytes + 1 scale (4) + biases 12 = 28; layer 2 stays float: 24 + 8
    const s = modelSize(spec, layout, { bits: [8, 32], scheme: 'symmetric', perChannel: false });
    expect(s.layers.map((l) => [l.float32, l.dense])).toEqual([[60, 28], [32, 32]]);
    expect(s.total).toEqual({ float32: 92, dense: 60, sparse: null, best: 60 });
    // 4-bit affine per channel: W1 ceil(48/8) = 6 + 3 scales (12) + 3 zero points (3) + 12 = 33;
    // 3-bit: W2 ceil(18/8) = 3 + 2·4 + 2 + 8 = 21
    const a = modelSize(spec, layout, { bits: [4, 3], scheme: 'affine', perChannel: true });
    expect(a.layers.map((l) => l.dense)).toEqual([33, 21]);
    // 1 bit: 12 bits → 2 bytes + one scale, no zero point even when affine
    expect(modelSize(spec, layout, { bits: [1, 32], scheme: 'affine', perChannel: false }).layers[0].dense).toBe(2 + 4 + 12);
  });

  it('sparse: relative indices with padding entries when the gaps are long', () => {
    // W1 non-zeros at 0 and 11, 8-bit values: gaps 1 and 11. p = 4 (span 16): 2 entries × 12 bits = 24;
    // p = 3 (span 8): 1 + 2 = 3 entries × 11 = 33; bitmap 12 + 16 = 28 → relative, 4-bit, 3 bytes
    const nz = new Float32Array(layout.totalFloats);
    nz[0] = 1;
    nz[11] = 1;
    nz.fill(1, layout.layers[1].W.offset, layout.layers[1].W.offset + 6);
    const s = modelSize(spec, layout, { bits: [8, 8], scheme: 'symmetric', perChannel: false, nonzero: nz });
    expect(s.layers[0]).toMatchObject({ nonzeros: 2, encoding: { kind: 'relative', indexBits: 4, entries: 2 }, sparse: 3 + 4 + 12 });
    expect(s.layers[0].best).toBe(19);
    // layer 2 dense: 6 bytes + 4 + 8 = 18; all six non-zero: relative p = 1, 6 entries × 9 bits = 54 → 7 bytes
    expect(s.layers[1]).toMatchObject({ nonzeros: 6, dense: 18, sparse: 7 + 4 + 8, best: 18 });
    expect(s.total).toEqual({ float32: 92, dense: 28 + 18, sparse: 19 + 19, best: 19 + 18 });
  });

  it('sparse: a bitmap when the non-zeros are clustered with short gaps', () => {
    // positions 0, 1, 2, 3, 8 of 12, 8-bit: bitmap 12 + 40 = 52 bits; relative p = 3: 5 entries × 11 = 55,
    // p = 2: 4 + 2 = 6 entries × 10 = 60, p = 1: 4 + 3 = 7 entries × 9 = 63
    expect(sparseBits([0, 1, 2, 3, 8], 12, 8)).toEqual({ bits: 52, encoding: { kind: 'bitmap' } });
    expect(sparseBits([], 12, 8)).toEqual({ bits: 0, encoding: { kind: 'relative', indexBits: 1, entries: 0 } });
  });

  it('refuses bit widths other than 1..8 and 32', () => {
    expect(() => modelSize(spec, layout, { bits: [16, 8], scheme: 'symmetric', perChannel: false })).toThrow(/1\.\.8 or 32/);
  });
});
