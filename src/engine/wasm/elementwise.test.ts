/**
 * The WebAssembly elementwise kernels against their TypeScript twins (elementwise.ts): bit for bit where the
 * kernel promises it (every optimizer variant, masks, fake quantization, the STE, scales, the activation
 * backward), within a stated tolerance for the loss. Odd lengths (1, 3, 5, 17, 1031), arena views and
 * plain arrays (staged), several steps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createArena, type Arena } from './arena';
import { createElementwiseKernels, type ElementwiseKernels } from './elementwise';
import { createRng } from '../rng';
import { OPTIMIZERS, optimizerHyper, optimizerStep, stateSlots, type OptimizerHyper, type OptimizerName } from '../optimizers';

const SIZES = [1, 3, 5, 17, 1031];
let arena: Arena;
let k: ElementwiseKernels;
beforeAll(async () => {
  arena = createArena();
  k = await createElementwiseKernels(arena);
});

/** Seeded normal-ish values with some exact zeros, ±0 and ties mixed in. */
function values(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * scale;
  if (n > 2) { out[1] = 0; out[n - 1] = -0; }
  return out;
}

/** An arena view holding a copy of `a`. */
function inArena(a: Float32Array): Float32Array {
  const v = arena.f32(arena.alloc(a.length));
  v.set(a);
  return v;
}

/** Index of the first entry whose bits differ (NaNs count as equal), or -1. */
function firstDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length), ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}
const expectBits = (got: Float32Array, want: Float32Array, what: string) => {
  const i = firstDiff(got, want);
  expect(i, `${what}: entry ${i} got ${got[i]} want ${want[i]}`).toBe(-1);
};

const VARIANTS: Array<[OptimizerName, Partial<OptimizerHyper>]> = [
  ...OPTIMIZERS.map((o) => [o, {}] as [OptimizerName, Partial<OptimizerHyper>]),
  ['momentum', { nesterov: true }],
  ['momentum', { dampening: 0.3 }],
  ['momentum', { nesterov: true, dampening: 0.1 }],
  ['rmsprop', { centered: true }],
];
const REGS: Array<Partial<OptimizerHyper>> = [{}, { regularization: 'l2', regularizationRate: 0.3 }, { regularization: 'l1', regularizationRate: 0.05 }];

describe('optimizerStep', () => {
  for (const [opt, extra] of VARIANTS) {
    for (const reg of REGS) {
      it(`${opt} ${JSON.stringify({ ...extra, ...reg })} is bit-identical to the twin over 6 steps`, () => {
        const h = optimizerHyper(opt, { ...extra, ...reg, learningRate: opt === 'sgd' || opt === 'momentum' ? 0.05 : 0.01 });
        const slots = stateSlots(h);
        for (const n of SIZES) {
          for (const [withMask, staged] of [[false, false], [true, false], [true, true]] as const) {
            const mark = arena.used();
            const p0 = values(n, n + 1);
            const mask = withMask ? Float32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? 0 : 1)) : undefined;
            const tw = { p: p0.slice(), s: [new Float32Array(n), new Float32Array(n)] };
            const wa = staged
              ? { p: p0.slice(), s: [new Float32Array(n), new Float32Array(n)] }
              : { p: inArena(p0), s: [inArena(new Float32Array(n)), inArena(new Float32Array(n))] };
            for (let t = 1; t <= 6; t++) {
              const g = values(n, 100 * n + t, 0.5);
              if (n > 4) g[3] = -0;
              optimizerStep(tw.p, g, tw.s, h, t, mask);
              const gw = staged ? g.slice() : inArena(g);
              k.optimizerStep(wa.p, gw, wa.s, h, t, mask && (staged ? mask : inArena(mask)));
              expectBits(gw, g, 'the gradient is read only');
              const what = `${opt} n=${n} t=${t}${withMask ? ' masked' : ''}${staged ? ' staged' : ''}`;
              expectBits(wa.p, tw.p, `${what} θ`);
              for (let s = 0; s < slots; s++) expectBits(wa.s[s], tw.s[s], `${what} state${s}`);
            }
            if (n > 1) expect(firstDiff(tw.p, p0), 'θ moved').toBeGreaterThanOrEqual(0);
            arena.reset(mark);
          }
        }
      });
    }
  }
});

/** cpuBackend.ts's applyMask (module-private there), restated for the comparison. */
function applyMaskTwin(mask: Float32Array, arrays: Float32Array[]): void {
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) for (const a of arrays) if (i < a.length) a[i] = 0;
}

