/**
 * The loss and the activation backward as WebAssembly kernels: drop-ins for ops/loss.ts lossAndGrad
 * (REFERENCE.md "Losses") and ops/activation.ts activationBackward. The twins compute in float64 on the
 * float32 inputs; so do these kernels wherever they can, with one exception (exp):
 *
 *  MSE (Z, T: [M, C]):  d = z − t, grad = 2d/(M·C), loss_m = Σ_c d²/(M·C) — float64 in the twin's order:
 *                       grad, rowLoss and loss are bit-identical.
 *  softmax CE:          per row, mx = max z (exact), e_c = exp(z_c − mx) in float32 (math.ts emitExp4, a few
 *                       ulps), se = Σ e_c, st = Σ t_c and stz = Σ t_c (z_c − mx) in float64; grad =
 *                       (e_c/se − t_c)/M in float64. The log is taken in JS, in float64, from the per-row
 *                       (se, st, stz) the kernel writes: loss_m = (st·ln se − stz)/M (= Σ t_c (lse − z_c)/M).
 *                       Within ~1e-6 of the twin (the float32 exp and its float32 argument z − mx).
 *  activation backward  dZ = dA ⊙ f'(A): relu/linear in float32 (dA·1 and dA·0 are exact), tanh 1 − a²
 *                       and sigmoid a(1 − a) in float64 (f64x2): bit-identical.
 */
import type { Arena } from './arena';
import type { Fn, Local, ModuleBuilder } from './emit';
import { emitExp4 } from './math';
import { Emitter, Scratch, bind, emitLanes, localsFor } from './elementwiseCore';
import { ACT_CODE } from '../ops/activation';
import type { Activation, LossName } from '../config';
import type { LossResult } from '../ops/loss';

const I32 = 'i32' as const;

/** ce(Z, T, G, STATS, M, C) and mse(Z, T, G, STATS, M, C); STATS: float64 [M, 3]. */
function addLoss(m: ModuleBuilder): void {
  for (const kind of ['ce', 'mse'] as const) {
    const f = m.fn(kind, [I32, I32, I32, I32, I32, I32]);
    const [Z, T, G, STATS, M, C] = f.params;
    const row = f.local(I32), c = f.local(I32), zr = f.local(I32), tr = f.local(I32), gr = f.local(I32);
    const se = f.local('f64'), st = f.local('f64'), stz = f.local('f64'), t = f.local('f64'), d = f.local('f64');
    const mx = f.local('f32'), xv = f.local('v128'), tmp = [f.local('v128'), f.local('v128'), f.local('v128')] as [Local, Local, Local];
    const fM = f.local('f64');
    f.get(M).op('f64.convert_i32_s').set(fM);
    if (kind === 'mse') f.get(M).get(C).op('i32.mul').op('f64.convert_i32_s').set(fM);
    const at = (p: Local) => f.get(p).get(c).i32(2).op('i32.shl').op('i32.add');
    const f64at = (p: Local) => { at(p); f.mem('f32.load').op('f64.promote_f32'); };
    f.for(row, () => f.i32(0), () => f.get(M), 1, () => {
      for (const [p, base] of [[zr, Z], [tr, T], [gr, G]] as const) f.get(row).get(C).op('i32.mul').i32(2).op('i32.shl').get(base).op('i32.add').set(p);
      for (const l of [se, st, stz]) f.f64(0).set(l);
      if (kind === 'mse') {
        // d = z − t; l += d²; grad = 2d/(M·C)   (float64, the twin's order)
        f.for(c, () => f.i32(0), () => f.get(C), 1, () => {
          f64at(zr); f64at(tr); f.op('f64.sub').set(d);
          f.get(se).get(d).get(d).op('f64.mul').op('f64.add').set(se);
          at(gr); f.f64(2).get(d).op('f64.mul').get(fM).op('f64.div').op('f32.demote_f64').mem('f32.store');
        });
        f.get(se).get(fM).op('f64.div').set(se);
      } else {
        // mx = max_c z
        f.f32(-Infinity).set(mx);
        f.for(c, () => f.i32(0), () => f.get(C), 1, () => { at(zr); f.mem('f32.load').get(mx).op('f32.max').set(mx); });
        // e_c = exp(z_c − mx) into G, 4 at a time, then the tail one by one
        emitLanes(f, C, (mode, i) => {
          const E = new Emitter(f, mode, localsFor(f, mode, ['z']), { mx });
          E.load('z', zr, i);
          E.emit(['sub', 'z', 'mx']);
          if (mode === 's') f.simd('f32x4.splat');
          f.set(xv);
          f.get(gr).get(i).op('i32.add');
          emitExp4(f, xv, tmp);
          if (mode === 's') f.lane('f32x4.extract_lane', 0).mem('f32.store');
          else f.mem('v128.store');
        });
        // se = Σ e, st = Σ t, stz = Σ t (z − mx)   (float64, index order)
        f.for(c, () => f.i32(0), () => f.get(C), 1, () => {
          f.get(se); f64at(gr); f.op('f64.add').set(se);
          f64at(tr); f.set(t);
          f.get(st).get(t).op('f64.add').set(st);
          f.get(stz).get(t); f64at(zr); f.get(mx).op('f64.promote_f32').op('f64.sub').op('f64.mul').op('f64.add').set(stz);
        });
        // grad = (e/se − t)/M
        f.for(c, () => f.i32(0), () => f.get(C), 1, () => {
          at(gr); f64at(gr); f.get(se).op('f64.div'); f64at(tr); f.op('f64.sub').get(fM).op('f64.div').op('f32.demote_f64').mem('f32.store');
        });
      }
      const stat = (k: number, l: Local) => f.get(STATS).get(row).i32(24).op('i32.mul').op('i32.add').get(l).mem('f64.store', 8 * k);
      stat(0, se); stat(1, st); stat(2, stz);
    });
  }
}

