/**
 * The Lessons: guided scenarios, each a prepared setting plus two or three sentences on what to watch.
 * One table: the Lessons panel lists it, and src/ui/lessons/lessons.test.ts trains every playground lesson
 * on the CPU engine and checks that what its sentences promise really happens (the numbers quoted here are
 * the ones measured there). A playground lesson is a partial RunConfig that validateConfig takes without a
 * correction; the landscape lesson is a LandscapeState, opened as a landscape.html link.
 */
import { configToHash, validateConfig, type MnistClasses, type RunConfig } from '../../engine/config';
import { DATASET_LABELS } from '../../engine/datasets';
import { defaultLandscape, landscapeToHash, type LandscapeState } from '../../engine/landscapeState';
import { OPTIMIZER_LABELS } from '../../engine/optimizers';
import type { AreaId } from '../workspace/areas';
import { EARLY_STOPPING, paramChoice, validateSettings } from '../../engine/search/params';
import { settingsToQuery } from '../../engine/search/studyLink';
import type { StudySettings } from '../../engine/search/types';

interface LessonBase {
  id: string;
  title: string;
  /** Two or three sentences: what to watch, and where. */
  watch: string[];
}

/** Opens in the playground: the config replaces the current one (as a pasted link would) and a fresh run starts. */
export interface PlaygroundLesson extends LessonBase {
  kind: 'playground';
  config: Partial<RunConfig>;
  /** The technique area it opens, where the panels its sentences name are. */
  area: AreaId;
  /**
   * A distillation lesson: once its run is built, a teacher of these hidden layers trains `epochs` epochs
   * on every digit (Train teacher), is saved, and teaches the lesson's run from step 0.
   */
  teacher?: { hidden: number[]; epochs: number };
  /**
   * A transfer lesson: once its run is built, the same settings on `classes` train `epochs` epochs (Train
   * source first), are saved, and the lesson's run starts from their weights (head re-initialised).
   */
  source?: { classes: MnistClasses; epochs: number };
}

/** Opens the Landscape page with this state. */
export interface LandscapeLesson extends LessonBase {
  kind: 'landscape';
  state: LandscapeState;
}

/** Opens the Sweep page with this run and study (sweep.html?study=…#config). */
export interface SweepLesson extends LessonBase {
  kind: 'sweep';
  config: Partial<RunConfig>;
  settings: Partial<StudySettings>;
}

export type Lesson = PlaygroundLesson | LandscapeLesson | SweepLesson;

/** The bowl as the README describes it: c = 20, SGD, Momentum and Adam at 0.015; one step a frame, to watch. */
const BOWL: LandscapeState = { ...defaultLandscape('bowl'), stepsPerFrame: 1 };

/** A small MNIST run: 3,000 digits (and the first 3,000 test digits), 784 → 64 → 10, Adam. */
const SMALL_MNIST: Partial<RunConfig> = {
  dataset: 'mnist', samples: 3000, hidden: [64], activation: 'relu', loss: 'crossentropy',
  optimizer: 'adam', learningRate: 0.002, batchSize: 64,
};

