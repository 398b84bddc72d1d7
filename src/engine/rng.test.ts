import { describe, expect, it } from 'vitest';
import { createRng, shuffle } from './rng';

const take = (seed: number, n: number) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    expect(take(42, 1000)).toEqual(take(42, 1000));
    const a = createRng(7), b = createRng(7);
    for (let i = 0; i < 100; i++) {
      expect(a.normal()).toBe(b.normal());
      expect(a.int(1000)).toBe(b.int(1000));
    }
  });

  it('gives different sequences for different seeds (0, neighbours, the largest seed)', () => {
    const seqs = [0, 1, 2, 3, 1000, 2147483647].map((s) => take(s, 20).join(','));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Neighbouring seeds should not produce shifted copies of each other.
    const a = take(1, 50), b = take(2, 50);
    expect(a.filter((v) => b.includes(v)).length).toBeLessThan(3);
  });

  it('uniforms lie in [0, 1) with mean ≈ 0.5 and variance ≈ 1/12', () => {
    const xs = take(123, 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    // sd of the mean: sqrt(1/12/20000) ≈ 0.002; allow 5 sd.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(v - 1 / 12)).toBeLessThan(0.004);
    // Rough uniformity: each decile holds 10% ± 1.5%.
    const deciles = new Array(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)]++;
    for (const c of deciles) expect(Math.abs(c / xs.length - 0.1)).toBeLessThan(0.015);
  });

  it('normals have mean ≈ 0, sd ≈ 1 and ~68% within one sd', () => {
    const r = createRng(2024);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    expect(xs.every(Number.isFinite)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.04); // 5 × 1/sqrt(20000)
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    const within1 = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
    expect(within1).toBeGreaterThan(0.66);
    expect(within1).toBeLessThan(0.70);
    // Symmetric.
    const positive = xs.filter((x) => x > 0).length / xs.length;
    expect(Math.abs(positive - 0.5)).toBeLessThan(0.02);
  });

  it('int(n) covers 0..n-1 and nothing else', () => {
    const r = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const k = r.int(7);
      expect(Number.isInteger(k)).toBe(true);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(7);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });
});

describe('shuffle', () => {
  it('is a permutation, in place, and deterministic per seed', () => {
    const n = 1000;
    const a = Uint32Array.from({ length: n }, (_, i) => i);
    const out = shuffle(a, createRng(3));
    expect(out).toBe(a);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    // Actually moved things.
    let fixed = 0;
    a.forEach((v, i) => (fixed += v === i ? 1 : 0));
    expect(fixed).toBeLessThan(20);
    const b = shuffle(Uint32Array.from({ length: n }, (_, i) => i), createRng(3));
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = shuffle(Uint32Array.from({ length: n }, (_, i) => i), createRng(4));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('handles empty and single-element arrays and plain number arrays', () => {
    expect(Array.from(shuffle(new Uint32Array(0), createRng(1)))).toEqual([]);
    expect(Array.from(shuffle(Uint32Array.of(9), createRng(1)))).toEqual([9]);
    expect(shuffle([5, 6, 7], createRng(1)).sort()).toEqual([5, 6, 7]);
  });

  it('puts every element in every position about equally often (n = 4)', () => {
    const r = createRng(11);
    const counts = Array.from({ length: 4 }, () => new Array(4).fill(0));
    const trials = 8000;
    for (let t = 0; t < trials; t++) {
      const a = shuffle([0, 1, 2, 3], r);
      a.forEach((v, pos) => counts[v][pos]++);
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c / trials - 0.25)).toBeLessThan(0.03);
  });
});
