/**
 * Runs a ReproPlan (plan.ts) headless on the CPU backend through the playground's own Trainer
 * (engine/train/trainer.ts: the same step, schedule, Compressor and model-size accounting as the page).
 * Pure engine code: the caller loads MNIST (mnistNode.ts in Node) and prints.
 *
 * A branch from the dense checkpoint is a new Trainer at the parent's step (zero optimizer state, a
 * fresh Compressor, its own batch order) from the dense weights; a branch that is its parent's only child
 * (pruned → pruned_quantized) continues the parent's Trainer with the new settings applied live, so the
 * mask and the optimizer state carry over. Every branch restarts its learning-rate schedule.
 */
import type { RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { Compressor } from '../compressor';
import type { MnistRaw } from '../mnist';
import { setupRun } from '../run';
import { BatchSampler } from '../sampler';
import { Trainer, type BackendFactory } from '../train/trainer';
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

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

async function evaluateNow(t: Trainer) {
  for (;;) {
    const pending = t.evaluate(false);
    if (pending) return (await pending).points[0];
    await t.settled();
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
  const trainers = new Map<ExperimentName, Trainer>();
  const checkpoints = new Map<ExperimentName, Float32Array>();
  const results: ExperimentResult[] = [];

  for (const [index, e] of plan.experiments.entries()) {
    const tPhase = Date.now();
    const config = experimentConfig(plan, e.name);
    let t: Trainer;
    if (e.from === 'init') t = await Trainer.create({ ...setup, config }, cpu);
    else {
      const parent = trainers.get(e.from);
      const weights = checkpoints.get(e.from);
      if (!parent || !weights) throw new Error(`${e.name} branches from ${e.from}, which has not run`);
      if (plan.experiments.filter((x) => x.from === e.from).length === 1) {
        t = parent;
        trainers.delete(e.from);
        if (t.configure(config).rebuild) throw new Error(`${e.name} changes more than live settings`);
        t.restartSchedule();
      } else {
        const branch = { ...setup, config, sampler: new BatchSampler(data.train.n, plan.base.seed + index), init: { ...setup.init, params: weights } };
        t = await Trainer.create(branch, cpu, { step: parent.step, initialParams: setup.init.params });
      }
    }
    const start = t.step;
    const end = start + e.steps;
    const every = opts.logEvery ?? 0;
    const spec = t.setup.init.spec;
    while (t.step < end) {
      if (t.compressionDue()) await t.compress();
      if (t.setup.init.spec !== spec) throw new Error('the reproduction prunes weights, not neurons: the model must not shrink');
      t.doStep();
      if (every > 0 && (t.step - start) % every === 0 && t.step < end) {
        const p = await evaluateNow(t);
        log(`  ${e.name} step ${t.step - start}/${e.steps}: test accuracy ${((p?.testAccuracy ?? 0) * 100).toFixed(2)}%  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
    if (t.compressionDue()) await t.compress();
    const point = await evaluateNow(t);
    const result: ExperimentResult = {
      name: e.name,
      test_accuracy: (point?.testAccuracy ?? 0) * 100,
      ...sizeOf(t.compressor, config),
      steps: [start, end],
      wall_s: (Date.now() - tPhase) / 1000,
      config,
    };
    results.push(result);
    log(`${e.name}: test accuracy ${result.test_accuracy.toFixed(2)}%, ${result.bytes} bytes, sparsity ${(result.sparsity * 100).toFixed(1)}%, ${result.bits} bits (${result.wall_s.toFixed(0)} s)`);
    trainers.set(e.name, t);
    checkpoints.set(e.name, await t.lanes[0].backend.readParams());
  }
  for (const t of trainers.values()) t.destroy();
  return { experiments: results, test_digits: data.test.n, train_digits: data.train.n, wall_s: (Date.now() - t0) / 1000 };
}