export const LESSONS: readonly Lesson[] = [
  {
    kind: 'landscape',
    id: 'momentum-bowl',
    title: 'Momentum on an ill-conditioned bowl',
    state: BOWL,
    watch: [
      'The bowl (x − 3)² + 20·(y − 3)² is 20 times steeper across its valley than along it, and SGD, Momentum and Adam share one learning rate, 0.015.',
      'SGD drops to the valley floor in a few steps, then crawls along it (each step closes only 3% of the gap); Momentum (b = μ·b + g with μ = 0.9, PyTorch’s convention) zig-zags across the valley but builds up speed along it; Adam (θ −= lr·m̂/(√v̂ + ε)) steps as far in x as in y, a straight diagonal.',
      'Race results: Momentum reaches the minimum in 67 steps, Adam in 81, SGD in 142. Give SGD a rate of 0.045 and it zig-zags too.',
    ],
  },
  {
    kind: 'playground',
    id: 'l1-zero',
    area: 'regularize',
    title: 'L1 drives weights to zero',
    config: { dataset: 'circles', hidden: [16, 16], activation: 'relu', optimizer: 'sgd', learningRate: 0.1, batchSize: 16, regularization: 'l1', regularizationRate: 0.01 },
    watch: [
      'L1 adds λ·sign(θ) to every gradient: the same pull toward 0 for a small weight as for a large one, so every weight the circles do not need is pulled to 0 and stays there, jittering within lr·λ = 0.001 of it.',
      'Watch Weights: within 1,000 steps the bin at 0 holds over 90% of layer 2’s weights (7% at the start), while test accuracy stays at 100%.',
      'Then choose L2 (g += λ·θ) and press Reset: L2 shrinks every weight in proportion to its size, so they get smaller but no spike forms at 0.',
    ],
  },
  {
    kind: 'playground',
    id: 'vanishing-sigmoid',
    area: 'model',
    title: 'Vanishing gradients in a deep sigmoid net',
    config: { dataset: 'spiral', hidden: [16, 16, 16, 16, 16, 16], activation: 'sigmoid', optimizer: 'sgd', learningRate: 0.05, batchSize: 16 },
    watch: [
      'Backpropagation multiplies the gradient by each layer’s σ′(z) ≤ 0.25 on its way down, so six sigmoid layers shrink it: Gradient health shows layer 1’s norm about 10⁻⁴ of the output layer’s.',
      'The early layers hardly learn, and test accuracy stays near 50% (chance) for thousands of steps.',
      'Switch Activation to ReLU (derivative 1 where it is active): the network is rebuilt, layer 1’s gradient is as large as the last layer’s, and the spiral is learned in about 1,000 steps.',
    ],
  },
  {
    kind: 'playground',
    id: 'prune-recover',
    area: 'compress',
    title: 'Prune 90% and recover',
    config: { ...SMALL_MNIST, prune: true, sparsity: 0.9, pruneMethod: 'magnitude', pruneSchedule: 'one-shot', pruneStart: 300 },
    watch: [
      'The network trains dense for 300 steps; then one-shot magnitude pruning zeroes the 90% of each layer’s weights with the smallest |w| (torch’s l1_unstructured), a fixed mask keeps them at 0, and Model size drops about 8× (Deep Compression’s accounting: the non-zero values plus their indices).',
      'Watch test accuracy plunge at step 300, from about 88% to 57% just after the cut, and climb back to about 85% within 500 steps, a few points below the dense network’s 89%.',
      'Sparsity per layer shows that even the small output layer lost 90%: choose Pruning method Global magnitude and press Reset, and it keeps about half its weights, the dip is shallower and accuracy ends within 2 points of the dense network’s.',
    ],
  },
  {
    kind: 'playground',
    id: 'quantize-4bit',
    area: 'compress',
    title: '4-bit weights cost almost nothing',
    config: { ...SMALL_MNIST, quantize: true, bits: 4, quantScheme: 'symmetric', granularity: 'per-channel', quantMode: 'aware' },
    watch: [
      'Every weight is stored in 4 bits: symmetric, one scale per output row (s = max|w| / 7, rounded half to even); quantization-aware training runs the forward pass on these weights and updates float masters through the straight-through estimator.',
      'Model size reads 204 kB float32 → 26 kB stored (7.8× smaller, the per-row scales cost the rest), and test accuracy climbs to 88–89% in 600 steps, as the float32 network’s does.',
      'Untick Quantize after a few hundred steps: the float32 point joins Accuracy vs size at almost the same height, 8× further right.',
    ],
  },
  {
    kind: 'playground',
    id: 'dark-knowledge',
    area: 'distill',
    title: 'Dark knowledge: a student that never saw a 3',
    config: { ...SMALL_MNIST, omitDigit: '3', temperature: 4, distillWeight: 0.9 },
    teacher: { hidden: [256], epochs: 8 },
    watch: [
      'A teacher (784 → 256 → 10) trains 8 epochs on every digit, is saved, then teaches this student, which never sees a 3: Omit digit leaves the 3s out of its training digits. Taught vs alone shows the same student trained alone on the same batches.',
      'The student learns from softmax(z_t/T) at T = 4, where a 3 shows in the teacher’s answers for 8s and 5s. After 600 steps the distilled student names about 57% of the test 3s it was never shown; the student alone names none.',
      'Pause and set Class bias shift to +2: raising the 3’s output bias lets the distilled student name about 80% of the 3s, and its overall accuracy rises by a point or two (Hinton et al. §3 raised theirs by 3.5).',
    ],
  },
  {
    kind: 'playground',
    id: 'transfer-halves',
    area: 'distill',
    title: 'Transfer: what digits 0–4 teach about 5–9',
    // augmentation (source and target alike): the source's first layer learns strokes general enough to be kept frozen
    config: { dataset: 'mnist', samples: 300, classes: '5-9', hidden: [300, 100], activation: 'relu', loss: 'crossentropy', optimizer: 'sgd', learningRate: 0.1, batchSize: 64, augShift: 2, augRotation: 15, augNoise: 0.2 },
    source: { classes: '0-4', epochs: 3 },
    watch: [
      'LeNet-300-100 first trains 3 epochs on all 30,596 training digits 0–4, each drawn shifted by up to 2 pixels, rotated by up to 15° and with pixel noise 0.2 (Data & model), and is saved (Train source first); the 5–9 task then starts from its weights with a freshly drawn head, beside the same network from the seed’s weights (From scratch), on the same 300 digits, batches and augmentation.',
      'Taught vs alone: the transferred network is ahead from the first steps (about 52% against 33% after 5 steps, 70% against 45% after 10, 80% against 66% after 30) and still ahead at step 160 (about 92% against 86%).',
      'Set Frozen layers to 1 and press Reset: the first layer keeps its 0–4 weights (learned on augmented digits: without augmentation it is no help frozen) and only the two above it train, yet it learns faster than from scratch (about 51% against 33% after 5 steps, 65% against 45% after 10, 79% against 66% after 30) until from scratch passes it by step 160 (about 86% against 84%); at 2 (only the head trains) the head start is smaller (60% against 45% after 10 steps) and it ends behind, about 81%.',
    ],
  },
  {
    kind: 'playground',
    id: 'shift-digits',
    area: 'model',
    title: 'Shifted digits: more data from the same 3,000',
    config: { ...SMALL_MNIST, augShift: 2 },
    watch: [
      'Augmented samples (Data & model) shows the batch’s first 16 digits as the network sees them: each moved by up to 2 pixels across and down, the edge filled with zeros, drawn anew every step from the seed (REFERENCE.md “Strategies”).',
      'With Shift (pixels) at 2, test accuracy passes 93% by step 1,000 and is about 94% at step 2,000, while training accuracy (on the digits as stored) stays below 100% (about 98%): every epoch brings variants the network has not seen.',
      'Set Shift (pixels) to 0 and press Reset: the same network learns its 3,000 digits by heart (100% training accuracy by step 1,000) and stops at about 89% on the test digits.',
    ],
  },
  {
    kind: 'playground',
    id: 'fuse-seeds',
    area: 'fuse',
    title: 'Fuse two seeds: ensemble and the loss barrier',
    config: { ...SMALL_MNIST, seed: 1, stopAt: 600 },
    watch: [
      'Train: this network stops at step 600. Set Seed to 2 in Data & model (the seed-1 run is saved as it is replaced), train it to step 600 too, and press Save run in Runs.',
      'In Fuse, tick both under Ensemble and press Ensemble: the mean of their probabilities makes about 323 errors on the 3,000 test digits, fewer than either run alone (about 332 and 340). Average weights refuses them: a soup needs runs that share an initialisation.',
      'Choose them as Run A and Run B and press Interpolate: halfway along the straight line between their weights test accuracy drops to about 82%, and the loss peaks about 0.24 above the ends’ mean (the barrier). With Align neurons on, B’s neurons are permuted to match A’s first: halfway then keeps about 88%, and the barrier falls to about 0.03.',
    ],
  },
  {
    kind: 'playground',
    id: 'multitask-parity',
    area: 'multitask',
    title: 'Two tasks, one trunk: digit and parity',
    config: { ...SMALL_MNIST, secondTask: 'parity' },
    watch: [
      'One trunk (784 → 64) feeds two heads, the digit (10 classes) and its parity (even or odd); the loss is L_digit + w₂·L_parity with w₂ = Task weight (REFERENCE.md “Strategies”). Beside it the same network learns each task alone, from the same initial weights on the same batches.',
      'Per-head accuracy: after 600 steps the digit head reaches about 89% and the parity head about 95%, each within a few tenths of a point of its task learned alone: parity is a function of the digit, so one set of features serves both.',
      'Gradient conflict: the cosine between the two tasks’ gradients at the trunk stays small and positive (0.05 to 0.27 at every evaluation): the tasks neither pull the trunk apart nor quite agree. Tick PCGrad: with next to nothing to project away, the curves hardly move (about 89% and 95% again).',
    ],
  },
  {
    kind: 'sweep',
    id: 'sweep-rate',
    title: 'Sweep: which learning rate, which regularization?',
    config: { dataset: 'spiral', hidden: [16, 16], activation: 'relu', loss: 'crossentropy', optimizer: 'sgd', batchSize: 16, regularization: 'l2' },
    settings: {
      method: 'random', earlyStopping: 'asha', trials: 16, stepsPerTrial: 1000, objective: 'test-accuracy', samplerSeed: 1,
      space: [
        { name: 'learningRate', dist: { kind: 'float', low: 0.001, high: 1, log: true } },
        { name: 'regularizationRate', dist: { kind: 'float', low: 0.00001, high: 0.1, log: true } },
      ],
    },
    watch: [
      'Sixteen spirals train at once, each with its own learning rate and L2 rate drawn log-uniformly; successive halving judges them at steps 111, 333 and 999 and keeps only the best third at each rung.',
      'Most stop at the first rung, still near chance; the survivors are the ones with a rate above about 0.1 and little regularization, and two of them untangle the spiral (about 99% and 100%). Parameter importance, read at the first rung, gives the learning rate about 80% of the variance.',
      'Parallel coordinates: brush the learning-rate axis above 0.1 and the good lines stand out; Load into playground opens the best trial, which pauses at step 1,000 at the accuracy the table shows.',
    ],
  },
];

