/**
 * The WebAssembly elementwise kernels (engine/wasm/elementwise.ts) in the page, against their TypeScript
 * twins, on odd lengths: a subset of the Node suite (elementwise.test.ts) run where it will be used — the
 * browser's own WebAssembly SIMD, on the page's arena (shared when the page is cross-origin isolated).
 * Every check is bit-for-bit except softmax cross-entropy and distillation, which report their largest
 * error relative to |g| + max|g| (grad) and |loss| (loss; distillation's in units of 1 + αT²). No GPU is
 * involved.
 */
import { createArena, type Arena } from '../engine/wasm/arena';
import { createElementwiseKernels } from '../engine/wasm/elementwise';
import { wasmFeatures, type WasmFeatures } from '../engine/wasm/features';
import { createRng } from '../engine/rng';
import { optimizerHyper, optimizerStep, stateSlots, type OptimizerHyper, type OptimizerName } from '../engine/optimizers';
import { computeQParams, quantPlan } from '../engine/ops/quantize';
import { fakeQuantizeInto, fastSteGradient } from '../engine/ops/fastQuantize';
import { lossAndGrad } from '../engine/ops/loss';
import { activationBackward } from '../engine/ops/activation';
import { distillLossAndGrad } from '../engine/ops/distill';

export interface WasmElementwiseCheck {
  name: string;
  /** Entries compared. */
  count: number;
  /** Entries whose bits differ (bit-exact checks) or whose error exceeds `tol` (tolerance checks). */
  mismatches: number;
  /** Largest error (relative, tolerance checks only; 0 for bit-exact ones). */
  maxErr: number;
}

export interface WasmElementwiseResult {
  features: WasmFeatures;
  shared: boolean;
  checks: WasmElementwiseCheck[];
}

const SIZES = [1, 3, 17, 1031];

function values(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

function bitDiffs(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length), ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) bad++;
  return bad;
}

function inArena(arena: Arena, a: Float32Array): Float32Array {
  const v = arena.f32(arena.alloc(a.length));
  v.set(a);
  return v;
}

