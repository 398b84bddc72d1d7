/**
 * The optimizer family (REFERENCE.md "Optimizers", PyTorch conventions) and the CPU twin of
 * shaders/optimizer.wgsl. One update covers a whole parameter range θ: [n] with gradient g: [n] and
 * stateSlots(opt) state arrays of length n:
 *   sgd       —                θ −= lr·g
 *   momentum  state0 = b       b₁ = g₁, b_t = μ·b_{t−1} + (1−τ)·g_t; d = g + μ·b_t (Nesterov) or b_t; θ −= lr·d
 *   rmsprop   state0 = v       v = α·v + (1−α)·g²; θ −= lr·g/(√v + ε)
 *             state1 = ḡ       (centered) ḡ = α·ḡ + (1−α)·g; θ −= lr·g/(√(v − ḡ²) + ε)
 *   adagrad   state0 = s       s += g²; θ −= lr·g/(√s + ε)
 *   adam      state0 = m       m = β₁·m + (1−β₁)·g; v = β₂·v + (1−β₂)·g²
 *             state1 = v       θ −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 *   adamw     as adam, after the decoupled decay θ −= lr·wd·θ
 * Coupled regularization is added to g first (at the θ the gradient was taken at): L2 g += λ·θ,
 * L1 g += λ·sign(θ) with sign(0) = 0. RMSprop's α is stored in the `beta2` field. `weightDecay` is used
 * by AdamW only (coupled L2 for the others is `regularization: 'l2'`); `momentum`, `nesterov` and
 * `dampening` by 'momentum' only; `centered` by 'rmsprop' only.
 *
 * Float32 storage: the twin rounds every operation to float32 as the GPU does, and reads its constants
 * from the same uniform block the kernel reads (optimizerUniforms), so both use identical float32
 * constants. Derived constants (1−β, 1−τ, the bias corrections) are computed in float64, then rounded.
 */
export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** The optimizers' display names (the controls, the race, messages, the landscape page). */
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  adam: 'Adam',
  adamw: 'AdamW',
};

export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type Regularization = (typeof REGULARIZATIONS)[number];

export interface OptimizerHyper {
  optimizer: OptimizerName;
  /** The learning rate of this step (already scheduled). */
  learningRate: number;
  /** μ, 'momentum' only. */
  momentum: number;
  /** 'momentum' only: d = g + μ·b instead of d = b. */
  nesterov: boolean;
  /** τ, 'momentum' only. */
  dampening: number;
  /** Adam/AdamW β₁. */
  beta1: number;
  /** Adam/AdamW β₂; RMSprop's smoothing constant α. */
  beta2: number;
  /** ε, added outside the square root (after bias correction for Adam). */
  epsilon: number;
  /** 'rmsprop' only: divide by √(v − ḡ²). */
  centered: boolean;
  /** AdamW's decoupled weight decay λ (θ −= lr·λ·θ); ignored by the other optimizers. */
  weightDecay: number;
  /** Coupled regularization added to the gradient (any optimizer). */
  regularization: Regularization;
  regularizationRate: number;
}

/** Base values for fields an optimizer does not set (PyTorch's SGD defaults). */
export const BASE_HYPER: OptimizerHyper = {
  optimizer: 'sgd',
  learningRate: 0.1,
  momentum: 0.9,
  nesterov: false,
  dampening: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  centered: false,
  weightDecay: 0,
  regularization: 'none',
  regularizationRate: 0,
};

/** REFERENCE.md defaults per optimizer (RMSprop's α is `beta2`). */
export const OPTIMIZER_DEFAULTS: Record<OptimizerName, Partial<OptimizerHyper>> = {
  sgd: { learningRate: 0.1 },
  momentum: { learningRate: 0.1, momentum: 0.9, dampening: 0, nesterov: false },
  rmsprop: { learningRate: 1e-2, beta2: 0.99, epsilon: 1e-8, centered: false },
  adagrad: { learningRate: 1e-2, epsilon: 1e-10 },
  adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  adamw: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2 },
};

/** A complete hyperparameter set: base values, then the optimizer's defaults, then `overrides`. */
export function optimizerHyper(optimizer: OptimizerName, overrides: Partial<OptimizerHyper> = {}): OptimizerHyper {
  return { ...BASE_HYPER, ...OPTIMIZER_DEFAULTS[optimizer], ...overrides, optimizer };
}

