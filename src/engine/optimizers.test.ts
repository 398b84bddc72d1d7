/**
 * The optimizer CPU twin (float32 storage) against the independent float64 reference written from
 * REFERENCE.md (optimizerReference.ts), over many steps and every variant, plus numbers worked out by hand.
 *
 * Tolerance of twin vs reference: |twin − ref| ≤ 1e-6·|ref| + 2e-6·max|ref| over the array. The twin
 * stores θ and the state in float32 (one rounding ≈ 6e-8 relative per operation, a few per step, over
 * 30 steps), so its error is a few 1e-7 of the array's scale; an element that passes near 0 (m, ḡ, θ
 * crossing zero) has no meaningful relative error, hence the scale term.
 */
import { describe, expect, it } from 'vitest';
import { referenceRun, referenceScalarStep, emptyScalarState } from './optimizerReference';
import {
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_UNIFORM_BYTES,
  OPTIMIZERS,
  U,
  optimizerHyper,
  optimizerStep,
  optimizerUniforms,
  optimizerVariant,
  regularizationPenalty,
  stateSlots,
  type OptimizerHyper,
  type OptimizerName,
} from './optimizers';
import { createRng } from './rng';

const RTOL = 1e-6;
const SCALE_TOL = 2e-6;
const STEPS = 30;

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  expect(actual.length, what).toBe(expected.length);
  const scale = maxAbs(expected);
  expect(scale, `${what}: not all zeros`).toBeGreaterThan(0);
  let worst = 0, at = -1;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (RTOL * Math.abs(expected[i]) + SCALE_TOL * scale);
    if (!(excess <= worst)) { worst = Number.isNaN(excess) ? Infinity : excess; at = i; }
  }
  expect(at, `${what}: index ${at} twin ${actual[at]} reference ${expected[at]}`).toBe(-1);
}

/** θ₀: magnitudes in [0.25, 1.25] with random signs, θ₀[3] = 0 exactly. */
function initialParams(n: number, seed: number): Float32Array {
  const r = createRng(seed);
  const p = Float32Array.from({ length: n }, () => (r.next() < 0.5 ? -1 : 1) * (0.25 + r.next()));
  if (n > 3) p[3] = 0;
  return p;
}

/** The gradient of step t: uniform in [−1, 1), with g[2] = 0 on every step. */
function gradientSequence(n: number, seed: number): (t: number) => Float32Array {
  const cache = new Map<number, Float32Array>();
  return (t) => {
    let g = cache.get(t);
    if (!g) {
      const r = createRng(seed * 7919 + t);
      g = Float32Array.from({ length: n }, () => r.next() * 2 - 1);
      if (n > 2) g[2] = 0;
      cache.set(t, g);
    }
    return g;
  };
}

function runTwin(h: OptimizerHyper | ((t: number) => OptimizerHyper), theta0: Float32Array, grads: (t: number) => Float32Array, steps: number, mask?: Float32Array) {
  const h1 = typeof h === 'function' ? h(1) : h;
  const params = theta0.slice();
  const states = Array.from({ length: stateSlots(h1) }, () => new Float32Array(theta0.length));
  for (let t = 1; t <= steps; t++) optimizerStep(params, grads(t), states, typeof h === 'function' ? h(t) : h, t, mask);
  return { params, states };
}

function checkAgainstReference(h: OptimizerHyper, what: string, n = 9, steps = STEPS) {
  const theta0 = initialParams(n, n + 1), grads = gradientSequence(n, 5);
  const twin = runTwin(h, theta0, grads, steps);
  const ref = referenceRun(theta0, grads, h, steps);
  expectNear(twin.params, ref.params, `${what} params`);
  expect(twin.states.length, what).toBe(ref.states.length);
  twin.states.forEach((s, k) => expectNear(s, ref.states[k], `${what} state${k}`));
  // the run moved the parameters (the comparison was not trivially between two unchanged vectors)
  expect(maxAbs(ref.params.map((v, i) => v - theta0[i])), `${what} moved`).toBeGreaterThan(1e-4);
}

