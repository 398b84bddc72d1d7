/**
 * Fake quantization, the clipped straight-through estimator and the scale computation as WebAssembly SIMD
 * kernels (REFERENCE.md "Quantization"): drop-ins for ops/fastQuantize.ts fakeQuantizeInto and
 * fastSteGradient and ops/quantize.ts computeQParams, bit-identical to them. Also the mask kernel
 * (cpuBackend.ts applyMask: entries set to +0 where mask = 0).
 *
 * Per scale slot c (plan.chanWords: offset, count, bits, flags), on x [count] with (s, z) = qparams[4c..]:
 *   b bits:  xq = (min(qmax, max(qmin, nearest(x/s) + z)) − z)·s     nearest = f32x4.nearest (half to even)
 *   1 bit:   xq = sign(x)·s                                           (sign(±0) = ±0)
 *   STE:     g passes where lo ≤ x/s + z ≤ hi (lo, hi = qmin, qmax ∓ STE_SLACK, exact in float32), else +0
 *   scales:  min and max of the channel (f32x4.min/max: order-free, NaN-propagating like Math.min/max) and,
 *            for 1 bit, Σ|x| accumulated in float64 in index order as the twin does; the (s, z) formula is
 *            the twin's own channelParams, fed the channel's [min, max].
 * The loop over scale slots runs in JS (one kernel call per channel); 32-bit segments are copied.
 */
import type { Arena } from './arena';
import type { Fn, ModuleBuilder } from './emit';
import { Emitter, Scratch, bind, emitLanes, localsFor, type Mode } from './elementwiseCore';
import { FLOAT32_EPS, QPARAM_FLOATS, STE_SLACK, channelParams, qRange, type QuantPlan, type QuantScheme } from '../ops/quantize';

const I32 = 'i32' as const, F32 = 'f32' as const;

function fnLocals(f: Fn) {
  return { v: localsFor(f, 'v', ['x', 'q', 'g']), s: localsFor(f, 's', ['x', 'q', 'g']) } as Record<Mode, Record<string, ReturnType<Fn['local']>>>;
}

