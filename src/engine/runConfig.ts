/**
 * The run configuration's shape: every field of a run, with its meaning and units. The values, ranges,
 * defaults and URL keys are in config.ts's field table (FIELDS), which validates every door.
 */
import type { SecondTask } from './strategies/secondTasks';
import type { Activation, DatasetName, LossName, MnistClasses, OmitDigit } from './config';
import type { OptimizerName, Regularization } from './optimizers';
import type { ScheduleName } from './schedules';
import type { QuantScheme } from './ops/quantize';
import type { Granularity, PruneMethod, PruneScheduleName, QuantMode } from './compressionSettings';

export interface RunConfig {
  version: number;
  dataset: DatasetName;
  /** Noise level, 0..0.5 (each dataset scales it to its own units). */
  noise: number;
  /**
   * Toy data: the number of generated examples before the train/test split (at most 5000).
   * MNIST: the number of training digits used (the first n of 60,000); the test set is always the 10,000.
   */
  samples: number;
  /** Share of the examples used for training, 0.1..0.9; the rest is the test set. */
  trainFraction: number;
  /** Mini-batch size; a batch at least the training-set size is plain (full-batch) gradient descent. */
  batchSize: number;
  learningRate: number;
  /** Hidden layer widths, 0..6 layers of 1..1024 neurons. */
  hidden: number[];
  activation: Activation;
  loss: LossName;
  seed: number;
  // Optimizer (engine/optimizers.ts): the fields of OptimizerHyper, the learning rate above being the base rate.
  optimizer: OptimizerName;
  momentum: number;
  nesterov: boolean;
  dampening: number;
  beta1: number;
  /** Adam's β₂, and RMSprop's smoothing constant α. */
  beta2: number;
  epsilon: number;
  centered: boolean;
  weightDecay: number;
  regularization: Regularization;
  regularizationRate: number;
  // Learning-rate schedule (engine/schedules.ts).
  schedule: ScheduleName;
  stepSize: number;
  gamma: number;
  totalSteps: number;
  minLrFactor: number;
  warmupSteps: number;
  /**
   * Race: other optimizer settings trained at once on the same network, data, seed and batches. Each lane
   * takes its optimizer's reference defaults for everything but the learning rate; regularization and
   * schedule are shared with the main run. Empty: no race.
   */
  race: RaceLane[];
  // Pruning (engine/compressor.ts). Every pruning and quantization setting applies live, without a rebuild.
  /** On: the mask is chosen (at once or gradually) and kept fixed; off: no mask (pruned weights may regrow). */
  prune: boolean;
  /** Target share of weights (or, for neuron methods, of hidden neurons) removed, 0..0.99. */
  sparsity: number;
  pruneMethod: PruneMethod;
  pruneSchedule: PruneScheduleName;
  /** Gradual schedule: t0, the first pruning step (pruning never starts before the step it was switched on at). */
  pruneStart: number;
  /** Gradual schedule: n·Δt, the number of steps from t0 until the target sparsity is reached. */
  pruneSteps: number;
  /** Gradual schedule: Δt, steps between two pruning events. */
  pruneEvery: number;
  /** Lottery ticket: once the target sparsity is reached, reset surviving weights to their initial values. */
  rewind: boolean;
  // Quantization of the weights (biases stay float32), fake-quantized (engine/ops/quantize.ts).
  quantize: boolean;
  /** 1..8 bits, for every layer that "Bits per layer" does not set. */
  bits: number;
  /** Mixed precision: one entry per layer (input to output): 0 = "Bits", 1..8, or 32 = float32. Empty: all "Bits". */
  layerBits: number[];
  quantScheme: QuantScheme;
  granularity: Granularity;
  quantMode: QuantMode;
  // Transfer learning (engine/model/groups.ts, REFERENCE.md "Transfer learning"). All apply live.
  /** MNIST only: the digits trained and tested on ('0-4', '5-9': a transfer task); the output keeps 10 classes. */
  classes: MnistClasses;
  /** The first k layers are frozen (the head always trains): no update, optimizer state untouched. */
  frozenLayers: number;
  /** The other layers but the head train at lr × this factor (discriminative rates); 1: the same rate. */
  transferLr: number;
  // Distillation (REFERENCE.md "Distillation"), for a run with a teacher: the loss
  // α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1−α)·CE(y, z_s). Both apply live.
  /** T, the softmax temperature of the soft targets, 1..50. */
  temperature: number;
  /** α, the weight of the soft (teacher) term, 0..1; 1 − α weighs the labels. */
  distillWeight: number;
  /** MNIST only: this digit is left out of the training set (the test set keeps it): 'none' or '0'..'9'. */
  omitDigit: OmitDigit;
  /** Added to the omitted digit's output bias (every lane), live: the class bias shift of Hinton et al. §3. */
  biasShift: number;
  /** Training pauses when the run reaches this step (0: it goes on); a sweep's trial opens with its step count. */
  stopAt: number;
  // Data augmentation (REFERENCE.md "Strategies", engine/strategies/augment.ts), applied to each batch as it is
  // gathered; every one applies live. augmentApplies says which fit the data (the others count as 0).
  /** MNIST: largest whole-pixel shift k, each axis uniform in −k…k, zero fill; 0: off. */
  augShift: number;
  /** MNIST: largest rotation d in degrees, uniform in ±d, bilinear; 0: off. */
  augRotation: number;
  /** MNIST: σ of Gaussian noise added to every pixel (pixels are 0…1); 0: off. */
  augNoise: number;
  /** Data that is not an image: σ of Gaussian noise added to every input (the points jitter); 0: off. */
  augJitter: number;
  /** Mixup's a: x = λ x_i + (1 − λ) x_j, y likewise, λ ~ Beta(a, a), partner from the same batch; 0: off. */
  augMixup: number;
  // Multi-task learning (REFERENCE.md "Strategies", engine/strategies/multitask*.ts): a second head on the trunk.
  /** The second head's target (secondTasks.ts): 'none' (one head), MNIST's from the digit, a 2-D dataset's from the point. */
  secondTask: SecondTask;
  /** w₂, the second task's weight in w₁ L₁ + w₂ L₂ (w₁ = 1); live. */
  taskWeight: number;
  /** PCGrad (Yu et al. 2020): project away the conflicting part of each task's trunk gradient; live. */
  pcgrad: boolean;
}

export interface RaceLane {
  optimizer: OptimizerName;
  learningRate: number;
}
