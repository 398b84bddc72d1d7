/**
 * The Backend interface: what the training loop needs from a compute engine. Two implementations:
 * `cpu` (engine/cpuBackend.ts, plain TypeScript) and `webgpu` (gpu/gpuBackend.ts).
 * Data and parameters are handed over once; steps are enqueued and never wait on results; metrics come
 * back asynchronously.
 */
import type { LossName } from './config';
import type { OptimizerHyper } from './optimizers';
import type { Dataset } from './datasets';
import type { Histogram } from './ops/histogram';
import type { ModelSpec, ParamLayout } from './model';
import type { LayerGroups } from './model/groups';
import type { PruneGroup } from './ops/prune';
import type { QuantPlan } from './ops/quantize';
import type { HeadEvaluation, TaskSettings } from './strategies/multitaskStep';
import type { AugmentDraws, AugmentSettings } from './strategies/augment';

export interface BackendInfo {
  kind: 'webgpu' | 'cpu';
  /** The WebGPU adapter's description, or "CPU". */
  name: string;
}

export interface BackendInit {
  spec: ModelSpec;
  layout: ParamLayout;
  params: Float32Array;
  data: Dataset;
  loss: LossName;
  /** Points where the model's output is drawn ([rows, inputDim]). */
  grid: Float32Array;
  gridRows: number;
  /** At most this many training rows are evaluated for the train loss curve. */
  maxEvalRows: number;
  /**
   * Extras for snapshots (MNIST views): the test set's raw outputs (confusion matrix, misclassified
   * digits) and the effective parameters (first-layer weight images, sparsity per layer).
   */
  snapshotExtras?: boolean;
  /**
   * Every snapshot also carries `params` (the effective weights: masked and, when on, fake-quantized), for
   * the Network panel; set for models small enough to read back a few times a second (run.ts).
   */
  snapshotParams?: boolean;
  /**
   * Distillation: the teacher's logits for every training row, [data.train.n, outputDim] (REFERENCE.md
   * "Distillation"). The training inputs never change, so the teacher's forward pass runs once into this
   * soft-target buffer instead of in every step; each step gathers its batch's rows and the student
   * learns from the distillation loss at the step's temperature and weight (StepSettings.distill).
   */
  softTargets?: Float32Array;
}

/**
 * Weight quantization in force (biases stay float32). 'post-training': evaluation and snapshots use the
 * fake-quantized weights, training stays float. 'aware' (QAT): the training forward pass uses them too
 * and the backward pass the clipped straight-through estimator; float master weights are kept.
 */
export interface QuantSettings {
  plan: QuantPlan;
  mode: 'post-training' | 'aware';
}

export interface Evaluation {
  /** Data loss (no regularization term). */
  trainLoss: number;
  testLoss: number;
  /** Per layer: L2 norm of the last step's gradient of W and b together (as applied: masked, through the STE under QAT). */
  gradNorms: number[];
  /** Σθ² and Σ|θ| over all parameters, the float masters (for the regularization term of the total loss). */
  paramSumSq: number;
  paramSumAbs: number;
  /** Classification only. */
  trainAccuracy?: number;
  testAccuracy?: number;
  /**
   * A model with heads: each head's unweighted loss and accuracy ([heads]); the fields above are then
   * Σ_k w_k L_k and the first head's accuracy. `conflict`: the cosine of the two tasks' gradients over the
   * trunk on the last step's batch (null before a step, or when one gradient is zero).
   */
  heads?: HeadEvaluation[];
  conflict?: number | null;
}

export interface Snapshot {
  /** One per layer: the histogram of its weights W (biases excluded), as evaluation sees them (masked, quantized). */
  histograms: Histogram[];
  /** Raw model outputs on the grid: [gridRows, outputDim]. */
  output: Float32Array;
  /** With `snapshotExtras`: raw outputs on the whole test split, [test.n, outputDim]. */
  testOutput?: Float32Array;
  /**
   * With `snapshotExtras` or `snapshotParams`: the parameters as evaluation sees them (masked and, when on,
   * fake-quantized), [layout.totalFloats].
   */
  params?: Float32Array;
  /** When the last step was augmented: its first rows as the network saw them (AugmentedBatch). */
  batch?: AugmentedBatch;
}

/**
 * The first `rows` of the last training step's batch as the network saw it (augmentation on): inputs
 * [rows, inputDim], targets [rows, outputDim] (mixed under mixup) and those rows' draws.
 */
export interface AugmentedBatch {
  rows: number;
  x: Float32Array;
  y: Float32Array;
  draws: AugmentDraws;
  settings: AugmentSettings;
}

