/**
 * Multi-task parity cases: shaders/multitask.wgsl against the CPU twins engine/strategies/multitask.ts on
 * seeded inputs. Tolerances are the caller's (e2e/kernels/multitask.spec.ts states them): an element
 * passes when |gpu − cpu| ≤ atol + rtol·|cpu|.
 */
import { createRng } from '../engine/rng';
import { dots, headsLossAndGrad, pcgradSum, type Head } from '../engine/strategies/multitask';
import { headsLossGradDispatch, headWords, multitaskParams, pcgradCombineDispatch, trunkDotsDispatch } from '../gpu/kernels/multitask';
import { compare, readFloats, run, upload, zeros, type Comparison } from './gpuRun';
import { defaultConfig, validateConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import type { BackendInit, Evaluation } from '../engine/backend';
import type { Dataset, Split } from '../engine/datasets';
import { initParams, modelSpecFor, paramLayout } from '../engine/model';
import type { LayerGroups } from '../engine/model/groups';
import { gatherRows } from '../engine/ops/gather';
import { stepSettings } from '../engine/run';
import { BatchSampler } from '../engine/sampler';
import { multiTaskGradient, type TaskSettings } from '../engine/strategies/multitaskStep';
import { createGpuBackend } from '../gpu/gpuBackend';

export interface HeadsLossCase {
  M: number;
  /** Classes of the two heads, side by side from column 0. */
  C1: number;
  C2: number;
  /** Columns after the heads that no head owns (their gradient must be 0). */
  gap: number;
  w1: number;
  w2: number;
  seed: number;
  atol: number;
  rtol: number;
}

export interface HeadsLossResult {
  grad: Comparison;
  /** Per head, Σ_m loss_mk against the twin's CE_k, and Σ_m correct_mk against its accuracy · M (exactly). */
  loss: Comparison;
  correct: Comparison;
  /** Every gradient entry of a weight-0 head or an unowned column is exactly +0 or −0 on the GPU. */
  zerosExact: boolean;
  finite: boolean;
}

export interface PcgradCase {
  /** All floats, and the trunk's [0, n). */
  total: number;
  n: number;
  /** 'conflict': g2 ≈ −g1/2 over the trunk (g1·g2 < 0); 'agree': g2 ≈ g1; 'zero': g2 = 0. */
  kind: 'conflict' | 'agree' | 'zero';
  seed: number;
  atol: number;
  rtol: number;
}

export interface PcgradResult {
  /** (g1·g2, |g1|², |g2|²) against the float64 twin. */
  dots: Comparison;
  summed: Comparison;
  /** The CPU's g1·g2 (a test checks the case conflicts or not as meant). */
  cpuDot: number;
  finite: boolean;
}

export interface MultitaskTrainCase {
  /** Inputs, hidden widths and the first head's classes (the second head has 2). */
  inputDim: number;
  hidden: number[];
  classes: number;
  trainRows: number;
  testRows: number;
  batch: number;
  steps: number;
  tasks: TaskSettings;
  /** Optimizer settings merged into the default config (optimizer, learningRate, …). */
  config: Record<string, unknown>;
  groups?: LayerGroups;
  /** The GPU backend's evaluation chunk (a multiple of 64; smaller than a split, so splits span chunks). */
  evalChunkRows: number;
  seed: number;
  atol: number;
  rtol: number;
}

export interface MultitaskTrainResult {
  params: Comparison;
  /** Σ w_k L_k (train, test), each head's losses, Σθ², Σ|θ| and the gradient norms, at 10× the tolerance. */
  evaluation: Comparison;
  /** The first head's and each head's accuracies, within one row of the smaller split. */
  accuracy: Comparison;
  /** The conflict cosine on the last batch, within 1e-3. */
  conflict: Comparison;
  gpuConflict: number | null;
  cpuConflict: number | null;
  /** Steps whose task gradients conflicted at the trunk (cosine < 0 on the CPU), so PCGrad projected. */
  conflictSteps: number;
  paramChange: number;
  backend: string;
}

/** Random inputs [n, in]; targets [n, C + 2]: the first task's class one-hot, then a second bit drawn independently. */
function randomSplit(r: ReturnType<typeof createRng>, n: number, inputDim: number, C: number): Split {
  const x = Float32Array.from({ length: n * inputDim }, () => r.normal()); // [n, in]
  const y = new Float32Array(n * (C + 2)); // [n, C + 2]
  for (let i = 0; i < n; i++) {
    y[i * (C + 2) + r.int(C)] = 1;
    y[i * (C + 2) + C + r.int(2)] = 1;
  }
  return { x, y, n };
}

function heads(p: HeadsLossCase): Head[] {
  return [
    { name: 'first', classes: p.C1, offset: 0 },
    { name: 'second', classes: p.C2, offset: p.C1 },
  ];
}

export function createMultitaskCases(device: GPUDevice) {
  return {
    /** A few training steps of a two-head model, GPU backend against CPU backend (multitaskTrainSteps). */
    multitaskTrainSteps: (p: MultitaskTrainCase) => multitaskTrainSteps(device, p),

    /** The heads' weighted cross-entropy: gradient, per-head loss and correct counts. */
    async multitaskLoss(p: HeadsLossCase): Promise<HeadsLossResult> {
      const r = createRng(p.seed);
      const C = p.C1 + p.C2 + p.gap, H = 2;
      const hs = heads(p);
      const Z = Float32Array.from({ length: p.M * C }, () => (r.next() * 2 - 1) * 6); // [M, C]
      const T = new Float32Array(p.M * C); // [M, C] one-hot within each head
      for (let m = 0; m < p.M; m++) for (const h of hs) T[m * C + h.offset + r.int(h.classes)] = 1;
      const params = multitaskParams(device, { M: p.M, C, H });
      const bufs = [upload(device, Z, 'Z'), upload(device, T, 'T'), upload(device, headWords(hs, [p.w1, p.w2]), 'heads')];
      const grad = zeros(device, p.M * C, 'dZ'), stats = zeros(device, p.M * H * 2, 'head stats');
      await run(device, [headsLossGradDispatch(device, params, bufs[0], bufs[1], bufs[2], grad, stats, p.M)]);
      const g = await readFloats(device, grad, p.M * C);
      const st = await readFloats(device, stats, p.M * H * 2); // [M, H] × (loss, correct)
      for (const b of [params, grad, stats, ...bufs]) b.destroy();

      const cpu = headsLossAndGrad(Z, T, p.M, C, hs, [p.w1, p.w2]);
      const sum = (k: number, j: number) => {
        let s = 0;
        for (let m = 0; m < p.M; m++) s += st[(m * H + k) * 2 + j];
        return s;
      };
      let zerosExact = true;
      for (let m = 0; m < p.M; m++) {
        for (let c = 0; c < C; c++) {
          const idle = c >= p.C1 + p.C2 || (c < p.C1 ? p.w1 === 0 : p.w2 === 0);
          if (idle && g[m * C + c] !== 0) zerosExact = false;
        }
      }
      return {
        grad: compare(g, cpu.grad, p.atol, p.rtol),
        loss: compare([sum(0, 0), sum(1, 0)], cpu.heads.map((h) => h.loss), p.atol * 10, p.rtol * 10),
        correct: compare([sum(0, 1), sum(1, 1)], cpu.heads.map((h) => Math.round(h.accuracy * p.M)), 0, 0),
        zerosExact,
        finite: [...g, ...st].every(Number.isFinite),
      };
    },

    /** The trunk dot products and PCGrad's combination of two gradients. */
    async multitaskPcgrad(p: PcgradCase): Promise<PcgradResult> {
      const r = createRng(p.seed);
      const g1 = Float32Array.from({ length: p.total }, () => r.normal()); // [total]
      const g2 = Float32Array.from(g1, (x) => (p.kind === 'zero' ? 0 : (p.kind === 'conflict' ? -0.5 : 1) * x + 0.5 * r.normal())); // [total]
      const params = multitaskParams(device, { n: p.n, total: p.total });
      const bufs = [upload(device, g1, 'g1'), upload(device, g2, 'g2')];
      const d = zeros(device, 4, 'dots'), summed = zeros(device, p.total, 'summed');
      await run(device, [trunkDotsDispatch(device, params, bufs[0], bufs[1], d), pcgradCombineDispatch(device, params, bufs[0], bufs[1], d, summed, p.total)]);
      const gd = await readFloats(device, d, 4);
      const gs = await readFloats(device, summed, p.total);
      for (const b of [params, d, summed, ...bufs]) b.destroy();
      const cd = dots(g1, g2, 0, p.n);
      const cpu = pcgradSum(g1, g2, p.n);
      return {
        dots: compare([gd[0], gd[1], gd[2]], [cd.dot, cd.n1, cd.n2], p.atol * 10, p.rtol * 10),
        summed: compare(gs, cpu.grads, p.atol, p.rtol),
        cpuDot: cd.dot,
        finite: [...gd, ...gs].every(Number.isFinite),
      };
    },
  };
}

export type MultitaskCases = ReturnType<typeof createMultitaskCases>;

/**
 * End to end: the GPU backend and the CPU backend train the same two-head model from the same weights on
 * the same batches with the same task settings; after `steps` steps their parameters and evaluations
 * (each head's metrics and the conflict cosine) must agree.
 */
export async function multitaskTrainSteps(device: GPUDevice, p: MultitaskTrainCase): Promise<MultitaskTrainResult> {
  const r = createRng(p.seed);
  const C = p.classes;
  const data: Dataset = {
    name: 'gaussians', task: 'classification', inputDim: p.inputDim, outputDim: C + 2,
    train: randomSplit(r, p.trainRows, p.inputDim, C), test: randomSplit(r, p.testRows, p.inputDim, C),
    bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
    heads: [{ name: 'first', classes: C, offset: 0 }, { name: 'second', classes: 2, offset: C }],
  };
  const config = validateConfig({ ...defaultConfig(), ...p.config }).config;
  const spec = modelSpecFor({ hidden: p.hidden, activation: config.activation }, data);
  const layout = paramLayout(spec);
  const params = initParams(spec, layout, p.seed);
  const init: BackendInit = { spec, layout, params, data, loss: 'crossentropy', grid: new Float32Array(0), gridRows: 0, maxEvalRows: p.trainRows };
  const gpu = createGpuBackend(device, 'harness', init, p.batch, { evalChunkRows: p.evalChunkRows });
  const cpu = createCpuBackend(init);
  if (p.groups) [gpu, cpu].forEach((b) => b.setGroups(p.groups!));
  const sampler = new BatchSampler(data.train.n, p.seed);
  let conflictSteps = 0;
  for (let s = 0; s < p.steps; s++) {
    const batch = sampler.next(p.batch);
    const before = await cpu.readParams();
    const X = gatherRows(data.train.x, batch, p.inputDim), T = gatherRows(data.train.y, batch, C + 2); // [M, in], [M, C + 2]
    const cos = multiTaskGradient(spec, layout, before, X, T, batch.length, { weights: p.tasks.weights, pcgrad: true }, p.groups ?? null).conflict;
    if (cos !== null && cos < 0) conflictSteps++;
    const settings = { ...stepSettings(config, s), tasks: p.tasks };
    gpu.step(batch, settings);
    cpu.step(batch, settings);
  }
  const [gp, cp] = await Promise.all([gpu.readParams(), cpu.readParams()]);
  const [ge, ce] = (await Promise.all([gpu.evaluate(false), cpu.evaluate(false)])).map((x) => x!.evaluation);
  const backend = gpu.info.kind;
  gpu.destroy();
  const losses = (e: Evaluation) => [e.trainLoss, e.testLoss, ...(e.heads ?? []).flatMap((h) => [h.trainLoss, h.testLoss]), e.paramSumSq, e.paramSumAbs, ...e.gradNorms];
  const accuracies = (e: Evaluation) => [e.trainAccuracy ?? NaN, e.testAccuracy ?? NaN, ...(e.heads ?? []).flatMap((h) => [h.trainAccuracy, h.testAccuracy])];
  const cosine = (e: Evaluation) => (e.conflict === undefined ? [NaN] : e.conflict === null ? [-9] : [e.conflict]);
  return {
    params: compare(gp, cp, p.atol, p.rtol),
    evaluation: compare(losses(ge), losses(ce), p.atol * 10, p.rtol * 10),
    accuracy: compare(accuracies(ge), accuracies(ce), 1 / Math.min(p.trainRows, p.testRows) + 1e-6, 0),
    conflict: compare(cosine(ge), cosine(ce), 1e-3, 0),
    gpuConflict: ge.conflict ?? null,
    cpuConflict: ce.conflict ?? null,
    conflictSteps,
    paramChange: params.reduce((acc, v, i) => Math.max(acc, Math.abs(v - cp[i])), 0),
    backend,
  };
}