describe('applyMask', () => {
  it('sets +0 where mask is 0 (also -0), leaves NaN-masked and longer tails alone, bit for bit', () => {
    for (const n of SIZES) {
      const mask = Float32Array.from({ length: n }, (_, i) => [1, 0, -0, NaN, 0.5][i % 5]);
      const arrays = [values(n, n), values(n + 6, n + 1), values(Math.max(1, n - 2), n + 2)];
      const want = arrays.map((a) => a.slice());
      applyMaskTwin(mask, want);
      for (const staged of [false, true]) {
        const mark = arena.used();
        const got = arrays.map((a) => (staged ? a.slice() : inArena(a)));
        k.applyMask(staged ? mask : inArena(mask), got);
        got.forEach((g, j) => expectBits(g, want[j], `n=${n} array ${j}${staged ? ' staged' : ''}`));
        if (n > 2) expect(Object.is(got[0][2], 0), '-0 mask gives +0').toBe(true);
        arena.reset(mark);
      }
    }
  });
});

import { computeQParams, quantPlan, type QuantSegment } from '../ops/quantize';
import { fakeQuantizeInto, fastSteGradient } from '../ops/fastQuantize';

/** A plan over odd shapes: every bit width class, both schemes, per tensor and per channel, a float segment. */
function plans(): Array<{ what: string; total: number; segments: QuantSegment[] }> {
  const out: Array<{ what: string; total: number; segments: QuantSegment[] }> = [];
  for (const scheme of ['symmetric', 'affine'] as const) {
    for (const perChannel of [false, true]) {
      const shapes: Array<[number, number, number]> = [[3, 5, 8], [1, 1, 4], [7, 17, 2], [5, 3, 1], [2, 33, 32], [1, 7, 6]];
      let offset = 1; // the first float is outside every segment
      const segments: QuantSegment[] = shapes.map(([rows, cols, bits]) => {
        const s = { offset, rows, cols, bits, scheme, perChannel };
        offset += rows * cols + 2; // two floats between segments, outside the plan
        return s;
      });
      out.push({ what: `${scheme}${perChannel ? ' per channel' : ''}`, total: offset + 1, segments });
    }
  }
  return out;
}

describe('fake quantization, STE and scales', () => {
  for (const { what, total, segments } of plans()) {
    it(`${what}: computeQParams, fakeQuantizeInto and steGradient are bit-identical to the twins`, () => {
      const plan = quantPlan(segments);
      for (const seed of [1, 2, 3]) {
        const x = values(total, seed * 7, 0.8);
        // ties: exact halves of a level and values landing on the clip bounds
        x[2] = 0.5; x[3] = -1.5; x[4] = 2.5;
        const grad = values(total, seed * 7 + 1, 0.3);
        const q = computeQParams(x, plan);
        for (const staged of [false, true]) {
          const mark = arena.used();
          const xa = staged ? x.slice() : inArena(x);
          const qw = k.computeQParams(xa, plan);
          expectBits(qw, q, `${what} qparams`);
          // scales from a narrower copy of x, so the outer entries clip and the STE blocks them
          const qt = computeQParams(x.map((v) => v * 0.6), plan);
          const outT = values(total, 99), outW = staged ? outT.slice() : inArena(outT);
          fakeQuantizeInto(x, plan, qt, outT);
          k.fakeQuantizeInto(xa, plan, qt, outW);
          expectBits(outW, outT, `${what} fake-quantized${staged ? ' staged' : ''}`);
          const steT = fastSteGradient(x, grad, plan, qt);
          const steW = k.steGradient(xa, staged ? grad : inArena(grad), plan, qt);
          expectBits(steW, steT, `${what} STE${staged ? ' staged' : ''}`);
          expect(steT.some((v, i) => v === 0 && grad[i] !== 0), 'some gradient is blocked').toBe(true);
          const into = new Float32Array(total);
          expect(k.steGradient(xa, grad, plan, qt, into)).toBe(into);
          expectBits(into, steT, `${what} STE into out`);
          arena.reset(mark);
        }
      }
    });
  }
  it('scales of channels holding only ±0, a NaN or an infinity match the twin bit for bit', () => {
    const rows = [[0, -0, 0, -0, -0], [-0, -0, -0, -0, -0], [1, NaN, -2, 0.5, 3], [1, -Infinity, 2, 0, 0.25], [0.1, 0.2, 0.3, 0.4, 0.5]];
    const x = Float32Array.from(rows.flat());
    for (const bits of [1, 4, 8]) {
      for (const scheme of ['symmetric', 'affine'] as const) {
        const plan = quantPlan([{ offset: 0, rows: 5, cols: 5, bits, scheme, perChannel: true }]);
        expectBits(k.computeQParams(inArena(x), plan), computeQParams(x, plan), `${bits}-bit ${scheme}`);
      }
    }
  });
  it('rounds exact halves to even (f32x4.nearest), as the twin does', () => {
    const plan = quantPlan([{ offset: 0, rows: 1, cols: 9, bits: 8, scheme: 'symmetric', perChannel: false }]);
    const x = Float32Array.from([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 126.5, 127]);
    const q = Float32Array.from([1, 0, 0, 0]);
    const want = fakeQuantizeInto(x, plan, q, new Float32Array(9));
    expect(Array.from(want)).toEqual([0, 2, 2, -0 + 0, -2, -2, 4, 126, 127]);
    expectBits(k.fakeQuantizeInto(inArena(x), plan, q, inArena(new Float32Array(9))), want, 'ties');
  });
});