/** Adds fq(X, OUT, n, s, z, qmin, qmax), fq1(X, OUT, n, s), ste(X, OUT, n, s, z, lo, hi), mask(MK, A, n), minmax(X, n, OUT2), sumabs(X, n) → f64. */
export function addQuantKernels(m: ModuleBuilder): void {
  {
    const f = m.fn('fq', [I32, I32, I32, F32, F32, F32, F32]);
    const [X, OUT, n, s, z, qmin, qmax] = f.params;
    const L = fnLocals(f);
    emitLanes(f, n, (mode, i) => {
      const E = new Emitter(f, mode, L[mode], { s, z, qmin, qmax });
      E.load('x', X, i);
      E.let('q', ['min', 'qmax', ['max', 'qmin', ['add', ['nearest', ['div', 'x', 's']], 'z']]]);
      E.store(OUT, i, ['mul', ['sub', 'q', 'z'], 's']);
    });
  }
  {
    const f = m.fn('fq1', [I32, I32, I32, F32]);
    const [X, OUT, n, s] = f.params;
    const L = fnLocals(f);
    emitLanes(f, n, (mode, i) => {
      const E = new Emitter(f, mode, L[mode], { s });
      E.load('x', X, i);
      E.store(OUT, i, ['mul', ['sign', 'x'], 's']);
    });
  }
  {
    // in place on OUT (a copy of the gradient)
    const f = m.fn('ste', [I32, I32, I32, F32, F32, F32, F32]);
    const [X, OUT, n, s, z, lo, hi] = f.params;
    const L = fnLocals(f);
    emitLanes(f, n, (mode, i) => {
      const E = new Emitter(f, mode, L[mode], { s, z, lo, hi });
      E.load('x', X, i);
      E.load('g', OUT, i);
      E.let('q', ['add', ['div', 'x', 's'], 'z']);
      E.store(OUT, i, ['select', 'g', 0, ['and', ['ge', 'q', 'lo'], ['le', 'q', 'hi']]]);
    });
  }
  {
    const f = m.fn('mask', [I32, I32, I32]);
    const [MK, A, n] = f.params;
    const L = fnLocals(f);
    emitLanes(f, n, (mode, i) => {
      const E = new Emitter(f, mode, L[mode]);
      E.load('x', MK, i);
      E.load('g', A, i);
      E.store(A, i, ['zeroWhere', 'g', ['eq', 'x', 0]]);
    });
  }
  {
    // four independent accumulator pairs over 16 floats per step (min and max are order-free), then 4, then 1
    const f = m.fn('minmax', [I32, I32, I32]);
    const [X, n, OUT] = f.params;
    const i = f.local(I32), nb = f.local(I32), x = f.local('v128'), xs = f.local('f32');
    const mn = [0, 1, 2, 3].map(() => f.local('v128')), mx = [0, 1, 2, 3].map(() => f.local('v128'));
    const smn = f.local('f32'), smx = f.local('f32');
    for (const l of mn) f.f32(Infinity).simd('f32x4.splat').set(l);
    for (const l of mx) f.f32(-Infinity).simd('f32x4.splat').set(l);
    f.f32(Infinity).set(smn).f32(-Infinity).set(smx);
    f.get(n).i32(2).op('i32.shl').set(nb);
    const acc = (u: number) => {
      f.get(mn[u]).get(x).simd('f32x4.min').set(mn[u]);
      f.get(mx[u]).get(x).simd('f32x4.max').set(mx[u]);
    };
    f.for(i, () => f.i32(0), () => f.get(nb).i32(-64).op('i32.and'), 64, () => {
      for (let u = 0; u < 4; u++) {
        f.get(X).get(i).op('i32.add').mem('v128.load', 16 * u).set(x);
        acc(u);
      }
    });
    f.for(i, () => f.get(i), () => f.get(nb).i32(-16).op('i32.and'), 16, () => {
      f.get(X).get(i).op('i32.add').mem('v128.load').set(x);
      acc(0);
    });
    f.for(i, () => f.get(i), () => f.get(nb), 4, () => {
      f.get(X).get(i).op('i32.add').mem('f32.load').set(xs);
      f.get(smn).get(xs).op('f32.min').set(smn);
      f.get(smx).get(xs).op('f32.max').set(smx);
    });
    for (const [k, ls, sl, op, vop] of [['mn', mn, smn, 'f32.min', 'f32x4.min'], ['mx', mx, smx, 'f32.max', 'f32x4.max']] as const) {
      f.get(ls[0]).get(ls[1]).simd(vop).get(ls[2]).simd(vop).get(ls[3]).simd(vop).set(ls[0]);
      f.get(OUT).get(sl);
      for (let lane = 0; lane < 4; lane++) f.get(ls[0]).lane('f32x4.extract_lane', lane).op(op);
      f.mem('f32.store', k === 'mn' ? 0 : 4);
    }
  }
  {
    const f = m.fn('sumabs', [I32, I32], ['f64']);
    const [X, n] = f.params;
    const i = f.local('i32');
    const sum = f.local('f64');
    f.for(i, () => f.i32(0), () => f.get(n).i32(2).op('i32.shl'), 4, () => {
      f.get(sum).get(X).get(i).op('i32.add').mem('f32.load').op('f32.abs').op('f64.promote_f32').op('f64.add').set(sum);
    });
    f.get(sum);
  }
}

type Exports = Record<string, (...a: number[]) => number>;

export interface QuantKernels {
  fakeQuantizeInto(x: Float32Array, plan: QuantPlan, qparams: Float32Array, out: Float32Array): Float32Array;
  /** fastSteGradient; the result is `out` if given, else an arena view the next call overwrites. */
  steGradient(x: Float32Array, grad: Float32Array, plan: QuantPlan, qparams: Float32Array, out?: Float32Array): Float32Array;
  /** computeQParams; returns a new (plain) Float32Array, as the twin does. */
  computeQParams(x: Float32Array, plan: QuantPlan): Float32Array;
  applyMask(mask: Float32Array, arrays: Float32Array[]): void;
}

/** Calls visit(slot, offset, count, bits, scheme) for each scale slot of the plan. */
function forEachSlot(plan: QuantPlan, visit: (slot: number, offset: number, count: number, bits: number, scheme: QuantScheme) => void): void {
  const w = plan.chanWords;
  for (let c = 0; c < plan.channels; c++) visit(c, w[4 * c], w[4 * c + 1], w[4 * c + 2], w[4 * c + 3] & 1 ? 'affine' : 'symmetric');
}

