/**
 * The MNIST reproduction (`npm run reproduce:mnist`) as data: one base RunConfig (LeNet-300-100 on all of
 * MNIST) and four experiments, each a branch from a checkpoint with live config changes flipped at the
 * branch point, the way a user flips switches in the playground:
 *
 *   dense             from the initial weights: Adam, cosine learning rate
 *   pruned            from the dense checkpoint: Prune on, gradual (Zhu & Gupta) magnitude pruning to 90 %
 *                     starting at the first step after the dense phase, then fine-tuning with the mask fixed
 *   quantized         from the dense checkpoint: Quantize on, 4-bit quantization-aware training
 *   pruned_quantized  from the pruned checkpoint (mask kept): Quantize on, 4-bit quantization-aware training
 *
 * Steps are counted on one timeline per experiment (the dense phase's steps, then the branch's), so
 * `pruneStart` is the end of the dense phase. Each branch restarts its learning-rate schedule at its branch
 * point (the schedule's step is counted from there); the optimizer state starts from zero on a branch from
 * a checkpoint and is kept when a branch continues its parent's backend (pruned → pruned_quantized).
 */
import { LENET_PRESET, validateConfig, type RunConfig } from '../config';

export const EXPERIMENTS = ['dense', 'pruned', 'quantized', 'pruned_quantized'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

export interface Experiment {
  name: ExperimentName;
  /** The checkpoint it starts from: the initial weights, or the end of another experiment. */
  from: 'init' | ExperimentName;
  /** Live settings flipped at the branch point (on top of the parent's config). */
  changes: Partial<RunConfig>;
  /** Optimizer steps of this branch. */
  steps: number;
}

export interface ReproPlan {
  /** The validated config of the dense run; every branch is this plus its (and its parents') changes. */
  base: RunConfig;
  experiments: Experiment[];
  stepsPerEpoch: number;
}

export interface PlanOptions {
  /** Training digits (60,000 for the real run). */
  samples: number;
  hidden: number[];
  seed: number;
  /** Epochs of each experiment's own phase. */
  epochs: Record<ExperimentName, number>;
  /** Learning rate of the dense phase, of the pruning phase and of the quantization-aware phases. */
  learningRate: number;
  pruneRate: number;
  quantRate: number;
  sparsity: number;
  pruneMethod: RunConfig['pruneMethod'];
  /** Share of the pruned phase over which the sparsity ramps up (the rest fine-tunes at the target). */
  pruneRamp: number;
  pruneEvery: number;
  bits: number;
  granularity: RunConfig['granularity'];
}

/** The settings of the committed reproduce/mnist.json. */
export const MNIST_OPTIONS: PlanOptions = {
  samples: 60000,
  hidden: [300, 100],
  seed: 1,
  epochs: { dense: 10, pruned: 8, quantized: 3, pruned_quantized: 3 },
  learningRate: 1e-3,
  pruneRate: 1e-3,
  quantRate: 5e-4,
  sparsity: 0.9,
  pruneMethod: 'global-magnitude',
  pruneRamp: 0.4,
  pruneEvery: 100,
  bits: 4,
  granularity: 'per-tensor',
};

export function makePlan(o: PlanOptions): ReproPlan {
  const { config: base, corrections } = validateConfig({
    ...LENET_PRESET,
    samples: o.samples,
    hidden: o.hidden,
    seed: o.seed,
    learningRate: o.learningRate,
    schedule: 'cosine',
    minLrFactor: 0,
    totalSteps: 1, // set per phase below
  });
  if (corrections.length) throw new Error(`reproduce plan: ${corrections.map((c) => c.message).join('; ')}`);
  const stepsPerEpoch = Math.ceil(Math.min(o.samples, 60000) / base.batchSize);
  const steps = (e: ExperimentName) => Math.max(1, Math.round(o.epochs[e] * stepsPerEpoch));
  const denseSteps = steps('dense');
  const fineTune = (rate: number, n: number): Partial<RunConfig> => ({ learningRate: rate, schedule: 'cosine', totalSteps: n, minLrFactor: 0 });
  const quantOn: Partial<RunConfig> = { quantize: true, bits: o.bits, layerBits: [], quantScheme: 'symmetric', granularity: o.granularity, quantMode: 'aware' };
  const prunedSteps = steps('pruned');
  const pruneEvery = Math.max(1, Math.min(o.pruneEvery, Math.floor(prunedSteps / 4)));
  const experiments: Experiment[] = [
    { name: 'dense', from: 'init', changes: { totalSteps: denseSteps }, steps: denseSteps },
    {
      name: 'pruned',
      from: 'dense',
      changes: {
        ...fineTune(o.pruneRate, prunedSteps),
        prune: true,
        sparsity: o.sparsity,
        pruneMethod: o.pruneMethod,
        pruneSchedule: 'gradual',
        pruneStart: denseSteps,
        pruneSteps: Math.max(pruneEvery, Math.round((o.pruneRamp * prunedSteps) / pruneEvery) * pruneEvery),
        pruneEvery,
        rewind: false,
      },
      steps: prunedSteps,
    },
    { name: 'quantized', from: 'dense', changes: { ...fineTune(o.quantRate, steps('quantized')), ...quantOn }, steps: steps('quantized') },
    { name: 'pruned_quantized', from: 'pruned', changes: { ...fineTune(o.quantRate, steps('pruned_quantized')), ...quantOn }, steps: steps('pruned_quantized') },
  ];
  return { base: { ...base, totalSteps: denseSteps }, experiments, stepsPerEpoch };
}

/** The config in force during an experiment: the base plus the changes along its branch path. */
export function experimentConfig(plan: ReproPlan, name: ExperimentName): RunConfig {
  const e = plan.experiments.find((x) => x.name === name);
  if (!e) throw new Error(`no experiment ${name}`);
  const parent = e.from === 'init' ? plan.base : experimentConfig(plan, e.from);
  const { config, corrections } = validateConfig({ ...parent, ...e.changes });
  if (corrections.length) throw new Error(`reproduce plan, ${name}: ${corrections.map((c) => c.message).join('; ')}`);
  return config;
}