import { lossAndGrad } from '../ops/loss';
import { activationBackward } from '../ops/activation';

describe('loss', () => {
  const shapes: Array<[number, number]> = [[1, 1], [3, 10], [5, 3], [17, 7], [1031, 10], [2, 33]];
  it('MSE: grad, rowLoss and loss are bit-identical (float64 in the twin order)', () => {
    for (const [M, C] of shapes) {
      const Z = values(M * C, M + C, 3), T = values(M * C, M * C + 5);
      const want = lossAndGrad(Z, T, M, C, 'mse');
      for (const staged of [false, true]) {
        const got = k.lossAndGrad(staged ? Z : inArena(Z), staged ? T : inArena(T), M, C, 'mse');
        expectBits(got.grad, want.grad, `mse ${M}×${C} grad`);
        expectBits(got.rowLoss, want.rowLoss, `mse ${M}×${C} rowLoss`);
        expect(got.loss).toBe(want.loss);
      }
    }
  });
  it('softmax cross-entropy: grad within 1e-6·(|g| + max|g|), loss within 1e-6 relative', () => {
    let worstG = 0, worstL = 0;
    for (const [M, C] of shapes) {
      for (const spread of [1, 8, 30]) {
        const Z = values(M * C, M * 3 + C + spread, spread);
        const T = new Float32Array(M * C);
        for (let m = 0; m < M; m++) T[m * C + ((m * 7) % C)] = 1;
        if (M === 3) { T.fill(0); T.set([0.2, 0.3, 0.5], 0); Z.fill(1000, C, 2 * C); } // soft targets, a flat row of 1000s
        const want = lossAndGrad(Z, T, M, C, 'crossentropy');
        const got = k.lossAndGrad(inArena(Z), inArena(T), M, C, 'crossentropy');
        const gmax = want.grad.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
        want.grad.forEach((w, i) => {
          const d = Math.abs(got.grad[i] - w), err = d === 0 ? 0 : d / (Math.abs(w) + gmax);
          worstG = Math.max(worstG, err);
          expect(err, `ce ${M}×${C} spread ${spread} grad[${i}] ${got.grad[i]} vs ${w}`).toBeLessThan(1e-6);
        });
        want.rowLoss.forEach((w, m) => expect(Math.abs(got.rowLoss[m] - w), `row ${m}`).toBeLessThanOrEqual(1e-6 * Math.abs(w) + 1e-12));
        if (got.loss !== want.loss) worstL = Math.max(worstL, Math.abs(got.loss - want.loss) / Math.abs(want.loss));
        expect(Math.abs(got.loss - want.loss), `ce ${M}×${C} loss`).toBeLessThanOrEqual(1e-6 * Math.abs(want.loss));
      }
    }
    console.log(`cross-entropy worst relative errors: grad ${worstG.toExponential(2)}, loss ${worstL.toExponential(2)}`);
  });
});

describe('activationBackward', () => {
  for (const act of ['relu', 'tanh', 'sigmoid', 'linear'] as const) {
    it(`${act}: bit-identical to the twin`, () => {
      for (const n of SIZES) {
        const dA = values(n, n + 3, 2);
        const A = act === 'sigmoid' ? values(n, n + 4).map((v) => (v + 1) / 2) : values(n, n + 4);
        if (n > 4) { A[2] = 0; A[3] = -0; dA[4] = -dA[4]; }
        const want = activationBackward(dA, A, act);
        expectBits(k.activationBackward(inArena(dA), inArena(A), act), want, `${act} n=${n}`);
        expectBits(k.activationBackward(dA, A, act), want, `${act} n=${n} staged`);
        const out = new Float32Array(n);
        expect(k.activationBackward(dA, A, act, out)).toBe(out);
        expectBits(out, want, `${act} n=${n} into out`);
      }
    });
  }
});