/** How many state arrays of the parameter length the optimizer keeps (state0, state1). */
export function stateSlots(h: OptimizerName | Pick<OptimizerHyper, 'optimizer' | 'centered'>): number {
  const opt = typeof h === 'string' ? h : h.optimizer;
  const centered = typeof h === 'string' ? false : h.centered;
  switch (opt) {
    case 'sgd': return 0;
    case 'momentum': return 1;
    case 'rmsprop': return centered ? 2 : 1;
    case 'adagrad': return 1;
    case 'adam':
    case 'adamw': return 2;
  }
}

/** The values of the kernel's override constants for these hyperparameters (pipeline specialisation). */
export interface OptimizerVariant {
  /** Index in OPTIMIZERS: 0 sgd, 1 momentum, 2 rmsprop, 3 adagrad, 4 adam, 5 adamw. */
  OPT: number;
  /** 0 none, 1 L1, 2 L2. */
  REG: number;
  NESTEROV: boolean;
  CENTERED: boolean;
}

export function optimizerVariant(h: OptimizerHyper): OptimizerVariant {
  return {
    OPT: OPTIMIZERS.indexOf(h.optimizer),
    REG: h.regularization === 'l1' ? 1 : h.regularization === 'l2' ? 2 : 0,
    NESTEROV: h.optimizer === 'momentum' && h.nesterov,
    CENTERED: h.optimizer === 'rmsprop' && h.centered,
  };
}

/**
 * The uniform block of shaders/optimizer.wgsl, 16 words (64 bytes), all f32 except words 0 and 1:
 *   0 n (u32)  1 firstStep (u32, 1 when t = 1)  2 lr  3 momentum μ  4 1 − dampening
 *   5 β₁  6 1 − β₁  7 β₂ (RMSprop α)  8 1 − β₂  9 ε  10 weightDecay  11 regularizationRate
 *   12 bc1 = 1 − β₁ᵗ  13 bc2 = 1 − β₂ᵗ  14, 15 padding (0)
 */
export const OPTIMIZER_UNIFORM_WORDS = 16;
export const OPTIMIZER_UNIFORM_BYTES = OPTIMIZER_UNIFORM_WORDS * 4;

export const U = {
  n: 0, firstStep: 1, lr: 2, momentum: 3, oneMinusDampening: 4, beta1: 5, oneMinusBeta1: 6, beta2: 7,
  oneMinusBeta2: 8, eps: 9, weightDecay: 10, regRate: 11, bc1: 12, bc2: 13,
} as const;

export interface OptimizerUniforms {
  /** The block as written to the GPU (words and floats share one buffer). */
  words: Uint32Array<ArrayBuffer>;
  floats: Float32Array<ArrayBuffer>;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ in float64 (the block holds them rounded to float32). */
  bc1: number;
  bc2: number;
  firstStep: boolean;
}

/**
 * The uniform block for step t (t counts from 1 since the optimizer state was last zeroed). `n` is the
 * number of parameters the dispatch covers (writeOptimizerUniforms fills it; the CPU twin ignores it).
 */
export function optimizerUniforms(h: OptimizerHyper, t: number, n = 0): OptimizerUniforms {
  if (!(Number.isInteger(t) && t >= 1)) throw new Error(`optimizer step t must be an integer ≥ 1, got ${t}`);
  const words = new Uint32Array(OPTIMIZER_UNIFORM_WORDS);
  const floats = new Float32Array(words.buffer);
  const bc1 = 1 - Math.pow(h.beta1, t);
  const bc2 = 1 - Math.pow(h.beta2, t);
  words[U.n] = n;
  words[U.firstStep] = t === 1 ? 1 : 0;
  floats[U.lr] = h.learningRate;
  floats[U.momentum] = h.momentum;
  floats[U.oneMinusDampening] = 1 - h.dampening;
  floats[U.beta1] = h.beta1;
  floats[U.oneMinusBeta1] = 1 - h.beta1;
  floats[U.beta2] = h.beta2;
  floats[U.oneMinusBeta2] = 1 - h.beta2;
  floats[U.eps] = h.epsilon;
  floats[U.weightDecay] = h.weightDecay;
  floats[U.regRate] = h.regularization === 'none' ? 0 : h.regularizationRate;
  floats[U.bc1] = bc1;
  floats[U.bc2] = bc2;
  return { words, floats, bc1, bc2, firstStep: t === 1 };
}

