/**
 * Parity cases for pruning and quantization in the training loop: the GPU backend (gpu/gpuBackend.ts)
 * against the CPU backend (engine/cpuBackend.ts) through the TrainingBackend methods setMask,
 * magnitudeMask, neuronScores, setQuantization, setParams and the snapshot extras; magnitude masks and
 * neuron scores also against the engine ops directly (engine/ops/prune.ts).
 */
import type { BackendInit, TrainingBackend } from '../engine/backend';
import { defaultConfig, validateConfig, type RunConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import type { Dataset } from '../engine/datasets';
import { forward } from '../engine/fastNetwork';
import { initParams, modelSpecFor, paramLayout } from '../engine/model';
import { gatherRows } from '../engine/ops/gather';
import { activityScores, magnitudePrune, pruneGroups, rowBlocks, rowNorms, type PruneGroup } from '../engine/ops/prune';
import { quantPlan, quantSegmentsForLayout, type QuantScheme } from '../engine/ops/quantize';
import { createRng } from '../engine/rng';
import { effectiveBatch, setupRun, stepSettings } from '../engine/run';
import { BatchSampler } from '../engine/sampler';
import { findAdapter, requestDevice } from '../gpu/device';
import { createGpuBackend } from '../gpu/gpuBackend';
import { evalRows, largestBuffer } from '../gpu/network';
import { compare } from './gpuRun';
import type { Tol } from './cases';

/** A synthetic classification set of any shape, for odd layer widths and split sizes. */
export interface SyntheticShape {
  inputDim: number;
  outputDim: number;
  train: number;
  test: number;
  gridRows: number;
}

export interface RunSpec {
  config: Record<string, unknown>;
  /** Replace the config's dataset by random data of this shape (hidden layers from the config). */
  shape?: SyntheticShape;
  /** Cut the test split to its first rows. */
  testRows?: number;
  extras?: boolean;
  /** GPU evaluation chunk (a multiple of 64): smaller than the splits to check chunked evaluation. */
  evalChunkRows?: number;
}

interface Run {
  config: RunConfig;
  init: BackendInit;
  batch: number;
  sampler: () => BatchSampler;
}

function randomSplit(n: number, shape: SyntheticShape, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * shape.inputDim }, () => rng.next() * 2 - 1);
  const y = new Float32Array(n * shape.outputDim);
  for (let r = 0; r < n; r++) y[r * shape.outputDim + rng.int(shape.outputDim)] = 1;
  return { x, y, n };
}

function makeRun(p: RunSpec): Run {
  const config = validateConfig({ ...defaultConfig(), ...p.config }).config;
  const base = setupRun(config);
  let init: BackendInit = { ...base.init };
  if (p.shape) {
    const s = p.shape;
    const data: Dataset = { ...base.data, inputDim: s.inputDim, outputDim: s.outputDim, task: 'classification', train: randomSplit(s.train, s, config.seed + 1), test: randomSplit(s.test, s, config.seed + 2) };
    const spec = modelSpecFor(config, data);
    const layout = paramLayout(spec);
    const grid = randomSplit(s.gridRows, s, config.seed + 3).x;
    init = { ...init, spec, layout, params: initParams(spec, layout, config.seed), data, grid, gridRows: s.gridRows };
  }
  if (p.testRows !== undefined) {
    const { data } = init;
    const n = Math.min(p.testRows, data.test.n);
    init = { ...init, data: { ...data, test: { x: data.test.x.slice(0, n * data.inputDim), y: data.test.y.slice(0, n * data.outputDim), n } } };
  }
  if (p.extras) init = { ...init, snapshotExtras: true };
  return { config, init, batch: effectiveBatch(config, init.data), sampler: () => new BatchSampler(init.data.train.n, config.seed) };
}

/** The W tensors of every layer, as pruning segments. */
const weightSegments = (init: BackendInit) => init.layout.layers.map(({ W }) => ({ offset: W.offset, size: W.size }));

