/**
 * An independent float64 reference for the optimizers, written line by line from REFERENCE.md
 * ("Optimizers") for one scalar parameter at a time. It shares no code with optimizers.ts (only the
 * hyperparameter type), keeps its state in named fields and does no float32 rounding, so the unit tests
 * and the GPU parity cases can check both the CPU twin and the kernel against the formulas themselves.
 */
import type { OptimizerHyper } from './optimizers';

/** The state of one parameter, by the names REFERENCE.md uses. */
export interface ScalarState {
  /** momentum buffer b */
  b: number;
  /** RMSprop / Adam second moment v */
  v: number;
  /** centered RMSprop running mean of g */
  gbar: number;
  /** Adagrad sum of squares s */
  s: number;
  /** Adam first moment m */
  m: number;
}

export const emptyScalarState = (): ScalarState => ({ b: 0, v: 0, gbar: 0, s: 0, m: 0 });

/** The state values in the slot order of the kernel: momentum [b], rmsprop [v, gbar], adagrad [s], adam(w) [m, v]. */
export function scalarStateSlots(st: ScalarState, h: OptimizerHyper): number[] {
  switch (h.optimizer) {
    case 'sgd': return [];
    case 'momentum': return [st.b];
    case 'rmsprop': return h.centered ? [st.v, st.gbar] : [st.v];
    case 'adagrad': return [st.s];
    case 'adam':
    case 'adamw': return [st.m, st.v];
  }
}

/** One step at t (from 1) for one parameter; returns the new θ and updates st. kept = false: pruned. */
export function referenceScalarStep(theta: number, grad: number, st: ScalarState, h: OptimizerHyper, t: number, kept = true): number {
  if (!kept) {
    st.b = st.v = st.gbar = st.s = st.m = 0;
    return 0;
  }
  const lr = h.learningRate;
  // coupled regularization, added to the gradient
  let g = grad;
  if (h.regularization === 'l2') g = g + h.regularizationRate * theta;
  if (h.regularization === 'l1') g = g + h.regularizationRate * (theta > 0 ? 1 : theta < 0 ? -1 : 0);

  if (h.optimizer === 'sgd') return theta - lr * g;

  if (h.optimizer === 'momentum') {
    const mu = h.momentum, tau = h.dampening;
    st.b = t === 1 ? g : mu * st.b + (1 - tau) * g;
    const d = h.nesterov ? g + mu * st.b : st.b;
    return theta - lr * d;
  }

  if (h.optimizer === 'rmsprop') {
    const alpha = h.beta2;
    st.v = alpha * st.v + (1 - alpha) * g * g;
    if (h.centered) {
      st.gbar = alpha * st.gbar + (1 - alpha) * g;
      return theta - (lr * g) / (Math.sqrt(st.v - st.gbar * st.gbar) + h.epsilon);
    }
    return theta - (lr * g) / (Math.sqrt(st.v) + h.epsilon);
  }

  if (h.optimizer === 'adagrad') {
    st.s = st.s + g * g;
    return theta - (lr * g) / (Math.sqrt(st.s) + h.epsilon);
  }

  // adam, adamw
  if (h.optimizer === 'adamw') theta = theta - lr * h.weightDecay * theta;
  const b1 = h.beta1, b2 = h.beta2;
  st.m = b1 * st.m + (1 - b1) * g;
  st.v = b2 * st.v + (1 - b2) * g * g;
  const mhat = st.m / (1 - b1 ** t);
  const vhat = st.v / (1 - b2 ** t);
  return theta - (lr * mhat) / (Math.sqrt(vhat) + h.epsilon);
}

/**
 * Runs `steps` steps over a vector: grads(t) gives the raw gradient for step t (1-based). Returns θ and
 * the state arrays in slot order, in float64.
 */
export function referenceRun(
  theta0: ArrayLike<number>,
  grads: (t: number) => ArrayLike<number>,
  h: OptimizerHyper | ((t: number) => OptimizerHyper),
  steps: number,
  mask?: ArrayLike<number>,
): { params: Float64Array; states: Float64Array[] } {
  const n = theta0.length;
  const params = Float64Array.from(theta0);
  const st = Array.from({ length: n }, emptyScalarState);
  let last: OptimizerHyper | null = null;
  for (let t = 1; t <= steps; t++) {
    const ht = typeof h === 'function' ? h(t) : h;
    last = ht;
    const g = grads(t);
    for (let i = 0; i < n; i++) params[i] = referenceScalarStep(params[i], g[i], st[i], ht, t, mask ? mask[i] !== 0 : true);
  }
  const hh = last ?? (typeof h === 'function' ? h(1) : h);
  const slots = scalarStateSlots(emptyScalarState(), hh).length;
  const states = Array.from({ length: slots }, (_, k) => Float64Array.from(st, (s) => scalarStateSlots(s, hh)[k]));
  return { params, states };
}
