/**
 * The optimizer family as WebAssembly SIMD kernels: the drop-in for engine/optimizers.ts's optimizerStep
 * (REFERENCE.md "Optimizers", PyTorch conventions; coupled L1/L2 added to the gradient; the pruning mask
 * zeroes θ and every state entry and leaves the gradient unused where mask = 0, REFERENCE.md "Pruning").
 *
 * Each formula below is the twin's, operation for operation in float32 (f32x4 over groups of 4, f32 on the
 * tail), reading the same float32 constants from optimizerUniforms, with no fused multiply-add: the results
 * are bit-identical to the twin. One exported function per variant (optimizer × Nesterov/centered/first
 * momentum step × regularization × mask), so the inner loop has no branches.
 *
 * Arrays: θ [n], g [n], state0/state1 [n], mask [n] (optional). Arena views run in place; other arrays are
 * staged through arena scratch (copied in, and θ and the state copied back) — see elementwiseCore.ts.
 */
import type { Arena } from './arena';
import type { Fn, ModuleBuilder } from './emit';
import { Emitter, bind, emitLanes, localsFor, type Expr, type Mode } from './elementwiseCore';
import { U, optimizerUniforms, optimizerVariant, stateSlots, type OptimizerHyper } from '../optimizers';

const PTRS = ['P', 'G', 'S0', 'S1', 'MK', 'n'] as const;
const CONSTS = ['lr', 'mu', 'omd', 'b1', 'omb1', 'b2', 'omb2', 'eps', 'lrwd', 'lam', 'bc1', 'bc2'] as const;

interface Variant {
  OPT: number;
  REG: number;
  /** Nesterov (momentum) or centered (rmsprop). */
  flag: boolean;
  /** Momentum's first step: b = g. */
  first: boolean;
  mask: boolean;
}

const variantName = (v: Variant) => `opt${v.OPT}_${v.REG}${v.flag ? 'f' : ''}${v.first ? '1' : ''}${v.mask ? 'm' : ''}`;

function allVariants(): Variant[] {
  const out: Variant[] = [];
  for (let OPT = 0; OPT < 6; OPT++) {
    const flags = OPT === 1 || OPT === 2 ? [false, true] : [false];
    const firsts = OPT === 1 ? [false, true] : [false];
    for (const flag of flags) for (const first of firsts) for (let REG = 0; REG < 3; REG++) for (const mask of [false, true]) out.push({ OPT, REG, flag, first, mask });
  }
  return out;
}

/** The twin's per-entry update as [target, expression] steps; targets 'theta', 'g', temporaries, or stores '@S0', '@S1'. */
function update(v: Variant): Array<[string, Expr]> {
  const steps: Array<[string, Expr]> = [];
  if (v.REG === 1) steps.push(['g', ['add', 'g', ['mul', 'lam', ['sign', 'theta']]]]);
  else if (v.REG === 2) steps.push(['g', ['add', 'g', ['mul', 'lam', 'theta']]]);
  const divStep = (den: Expr): Expr => ['sub', 'theta', ['div', ['mul', 'lr', 'g'], ['add', ['sqrt', den], 'eps']]];
  switch (v.OPT) {
    case 0:
      steps.push(['theta', ['sub', 'theta', ['mul', 'lr', 'g']]]);
      break;
    case 1:
      steps.push(['a', v.first ? 'g' : ['add', ['mul', 'mu', 's0'], ['mul', 'omd', 'g']]], ['@S0', 'a']);
      steps.push(['theta', ['sub', 'theta', ['mul', 'lr', v.flag ? ['add', 'g', ['mul', 'mu', 'a']] : 'a']]]);
      break;
    case 2:
      steps.push(['a', ['add', ['mul', 'b2', 's0'], ['mul', 'omb2', ['mul', 'g', 'g']]]], ['@S0', 'a']);
      if (v.flag) {
        steps.push(['b', ['add', ['mul', 'b2', 's1'], ['mul', 'omb2', 'g']]], ['@S1', 'b']);
        steps.push(['a', ['max', ['sub', 'a', ['mul', 'b', 'b']], 0]]);
      }
      steps.push(['theta', divStep('a')]);
      break;
    case 3:
      steps.push(['a', ['add', 's0', ['mul', 'g', 'g']]], ['@S0', 'a'], ['theta', divStep('a')]);
      break;
    default:
      if (v.OPT === 5) steps.push(['theta', ['sub', 'theta', ['mul', 'lrwd', 'theta']]]);
      steps.push(['a', ['add', ['mul', 'b1', 's0'], ['mul', 'omb1', 'g']]], ['@S0', 'a']);
      steps.push(['b', ['add', ['mul', 'b2', 's1'], ['mul', 'omb2', ['mul', 'g', 'g']]]], ['@S1', 'b']);
      steps.push(['theta', ['sub', 'theta', ['div', ['mul', 'lr', ['div', 'a', 'bc1']], ['add', ['sqrt', ['div', 'b', 'bc2']], 'eps']]]]);
  }
  return steps;
}