const VARIANTS: Array<[OptimizerName, Partial<OptimizerHyper>]> = [
  ['sgd', {}],
  ['sgd', { regularization: 'l2', regularizationRate: 0.3 }],
  ['sgd', { regularization: 'l1', regularizationRate: 0.05 }],
  ['momentum', {}],
  ['momentum', { nesterov: true }],
  ['momentum', { dampening: 0.3 }],
  ['momentum', { nesterov: true, dampening: 0.5, regularization: 'l2', regularizationRate: 0.1 }],
  ['momentum', { momentum: 0.5, regularization: 'l1', regularizationRate: 0.02 }],
  ['rmsprop', {}],
  ['rmsprop', { centered: true }],
  ['rmsprop', { centered: true, regularization: 'l1', regularizationRate: 0.01 }],
  ['rmsprop', { epsilon: 0.1, beta2: 0.9 }],
  ['adagrad', {}],
  ['adagrad', { regularization: 'l2', regularizationRate: 0.5 }],
  ['adagrad', { epsilon: 0.5 }],
  ['adam', {}],
  ['adam', { regularization: 'l2', regularizationRate: 0.1 }],
  ['adam', { epsilon: 0.05, beta1: 0.5, beta2: 0.9, learningRate: 0.05 }],
  ['adamw', {}],
  ['adamw', { weightDecay: 5, learningRate: 0.02 }],
  ['adamw', { weightDecay: 0.1, regularization: 'l1', regularizationRate: 0.01 }],
];

describe('CPU twin against the float64 reference', () => {
  for (const [opt, over] of VARIANTS) {
    it(`${opt} ${JSON.stringify(over)} over ${STEPS} steps`, () => checkAgainstReference(optimizerHyper(opt, over), `${opt} ${JSON.stringify(over)}`));
  }

  it('every step count from 1 to 25 (first momentum step, Adam bias corrections at t = 1, 2, 3, …)', () => {
    for (const opt of OPTIMIZERS) {
      const h = optimizerHyper(opt, opt === 'momentum' ? { dampening: 0.4 } : opt === 'adam' ? { epsilon: 0.01 } : {});
      for (let steps = 1; steps <= 25; steps++) checkAgainstReference(h, `${opt} after ${steps} steps`, 5, steps);
    }
  });

  it('a learning rate that changes every step (a schedule) is used as given', () => {
    for (const opt of OPTIMIZERS) {
      const hAt = (t: number) => optimizerHyper(opt, { learningRate: (OPTIMIZER_DEFAULTS[opt].learningRate ?? 0.1) * (1 + Math.cos(t)) });
      const theta0 = initialParams(11, 3), grads = gradientSequence(11, 8);
      const twin = runTwin(hAt, theta0, grads, 20);
      const ref = referenceRun(theta0, grads, hAt, 20);
      expectNear(twin.params, ref.params, `${opt} scheduled params`);
      twin.states.forEach((s, k) => expectNear(s, ref.states[k], `${opt} scheduled state${k}`));
    }
  });

  it('a mask keeps pruned weights and their state exactly 0, and the rest matches the reference', () => {
    const n = 40;
    const r = createRng(99);
    const mask = Float32Array.from({ length: n }, () => (r.next() < 0.35 ? 0 : 1));
    mask[0] = 0;
    mask[1] = 1;
    for (const [opt, over] of VARIANTS) {
      const h = optimizerHyper(opt, over);
      const what = `masked ${opt} ${JSON.stringify(over)}`;
      const theta0 = initialParams(n, 21), grads = gradientSequence(n, 4);
      const twin = runTwin(h, theta0, grads, 25, mask);
      const ref = referenceRun(theta0, grads, h, 25, mask);
      expectNear(twin.params, ref.params, `${what} params`);
      twin.states.forEach((s, k) => expectNear(s, ref.states[k], `${what} state${k}`));
      for (let i = 0; i < n; i++) {
        if (mask[i] !== 0) continue;
        expect(twin.params[i], `${what} θ[${i}]`).toBe(0); // toBe is Object.is: +0 exactly
        twin.states.forEach((s, k) => expect(s[i], `${what} state${k}[${i}]`).toBe(0));
      }
      expect(twin.params[1], `${what} kept weight moved`).not.toBe(theta0[1]);
    }
  });
});