/**
 * CPU twin of shaders/optimizer.wgsl: one step at t (from 1), in place on params and state
 * (state.length ≥ stateSlots(h)). grads is read only. Where mask[i] is 0 the weight and every state entry
 * are set to exactly 0 and the gradient is treated as 0 (the grads array itself is not written).
 */
export function optimizerStep(
  params: Float32Array,
  grads: Float32Array,
  state: Float32Array[],
  h: OptimizerHyper,
  t: number,
  mask?: Float32Array,
): void {
  const slots = stateSlots(h);
  if (state.length < slots) throw new Error(`${h.optimizer} needs ${slots} state arrays, got ${state.length}`);
  for (const a of [grads, ...state.slice(0, slots), ...(mask ? [mask] : [])]) {
    if (a.length < params.length) throw new Error('optimizer arrays must be at least as long as params');
  }
  const f = Math.fround;
  const u = optimizerUniforms(h, t).floats;
  const lr = u[U.lr], mu = u[U.momentum], omd = u[U.oneMinusDampening];
  const b1 = u[U.beta1], omb1 = u[U.oneMinusBeta1], b2 = u[U.beta2], omb2 = u[U.oneMinusBeta2];
  const eps = u[U.eps], wd = u[U.weightDecay], lam = u[U.regRate], bc1 = u[U.bc1], bc2 = u[U.bc2];
  const first = t === 1;
  const { OPT, REG, NESTEROV, CENTERED } = optimizerVariant(h);
  const s0 = state[0], s1 = state[1];

  for (let i = 0; i < params.length; i++) {
    if (mask && mask[i] === 0) {
      params[i] = 0;
      for (let k = 0; k < slots; k++) state[k][i] = 0;
      continue;
    }
    let theta = params[i];
    let g = grads[i];
    if (REG === 1) g = f(g + f(lam * Math.sign(theta)));
    else if (REG === 2) g = f(g + f(lam * theta));
    switch (OPT) {
      case 0: // sgd
        theta = f(theta - f(lr * g));
        break;
      case 1: { // momentum
        const b = first ? g : f(f(mu * s0[i]) + f(omd * g));
        s0[i] = b;
        const d = NESTEROV ? f(g + f(mu * b)) : b;
        theta = f(theta - f(lr * d));
        break;
      }
      case 2: { // rmsprop
        const v = f(f(b2 * s0[i]) + f(omb2 * f(g * g)));
        s0[i] = v;
        let sq = v;
        if (CENTERED) {
          const gb = f(f(b2 * s1[i]) + f(omb2 * g));
          s1[i] = gb;
          sq = Math.max(f(v - f(gb * gb)), 0);
        }
        theta = f(theta - f(f(lr * g) / f(f(Math.sqrt(sq)) + eps)));
        break;
      }
      case 3: { // adagrad
        const s = f(s0[i] + f(g * g));
        s0[i] = s;
        theta = f(theta - f(f(lr * g) / f(f(Math.sqrt(s)) + eps)));
        break;
      }
      default: { // adam (4), adamw (5)
        if (OPT === 5) theta = f(theta - f(f(lr * wd) * theta));
        const m = f(f(b1 * s0[i]) + f(omb1 * g));
        const v = f(f(b2 * s1[i]) + f(omb2 * f(g * g)));
        s0[i] = m;
        s1[i] = v;
        const mhat = f(m / bc1), vhat = f(v / bc2);
        theta = f(theta - f(f(lr * mhat) / f(f(Math.sqrt(vhat)) + eps)));
      }
    }
    params[i] = theta;
  }
}

/** The coupled penalty added to the data loss: λ·Σθ²/2 (L2), λ·Σ|θ| (L1), 0 otherwise (float64 sum). */
export function regularizationPenalty(params: ArrayLike<number>, h: Pick<OptimizerHyper, 'regularization' | 'regularizationRate'>): number {
  if (h.regularization === 'none') return 0;
  let sum = 0;
  if (h.regularization === 'l2') for (let i = 0; i < params.length; i++) sum += params[i] * params[i];
  else for (let i = 0; i < params.length; i++) sum += Math.abs(params[i]);
  return h.regularization === 'l2' ? (h.regularizationRate * sum) / 2 : h.regularizationRate * sum;
}
