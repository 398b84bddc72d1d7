/**
 * Counter-based random numbers for data augmentation (REFERENCE.md "Strategies": drawn from the run's
 * seeded generator). Every draw is a pure function of (seed, step, row slot, purpose), so one seed gives
 * one run, a checkpoint needs no generator state, and the GPU (shaders/augment.wgsl) recomputes the
 * per-pixel noise bit for bit: the integer hash below is the same 32-bit arithmetic in both languages.
 *
 *   pcg(v)                = PCG-RXS-M-XS 32-bit output permutation (O'Neill 2014; Jarzynski & Olano 2020)
 *   rowKey(seed,step,slot) = pcg(pcg(pcg(seed) ^ step) ^ slot)
 *   draw(key, purpose)     = pcg(key ^ purpose)
 *   uniform(h)            = (h >> 8) · 2⁻²⁴ ∈ [0, 1), exact in float32
 */

/** PCG's 32-bit output permutation: a bijection on u32 with good avalanche. */
export function pcg(v: number): number {
  const s = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const w = Math.imul(((s >>> ((s >>> 28) + 4)) ^ s) >>> 0, 277803737) >>> 0;
  return ((w >>> 22) ^ w) >>> 0;
}

/** The key of one row slot of one step's batch. */
export function rowKey(seed: number, step: number, slot: number): number {
  return pcg((pcg((pcg(seed >>> 0) ^ (step >>> 0)) >>> 0) ^ (slot >>> 0)) >>> 0);
}

/** Draw number `purpose` of a row: a u32. */
export function draw(key: number, purpose: number): number {
  return pcg((key ^ purpose) >>> 0);
}

/** A u32 hash as a uniform in [0, 1): its top 24 bits, exact in float32. */
export function uniform(h: number): number {
  return (h >>> 8) / 16777216;
}

/**
 * Pixel noise: a standard normal for input element `d` of a row (Box–Muller on draws 2d and 2d + 1),
 * z = √(−2 ln(1 − u₁)) · cos(2π u₂). The WGSL twin computes it in float32.
 */
export function pixelNormal(key: number, d: number): number {
  const u1 = uniform(draw(key, 2 * d));
  const u2 = uniform(draw(key, 2 * d + 1));
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A stream of uniforms from purpose `base` upwards (base, base + 1, …), for the per-sample draws that
 * need a variable number of them (rejection sampling). Purposes of per-sample draws carry the top bit,
 * so they never meet a pixel's (2d, 2d + 1 < 2³¹).
 */
export function stream(key: number, base: number): { next(): number; normal(): number } {
  let k = base >>> 0;
  const next = () => uniform(draw(key, k++ >>> 0));
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/**
 * ln of a Gamma(α, 1) draw (Marsaglia & Tsang 2000; for α < 1, Gamma(α + 1) · U^(1/α)), in logs so tiny
 * α (λ near 0 or 1) does not underflow.
 */
export function logGamma(alpha: number, s: { next(): number; normal(): number }): number {
  if (alpha < 1) return logGamma(alpha + 1, s) + Math.log(1 - s.next()) / alpha;
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = s.normal();
    const v = 1 + c * z;
    if (v <= 0) continue;
    const v3 = v * v * v;
    const u = 1 - s.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v3 + d * Math.log(v3)) return Math.log(d) + Math.log(v3);
  }
}

/** λ ~ Beta(a, a) = G₁ / (G₁ + G₂), G ~ Gamma(a, 1), as 1 / (1 + e^(ln G₂ − ln G₁)); a > 0. */
export function betaSymmetric(a: number, s: { next(): number; normal(): number }): number {
  const g1 = logGamma(a, s);
  const g2 = logGamma(a, s);
  return 1 / (1 + Math.exp(g2 - g1));
}