export function quantKernels(arena: Arena, exports: WebAssembly.Exports): QuantKernels {
  const e = exports as unknown as Exports;
  const steOut = new Scratch(arena);
  const pairs = new Scratch(arena);
  return {
    fakeQuantizeInto(x, plan, qparams, out) {
      const b = bind(arena, [[x, false], [out, true]]);
      const [X, O] = b.ptrs;
      try {
        const mem = new Float32Array(arena.memory.buffer);
        for (const s of plan.segments) if (s.bits === 32) mem.copyWithin(O / 4 + s.offset, X / 4 + s.offset, X / 4 + s.offset + s.rows * s.cols);
        forEachSlot(plan, (c, offset, count, bits, scheme) => {
          const scale = qparams[c * QPARAM_FLOATS], z = qparams[c * QPARAM_FLOATS + 1];
          if (bits === 1) return e.fq1(X + 4 * offset, O + 4 * offset, count, scale);
          const { qmin, qmax } = qRange(bits, scheme);
          e.fq(X + 4 * offset, O + 4 * offset, count, scale, z, qmin, qmax);
        });
      } finally {
        b.done();
      }
      return out;
    },
    steGradient(x, grad, plan, qparams, out) {
      const n = grad.length;
      const b = out ? bind(arena, [[x, false], [grad, false], [out, true]]) : bind(arena, [[x, false], [grad, false]], [[steOut, n]]);
      const [X, G] = b.ptrs;
      const O = out ? b.ptrs[2] : b.outs[0];
      try {
        new Float32Array(arena.memory.buffer).copyWithin(O / 4, G / 4, G / 4 + n);
        forEachSlot(plan, (c, offset, count, bits, scheme) => {
          if (bits === 1) return;
          const { qmin, qmax } = qRange(bits, scheme);
          const lo = qmin - STE_SLACK, hi = qmax + STE_SLACK;
          if (Math.fround(lo) !== lo || Math.fround(hi) !== hi) throw new Error(`STE bounds ${lo}, ${hi} are not float32`);
          e.ste(X + 4 * offset, O + 4 * offset, count, qparams[c * QPARAM_FLOATS], qparams[c * QPARAM_FLOATS + 1], lo, hi);
        });
      } finally {
        b.done();
      }
      return out ?? steOut.view(n);
    },
    computeQParams(x, plan) {
      const q = new Float32Array(Math.max(1, plan.channels) * QPARAM_FLOATS);
      const b = bind(arena, [[x, false]], [[pairs, 2 * plan.channels]]);
      const [X] = b.ptrs;
      const [MM] = b.outs;
      const sums = new Float64Array(plan.channels);
      try {
        // every channel's [min, max] into MM (one kernel call per channel), then the formulas in JS
        forEachSlot(plan, (c, offset, count, bits) => {
          if (count > 0) e.minmax(X + 4 * offset, count, MM + 8 * c);
          if (bits === 1 && count > 0) sums[c] = e.sumabs(X + 4 * offset, count);
        });
        const mm = new Float32Array(arena.memory.buffer, MM, 2 * plan.channels);
        forEachSlot(plan, (c, _offset, count, bits, scheme) => {
          const mn = count > 0 ? mm[2 * c] : 0, mx = count > 0 ? mm[2 * c + 1] : 0;
          if (bits === 1) {
            const f = Math.fround;
            q.set([Math.max(f(f(sums[c]) / count), FLOAT32_EPS), 0, mn, mx], c * QPARAM_FLOATS);
          } else q.set(channelParams(Float32Array.of(mn, mx), 0, 2, bits, scheme), c * QPARAM_FLOATS);
        });
      } finally {
        b.done();
      }
      return q;
    },
    applyMask(mask, arrays) {
      const parts = arrays.map((a) => (a.length <= mask.length ? a : a.subarray(0, mask.length)));
      const b = bind(arena, [[mask, false], ...parts.map((a) => [a, true] as [Float32Array, boolean])]);
      try {
        parts.forEach((a, k) => e.mask(b.ptrs[0], b.ptrs[k + 1], Math.min(mask.length, a.length)));
      } finally {
        b.done();
      }
    },
  };
}