/** What one step needs besides the batch: the optimizer settings (learning rate already scheduled) and t. */
export interface StepSettings {
  hyper: OptimizerHyper;
  /** Optimizer step count, from 1 after the last Reset (Adam's bias correction, momentum's first step). */
  t: number;
  /**
   * With soft targets (BackendInit.softTargets): the temperature T and the soft term's weight α of the
   * loss α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1−α)·CE(y, z_s). Absent: α = 0 (cross-entropy).
   */
  distill?: { temperature: number; alpha: number };
  /**
   * Data augmentation of this step's batch (engine/strategies/augment.ts), applied while gathering it;
   * absent or all 0: the plain batch.
   */
  augment?: AugmentSettings;
  /** A model with heads (ModelSpec.heads): each task's weight w_k and PCGrad (strategies/multitaskStep.ts). Absent: weights 1, no PCGrad. */
  tasks?: TaskSettings;
}

/** What a checkpoint keeps of a backend: master parameters and the two optimizer state arrays, all [layout.totalFloats]. */
export interface TrainingState {
  params: Float32Array<ArrayBuffer>;
  state: [Float32Array<ArrayBuffer>, Float32Array<ArrayBuffer>];
}

export interface TrainingBackend {
  readonly info: BackendInfo;
  /** Enqueue one training step on the given training-row indices. */
  step(batch: Uint32Array<ArrayBuffer>, settings: StepSettings): void;
  /**
   * Enqueue an evaluation (and a snapshot when asked). Returns null when too many readbacks are
   * already in flight: the caller simply tries again at a later step, it never waits.
   */
  evaluate(withSnapshot: boolean): Promise<{ evaluation: Evaluation; snapshot?: Snapshot }> | null;
  /**
   * Zeroes the optimizer state (on a switch to another optimizer, whose state means something else);
   * the caller restarts t at 1.
   */
  resetOptimizerState(): void;
  /** Resolves when the work enqueued so far has finished (flow control only; reads nothing back). */
  settled(): Promise<void>;
  /** The current (float master) parameters (reads back; not for the step loop). */
  readParams(): Promise<Float32Array>;
  /**
   * The float master parameters and the optimizer state, each [layout.totalFloats], as of the work enqueued
   * so far (reads back; for checkpoints, not for the step loop).
   */
  readState(): Promise<TrainingState>;
  /** Sets the parameters and the optimizer state a checkpoint holds (the mask, if any, is applied after). */
  loadState(s: TrainingState): void;
  /** Replaces the parameters (lottery-ticket rewind) and zeroes the optimizer state; the mask, if any, is applied. */
  setParams(params: Float32Array): void;
  /**
   * Sets the pruning mask, in the parameter layout (1 keep, 0 pruned; bias entries 1), or null for none.
   * Takes effect at once: masked weights and their optimizer state become exactly 0; from then on every
   * step masks the gradient, the state and the weight (REFERENCE.md "Pruning"), so they stay 0.
   */
  setMask(mask: Float32Array | null): void;
  /**
   * Magnitude pruning on the device, from the current (float master) weights and mask (ops/prune.ts semantics: torch's
   * k, ties broken by flat index; the threshold is found on the device). Resolves to the new mask; does
   * not apply it (call setMask).
   */
  magnitudeMask(groups: PruneGroup[]): Promise<Float32Array>;
  /**
   * Structured-pruning scores of layer `layer`'s output neurons: 'l2', the L2 norm of each row of W (float
   * masters); 'activity', the mean |activation| over the given training rows, from the training forward
   * pass (fake-quantized weights under QAT).
   */
  neuronScores(layer: number, by: 'l2' | 'activity', rows: Uint32Array<ArrayBuffer>): Promise<Float32Array>;
  /**
   * Sets how each layer trains from the next step on (model/groups.ts: frozen, or lr × a factor), or null
   * for every layer at the base rate. Frozen layers keep their weights and optimizer state exactly.
   */
  setGroups(groups: LayerGroups | null): void;
  /** Sets weight quantization (see QuantSettings), or null for float weights. */
  setQuantization(quant: QuantSettings | null): void;
  destroy(): void;
}

/**
 * Evaluation fields from per-segment statistics of the parameters and the last gradient, segments
 * ordered [W_0 … W_{L-1}, b_0 … b_{L-1}].
 */
export function segmentSummary(params: Histogram[], grads: Histogram[], layers: number): Pick<Evaluation, 'gradNorms' | 'paramSumSq' | 'paramSumAbs'> {
  const gradNorms = Array.from({ length: layers }, (_, l) => Math.sqrt(grads[l].sumSq + grads[layers + l].sumSq));
  return {
    gradNorms,
    paramSumSq: params.reduce((a, h) => a + h.sumSq, 0),
    paramSumAbs: params.reduce((a, h) => a + h.sumAbs, 0),
  };
}

/** Thrown when a model does not fit the device: the message is shown to the user as is. */
export class BackendLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendLimitError';
  }
}
