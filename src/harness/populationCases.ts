/**
 * Population parity (shaders/population.wgsl through gpu/population.ts): a scripted population
 * (engine/population/plan.ts) trained on the GPU population, on its CPU twin (engine/population/
 * cpuPopulation.ts) and on one single run per trial — CPU backends always, GPU backends when asked —
 * on odd shapes (3 inputs, 3 outputs, seeded synthetic data). At each trial's end its parameters and
 * evaluation are compared; idle and cleared slots are checked for not moving. Tolerances are the
 * caller's (e2e/kernels/population.spec.ts states them): |gpu − cpu| ≤ atol + rtol·|cpu|.
 */
import type { Activation, LossName, RunConfig } from '../engine/config';
import { validateConfig } from '../engine/config';
import type { TrainingBackend } from '../engine/backend';
import type { Dataset } from '../engine/datasets';
import { createCpuBackend } from '../engine/cpuBackend';
import { createCpuPopulation } from '../engine/population/cpuPopulation';
import { planPopulation, populationEvents } from '../engine/population/plan';
import type { TrialEvaluation } from '../engine/population/types';
import { createRng } from '../engine/rng';
import { createGpuBackend } from '../gpu/gpuBackend';
import { createGpuPopulation } from '../gpu/population';
import type { PopTiling } from '../gpu/kernels/population';
import { compare, type Comparison } from './gpuRun';

/** Seeded data with 3 inputs in ±1: three classes (one-hot, by the largest of three fixed mixes) or three regression targets. */
export function oddData(config: RunConfig, task: Dataset['task']): Dataset {
  const rng = createRng(config.seed * 977 + 5);
  const split = (n: number) => {
    const x = Float32Array.from({ length: n * 3 }, () => rng.next() * 2 - 1); // [n, 3]
    const y = new Float32Array(n * 3); // [n, 3]
    for (let i = 0; i < n; i++) {
      const [a, b, c] = x.subarray(i * 3, i * 3 + 3);
      const t = [Math.sin(2 * a + b), a * c - b, 0.5 * (a - c) + 0.3 * rng.normal() * config.noise];
      if (task === 'regression') y.set(t, i * 3);
      else y[i * 3 + t.indexOf(Math.max(...t))] = 1;
    }
    return { x, y, n };
  };
  const nTrain = Math.round(config.samples * config.trainFraction);
  return {
    name: 'spiral', // the type names the toy sets; only the shapes and the task matter here
    task, inputDim: 3, outputDim: 3,
    train: split(nTrain), test: split(config.samples - nTrain),
    bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
  };
}

export interface PopulationCase {
  loss: LossName;
  activation: Activation;
  hidden: number[];
  samples: number;
  slots: number;
  batch: number;
  maxTrainRows: number;
  /** Each trial's config fields (seed, optimizer …) over the case's, its slot and its steps. */
  trials: Array<{ config: Record<string, unknown>; slot: number; start: number; steps: number }>;
  /** Also train one single GPU backend per trial and compare the GPU population with them. */
  singleGpu?: boolean;
  /** The GPU population's workspace rows per slot (GpuPopulationOptions.rows): fewer rows than a split evaluates it in chunks. */
  rows?: number;
  /** Force the GPU population's matmul tiling (GpuPopulationOptions.tiling): every block size on odd shapes. */
  tiling?: PopTiling;
  /** The GPU population's step (GpuPopulationOptions.fused): a fused step mode, or false for the step's dispatch list. */
  fused?: 'group' | 'lane' | false;
  atol: number;
  rtol: number;
}

export interface TrialParity {
  trial: number;
  /** GPU population vs CPU population: parameters; losses [train, test]; accuracies [train, test] (× rows: counts). */
  params: Comparison;
  losses: Comparison;
  correctDiff: number;
  /** CPU population vs single CPU run: bit-identical parameters and evaluation. */
  cpuExact: boolean;
  /** GPU population vs single GPU run (parameters), when asked. */
  gpuSingle: Comparison | null;
  /** Largest |θ − θ₀| of the trial on the CPU (it trained). */
  paramChange: number;
}

const lossesOf = (e: TrialEvaluation | null) => (e ? [e.trainLoss, e.testLoss] : [NaN, NaN]);

