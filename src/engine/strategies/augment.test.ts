/** The augmentation draws: one seed gives one run, and their statistics are what the settings say. */
import { describe, expect, it } from 'vitest';
import { defaultConfig, validateConfig, configFromHash, configToHash } from '../config';
import { augmentActive, augmentApplies, augmentDraws, augmentSettings, type AugmentSettings } from './augment';
import { pcg, pixelNormal, rowKey } from './augmentHash';

const MNIST: AugmentSettings = { seed: 7, step: 3, image: { width: 28, height: 28 }, shift: 2, rotation: 15, noise: 0.3, mixup: 0.4 };
const batch = (n: number) => Uint32Array.from({ length: n }, (_, i) => (i * 37) % 1000);

describe('augmentHash', () => {
  it('pcg is the 32-bit PCG output permutation (reference values computed in 64-bit arithmetic)', () => {
    const ref = (v: number) => {
      const s = (BigInt(v) * 747796405n + 2891336453n) & 0xffffffffn;
      const w = (((s >> ((s >> 28n) + 4n)) ^ s) * 277803737n) & 0xffffffffn;
      return Number((w >> 22n) ^ w);
    };
    for (const v of [0, 1, 2, 12345, 0x7fffffff, 0x80000000, 0xffffffff]) expect(pcg(v)).toBe(ref(v));
  });

  it('pixel noise has mean ≈ 0 and sd ≈ 1', () => {
    let sum = 0, sq = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const z = pixelNormal(rowKey(1, Math.floor(i / 784), 0), i % 784);
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.sqrt(sq / n - (sum / n) ** 2)).toBeCloseTo(1, 1);
  });
});

describe('augmentDraws', () => {
  it('is a function of (seed, step, slot): the same settings give the same draws, another step or seed others', () => {
    const a = augmentDraws(MNIST, batch(33));
    expect(augmentDraws(MNIST, batch(33))).toEqual(a);
    expect(augmentDraws({ ...MNIST, step: 4 }, batch(33)).dx).not.toEqual(a.dx);
    expect(augmentDraws({ ...MNIST, seed: 8 }, batch(33)).lambda).not.toEqual(a.lambda);
  });

  it('shifts lie in ±k and reach both ends; angles in ±d; partners in the batch; λ in [0, 1]', () => {
    const d = augmentDraws({ ...MNIST, step: 11 }, batch(2000));
    const dx = Array.from(d.dx), dy = Array.from(d.dy);
    expect(Math.min(...dx)).toBe(-2);
    expect(Math.max(...dx)).toBe(2);
    expect(Math.min(...dy)).toBe(-2);
    expect(Math.max(...dy)).toBe(2);
    for (let v = -2; v <= 2; v++) expect(dx.filter((x) => x === v).length).toBeGreaterThan(300); // ~400 each
    expect(Math.max(...Array.from(d.angle, Math.abs))).toBeLessThanOrEqual(15);
    expect(Math.max(...Array.from(d.angle, Math.abs))).toBeGreaterThan(14.5);
    expect(Math.max(...d.partner)).toBeLessThan(2000);
    for (const l of d.lambda) expect(l >= 0 && l <= 1).toBe(true);
  });

  it('λ ~ Beta(a, a): mean ½ and variance 1/(4(2a + 1))', () => {
    for (const a of [0.2, 1]) {
      const d = augmentDraws({ ...MNIST, mixup: a }, batch(20000));
      const l = Array.from(d.lambda);
      const mean = l.reduce((s, x) => s + x, 0) / l.length;
      const variance = l.reduce((s, x) => s + (x - mean) ** 2, 0) / l.length;
      expect(mean).toBeCloseTo(0.5, 1);
      expect(variance).toBeCloseTo(1 / (4 * (2 * a + 1)), 2);
    }
  });

  it('without mixup λ = 1 and each slot is its own partner; without geometry no shift or turn', () => {
    const d = augmentDraws({ ...MNIST, mixup: 0, shift: 0, rotation: 0 }, batch(7));
    expect(Array.from(d.lambda)).toEqual(new Array(7).fill(1));
    expect(Array.from(d.partner)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(d.dx)).toEqual(new Array(7).fill(0));
    expect(Array.from(d.cos)).toEqual(new Array(7).fill(1));
  });
});

describe('augmentation settings from the config', () => {
  it('are fields of the one table: validated, clamped, and in the link', () => {
    const { config, corrections } = validateConfig({ ...defaultConfig(), dataset: 'mnist', augShift: 9, augRotation: -3, augMixup: 0.2 });
    expect(config.augShift).toBe(4);
    expect(config.augRotation).toBe(0);
    expect(corrections.map((c) => c.field)).toEqual(expect.arrayContaining(['augShift', 'augRotation']));
    expect(configFromHash(configToHash(config)).config).toEqual(config);
  });

  it('settings that do not fit the data count as 0, and say why', () => {
    const c = { ...defaultConfig(), augShift: 2, augRotation: 10, augNoise: 0.2, augJitter: 0.1, augMixup: 0.3 };
    const spiral = augmentSettings({ ...c, dataset: 'spiral' }, 5);
    expect(spiral).toMatchObject({ image: null, shift: 0, rotation: 0, noise: 0.1, mixup: 0.3, step: 5 });
    const mnist = augmentSettings({ ...c, dataset: 'mnist' }, 5);
    expect(mnist).toMatchObject({ image: { width: 28, height: 28 }, shift: 2, rotation: 10, noise: 0.2, mixup: 0.3 });
    expect(augmentApplies('augShift', 'spiral')).toMatchObject({ applies: false, reason: expect.stringContaining('MNIST') });
    expect(augmentApplies('augJitter', 'mnist').applies).toBe(false);
    expect(augmentActive(augmentSettings(defaultConfig(), 0))).toBe(false);
  });
});