/** The complete config a playground or sweep lesson runs (the fields it leaves out take their defaults). */
export function lessonConfig(lesson: PlaygroundLesson | SweepLesson): RunConfig {
  return validateConfig(lesson.config).config;
}

/** The lesson as a link: the playground or the Landscape page with its setting in the hash. */
export function lessonHref(lesson: Lesson): string {
  if (lesson.kind === 'landscape') return `./landscape.html#${landscapeToHash(lesson.state)}`;
  if (lesson.kind === 'sweep') return `./sweep.html?${settingsToQuery(lessonSettings(lesson))}#${configToHash(lessonConfig(lesson))}`;
  return `./#${configToHash(lessonConfig(lesson))}`;
}

/** A sweep lesson's complete study settings. */
export function lessonSettings(lesson: SweepLesson): StudySettings {
  return validateSettings(lesson.settings).settings;
}

/** One line naming the setting, e.g. "Circles · 2 hidden layers of 16 ReLU · SGD, rate 0.1 · L1 0.01". */
export function lessonSetting(lesson: Lesson): string {
  if (lesson.kind === 'landscape') {
    const s = lesson.state;
    return `Landscape page · bowl, condition number ${s.condition} · ${s.racers.map((r) => OPTIMIZER_LABELS[r.optimizer]).join(', ')} at rate ${s.racers[0].learningRate}`;
  }
  const c = lessonConfig(lesson);
  if (lesson.kind === 'sweep') {
    const st = lessonSettings(lesson);
    return `Sweep page · ${DATASET_LABELS[c.dataset]} · ${OPTIMIZER_LABELS[c.optimizer]}, batch ${c.batchSize} · ${st.trials} trials of ${st.stepsPerTrial} steps, ${st.method} search over ${st.space.map((p) => paramChoice(p.name).label.toLowerCase()).join(' and ')} · ${EARLY_STOPPING.find((e) => e.value === st.earlyStopping)?.label}`;
  }
  const widths = new Set(c.hidden);
  const layers = widths.size === 1 ? `${c.hidden.length} hidden layer${c.hidden.length === 1 ? '' : 's'} of ${c.hidden[0]}` : `hidden layers ${c.hidden.join(', ')}`;
  const act = { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', linear: 'linear' }[c.activation];
  const parts = [
    c.dataset === 'mnist' ? `MNIST, ${c.samples.toLocaleString('en-US')} digits` : DATASET_LABELS[c.dataset],
    `${layers} ${act}`,
    `${OPTIMIZER_LABELS[c.optimizer]}, rate ${c.learningRate}, batch ${c.batchSize}`,
  ];
  if (c.regularization !== 'none') parts.push(`${c.regularization.toUpperCase()} ${c.regularizationRate}`);
  if (c.prune) parts.push(`prune ${Math.round(c.sparsity * 100)}% ${c.pruneSchedule}${c.pruneSchedule === 'one-shot' ? ` at step ${c.pruneStart}` : ''}`);
  if (c.quantize) parts.push(`${c.bits}-bit ${c.quantMode === 'aware' ? 'quantization-aware' : 'post-training'}`);
  if (lesson.teacher) parts.push(`teacher ${[784, ...lesson.teacher.hidden, 10].join('-')}, ${lesson.teacher.epochs} epochs, T = ${c.temperature}`);
  if (c.omitDigit !== 'none') parts.push(`digit ${c.omitDigit} omitted`);
  if (c.dataset === 'mnist' && c.classes !== 'all') parts.push(`digits ${c.classes.replace('-', '–')}`);
  if (lesson.source) parts.push(`from a run on digits ${lesson.source.classes.replace('-', '–')} (${lesson.source.epochs} epochs)`);
  return parts.join(' · ');
}
