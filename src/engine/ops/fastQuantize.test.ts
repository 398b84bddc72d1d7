/**
 * The fast quantization loops give exactly the reference twins' bits (ops/quantize.ts), for every bit
 * width, scheme and granularity, on odd shapes with pruned zeros, exact half-levels and values outside
 * the range the scales came from.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { fastSteGradient, fakeQuantizeInto, roundHalfEvenFast } from './fastQuantize';
import { computeQParams, fakeQuantize, quantPlan, roundHalfEven, steGradient, type QuantScheme, type QuantSegment } from './quantize';

const bits32 = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

function allocation(seed: number) {
  const rng = createRng(seed);
  // two tensors at aligned offsets with padding between and after them: [7, 13] at 0 and [5, 3] at 128
  const x = new Float32Array(160);
  for (let i = 0; i < 91; i++) x[i] = rng.normal() * (i % 17 === 0 ? 0 : 0.7);
  for (let i = 128; i < 143; i++) x[i] = rng.normal() * 2;
  x[96] = 5; // padding, outside every segment
  x[3] = -0; // a negative zero
  return x;
}

const segments = (bits: number, scheme: QuantScheme, perChannel: boolean): QuantSegment[] => [
  { offset: 0, rows: 7, cols: 13, bits, scheme, perChannel },
  { offset: 128, rows: 5, cols: 3, bits: bits === 32 ? 32 : Math.max(1, bits - 1), scheme, perChannel },
  { offset: 144, rows: 1, cols: 5, bits: 32, scheme, perChannel: false },
];

describe('fast fake quantization and STE', () => {
  it('roundHalfEvenFast equals roundHalfEven (halves to even, negatives, large values; −0 gives +0)', () => {
    const rng = createRng(9);
    const xs = [0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 127.5, -128.5, 0.49999997, -0.49999997, 3.4999998, 1e7 + 0.5, -1e7 - 0.5, 2 ** 40 + 0.5];
    for (let i = 0; i < 2000; i++) xs.push(Math.fround((rng.next() - 0.5) * 300), Math.round((rng.next() - 0.5) * 600) / 2);
    for (const x of xs) expect(roundHalfEvenFast(x) + 0).toBe(roundHalfEven(x) + 0);
    expect(xs.filter((x) => x - Math.floor(x) === 0.5).length).toBeGreaterThan(500);
    expect(Object.is(roundHalfEvenFast(-0) + 0, roundHalfEven(-0) + 0)).toBe(true);
  });

  const cases = [1, 2, 3, 4, 5, 6, 7, 8, 32].flatMap((b) => (['symmetric', 'affine'] as const).flatMap((scheme) => [false, true].map((pc) => [b, scheme, pc] as const)));
  it.each(cases)('%i bits, %s, per channel %s: bit-identical to fakeQuantize and steGradient', (bits, scheme, perChannel) => {
    for (const seed of [1, 2, 3]) {
      const x = allocation(seed);
      const plan = quantPlan(segments(bits, scheme, perChannel));
      const qp = computeQParams(x, plan);
      // Values at exact half-levels of the first channel's scale, and beyond its range (later weights).
      const s0 = qp[0];
      if (bits !== 32) {
        x[5] = Math.fround(2.5 * s0);
        x[6] = Math.fround(-1.5 * s0);
      }
      const ref = fakeQuantize(x, plan, qp);
      const fast = fakeQuantizeInto(x, plan, qp, new Float32Array(x.length));
      expect(bits32(fast)).toEqual(bits32(ref));
      // Entries outside the segments are left as they are in `out`.
      const out = x.slice();
      fakeQuantizeInto(x, plan, qp, out);
      expect(out[96]).toBe(5);
      // A gradient with the masters moved past the scales' range after they were taken.
      const moved = x.map((v, i) => (i % 5 === 0 ? v * 4 : v));
      const g = Float32Array.from(x, (_, i) => (i % 3) - 1 + 0.25);
      expect(bits32(fastSteGradient(moved, g, plan, qp))).toEqual(bits32(steGradient(moved, g, plan, qp)));
      if (bits !== 32 && bits !== 1) expect(fastSteGradient(moved, g, plan, qp).filter((v, i) => v === 0 && g[i] !== 0).length).toBeGreaterThan(0);
    }
  });
});
