/**
 * Distillation parity case: shaders/distill.wgsl (then loss.wgsl's reduce_rows on the same uniform block)
 * against the CPU twin engine/ops/distill.ts on seeded logits. Tolerances are the caller's (the spec
 * e2e/kernels/distill.spec.ts states them): an element passes when |gpu − cpu| ≤ atol + rtol·|cpu|.
 */
import { distillLossAndGrad } from '../engine/ops/distill';
import { createRng } from '../engine/rng';
import { distillGradDispatch, distillUniformBuffer } from '../gpu/kernels/distill';
import { reduceRowsDispatch } from '../gpu/kernels/loss';
import { compare, readFloats, run, upload, zeros, type Comparison } from './gpuRun';

export interface DistillCase {
  M: number;
  K: number;
  T: number;
  alpha: number;
  seed: number;
  /** Add rows of huge logits (needs M ≥ 4): student all 1000, student ±80, teacher ±80, teacher ±1000. */
  large?: boolean;
  /** The teacher's logits are the student's (at α = 1 the loss and gradient are exactly 0). */
  teacherIsStudent?: boolean;
  atol: number;
  rtol: number;
}

export interface DistillResult {
  grad: Comparison;
  rowLoss: Comparison;
  correct: Comparison;
  /** [Σ loss_m, Σ correct_m] from reduce_rows against the twin's, at 10× the tolerance. */
  sums: Comparison;
  /** The GPU's raw outputs where a test checks values, not only agreement. */
  gpuLossSum: number;
  gpuMaxAbsGrad: number;
  /** Every GPU output is finite. */
  finite: boolean;
}

/** Zs: [M, K] in ±4, Zt: [M, K] in ±8 (or = Zs), Y: [M, K] one-hot; optional rows of huge logits. */
function inputs(p: DistillCase) {
  const r = createRng(p.seed);
  const n = p.M * p.K;
  const Zs = Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * 4); // [M, K]
  let Zt = Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * 8); // [M, K]
  const Y = new Float32Array(n); // [M, K]
  for (let m = 0; m < p.M; m++) Y[m * p.K + r.int(p.K)] = 1;
  if (p.large && p.M >= 4) {
    const K = p.K;
    Zs.fill(1000, 0, K); // equal huge logits: argmax 0, uniform softmax
    for (let k = 0; k < K; k++) {
      Zs[K + k] = k % 2 ? 80 : -80;
      Zt[2 * K + k] = k % 2 ? -80 : 80;
      Zt[3 * K + k] = k === K - 1 ? 1000 : -1000; // the teacher's other probabilities underflow: 0·log 0
    }
  }
  if (p.teacherIsStudent) Zt = Zs.slice();
  return { Zs, Zt, Y };
}

export function createDistillCases(device: GPUDevice) {
  return {
    /** Distillation gradient, per-row loss and correctness, and their row sums. */
    async distill(p: DistillCase): Promise<DistillResult> {
      const { Zs, Zt, Y } = inputs(p);
      const { M, K } = p;
      const grad = zeros(device, M * K, 'dZs'), stats = zeros(device, M * 2, 'distill stats'), sums = zeros(device, 4, 'sums');
      const params = distillUniformBuffer(device, { M, K, slot: 1, T: p.T, alpha: p.alpha });
      const bufs = [upload(device, Zs, 'Zs'), upload(device, Zt, 'Zt'), upload(device, Y, 'Y')];
      await run(device, [distillGradDispatch(device, params, bufs[0], bufs[1], bufs[2], grad, stats, M), reduceRowsDispatch(device, params, stats, sums)]);
      const g = await readFloats(device, grad, M * K);
      const st = await readFloats(device, stats, M * 2);
      const s = await readFloats(device, sums, 4);
      for (const b of [grad, stats, sums, params, ...bufs]) b.destroy();

      const cpu = distillLossAndGrad(Zs, Zt, Y, M, K, p.T, p.alpha);
      const correctSum = cpu.correct.reduce((a, b) => a + b, 0);
      let gpuMaxAbsGrad = 0;
      for (const v of g) gpuMaxAbsGrad = Math.max(gpuMaxAbsGrad, Math.abs(v));
      return {
        grad: compare(g, cpu.grad, p.atol, p.rtol),
        rowLoss: compare(st.filter((_, i) => i % 2 === 0), cpu.rowLoss, p.atol, p.rtol),
        correct: compare(st.filter((_, i) => i % 2 === 1), cpu.correct, 0, 0),
        sums: compare([s[2], s[3]], [cpu.loss, correctSum], p.atol * 10, p.rtol * 10),
        gpuLossSum: s[2],
        gpuMaxAbsGrad,
        finite: [...g, ...st, s[2], s[3]].every(Number.isFinite),
      };
    },
  };
}

export type DistillCases = ReturnType<typeof createDistillCases>;