describe('numbers worked out by hand', () => {
  const one = (h: OptimizerHyper, theta: number[], gs: number[][], mask?: number[]) => {
    const params = Float32Array.from(theta);
    const states = Array.from({ length: stateSlots(h) }, () => new Float32Array(theta.length));
    gs.forEach((g, k) => optimizerStep(params, Float32Array.from(g), states, h, k + 1, mask && Float32Array.from(mask)));
    return { params, states };
  };

  it('SGD: θ − lr·g; L2 adds λθ, L1 adds λ·sign(θ) with sign(0) = 0', () => {
    expect(one(optimizerHyper('sgd', { learningRate: 0.1 }), [1], [[0.5]]).params[0]).toBeCloseTo(0.95, 7);
    // L2 λ = 0.5: g = 0.5 + 0.5·1 = 1 → θ = 1 − 0.1 = 0.9
    expect(one(optimizerHyper('sgd', { learningRate: 0.1, regularization: 'l2', regularizationRate: 0.5 }), [1], [[0.5]]).params[0]).toBeCloseTo(0.9, 7);
    // L1 λ = 0.5: θ = −2 → g = 0 − 0.5 → θ = −2 + 0.05; θ = 0 → g = 0 → stays 0
    const l1 = one(optimizerHyper('sgd', { learningRate: 0.1, regularization: 'l1', regularizationRate: 0.5 }), [-2, 0, 3], [[0, 0, 0]]).params;
    expect(l1[0]).toBeCloseTo(-1.95, 6);
    expect(l1[1]).toBe(0);
    expect(l1[2]).toBeCloseTo(2.95, 6);
  });

  it('momentum: b₁ = g₁ (no dampening on the first step), then μb + (1−τ)g; Nesterov uses g + μb', () => {
    // τ = 0.5, μ = 0.9, lr = 0.1: g₁ = 2 → b₁ = 2, θ = 1 − 0.2 = 0.8; g₂ = 1 → b₂ = 1.8 + 0.5 = 2.3, θ = 0.8 − 0.23 = 0.57
    const plain = one(optimizerHyper('momentum', { learningRate: 0.1, dampening: 0.5 }), [1], [[2], [1]]);
    expect(plain.states[0][0]).toBeCloseTo(2.3, 6);
    expect(plain.params[0]).toBeCloseTo(0.57, 6);
    // Nesterov, τ = 0: step 1 d = 2 + 0.9·2 = 3.8 → θ = 0.62; step 2 b = 1.8 + 1 = 2.8, d = 1 + 2.52 = 3.52 → θ = 0.268
    const nest = one(optimizerHyper('momentum', { learningRate: 0.1, nesterov: true }), [1], [[2], [1]]);
    expect(nest.states[0][0]).toBeCloseTo(2.8, 6);
    expect(nest.params[0]).toBeCloseTo(0.268, 6);
  });

  it('Adam: the first step moves each weight by ≈ lr·sign(g); steps 2 and 3 use 1 − β^t', () => {
    const h = optimizerHyper('adam');
    const first = one(h, [0, 0, 0, 0], [[1, -3, 1e-3, 0]]).params;
    expect(first[0]).toBeCloseTo(-1e-3, 9);
    expect(first[1]).toBeCloseTo(1e-3, 9);
    expect(first[2]).toBeCloseTo(-1e-3 / (1 + 1e-5), 10); // |g| = 1e-3: ε = 1e-8 shows, lr·g/(|g| + ε)
    expect(first[3]).toBe(0);
    // g = 1, −1, 1 from θ = 0 (β₁ 0.9, β₂ 0.999):
    // t=1 m = 0.1, v = 0.001, m̂ = 1, v̂ = 1 → θ = −1e-3
    // t=2 m = −0.01, v = 0.001999, m̂ = −0.01/0.19, v̂ = 1 → θ = −1e-3 + 1e-3·0.0526316 = −9.473684e-4
    // t=3 m = 0.091, v = 0.002997001, m̂ = 0.091/0.271, v̂ = 1 → θ = −9.473684e-4 − 3.357934e-4 = −1.2831618e-3
    const three = one(h, [0], [[1], [-1], [1]]);
    expect(three.params[0]).toBeCloseTo(-1.2831618e-3, 9);
    expect(three.states[0][0]).toBeCloseTo(0.091, 7);
    expect(three.states[1][0]).toBeCloseTo(0.002997001, 9);
  });

  it('AdamW decays θ by lr·wd·θ apart from the gradient; Adam with L2 puts λθ through the Adam step', () => {
    // g = 0: Adam's step is 0 (m = 0), AdamW only decays: 2 − 1e-3·1e-2·2 = 1.99998
    expect(one(optimizerHyper('adamw'), [2], [[0]]).params[0]).toBeCloseTo(1.99998, 6);
    expect(one(optimizerHyper('adam'), [2], [[0]]).params[0]).toBe(2);
    // Adam + L2 (λ = 1e-2): g = 0.02 → a full first step of ≈ lr: 2 − 1e-3
    expect(one(optimizerHyper('adam', { regularization: 'l2', regularizationRate: 1e-2 }), [2], [[0]]).params[0]).toBeCloseTo(1.999, 6);
  });

  it('RMSprop and Adagrad first steps; centered RMSprop divides by √(v − ḡ²)', () => {
    // v = 0.01·g² → θ −= 1e-2·g/(0.1|g|) = 0.1·sign(g)
    expect(one(optimizerHyper('rmsprop'), [0.5], [[4]]).params[0]).toBeCloseTo(0.4, 6);
    // centered: v − ḡ² = 0.01g² − 1e-4g² = 0.0099g² → θ −= 1e-2/√0.0099 = 0.10050378
    expect(one(optimizerHyper('rmsprop', { centered: true }), [0.5], [[-4]]).params[0]).toBeCloseTo(0.60050378, 6);
    // Adagrad: s = g² → θ −= lr·sign(g); then s = 16 + 9 = 25 → θ −= 1e-2·3/5
    const ada = one(optimizerHyper('adagrad'), [0.5], [[4], [3]]);
    expect(ada.params[0]).toBeCloseTo(0.5 - 0.01 - 0.006, 7);
    expect(ada.states[0][0]).toBe(25);
  });

  it('ε sits outside the root (RMSprop, Adagrad) and after bias correction (Adam)', () => {
    // Adagrad ε = 1: θ −= 1·2/(2 + 1) (inside the root would give 2/√5)
    expect(one(optimizerHyper('adagrad', { learningRate: 1, epsilon: 1 }), [0], [[2]]).params[0]).toBeCloseTo(-2 / 3, 6);
    // Adam ε = 1, g = 2: m̂ = 2, v̂ = 4 → θ −= lr·2/(2 + 1) (before bias correction it would be different)
    expect(one(optimizerHyper('adam', { learningRate: 1, epsilon: 1 }), [0], [[2]]).params[0]).toBeCloseTo(-2 / 3, 6);
  });

  it('a mask zeroes the weight and its state even where they were not 0', () => {
    const h = optimizerHyper('adam');
    const params = Float32Array.from([1, 1]);
    const states = [Float32Array.from([0.5, 0.5]), Float32Array.from([0.5, 0.5])];
    optimizerStep(params, Float32Array.from([1, 1]), states, h, 3, Float32Array.from([0, 1]));
    expect([params[0], states[0][0], states[1][0]]).toEqual([0, 0, 0]);
    expect(params[1]).not.toBe(1);
    expect(states[0][1]).toBeCloseTo(0.55, 6);
  });

  it('the independent reference agrees with the hand-worked Adam numbers too', () => {
    const st = emptyScalarState(), h = optimizerHyper('adam');
    let theta = 0;
    [1, -1, 1].forEach((g, k) => (theta = referenceScalarStep(theta, g, st, h, k + 1)));
    expect(theta).toBeCloseTo(-1.2831618e-3, 10);
  });
});

