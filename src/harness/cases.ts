/**
 * Parity cases: each runs one GPU kernel and its CPU twin on the same seeded inputs and compares.
 * Tolerances are chosen by the caller (the Playwright specs state them).
 */
import type { Activation, LossName } from '../engine/config';
import { defaultConfig, validateConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import { activate, activationBackward } from '../engine/ops/activation';
import { gatherRows } from '../engine/ops/gather';
import { binIndex } from '../engine/ops/histogram';
import { lossAndGrad } from '../engine/ops/loss';
import { linearBackward, linearForward, matmul } from '../engine/ops/matmul';
import { createRng } from '../engine/rng';
import { setupRun, effectiveBatch, stepSettings } from '../engine/run';
import type { LayerGroups } from '../engine/model/groups';
import { uniformBuffer } from '../gpu/buffers';
import { createGpuBackend } from '../gpu/gpuBackend';
import { gatherDispatch, gatherWords } from '../gpu/kernels/gather';
import { HIST_WORDS, decodeHistograms, histogramDispatch } from '../gpu/kernels/histogram';
import { lossGradDispatch, reduceRowsDispatch } from '../gpu/kernels/loss';
import { matmulDispatch, type MatmulTiling } from '../gpu/kernels/matmul';
import { compare, readFloats, run, upload, zeros, type Comparison } from './gpuRun';

export interface Tol {
  atol: number;
  rtol: number;
}

function randoms(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/** Matmul cases: a forced tiling, and whether the kernel is told the inner dimension (its vec4 entry points). */
export interface Shaping {
  tiling?: MatmulTiling;
  innerKnown?: boolean;
}
const shaping = (p: Shaping, inner: number) => ({ tiling: p.tiling, K: p.innerKnown ? inner : undefined });

export function createCases(device: GPUDevice) {
  const dummy = zeros(device, 4, 'unused');

  return {
    /** Y = act(X · Wᵀ + b); X: [M,K], W: [N,K], b: [N]. */
    async matmulForward(p: { M: number; K: number; N: number; act: Activation; seed: number } & Shaping & Tol): Promise<Comparison> {
      const X = randoms(p.M * p.K, p.seed), W = randoms(p.N * p.K, p.seed + 1), b = randoms(p.N, p.seed + 2);
      const C = zeros(device, p.M * p.N);
      const dims = uniformBuffer(device, 'dims', [p.M, p.K, p.N, 0]);
      await run(device, [matmulDispatch(device, { transB: true, bias: true, act: p.act, ...shaping(p, p.K) }, { dims, A: upload(device, X), B: upload(device, W), bias: upload(device, b), aux: dummy, C }, p.M, p.N)]);
      return compare(await readFloats(device, C, p.M * p.N), linearForward(X, W, b, p.M, p.K, p.N, p.act), p.atol, p.rtol);
    },

    /** dX = (dZ · W) ⊙ f'(A_prev); dZ: [M,N], W: [N,K], A_prev: [M,K]. */
    async matmulInputGrad(p: { M: number; K: number; N: number; gate: Activation; seed: number } & Shaping & Tol): Promise<Comparison> {
      const dZ = randoms(p.M * p.N, p.seed), W = randoms(p.N * p.K, p.seed + 1);
      const Aprev = randoms(p.M * p.K, p.seed + 2, 3).map((z) => activate(z, p.gate));
      const C = zeros(device, p.M * p.K);
      const dims = uniformBuffer(device, 'dims', [p.M, p.N, p.K, 0]);
      await run(device, [matmulDispatch(device, { gate: p.gate, ...shaping(p, p.N) }, { dims, A: upload(device, dZ), B: upload(device, W), bias: dummy, aux: upload(device, Aprev), C }, p.M, p.K)]);
      const cpu = activationBackward(matmul(dZ, W, p.M, p.N, p.K), Aprev, p.gate);
      return compare(await readFloats(device, C, p.M * p.K), cpu, p.atol, p.rtol);
    },

    /** dW = dZᵀ · X; dZ: [M,N], X: [M,K] → [N,K]; db = Σ_m dZ → [N], written by the same dispatch (rowSum). */
    async weightGrad(p: { M: number; K: number; N: number; seed: number } & Shaping & Tol): Promise<{ dW: Comparison; db: Comparison }> {
      const dZ = randoms(p.M * p.N, p.seed), X = randoms(p.M * p.K, p.seed + 1);
      const dW = zeros(device, p.N * p.K), db = zeros(device, p.N);
      const dZb = upload(device, dZ);
      await run(device, [
        matmulDispatch(device, { transA: true, rowSum: true, ...shaping(p, p.M) }, { dims: uniformBuffer(device, 'dims', [p.N, p.M, p.K, 0]), A: dZb, B: upload(device, X), bias: dummy, aux: dummy, C: dW, rowSum: db }, p.N, p.K),
      ]);
      const cpu = linearBackward(dZ, X, new Float32Array(p.N * p.K), p.M, p.K, p.N);
      return {
        dW: compare(await readFloats(device, dW, p.N * p.K), cpu.dW, p.atol, p.rtol),
        db: compare(await readFloats(device, db, p.N), cpu.db, p.atol, p.rtol),
      };
    },

    /** Loss gradient, per-row loss and correctness, and their row sums; logits include huge values. */
    async loss(p: { M: number; C: number; loss: LossName; seed: number } & Tol): Promise<{ grad: Comparison; rowLoss: Comparison; correct: Comparison; sums: Comparison }> {
      const rng = createRng(p.seed);
      const Z = randoms(p.M * p.C, p.seed + 1, 4);
      if (p.M > 2) Z.fill(1000, 0, p.C).set([-1000], p.C); // one row of huge equal logits, one very negative entry
      const T = new Float32Array(p.M * p.C);
      for (let m = 0; m < p.M; m++) {
        if (p.loss === 'crossentropy') T[m * p.C + rng.int(p.C)] = 1;
        else for (let c = 0; c < p.C; c++) T[m * p.C + c] = rng.next() * 2 - 1;
      }
      const grad = zeros(device, p.M * p.C), stats = zeros(device, p.M * 2), sums = zeros(device, 4);
      const params = uniformBuffer(device, 'loss', [p.M, p.C, 1, 0]);
      await run(device, [lossGradDispatch(device, p.loss, params, upload(device, Z), upload(device, T), grad, stats, p.M), reduceRowsDispatch(device, params, stats, sums)]);
      const cpu = lossAndGrad(Z, T, p.M, p.C, p.loss);
      const st = await readFloats(device, stats, p.M * 2);
      const correct = new Float32Array(p.M);
      for (let m = 0; m < p.M; m++) {
        let bz = 0, bt = 0;
        for (let c = 1; c < p.C; c++) {
          if (Z[m * p.C + c] > Z[m * p.C + bz]) bz = c;
          if (T[m * p.C + c] > T[m * p.C + bt]) bt = c;
        }
        correct[m] = bz === bt ? 1 : 0;
      }
      const s = await readFloats(device, sums, 4);
      return {
        grad: compare(await readFloats(device, grad, p.M * p.C), cpu.grad, p.atol, p.rtol),
        rowLoss: compare(st.filter((_, i) => i % 2 === 0), cpu.rowLoss, p.atol, p.rtol),
        correct: compare(st.filter((_, i) => i % 2 === 1), correct, 0, 0),
        sums: compare([s[2], s[3]], [cpu.loss, correct.reduce((a, b) => a + b, 0)], p.atol * 10, p.rtol * 10),
      };
    },

    /** One to three matrices [n, D_j] gathered by one index list in one dispatch; a comparison per matrix. */
    async gather(p: { n: number; R: number; widths: number[]; seed: number }): Promise<Comparison[]> {
      const rng = createRng(p.seed + 1);
      const idx = Uint32Array.from({ length: p.R }, () => rng.int(p.n));
      const srcs = p.widths.map((D, j) => randoms(p.n * D, p.seed + 7 * j));
      const parts = p.widths.map((D, j) => ({ src: upload(device, srcs[j]), out: zeros(device, p.R * D), D }));
      await run(device, [gatherDispatch(device, uniformBuffer(device, 'gather', gatherWords(p.R, parts)), upload(device, idx), parts, p.R)]);
      return Promise.all(parts.map(async (q, j) => compare(await readFloats(device, q.out as GPUBuffer, p.R * q.D), gatherRows(srcs[j], idx, q.D), 0, 0)));
    },

    /**
     * Histograms of several segments at 256-float-aligned offsets. Returns, per segment, the GPU and CPU
     * min/max and the number of values that the two put in different bins (float rounding at bin edges).
     */
    async histogram(p: { sizes: number[]; seed: number; constant?: boolean }) {
      const offsets: number[] = [];
      let total = 0;
      for (const s of p.sizes) {
        offsets.push(total);
        total = Math.ceil((total + s) / 64) * 64;
      }
      const values = p.constant ? new Float32Array(Math.max(total, 1)).fill(0.25) : randoms(Math.max(total, 1), p.seed, 2);
      const segs = Uint32Array.from(p.sizes.flatMap((s, i) => [offsets[i], s]));
      const out = zeros(device, p.sizes.length * HIST_WORDS);
      await run(device, [histogramDispatch(device, upload(device, segs), upload(device, values), out, p.sizes.length)]);
      const words = new Uint32Array((await readFloats(device, out, p.sizes.length * HIST_WORDS)).buffer);
      return decodeHistograms(words, p.sizes.length).map((h, i) => {
        const seg = values.subarray(offsets[i], offsets[i] + p.sizes[i]);
        let min = Infinity, max = -Infinity, sumSq = 0, sumAbs = 0;
        for (const v of seg) {
          min = Math.min(min, v);
          max = Math.max(max, v);
          sumSq += v * v;
          sumAbs += Math.abs(v);
        }
        const cpu = new Array<number>(h.counts.length).fill(0);
        for (const v of seg) cpu[binIndex(v, min, max, h.counts.length)]++;
        const moved = cpu.reduce((acc, c, b) => acc + Math.abs(c - h.counts[b]), 0) / 2;
        return { gpuMin: h.min, gpuMax: h.max, cpuMin: min, cpuMax: max, sums: compare([h.sumSq, h.sumAbs], [sumSq, sumAbs], 1e-6, 1e-5), gpuTotal: h.counts.reduce((a, b) => a + b, 0), size: p.sizes[i], moved, gpuCounts: Array.from(h.counts) };
      });
    },

    /**
     * End to end: the GPU backend and the CPU backend train the same network from the same weights on the
     * same batches; after `steps` steps their parameters and evaluations must agree.
     */
    async trainSteps(p: { config: Record<string, unknown>; steps: number; groups?: LayerGroups; distill?: { temperature: number; alpha: number } } & Tol) {
      const config = validateConfig({ ...defaultConfig(), ...p.config }).config;
      const a = setupRun(config), b = setupRun(config);
      const batch = effectiveBatch(config, a.data);
      // distillation: a teacher's logits for every training row (seeded, ±6), the same for both backends
      const rng = createRng(11);
      const softTargets = p.distill ? Float32Array.from({ length: a.data.train.n * a.data.outputDim }, () => (rng.next() - 0.5) * 12) : undefined;
      const gpu = createGpuBackend(device, 'harness', { ...a.init, softTargets }, batch);
      const cpu = createCpuBackend({ ...b.init, softTargets });
      if (p.groups) [gpu, cpu].forEach((x) => x.setGroups(p.groups!));
      for (let s = 0; s < p.steps; s++) {
        gpu.step(a.sampler.next(batch), { ...stepSettings(config, s), distill: p.distill });
        cpu.step(b.sampler.next(batch), { ...stepSettings(config, s), distill: p.distill });
      }
      const [gp, cp] = await Promise.all([gpu.readParams(), cpu.readParams()]);
      const [ge, ce] = await Promise.all([gpu.evaluate(true), cpu.evaluate(true)]);
      gpu.destroy();
      const evals = (e: typeof ge) => {
        const v = e!.evaluation;
        return [v.trainLoss, v.testLoss, v.testAccuracy ?? 0, v.paramSumSq, v.paramSumAbs, ...v.gradNorms];
      };
      return {
        params: compare(gp, cp, p.atol, p.rtol),
        evaluation: compare(evals(ge), evals(ce), p.atol * 10, p.rtol * 10),
        output: compare(ge!.snapshot!.output, ce!.snapshot!.output, p.atol * 10, p.rtol * 10),
        paramChange: b.init.params.reduce((acc, v, i) => Math.max(acc, Math.abs(v - cp[i])), 0),
        // frozen layers on the GPU: weights bit-identical to the initial ones (and their gradient norms 0)
        frozenChanged: (p.groups ?? []).flatMap((g, l) => {
          if (!g.frozen) return [];
          const { W, b: bias } = a.init.layout.layers[l];
          const moved = [W, bias].some((t) => gp.subarray(t.offset, t.offset + t.size).some((v, i) => v !== a.init.params[t.offset + i]));
          return moved || ge!.evaluation.gradNorms[l] !== 0 ? [l] : [];
        }),
      };
    },
  };
}

export type Cases = ReturnType<typeof createCases>;