/** actb{code}(DA, A, OUT, n): dZ = dA ⊙ f'(a), codes of ACT_CODE. */
function addActivationBackward(m: ModuleBuilder): void {
  for (const act of Object.keys(ACT_CODE) as Activation[]) {
    const code = ACT_CODE[act];
    const f = m.fn(`actb${code}`, [I32, I32, I32, I32]);
    const [DA, A, OUT, n] = f.params;
    if (act === 'relu' || act === 'linear') {
      const L = { v: localsFor(f, 'v', ['d', 'a']), s: localsFor(f, 's', ['d', 'a']) };
      emitLanes(f, n, (mode, i) => {
        const E = new Emitter(f, mode, L[mode]);
        E.load('d', DA, i);
        E.load('a', A, i);
        E.store(OUT, i, ['mul', 'd', act === 'relu' ? ['select', 1, 0, ['gt', 'a', 0]] : 1]);
      });
      continue;
    }
    emitFloat64Backward(f, DA, A, OUT, n, act === 'tanh');
  }
}

/** tanh: dA·(1 − a·a); sigmoid: dA·(a·(1 − a)); two floats at a time in f64x2, an odd last one in f64. */
function emitFloat64Backward(f: Fn, DA: Local, A: Local, OUT: Local, n: Local, tanh: boolean): void {
  const i = f.local(I32), nb = f.local(I32);
  const a = { v: f.local('v128'), s: f.local('f64') }, r = { v: f.local('v128'), s: f.local('f64') };
  f.get(n).i32(2).op('i32.shl').set(nb);
  const body = (mode: 'v' | 's') => {
    const op = (name: 'add' | 'sub' | 'mul') => (mode === 'v' ? f.simd(`f64x2.${name}`) : f.op(`f64.${name}`));
    const one = () => { f.f64(1); if (mode === 'v') f.simd('f64x2.splat'); };
    const load = (p: Local) => {
      f.get(p).get(i).op('i32.add');
      if (mode === 'v') f.mem('v128.load64_zero').simd('f64x2.promote_low_f32x4');
      else f.mem('f32.load').op('f64.promote_f32');
    };
    load(A); f.set(a[mode]);
    load(DA);
    if (tanh) { one(); f.get(a[mode]).get(a[mode]); op('mul'); op('sub'); }
    else { f.get(a[mode]); one(); f.get(a[mode]); op('sub'); op('mul'); }
    op('mul');
    if (mode === 's') {
      f.set(r.s);
      f.get(OUT).get(i).op('i32.add').get(r.s).op('f32.demote_f64').mem('f32.store');
      return;
    }
    f.simd('f32x4.demote_f64x2_zero').set(r.v);
    for (const lane of [0, 1]) f.get(OUT).get(i).op('i32.add').get(r.v).lane('f32x4.extract_lane', lane).mem('f32.store', 4 * lane);
  };
  f.for(i, () => f.i32(0), () => f.get(nb).i32(-8).op('i32.and'), 8, () => body('v'));
  f.get(i).get(nb).op('i32.lt_s').if();
  body('s');
  f.end();
}