export function createWasmElementwiseCases() {
  return {
    async wasmElementwise(arg: { seed: number }): Promise<WasmElementwiseResult> {
      const arena = createArena();
      const k = await createElementwiseKernels(arena);
      const checks: WasmElementwiseCheck[] = [];
      const exact = (name: string, got: Float32Array, want: Float32Array) => checks.push({ name, count: want.length, mismatches: bitDiffs(got, want), maxErr: 0 });
      const variants: Array<[OptimizerName, Partial<OptimizerHyper>]> = [
        ['adam', { regularization: 'l1', regularizationRate: 0.05 }],
        ['adamw', {}],
        ['momentum', { nesterov: true, dampening: 0.1, regularization: 'l2', regularizationRate: 0.3 }],
        ['rmsprop', { centered: true }],
        ['adagrad', {}],
        ['sgd', { regularization: 'l2', regularizationRate: 0.1 }],
      ];
      for (const [opt, extra] of variants) {
        const h = optimizerHyper(opt, { ...extra, learningRate: 0.01 });
        for (const n of SIZES) {
          for (const masked of [false, true]) {
            const p0 = values(n, arg.seed + n);
            const mask = masked ? Float32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? 0 : 1)) : undefined;
            const tw = { p: p0.slice(), s: [new Float32Array(n), new Float32Array(n)] };
            const wa = { p: inArena(arena, p0), s: [inArena(arena, new Float32Array(n)), inArena(arena, new Float32Array(n))] };
            for (let t = 1; t <= 4; t++) {
              const g = values(n, arg.seed + 100 * n + t, 0.5);
              optimizerStep(tw.p, g, tw.s, h, t, mask);
              k.optimizerStep(wa.p, inArena(arena, g), wa.s, h, t, mask && inArena(arena, mask));
            }
            const what = `${opt} ${JSON.stringify(extra)} n=${n}${masked ? ' masked' : ''}`;
            exact(`${what} θ`, wa.p, tw.p);
            for (let s = 0; s < stateSlots(h); s++) exact(`${what} state${s}`, wa.s[s], tw.s[s]);
          }
        }
      }
      // quantization: per-channel 8-bit symmetric, per-tensor 3-bit affine, 1 bit, a float segment
      const plan = quantPlan([
        { offset: 0, rows: 7, cols: 33, bits: 8, scheme: 'symmetric', perChannel: true },
        { offset: 231, rows: 5, cols: 3, bits: 3, scheme: 'affine', perChannel: false },
        { offset: 246, rows: 3, cols: 5, bits: 1, scheme: 'symmetric', perChannel: true },
        { offset: 261, rows: 1, cols: 9, bits: 32, scheme: 'symmetric', perChannel: false },
      ]);
      const x = values(271, arg.seed + 7), grad = values(271, arg.seed + 8);
      exact('computeQParams', k.computeQParams(inArena(arena, x), plan), computeQParams(x, plan));
      const q = computeQParams(x.map((v) => v * 0.6), plan);
      exact('fakeQuantizeInto', k.fakeQuantizeInto(inArena(arena, x), plan, q, new Float32Array(271)), fakeQuantizeInto(x, plan, q, new Float32Array(271)));
      exact('steGradient', k.steGradient(inArena(arena, x), inArena(arena, grad), plan, q).slice(), fastSteGradient(x, grad, plan, q));
      // mask
      const mask = Float32Array.from({ length: 1031 }, (_, i) => [1, 0, -0, 0.5][i % 4]);
      const a = values(1031, arg.seed + 9), want = a.slice();
      for (let i = 0; i < mask.length; i++) if (mask[i] === 0) want[i] = 0;
      const got = inArena(arena, a);
      k.applyMask(inArena(arena, mask), [got]);
      exact('applyMask', got, want);
      // loss and activation backward
      for (const [M, C] of [[1, 1], [3, 10], [17, 7], [257, 10]] as const) {
        const Z = values(M * C, arg.seed + M, 8), T = new Float32Array(M * C);
        for (let m = 0; m < M; m++) T[m * C + ((m * 7) % C)] = 1;
        const mse = k.lossAndGrad(inArena(arena, Z), inArena(arena, T), M, C, 'mse'), mseT = lossAndGrad(Z, T, M, C, 'mse');
        exact(`mse ${M}×${C} grad`, mse.grad.slice(), mseT.grad);
        exact(`mse ${M}×${C} rowLoss`, mse.rowLoss.slice(), mseT.rowLoss);
        const ce = k.lossAndGrad(inArena(arena, Z), inArena(arena, T), M, C, 'crossentropy'), ceT = lossAndGrad(Z, T, M, C, 'crossentropy');
        const gmax = ceT.grad.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
        let maxErr = 0, bad = 0;
        ceT.grad.forEach((w, i) => {
          const d = Math.abs(ce.grad[i] - w), e = d === 0 ? 0 : d / (Math.abs(w) + gmax);
          maxErr = Math.max(maxErr, e);
          if (e > 1e-6) bad++;
        });
        checks.push({ name: `crossentropy ${M}×${C} grad`, count: M * C, mismatches: bad, maxErr });
        const le = ce.loss === ceT.loss ? 0 : Math.abs(ce.loss - ceT.loss) / Math.abs(ceT.loss);
        checks.push({ name: `crossentropy ${M}×${C} loss`, count: 1, mismatches: le > 1e-6 ? 1 : 0, maxErr: le });
      }
      // distillation: grad within 1e-6·(|g| + max|g|), each row's loss within 1e-6·(1 + αT²) relative + 1e-9
      for (const [M, K, T, alpha] of [[7, 3, 2.5, 0.5], [65, 10, 20, 0.9], [1, 2, 1, 0]] as const) {
        const Zs = values(M * K, arg.seed + M, 6), Zt = values(M * K, arg.seed + K, 6), Y = new Float32Array(M * K);
        for (let m = 0; m < M; m++) Y[m * K + ((m * 5) % K)] = 1;
        const got = k.distillLossAndGrad(inArena(arena, Zs), Zt, Y, M, K, T, alpha), want = distillLossAndGrad(Zs, Zt, Y, M, K, T, alpha);
        const gmax = want.grad.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
        let maxErr = 0, bad = 0;
        want.grad.forEach((w, i) => {
          const d = Math.abs(got.grad[i] - w), e = d === 0 ? 0 : d / (Math.abs(w) + gmax);
          maxErr = Math.max(maxErr, e);
          if (e > 1e-6) bad++;
        });
        checks.push({ name: `distillation ${M}×${K} T=${T} α=${alpha} grad`, count: M * K, mismatches: bad, maxErr });
        const amp = 1 + alpha * T * T;
        let rowErr = 0, rowBad = 0;
        want.rowLoss.forEach((w, m) => {
          const d = Math.abs(got.rowLoss[m] - w);
          rowErr = Math.max(rowErr, d / (amp * Math.abs(w) + 1e-9));
          if (d > 1e-6 * amp * Math.abs(w) + 1e-9) rowBad++;
        });
        checks.push({ name: `distillation ${M}×${K} T=${T} α=${alpha} row loss`, count: M, mismatches: rowBad, maxErr: rowErr });
        exact(`distillation ${M}×${K} correct`, got.correct.slice(), want.correct);
      }
      for (const act of ['relu', 'tanh', 'sigmoid', 'linear'] as const) {
        for (const n of SIZES) {
          const dA = values(n, arg.seed + n + 1, 2), A = values(n, arg.seed + n + 2).map((v) => (act === 'sigmoid' ? (v + 1) / 2 : v));
          exact(`activationBackward ${act} n=${n}`, k.activationBackward(inArena(arena, dA), inArena(arena, A), act).slice(), activationBackward(dA, A, act));
        }
      }
      return { features: wasmFeatures(), shared: arena.shared, checks };
    },
  };
}

export type WasmElementwiseCases = ReturnType<typeof createWasmElementwiseCases>;
