/**
 * Runs a ReproPlan (plan.ts) headless on the CPU backend with the playground's own pieces: setupRun, the
 * BatchSampler, stepSettings, the Compressor (pruning/quantization events) and modelSize. Pure engine code:
 * the caller loads MNIST (mnistNode.ts in Node) and prints.
 *
 * A branch from the dense checkpoint starts a fresh backend (zero optimizer state) with the dense weights and
 * a fresh Compressor; a branch that is its parent's only child (pruned → pruned_quantized) continues the
 * parent's backend and Compressor, so the mask and the optimizer state carry over. Before every step the
 * Compressor's due/apply runs, exactly as in the worker's loop.
 */
import type { RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { TrainingBackend } from '../backend';
import { Compressor } from '../compressor';
import type { MnistRaw } from '../mnist';
import { setupRun, stepSettings } from '../run';
import { BatchSampler } from '../sampler';
import { experimentConfig, type ExperimentName, type ReproPlan } from './plan';

export interface LayerResult {
  layer: string;
  weights: number;
  nonzeros: number;
  bits: number;
  bytes: number;
}

export interface ExperimentResult {
  name: ExperimentName;
  /** Percent, on every test digit of the dataset (10,000 for full MNIST). */
  test_accuracy: number;
  /** Stored model size: modelSize(...).total.best. */
  bytes: number;
  /** The float32 size of the same (dense) network. */
  float32_bytes: number;
  /** Share of the weights (biases excluded) pruned by the mask, 0..1. */
  sparsity: number;
  /** Weight bit width (32 = float32; biases are always float32); the largest when layers differ. */
  bits: number;
  /** The Compressor's label, e.g. "90% global magnitude · 4-bit aware". */
  label: string;
  /** Global step range [from, to) of this experiment's own phase, and its settings in force. */
  steps: [number, number];
  wall_s: number;
  layers: LayerResult[];
  config: RunConfig;
}

export interface ReproResult {
  experiments: ExperimentResult[];
  test_digits: number;
  train_digits: number;
  wall_s: number;
}

export interface ReproOptions {
  /** Progress lines (epoch accuracy, phase ends). */
  log?: (line: string) => void;
  /** Evaluate on the test set every this many steps for the log (0: only at the end of each phase). */
  logEvery?: number;
}

interface Lane {
  backend: TrainingBackend;
  compressor: Compressor;
  sampler: BatchSampler;
  /** Global step reached. */
  step: number;
  /** Global step at which this backend's optimizer state was last zeroed. */
  optimizerSince: number;
}

async function evaluateNow(backend: TrainingBackend) {
  for (;;) {
    const pending = backend.evaluate(false);
    if (pending) return pending;
    await backend.settled();
  }
}

/** Size, sparsity and bits from the Compressor's view (the model-size panel's numbers: modelSize.ts over the mask). */
function sizeOf(compressor: Compressor, config: RunConfig): Pick<ExperimentResult, 'bytes' | 'float32_bytes' | 'sparsity' | 'bits' | 'layers' | 'label'> {
  const view = compressor.view(config);
  const bits = view.layers.map((l) => l.bits);
  return {
    bytes: view.total.best,
    float32_bytes: view.total.float32,
    sparsity: view.sparsity,
    bits: bits.every((b) => b === bits[0]) ? bits[0] : Math.max(...bits),
    label: view.label,
    layers: view.layers.map((l) => ({ layer: l.label, weights: l.weights, nonzeros: l.nonzeros, bits: l.bits, bytes: Math.min(l.dense, l.sparse ?? l.dense) })),
  };
}

export async function runExperiments(plan: ReproPlan, mnist: MnistRaw, opts: ReproOptions = {}): Promise<ReproResult> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const setup = setupRun(plan.base, mnist);
  const { data } = setup;
  const lanes = new Map<ExperimentName, Lane>();
  const checkpoints = new Map<ExperimentName, Float32Array>();
  const results: ExperimentResult[] = [];

  const freshLane = (params: Float32Array, step: number, seedOffset: number): Lane => ({
    backend: createCpuBackend({ ...setup.init, params }),
    compressor: new Compressor({ spec: setup.init.spec, layout: setup.init.layout, initialParams: setup.init.params, trainRows: data.train.n, seed: plan.base.seed }),
    sampler: new BatchSampler(data.train.n, plan.base.seed + seedOffset),
    step,
    optimizerSince: step,
  });

  for (const [index, e] of plan.experiments.entries()) {
    const tPhase = Date.now();
    const config = experimentConfig(plan, e.name);
    let lane: Lane;
    if (e.from === 'init') lane = freshLane(setup.init.params, 0, 0);
    else {
      const parent = lanes.get(e.from);
      const ckpt = checkpoints.get(e.from);
      if (!parent || !ckpt) throw new Error(`${e.name} branches from ${e.from}, which has not run`);
      const onlyChild = plan.experiments.filter((x) => x.from === e.from).length === 1;
      lane = onlyChild ? parent : freshLane(ckpt, parent.step, index);
      if (onlyChild) lanes.delete(e.from);
    }
    const start = lane.step;
    const end = start + e.steps;
    const every = opts.logEvery ?? 0;
    for (let t = start; t < end; t++) {
      if (lane.compressor.due(config, t)) {
        const shrink = await lane.compressor.apply(config, t, lane.backend);
        if (shrink) throw new Error('the reproduction prunes weights, not neurons: the model must not shrink');
      }
      const s = stepSettings(config, t - start, lane.optimizerSince - start);
      lane.backend.step(lane.sampler.next(config.batchSize), s);
      if (every > 0 && (t + 1 - start) % every === 0 && t + 1 < end) {
        const { evaluation } = await evaluateNow(lane.backend);
        log(`  ${e.name} step ${t + 1 - start}/${e.steps}: test accuracy ${((evaluation.testAccuracy ?? 0) * 100).toFixed(2)}%  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
    if (lane.compressor.due(config, end)) await lane.compressor.apply(config, end, lane.backend);
    lane.step = end;
    const { evaluation } = await evaluateNow(lane.backend);
    const result: ExperimentResult = {
      name: e.name,
      test_accuracy: (evaluation.testAccuracy ?? 0) * 100,
      ...sizeOf(lane.compressor, config),
      steps: [start, end],
      wall_s: (Date.now() - tPhase) / 1000,
      config,
    };
    results.push(result);
    log(`${e.name}: test accuracy ${result.test_accuracy.toFixed(2)}%, ${result.bytes} bytes, sparsity ${(result.sparsity * 100).toFixed(1)}%, ${result.bits} bits (${result.wall_s.toFixed(0)} s)`);
    lanes.set(e.name, lane);
    checkpoints.set(e.name, await lane.backend.readParams());
  }
  for (const lane of lanes.values()) lane.backend.destroy();
  return { experiments: results, test_digits: data.test.n, train_digits: data.train.n, wall_s: (Date.now() - t0) / 1000 };
}