export function addLossKernels(m: ModuleBuilder): void {
  addLoss(m);
  addActivationBackward(m);
}

type Exports = Record<string, (...a: number[]) => number>;

export interface LossKernels {
  /** lossAndGrad; grad and rowLoss are arena views the next call overwrites. */
  lossAndGrad(Z: Float32Array, T: Float32Array, M: number, C: number, kind: LossName): LossResult;
  /** activationBackward; the result is `out` if given, else an arena view the next call overwrites. */
  activationBackward(dA: Float32Array, A: Float32Array, act: Activation, out?: Float32Array): Float32Array;
}

export function lossKernels(arena: Arena, exports: WebAssembly.Exports): LossKernels {
  const e = exports as unknown as Exports;
  const gradOut = new Scratch(arena), rowOut = new Scratch(arena), stats = new Scratch(arena, 8), dzOut = new Scratch(arena);
  return {
    lossAndGrad(Z, T, M, C, kind) {
      if (Z.length < M * C || T.length < M * C) throw new Error(`loss: Z and T need ${M}×${C} floats, got ${Z.length} and ${T.length}`);
      const b = bind(arena, [[Z.subarray(0, M * C), false], [T.subarray(0, M * C), false]], [[gradOut, M * C], [rowOut, M], [stats, 3 * M]]);
      try {
        e[kind === 'mse' ? 'mse' : 'ce'](b.ptrs[0], b.ptrs[1], b.outs[0], b.outs[2], M, C);
      } finally {
        b.done();
      }
      const s = new Float64Array(arena.memory.buffer, b.outs[2], 3 * M);
      const rowLoss = rowOut.view(M);
      let loss = 0;
      for (let m = 0; m < M; m++) {
        const l = kind === 'mse' ? s[3 * m] : (s[3 * m + 1] * Math.log(s[3 * m]) - s[3 * m + 2]) / M;
        rowLoss[m] = l;
        loss += l;
      }
      return { rowLoss, grad: gradOut.view(M * C), loss };
    },
    activationBackward(dA, A, act, out) {
      const n = dA.length;
      if (A.length < n) throw new Error(`activation backward: A has ${A.length} floats, dA ${n}`);
      const b = out ? bind(arena, [[dA, false], [A.subarray(0, n), false], [out.subarray(0, n), true]]) : bind(arena, [[dA, false], [A.subarray(0, n), false]], [[dzOut, n]]);
      try {
        e[`actb${ACT_CODE[act]}`](b.ptrs[0], b.ptrs[1], out ? b.ptrs[2] : b.outs[0], n);
      } finally {
        b.done();
      }
      return out ?? dzOut.view(n);
    },
  };
}
