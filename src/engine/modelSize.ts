/**
 * Model size in bytes (REFERENCE.md "Quantization", Deep Compression's accounting), per layer and total.
 *  float32: 4 bytes per weight and bias.
 *  dense:   ceil(bits·n/8) for the weights + 4 bytes per scale (one per tensor or per output row) + 1 byte
 *           per zero point (affine, 2..8 bits); a 32-bit layer is float32. 1 bit stores only the sign, so a
 *           pruned zero is not representable densely: its sparse size is the one to read.
 *  sparse:  (when the non-zero pattern is given) the weights stored as non-zero values of `bits` bits plus
 *           an index, whichever is smaller of
 *             relative: each entry stores the gap to the previous one in p bits (gap 1..2^p, p from 1 to 8,
 *                       the best p is reported); a gap over 2^p costs padding entries (a stored zero), as
 *                       in Deep Compression: entries = nnz + Σ (ceil(gap/2^p) − 1), bits = entries·(bits + p);
 *             bitmap:   one bit per weight + nnz·bits.
 *           Scales and zero points as dense.
 *  Biases are float32 in every variant.
 */
import type { ModelSpec, ParamLayout } from './model';
import type { QuantScheme } from './ops/quantize';

export type SparseEncoding = { kind: 'relative'; indexBits: number; entries: number } | { kind: 'bitmap' };

export interface SizeOptions {
  /** Bit width per layer: 1..8, or 32 for float. */
  bits: number[];
  scheme: QuantScheme;
  perChannel: boolean;
  /** An array in the parameter layout whose zero entries are pruned (the mask, or the pruned weights). */
  nonzero?: Float32Array;
}

export interface LayerSize {
  layer: number;
  weights: number;
  nonzeros: number;
  bits: number;
  float32: number;
  dense: number;
  sparse: number | null;
  encoding: SparseEncoding | null;
  /** min(dense, sparse). */
  best: number;
}

export interface ModelSize {
  layers: LayerSize[];
  total: { float32: number; dense: number; sparse: number | null; best: number };
}

/** Smallest sparse index encoding, in bits (values included), for the non-zero positions of one tensor. */
export function sparseBits(positions: number[], n: number, valueBits: number): { bits: number; encoding: SparseEncoding } {
  let best: { bits: number; encoding: SparseEncoding } = { bits: n + positions.length * valueBits, encoding: { kind: 'bitmap' } };
  for (let p = 1; p <= 8; p++) {
    const span = 2 ** p;
    let entries = 0, prev = -1;
    for (const pos of positions) {
      entries += Math.ceil((pos - prev) / span);
      prev = pos;
    }
    const bits = entries * (valueBits + p);
    if (bits < best.bits) best = { bits, encoding: { kind: 'relative', indexBits: p, entries } };
  }
  return best;
}

export function modelSize(spec: ModelSpec, layout: ParamLayout, opts: SizeOptions): ModelSize {
  const layers = spec.layers.map((L, l): LayerSize => {
    const { W } = layout.layers[l];
    const n = W.size;
    const bits = opts.bits[l] ?? 32;
    if (!(Number.isInteger(bits) && ((bits >= 1 && bits <= 8) || bits === 32))) throw new Error(`bit width must be 1..8 or 32 (float), got ${bits}`);
    const biases = 4 * L.outDim;
    const channels = opts.perChannel ? L.outDim : 1;
    const side = bits === 32 ? 0 : 4 * channels + (opts.scheme === 'affine' && bits > 1 ? channels : 0);
    const float32 = 4 * n + biases;
    const dense = Math.ceil((bits * n) / 8) + side + biases;
    let sparse: number | null = null, encoding: SparseEncoding | null = null, nonzeros = n;
    if (opts.nonzero) {
      const positions: number[] = [];
      for (let i = 0; i < n; i++) if (opts.nonzero[W.offset + i] !== 0) positions.push(i);
      nonzeros = positions.length;
      const s = sparseBits(positions, n, bits);
      sparse = Math.ceil(s.bits / 8) + side + biases;
      encoding = s.encoding;
    }
    return { layer: l, weights: n, nonzeros, bits, float32, dense, sparse, encoding, best: Math.min(dense, sparse ?? dense) };
  });
  const sum = (f: (x: LayerSize) => number) => layers.reduce((a, x) => a + f(x), 0);
  return {
    layers,
    total: { float32: sum((x) => x.float32), dense: sum((x) => x.dense), sparse: opts.nonzero ? sum((x) => x.sparse ?? 0) : null, best: sum((x) => x.best) },
  };
}