export function createPopulationCases(device: GPUDevice) {
  return {
    async population(p: PopulationCase) {
      const task: Dataset['task'] = p.loss === 'mse' ? 'regression' : 'classification';
      const configs = p.trials.map((t) => validateConfig({ samples: p.samples, hidden: p.hidden, activation: p.activation, loss: p.loss, ...t.config }).config);
      const plan = planPopulation(p.trials.map((t, i) => ({ config: configs[i], slot: t.slot, start: t.start, steps: t.steps })), p.slots, p.batch, (c) => oddData(c, task));
      const gpu = createGpuPopulation(device, plan.init, { rows: p.rows, tiling: p.tiling, fused: p.fused });
      const cpu = createCpuPopulation(plan.init);
      const singleInit = (i: number) => ({ ...plan.setups[i].init, maxEvalRows: p.maxTrainRows });
      const cpuSingle: TrainingBackend[] = plan.setups.map((_, i) => createCpuBackend(singleInit(i)));
      const gpuSingle: TrainingBackend[] | null = p.singleGpu ? plan.setups.map((_, i) => createGpuBackend(device, 'harness', singleInit(i), p.batch)) : null;
      const results: TrialParity[] = [];
      const rowCounts = new Set<number>();
      /** Parameters of each slot when it was cleared, and of the never-used slots. */
      const cleared = new Map<number, Float32Array>();
      const evalRows = [Math.min(plan.init.data[0].train.n, p.maxTrainRows), plan.init.data[0].test.n];
      try {
        for (const e of populationEvents(plan)) {
          if (e.kind === 'set') {
            gpu.setTrial(e.slot, e.params, e.dataIndex);
            cpu.setTrial(e.slot, e.params, e.dataIndex);
            cleared.delete(e.slot);
          } else if (e.kind === 'clear') {
            gpu.clearTrial(e.slot);
            cpu.clearTrial(e.slot);
            cleared.set(e.slot, await gpu.readParams(e.slot));
          } else if (e.kind === 'step') {
            gpu.step(e.rows, e.rowCounts, e.settings);
            cpu.step(e.rows, e.rowCounts, e.settings);
            e.rowCounts.forEach((n) => rowCounts.add(n));
            for (const t of e.trained) {
              cpuSingle[t.trial].step(t.batch, t.settings);
              gpuSingle?.[t.trial].step(t.batch, t.settings);
            }
          } else {
            const [gp, cp, sp] = await Promise.all([gpu.readParams(e.slot), cpu.readParams(e.slot), cpuSingle[e.trial].readParams()]);
            const [ge, ce] = await Promise.all([gpu.evaluate(p.maxTrainRows), cpu.evaluate(p.maxTrainRows)]);
            const se = (await cpuSingle[e.trial].evaluate(false))!.evaluation;
            const g = ge[e.slot], c = ce[e.slot];
            const cls = task === 'classification';
            const single: TrialEvaluation = { trainLoss: se.trainLoss, testLoss: se.testLoss, trainAccuracy: cls ? se.trainAccuracy! : null, testAccuracy: cls ? se.testAccuracy! : null };
            const counts = (x: TrialEvaluation | null) => [(x?.trainAccuracy ?? 0) * evalRows[0], (x?.testAccuracy ?? 0) * evalRows[1]];
            results.push({
              trial: e.trial,
              params: compare(gp, cp, p.atol, p.rtol),
              losses: compare(lossesOf(g), lossesOf(c), p.atol * 10, p.rtol * 10),
              correctDiff: Math.max(...counts(g).map((v, i) => Math.abs(Math.round(v - counts(c)[i])))),
              cpuExact: cp.every((v, i) => Object.is(v, sp[i])) && JSON.stringify(c) === JSON.stringify(single),
              gpuSingle: gpuSingle ? compare(gp, await gpuSingle[e.trial].readParams(), p.atol, p.rtol) : null,
              paramChange: cp.reduce((a, v, i) => Math.max(a, Math.abs(v - plan.setups[e.trial].init.params[i])), 0),
            });
          }
        }
        // after every step: idle slots read back what they held (zeros when never used), evaluations null
        const idle: Array<{ slot: number; unchanged: boolean; evalNull: boolean }> = [];
        const [ge, ce] = await Promise.all([gpu.evaluate(p.maxTrainRows), cpu.evaluate(p.maxTrainRows)]);
        const used = new Set(plan.trials.map((t) => t.slot));
        for (let s = 0; s < p.slots; s++) {
          if (used.has(s) && !cleared.has(s)) continue;
          const now = await gpu.readParams(s);
          const before = cleared.get(s) ?? new Float32Array(now.length);
          idle.push({ slot: s, unchanged: now.every((v, i) => Object.is(v, before[i])), evalNull: ge[s] === null && ce[s] === null });
        }
        return { results, idle, rowCounts: [...rowCounts].sort((a, b) => a - b), datasets: plan.init.data.length };
      } finally {
        gpu.destroy();
        gpuSingle?.forEach((b) => b.destroy());
      }
    },

    /** A population too large for the device (LeNet-300-100 × `trials`): what createGpuPopulation throws. */
    async populationLimit(p: { trials: number }) {
      const config = validateConfig({ hidden: [300, 100], activation: 'relu', samples: 60 }).config;
      const d = oddData(config, 'classification');
      const mnistShaped: Dataset = { ...d, inputDim: 784, outputDim: 10, train: { x: new Float32Array(42 * 784), y: new Float32Array(420), n: 42 }, test: { x: new Float32Array(18 * 784), y: new Float32Array(180), n: 18 } };
      const plan = planPopulation([{ config, slot: 0, start: 0, steps: 1 }], p.trials, 16, () => mnistShaped);
      try {
        createGpuPopulation(device, plan.init).destroy();
        return { threw: false, name: '', message: '', limit: device.limits.maxStorageBufferBindingSize };
      } catch (e) {
        return { threw: true, name: (e as Error).name, message: (e as Error).message, limit: device.limits.maxStorageBufferBindingSize };
      }
    },
  };
}

export type PopulationCases = ReturnType<typeof createPopulationCases>;