export interface CompressPlan extends RunSpec {
  /** Steps before compression starts. */
  warmup: number;
  /** Magnitude mask from the GPU method (compared with the CPU's), set on both backends. */
  prune?: { amount: number; scope: 'layer' | 'global' };
  quant?: { bits: number; scheme: QuantScheme; perChannel: boolean; mode: 'post-training' | 'aware' };
  /** Steps after compression. */
  steps: number;
  /** Then: rewind (setParams to the weights compression started from, the mask applied) and take this many steps. */
  rewindSteps?: number;
  /** Then: drop the mask and take this many steps (a masked optimizer state left non-zero would show here). */
  unmaskedSteps?: number;
}

interface Pair {
  gpu: TrainingBackend;
  cpu: TrainingBackend;
  run: Run;
  t: number;
  steps(n: number): void;
}

export function createCompressCases(device: GPUDevice) {
  function pair(p: RunSpec): Pair {
    const run = makeRun(p);
    const gpu = createGpuBackend(device, 'harness', run.init, run.batch, { evalChunkRows: p.evalChunkRows });
    const cpu = createCpuBackend(run.init);
    const sg = run.sampler(), sc = run.sampler();
    const me: Pair = {
      gpu,
      cpu,
      run,
      t: 0,
      steps(n) {
        for (let s = 0; s < n; s++, me.t++) {
          gpu.step(sg.next(run.batch), stepSettings(run.config, me.t));
          cpu.step(sc.next(run.batch), stepSettings(run.config, me.t));
        }
      },
    };
    return me;
  }

  /** Both backends continue from the CPU's parameters (float drift of the warm-up removed before exact comparisons). */
  async function sync(pr: Pair): Promise<Float32Array> {
    const params = await pr.cpu.readParams();
    pr.gpu.setParams(params);
    pr.cpu.setParams(params);
    return params;
  }

  /** Parameters, evaluation and snapshot of both backends, compared. */
  async function compareAll(pr: Pair, tol: Tol) {
    const [gp, cp] = await Promise.all([pr.gpu.readParams(), pr.cpu.readParams()]);
    const [ge, ce] = await Promise.all([pr.gpu.evaluate(true)!, pr.cpu.evaluate(true)!]);
    const evals = (e: typeof ge) => {
      const v = e.evaluation;
      return [v.trainLoss, v.testLoss, v.trainAccuracy ?? 0, v.testAccuracy ?? 0, v.paramSumSq, v.paramSumAbs, ...v.gradNorms];
    };
    const gs = ge.snapshot!, cs = ce.snapshot!;
    const histRange = (s: typeof gs) => s.histograms.flatMap((h) => [h.min, h.max, h.sumSq, h.sumAbs]);
    const histMoved = gs.histograms.reduce((acc, h, l) => acc + h.counts.reduce((a, c, b) => a + Math.abs(c - cs.histograms[l].counts[b]), 0) / 2, 0);
    return {
      params: compare(gp, cp, tol.atol, tol.rtol),
      evaluation: compare(evals(ge), evals(ce), tol.atol * 10, tol.rtol * 10),
      output: compare(gs.output, cs.output, tol.atol * 10, tol.rtol * 10),
      outputLength: gs.output.length,
      histograms: compare(histRange(gs), histRange(cs), tol.atol * 10, tol.rtol * 10),
      /** Weights that fell in a different histogram bin (float drift at bin edges). */
      histMoved,
      histTotal: gs.histograms.reduce((a, h) => a + h.counts.reduce((x, y) => x + y, 0), 0),
      testOutput: gs.testOutput && cs.testOutput ? compare(gs.testOutput, cs.testOutput, tol.atol * 10, tol.rtol * 10) : null,
      snapshotParams: gs.params && cs.params ? compare(gs.params, cs.params, tol.atol, tol.rtol) : null,
      gpuParams: gp,
      gpuSnapshotParams: gs.params ?? null,
      cpuSnapshotParams: cs.params ?? null,
    };
  }

  /** Distinct values per quantization channel (rows of W when per channel, the whole W otherwise), at most. */
  function maxLevels(params: Float32Array, init: BackendInit, perChannel: boolean): number {
    let most = 0;
    for (const { W } of init.layout.layers) {
      const [rows, cols] = W.shape;
      const chans = perChannel ? rows : 1, count = (rows * cols) / chans;
      for (let c = 0; c < chans; c++) most = Math.max(most, new Set(params.subarray(W.offset + c * count, W.offset + (c + 1) * count)).size);
    }
    return most;
  }

  return {
    /**
     * MNIST-sized data (synthetic, shape.train × shape.inputDim floats): the harness device, made with
     * default limits, must refuse it with a BackendLimitError; a device requested with requestDevice (as the
     * worker does) must train on it and evaluate the whole test split (outputs compared with the CPU).
     */
    async mnistScale(p: RunSpec & { steps: number } & Tol) {
      const run = makeRun(p);
      const needs = { largestBuffer: largestBuffer(run.init, Math.max(evalRows(run.init), run.batch)) };
      let refusal: { name: string; message: string } | null = null;
      try {
        createGpuBackend(device, 'harness', run.init, run.batch).destroy();
      } catch (e) {
        refusal = { name: (e as Error).name, message: (e as Error).message };
      }
      const found = await findAdapter();
      if ('reason' in found) throw new Error(found.reason);
      const big = await requestDevice(found.adapter, needs);
      let gpuError: string | null = null;
      big.onuncapturederror = (e) => (gpuError ??= e.error.message);
      const gpu = createGpuBackend(big, 'harness (large limits)', run.init, run.batch);
      const cpu = createCpuBackend(run.init);
      try {
        const sg = run.sampler(), sc = run.sampler();
        for (let t = 0; t < p.steps; t++) {
          gpu.step(sg.next(run.batch), stepSettings(run.config, t));
          cpu.step(sc.next(run.batch), stepSettings(run.config, t));
        }
        const [ge, ce] = await Promise.all([gpu.evaluate(true)!, cpu.evaluate(true)!]);
        const ev = (e: typeof ge) => [e.evaluation.trainLoss, e.evaluation.testLoss, e.evaluation.trainAccuracy ?? 0, e.evaluation.testAccuracy ?? 0];
        return {
          refusal,
          largestBuffer: needs.largestBuffer,
          deviceLimit: Math.min(big.limits.maxStorageBufferBindingSize, big.limits.maxBufferSize),
          defaultLimit: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
          evaluation: compare(ev(ge), ev(ce), p.atol * 10, p.rtol * 10),
          testOutput: compare(ge.snapshot!.testOutput!, ce.snapshot!.testOutput!, p.atol * 10, p.rtol * 10),
          params: compare(await gpu.readParams(), await cpu.readParams(), p.atol, p.rtol),
          testRows: run.init.data.test.n,
          gpuError: gpuError as string | null,
        };
      } finally {
        gpu.destroy();
        big.destroy();
      }
    },

    /**
     * Trains both backends, optionally prunes (magnitudeMask on both, masks compared exactly, the CPU's set
     * on both) and quantizes, trains on, and compares parameters, evaluation and snapshot.
     */
    async compressSteps(p: CompressPlan & Tol) {
      const pr = pair(p);
      const { init } = pr.run;
      try {
        pr.steps(p.warmup);
        const start = await sync(pr);
        let mask: Float32Array | null = null;
        let maskCmp = null, maskDirect = null, sparsity = 0;
        if (p.prune) {
          const groups: PruneGroup[] = pruneGroups(weightSegments(init), p.prune.amount, p.prune.scope, 'target');
          const [gm, cm] = await Promise.all([pr.gpu.magnitudeMask(groups), pr.cpu.magnitudeMask(groups)]);
          maskCmp = compare(gm, cm, 0, 0);
          maskDirect = compare(gm, magnitudePrune(start, new Float32Array(start.length).fill(1), groups).mask, 0, 0);
          mask = cm;
          pr.gpu.setMask(mask);
          pr.cpu.setMask(mask);
          const segs = weightSegments(init);
          const total = segs.reduce((a, s) => a + s.size, 0);
          sparsity = segs.reduce((a, s) => a + mask!.subarray(s.offset, s.offset + s.size).filter((v) => v === 0).length, 0) / total;
        }
        if (p.quant) {
          const bits = init.spec.layers.map(() => p.quant!.bits);
          const q = { plan: quantPlan(quantSegmentsForLayout(init.layout, bits, p.quant.scheme, p.quant.perChannel)), mode: p.quant.mode };
          pr.gpu.setQuantization(q);
          pr.cpu.setQuantization(q);
        }
        pr.steps(p.steps);
        const r = await compareAll(pr, p);
        const maskedNonZero = mask ? r.gpuParams.reduce((a, v, i) => a + (mask![i] === 0 && !Object.is(v, 0) ? 1 : 0), 0) : 0;
        const maskedNonZeroSnapshot = mask && r.gpuSnapshotParams ? r.gpuSnapshotParams.reduce((a, v, i) => a + (mask![i] === 0 && !Object.is(v, 0) ? 1 : 0), 0) : 0;
        const levels = p.quant && r.gpuSnapshotParams ? maxLevels(r.gpuSnapshotParams, init, p.quant.perChannel) : null;
        let rewound = null;
        if (p.rewindSteps !== undefined) {
          pr.gpu.setParams(start);
          pr.cpu.setParams(start);
          const expected = mask ? start.map((v, i) => (mask![i] === 0 ? 0 : v)) : start;
          const at = await pr.gpu.readParams();
          pr.steps(p.rewindSteps);
          const [gp, cp] = await Promise.all([pr.gpu.readParams(), pr.cpu.readParams()]);
          rewound = { atRewind: compare(at, expected, 0, 0), params: compare(gp, cp, p.atol, p.rtol), maskedNonZero: mask ? gp.filter((v, i) => mask![i] === 0 && !Object.is(v, 0)).length : 0 };
        }
        let unmasked = null;
        if (p.unmaskedSteps) {
          pr.gpu.setMask(null);
          pr.cpu.setMask(null);
          pr.steps(p.unmaskedSteps);
          const [gp, cp] = await Promise.all([pr.gpu.readParams(), pr.cpu.readParams()]);
          unmasked = { params: compare(gp, cp, p.atol, p.rtol), regrown: mask ? gp.filter((v, i) => mask![i] === 0 && v !== 0).length : 0 };
        }
        const { gpuParams, gpuSnapshotParams, cpuSnapshotParams, ...cmp } = r;
        void gpuParams;
        void cpuSnapshotParams;
        return {
          ...cmp,
          mask: maskCmp,
          maskDirect,
          sparsity,
          maskedNonZero,
          maskedNonZeroSnapshot,
          levels,
          snapshotParamsLength: gpuSnapshotParams?.length ?? null,
          totalFloats: init.layout.totalFloats,
          testRows: init.data.test.n,
          outputDim: init.data.outputDim,
          paramChange: start.reduce((acc, v, i) => acc + Math.abs(v - r.gpuParams[i]), 0),
          rewound,
          unmasked,
        };
      } finally {
        pr.gpu.destroy();
      }
    },

    /**
     * magnitudeMask on weights whose |w| takes only 5 values (ties at every threshold), on top of an
     * existing mask, per layer and global: GPU backend vs CPU backend vs ops/prune.ts magnitudePrune.
     */
    async maskTies(p: RunSpec & { amount: number; scope: 'layer' | 'global'; preMask: number; seed: number }) {
      const pr = pair(p);
      const { init } = pr.run;
      try {
        const rng = createRng(p.seed);
        const segs = weightSegments(init);
        const w = init.params.slice();
        const pre = new Float32Array(w.length).fill(1);
        for (const s of segs) {
          for (let i = s.offset; i < s.offset + s.size; i++) {
            w[i] = (rng.next() < 0.5 ? -1 : 1) * (rng.int(5) / 4);
            if (rng.next() < p.preMask) pre[i] = 0;
          }
        }
        pr.gpu.setParams(w);
        pr.cpu.setParams(w);
        pr.gpu.setMask(pre);
        pr.cpu.setMask(pre);
        const masked = w.map((v, i) => (pre[i] === 0 ? 0 : v));
        const groups = pruneGroups(segs, p.amount, p.scope, 'target');
        const [gm, cm] = await Promise.all([pr.gpu.magnitudeMask(groups), pr.cpu.magnitudeMask(groups)]);
        const direct = magnitudePrune(masked, pre, groups);
        const gp = await pr.gpu.readParams();
        return {
          vsCpu: compare(gm, cm, 0, 0),
          vsOps: compare(gm, direct.mask, 0, 0),
          /** setMask applied the pre-mask to the weights at once (exactly, +0); magnitudeMask changed nothing. */
          weightsMasked: compare(gp, masked, 0, 0),
          negativeZeros: gp.filter((v, i) => pre[i] === 0 && Object.is(v, -0)).length,
          ties: direct.info.reduce((a, g) => a + g.ties, 0),
          pruned: direct.info.reduce((a, g) => a + g.k, 0),
          preMasked: segs.reduce((a, s) => a + pre.subarray(s.offset, s.offset + s.size).filter((v) => v === 0).length, 0),
        };
      } finally {
        pr.gpu.destroy();
      }
    },

    /** neuronScores of every layer, both kinds, on `rows` seeded training rows (repeats allowed), vs CPU backend and ops. */
    async neuronScores(p: RunSpec & { warmup: number; rows: number; quantAware?: { bits: number; scheme: QuantScheme }; seed: number } & Tol) {
      const pr = pair(p);
      const { init } = pr.run;
      try {
        pr.steps(p.warmup);
        const params = await sync(pr);
        if (p.quantAware) {
          const bits = init.spec.layers.map(() => p.quantAware!.bits);
          const q = { plan: quantPlan(quantSegmentsForLayout(init.layout, bits, p.quantAware.scheme, true)), mode: 'aware' as const };
          pr.gpu.setQuantization(q);
          pr.cpu.setQuantization(q);
        }
        const rng = createRng(p.seed);
        const rows = Uint32Array.from({ length: p.rows }, () => rng.int(init.data.train.n));
        const acts = forward(init.spec, init.layout, params, gatherRows(init.data.train.x, rows, init.data.inputDim), p.rows);
        const out = [];
        for (let l = 0; l < init.spec.layers.length; l++) {
          const N = init.spec.layers[l].outDim;
          const [gl, cl, ga, ca] = [await pr.gpu.neuronScores(l, 'l2', rows), await pr.cpu.neuronScores(l, 'l2', rows), await pr.gpu.neuronScores(l, 'activity', rows), await pr.cpu.neuronScores(l, 'activity', rows)];
          out.push({
            layer: l,
            N,
            l2VsCpu: compare(gl, cl, p.atol, p.rtol),
            l2VsOps: compare(gl, rowNorms(params, rowBlocks(init.layout, [l])), p.atol, p.rtol),
            activityVsCpu: compare(ga, ca, p.atol, p.rtol),
            // The ops reference runs the float weights: only meaningful without quantization.
            activityVsOps: p.quantAware ? null : compare(ga, activityScores(acts[l + 1], p.rows, N), p.atol, p.rtol),
          });
        }
        return out;
      } finally {
        pr.gpu.destroy();
      }
    },
  };
}

export type CompressCases = ReturnType<typeof createCompressCases>;