function emitVariant(f: Fn, v: Variant): void {
  const p = Object.fromEntries(PTRS.map((k, j) => [k, f.params[j]]));
  const scalars = Object.fromEntries(CONSTS.map((k, j) => [k, f.params[PTRS.length + j]]));
  const steps = update(v);
  const reads = (name: string) => steps.some(([, e]) => JSON.stringify(e).includes(`"${name}"`));
  const byMode: Record<Mode, ReturnType<typeof localsFor>> = {
    v: localsFor(f, 'v', ['theta', 'g', 'a', 'b', 's0', 's1', 'mz']),
    s: { ...localsFor(f, 's', ['theta', 'g', 'a', 'b', 's0', 's1']), mz: f.local('i32') },
  };
  emitLanes(f, p.n, (mode, i) => {
    const E = new Emitter(f, mode, byMode[mode], scalars);
    // where mask = 0: θ and the state are stored as +0 (the values computed there are discarded)
    const kept = (e: Expr): Expr => (v.mask ? ['zeroWhere', e, 'mz'] : e);
    if (v.mask) {
      E.load('s0', p.MK, i);
      E.let('mz', ['eq', 's0', 0]);
    }
    E.load('theta', p.P, i);
    E.load('g', p.G, i);
    if (reads('s0')) E.load('s0', p.S0, i);
    if (reads('s1')) E.load('s1', p.S1, i);
    for (const [target, e] of steps) {
      if (target === '@S0') E.store(p.S0, i, kept(e));
      else if (target === '@S1') E.store(p.S1, i, kept(e));
      else E.let(target, e);
    }
    E.store(p.P, i, kept('theta'));
  });
}

/** Adds every variant's function to the module. */
export function addOptimizerKernels(m: ModuleBuilder): void {
  for (const v of allVariants()) emitVariant(m.fn(variantName(v), [...PTRS.map(() => 'i32' as const), ...CONSTS.map(() => 'f32' as const)]), v);
}

export type OptimizerStepFn = (params: Float32Array, grads: Float32Array, state: Float32Array[], h: OptimizerHyper, t: number, mask?: Float32Array) => void;

/** optimizerStep with the twin's signature and checks, bound to the instantiated module. */
export function optimizerStepKernel(arena: Arena, exports: WebAssembly.Exports): OptimizerStepFn {
  return (params, grads, state, h, t, mask) => {
    const slots = stateSlots(h);
    if (state.length < slots) throw new Error(`${h.optimizer} needs ${slots} state arrays, got ${state.length}`);
    for (const a of [grads, ...state.slice(0, slots), ...(mask ? [mask] : [])]) {
      if (a.length < params.length) throw new Error('optimizer arrays must be at least as long as params');
    }
    const u = optimizerUniforms(h, t).floats;
    const { OPT, REG, NESTEROV, CENTERED } = optimizerVariant(h);
    const v: Variant = { OPT, REG, flag: NESTEROV || CENTERED, first: OPT === 1 && t === 1, mask: !!mask };
    const fn = exports[variantName(v)] as (...args: number[]) => void;
    const n = params.length;
    // only the first n floats of each array take part (the twin's loop runs over params.length)
    const part = (a: Float32Array) => (a.length === n ? a : a.subarray(0, n));
    const arrays: Array<[Float32Array, boolean]> = [[params, true], [part(grads), false]];
    for (let k = 0; k < slots; k++) arrays.push([part(state[k]), true]);
    if (mask) arrays.push([part(mask), false]);
    const b = bind(arena, arrays);
    const [P, G] = b.ptrs;
    const S0 = slots > 0 ? b.ptrs[2] : 0, S1 = slots > 1 ? b.ptrs[3] : 0, MK = mask ? b.ptrs[2 + slots] : 0;
    try {
      fn(P, G, S0, S1, MK, n, u[U.lr], u[U.momentum], u[U.oneMinusDampening], u[U.beta1], u[U.oneMinusBeta1], u[U.beta2], u[U.oneMinusBeta2], u[U.eps],
        Math.fround(u[U.lr] * u[U.weightDecay]), u[U.regRate], u[U.bc1], u[U.bc2]);
    } finally {
      b.done();
    }
  };
}