describe('uniforms, state slots, defaults, penalty', () => {
  it('the uniform block holds the float32 constants and float64-derived bias corrections', () => {
    const h = optimizerHyper('adam', { dampening: 0.25, weightDecay: 0.5, regularization: 'l2', regularizationRate: 0.125 });
    expect(OPTIMIZER_UNIFORM_BYTES).toBe(64);
    const u1 = optimizerUniforms(h, 1, 77);
    expect(u1.words.length * 4).toBe(OPTIMIZER_UNIFORM_BYTES);
    expect(u1.words[U.n]).toBe(77);
    expect(u1.words[U.firstStep]).toBe(1);
    expect(u1.firstStep).toBe(true);
    expect(u1.floats[U.lr]).toBe(Math.fround(1e-3));
    expect(u1.floats[U.oneMinusDampening]).toBe(0.75);
    expect(u1.floats[U.oneMinusBeta1]).toBe(Math.fround(1 - 0.9));
    expect(u1.floats[U.oneMinusBeta2]).toBe(Math.fround(1 - 0.999));
    expect(u1.floats[U.weightDecay]).toBe(0.5);
    expect(u1.floats[U.regRate]).toBe(0.125);
    for (const [t, b1, b2] of [[1, 0.1, 0.001], [2, 0.19, 0.001999], [3, 0.271, 0.002997001]]) {
      const u = optimizerUniforms(h, t);
      expect(u.bc1).toBeCloseTo(b1, 14);
      expect(u.bc2).toBeCloseTo(b2, 14);
      expect(u.floats[U.bc1]).toBe(Math.fround(u.bc1));
      expect(u.floats[U.bc2]).toBe(Math.fround(u.bc2));
      expect(u.words[U.firstStep]).toBe(t === 1 ? 1 : 0);
    }
    expect(optimizerUniforms({ ...h, regularization: 'none' }, 1).floats[U.regRate]).toBe(0);
    expect(() => optimizerUniforms(h, 0)).toThrow();
    expect(() => optimizerUniforms(h, 1.5)).toThrow();
  });

  it('state slots and kernel variants', () => {
    expect(OPTIMIZERS.map((o) => stateSlots(o))).toEqual([0, 1, 1, 1, 2, 2]);
    expect(stateSlots(optimizerHyper('rmsprop', { centered: true }))).toBe(2);
    expect(stateSlots(optimizerHyper('adagrad', { centered: true }))).toBe(1);
    expect(optimizerVariant(optimizerHyper('adamw', { regularization: 'l1', nesterov: true, centered: true }))).toEqual({ OPT: 5, REG: 1, NESTEROV: false, CENTERED: false });
    expect(optimizerVariant(optimizerHyper('momentum', { regularization: 'l2', nesterov: true }))).toEqual({ OPT: 1, REG: 2, NESTEROV: true, CENTERED: false });
  });

  it('defaults follow REFERENCE.md', () => {
    expect(optimizerHyper('rmsprop')).toMatchObject({ learningRate: 1e-2, beta2: 0.99, epsilon: 1e-8, centered: false });
    expect(optimizerHyper('adagrad')).toMatchObject({ learningRate: 1e-2, epsilon: 1e-10 });
    expect(optimizerHyper('adam')).toMatchObject({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    expect(optimizerHyper('adamw')).toMatchObject({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2 });
    expect(optimizerHyper('momentum')).toMatchObject({ momentum: 0.9, dampening: 0, nesterov: false });
    expect(optimizerHyper('adam', { learningRate: 0.5 }).learningRate).toBe(0.5);
  });

  it('regularization penalty: λΣθ²/2, λΣ|θ|, 0', () => {
    const p = Float32Array.from([1, -2, 3]);
    expect(regularizationPenalty(p, { regularization: 'l2', regularizationRate: 0.1 })).toBeCloseTo(0.7, 12);
    expect(regularizationPenalty(p, { regularization: 'l1', regularizationRate: 0.1 })).toBeCloseTo(0.6, 12);
    expect(regularizationPenalty(p, { regularization: 'none', regularizationRate: 0.1 })).toBe(0);
  });
});