describe('a non-shared arena that grows during a call', () => {
  it('stages plain arrays through a growing memory and still matches the twins', async () => {
    const small = createArena(65536, false);
    const kk = await createElementwiseKernels(small);
    const n = 40_000; // 4 arrays of 160 kB: the 64 kB memory grows while staging
    const h = optimizerHyper('adam', { regularization: 'l1', regularizationRate: 0.01 });
    const p = values(n, 5), g = values(n, 6), mask = Float32Array.from({ length: n }, (_, i) => (i % 4 ? 1 : 0));
    const tw = { p: p.slice(), s: [new Float32Array(n), new Float32Array(n)] };
    const wa = { p: p.slice(), s: [new Float32Array(n), new Float32Array(n)] };
    for (let t = 1; t <= 3; t++) {
      optimizerStep(tw.p, g, tw.s, h, t, mask);
      kk.optimizerStep(wa.p, g, wa.s, h, t, mask);
    }
    expectBits(wa.p, tw.p, 'θ');
    expectBits(wa.s[1], tw.s[1], 'v');
    const want = lossAndGrad(values(n, 7), values(n, 8), n / 8, 8, 'mse');
    const got = kk.lossAndGrad(values(n, 7), values(n, 8), n / 8, 8, 'mse');
    expectBits(got.grad, want.grad, 'mse grad');
    expect(small.memory.buffer.byteLength).toBeGreaterThan(65536);
  });
});

import { distillLossAndGrad } from '../ops/distill';

describe('distillLossAndGrad', () => {
  it('matches the twin: grad within 1e-6·(|g| + max|g|), rows within 1e-6·(1 + αT²) relative + 1e-9, correct exactly', () => {
    let worstG = 0, worstL = 0;
    for (const [M, K] of [[1, 2], [7, 3], [65, 10], [300, 10], [5, 1]] as const) {
      for (const [T, alpha] of [[1, 0], [2.5, 0.5], [20, 0.9], [4, 1]] as const) {
        const Zs = values(M * K, M + K, 6), Zt = values(M * K, M * K + 1, 6), Y = new Float32Array(M * K);
        for (let m = 0; m < M; m++) Y[m * K + ((m * 5) % K)] = 1;
        if (M === 7) { Zs.fill(1000, 0, K); Zt.fill(-1000, K, 2 * K); Zt[K] = 1000; } // huge logits: a flat row, an underflowing teacher
        const want = distillLossAndGrad(Zs, Zt, Y, M, K, T, alpha);
        const got = k.distillLossAndGrad(inArena(Zs), Zt, Y, M, K, T, alpha);
        const what = `${M}×${K} T=${T} α=${alpha}`;
        const gmax = want.grad.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
        want.grad.forEach((w, i) => {
          const d = Math.abs(got.grad[i] - w), e = d === 0 ? 0 : d / (Math.abs(w) + gmax);
          worstG = Math.max(worstG, e);
          expect(e, `${what} grad[${i}] ${got.grad[i]} vs ${w}`).toBeLessThan(1e-6);
        });
        want.rowLoss.forEach((w, m) => {
          const d = Math.abs(got.rowLoss[m] - w);
          // the soft term's T² multiplies the float32 exp's rounding in KL (as on the GPU, e2e/kernels/distill.spec.ts)
          const amp = 1 + alpha * T * T;
          worstL = Math.max(worstL, d / (amp * Math.abs(w) + 1e-9));
          expect(d, `${what} row ${m} ${got.rowLoss[m]} vs ${w}`).toBeLessThanOrEqual(1e-6 * amp * Math.abs(w) + 1e-9);
        });
        expectBits(got.correct, want.correct, `${what} correct`);
        expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-6 * (1 + alpha * T * T) * Math.abs(want.loss) + 1e-9 * M);
      }
    }
    console.log(`distillation worst relative errors: grad ${worstG.toExponential(2)}, row loss ${worstL.toExponential(2)} (in units of 1 + αT²)`);
  });
});

describe('outputs in a caller frame (mark, allocate, call, reset)', () => {
  it('an output block freed by a reset is taken afresh and never overlaps what the caller allocated next', () => {
    const M = 33, C = 10;
    for (let step = 0; step < 3; step++) {
      const mark = arena.used();
      // a bigger frame each step, so a stale output block would land inside this step's arrays
      const pad = arena.f32(arena.alloc(step * 4 * M * C));
      pad.fill(7);
      const Z = inArena(values(M * C, step + 1, 3)), T = inArena(values(M * C, step + 2));
      const Zc = Z.slice(), Tc = T.slice();
      const got = k.lossAndGrad(Z, T, M, C, 'mse');
      const want = lossAndGrad(Zc, Tc, M, C, 'mse');
      expectBits(got.grad, want.grad, `step ${step} grad`);
      expectBits(Z, Zc, `step ${step} Z untouched`);
      expectBits(T, Tc, `step ${step} T untouched`);
      expect(pad.every((v) => v === 7), `step ${step} caller's block untouched`).toBe(true);
      arena.reset(mark);
    }
  });
});
