/**
 * The distillation loss and its gradient as a WebAssembly kernel: the drop-in for ops/distill.ts
 * distillLossAndGrad (REFERENCE.md "Distillation", Hinton et al. 2015; α weights the soft term, T² on KL).
 * Per row m of Zs, Zt, Y: [M, K], with T and α rounded to float32 as the twin does:
 *   argmaxes (first index wins ties) and the row maxima of z_s, z_t exactly;
 *   e1 = exp(z_s − mx_s), es = exp((z_s − mx_s)/T), et = exp((z_t − mx_t)/T) in float32 (math.ts emitExp4,
 *   arguments rounded to float32), their row sums se, seS, seT in float64;
 *   dZ = [α·T·(es/seS − et/seT) + (1 − α)·(e1/se − y)]/norm in float64;
 *   and, for the loss, per row A = Σ_{p_t>0} p_t·((z_t − mx_t) − (z_s − mx_s))/T, P = Σ_{p_t>0} p_t,
 *   Y1 = Σ y·(z_s − mx_s), Ys = Σ y. The logs are taken in JS in float64:
 *   KL = A + (ln seS − ln seT)·P (= Σ p_t (log p_t − log p_s)), CE = Ys·ln se − Y1,
 *   loss_m = [α·T²·max(KL, 0) + (1 − α)·CE]/norm.
 * Within ~1e-6 of the twin (relative to |dZ| + max|dZ|; the loss to ~1e-6 relative plus a float32 exp's
 * rounding times Σ p_t |log p_t − log p_s| when the two distributions nearly agree). Inputs are read as
 * float32 (arrays that are not Float32Arrays are converted); grad, rowLoss and correct are arena views the
 * next call overwrites.
 */
import type { Arena } from './arena';
import type { Local, ModuleBuilder } from './emit';
import { emitExp4 } from './math';
import { Emitter, Scratch, bind, emitLanes, localsFor, type Expr } from './elementwiseCore';
import type { DistillResult } from '../ops/distill';

const I32 = 'i32' as const;
const STATS = 8;

/** distill(ZS, ZT, Y, G, ES, ET, ST, M, K, t, a, norm); ES, ET: float32 scratch [M, K]; ST: float64 [M, 8]. */
export function addDistillKernel(m: ModuleBuilder): void {
  const f = m.fn('distill', [I32, I32, I32, I32, I32, I32, I32, I32, I32, 'f32', 'f32', 'f64']);
  const [ZS, ZT, Y, G, ES, ET, ST, M, K, t, a, norm] = f.params;
  const row = f.local(I32), c = f.local(I32);
  const ptr = { zs: f.local(I32), zt: f.local(I32), y: f.local(I32), g: f.local(I32), es: f.local(I32), et: f.local(I32) };
  const best = { zs: f.local(I32), y: f.local(I32), zt: f.local(I32) };
  const mxs = f.local('f32'), mxt = f.local('f32');
  const sums = ['se', 'seS', 'seT', 'A', 'P', 'Y1', 'Ys'].map(() => f.local('f64'));
  const [se, seS, seT, A, P, Y1, Ys] = sums;
  const pt = f.local('f64'), yv = f.local('f64'), ds = f.local('f64'), at64 = f.local('f64'), t64 = f.local('f64');
  const xv = f.local('v128'), tmp = [f.local('v128'), f.local('v128'), f.local('v128')] as [Local, Local, Local];
  const addr = (p: Local, idx: Local = c) => f.get(p).get(idx).i32(2).op('i32.shl').op('i32.add');
  const ld = (p: Local, idx: Local = c) => { addr(p, idx); f.mem('f32.load'); };
  const ld64 = (p: Local) => { ld(p); f.op('f64.promote_f32'); };
  f.get(t).op('f64.promote_f32').set(t64);
  f.get(a).op('f64.promote_f32').get(t64).op('f64.mul').set(at64); // α·T
  f.for(row, () => f.i32(0), () => f.get(M), 1, () => {
    const bases: Array<[Local, Local]> = [[ptr.zs, ZS], [ptr.zt, ZT], [ptr.y, Y], [ptr.g, G], [ptr.es, ES], [ptr.et, ET]];
    for (const [p, base] of bases) f.get(row).get(K).op('i32.mul').i32(2).op('i32.shl').get(base).op('i32.add').set(p);
    // argmaxes, first index winning ties
    for (const k of ['zs', 'y', 'zt'] as const) f.i32(0).set(best[k]);
    f.for(c, () => f.i32(1), () => f.get(K), 1, () => {
      for (const k of ['zs', 'y', 'zt'] as const) {
        ld(ptr[k]); ld(ptr[k], best[k]); f.op('f32.gt').if().get(c).set(best[k]).end();
      }
    });
    ld(ptr.zs, best.zs); f.set(mxs);
    ld(ptr.zt, best.zt); f.set(mxt);
    // the three exponentials, 4 at a time then the tail
    emitLanes(f, K, (mode, i) => {
      const E = new Emitter(f, mode, localsFor(f, mode, ['zs', 'zt']), { mxs, mxt, t });
      E.load('zs', ptr.zs, i);
      E.load('zt', ptr.zt, i);
      const exps: Array<[Local, Expr]> = [[ptr.g, ['sub', 'zs', 'mxs']], [ptr.es, ['div', ['sub', 'zs', 'mxs'], 't']], [ptr.et, ['div', ['sub', 'zt', 'mxt'], 't']]];
      for (const [out, e] of exps) {
        E.emit(e);
        if (mode === 's') f.simd('f32x4.splat');
        f.set(xv);
        f.get(out).get(i).op('i32.add');
        emitExp4(f, xv, tmp);
        if (mode === 's') f.lane('f32x4.extract_lane', 0).mem('f32.store');
        else f.mem('v128.store');
      }
    });
    for (const s of sums) f.f64(0).set(s);
    f.for(c, () => f.i32(0), () => f.get(K), 1, () => {
      for (const [s, p] of [[se, ptr.g], [seS, ptr.es], [seT, ptr.et]] as const) { f.get(s); ld64(p); f.op('f64.add').set(s); }
    });
    f.for(c, () => f.i32(0), () => f.get(K), 1, () => {
      ld64(ptr.et); f.get(seT).op('f64.div').set(pt);
      ld64(ptr.y); f.set(yv);
      ld64(ptr.zs); f.get(mxs).op('f64.promote_f32').op('f64.sub').set(ds); // z_s − mx_s
      // dZ = (α·T·(es/seS − pt) + (1 − α)·(e1/se − y))/norm
      addr(ptr.g);
      f.get(at64); ld64(ptr.es); f.get(seS).op('f64.div').get(pt).op('f64.sub').op('f64.mul');
      f.f64(1).get(a).op('f64.promote_f32').op('f64.sub'); ld64(ptr.g); f.get(se).op('f64.div').get(yv).op('f64.sub').op('f64.mul');
      f.op('f64.add').get(norm).op('f64.div').op('f32.demote_f64').mem('f32.store');
      // loss pieces
      f.get(pt).f64(0).op('f64.gt').if();
      f.get(A).get(pt); ld64(ptr.zt); f.get(mxt).op('f64.promote_f32').op('f64.sub').get(ds).op('f64.sub').get(t64).op('f64.div').op('f64.mul').op('f64.add').set(A);
      f.get(P).get(pt).op('f64.add').set(P);
      f.end();
      f.get(Y1).get(yv).get(ds).op('f64.mul').op('f64.add').set(Y1);
      f.get(Ys).get(yv).op('f64.add').set(Ys);
    });
    const stat = (k: number, push: () => void) => { f.get(ST).get(row).i32(8 * STATS).op('i32.mul').op('i32.add'); push(); f.mem('f64.store', 8 * k); };
    sums.forEach((s, k) => stat(k, () => f.get(s)));
    stat(7, () => f.get(best.zs).get(best.y).op('i32.eq').op('f64.convert_i32_s'));
  });
}

export type DistillFn = (Zs: ArrayLike<number>, Zt: ArrayLike<number>, Y: ArrayLike<number>, M: number, K: number, T: number, alpha: number, norm?: number) => DistillResult;

export function distillKernel(arena: Arena, exports: WebAssembly.Exports): DistillFn {
  const fn = exports.distill as (...a: number[]) => void;
  const gradOut = new Scratch(arena), es = new Scratch(arena), et = new Scratch(arena), rowOut = new Scratch(arena), correctOut = new Scratch(arena), stats = new Scratch(arena, 8);
  const f32 = (a: ArrayLike<number>, n: number) => (a instanceof Float32Array ? a.subarray(0, n) : Float32Array.from({ length: n }, (_, i) => a[i]));
  return (Zs, Zt, Y, M, K, T, alpha, norm = M) => {
    const n = M * K;
    if (Zs.length < n || Zt.length < n || Y.length < n) throw new Error(`distillation: Zs, Zt and Y need ${M}×${K} floats`);
    const t = Math.fround(T), a = Math.fround(alpha);
    const b = bind(arena, [[f32(Zs, n), false], [f32(Zt, n), false], [f32(Y, n), false]], [[gradOut, n], [es, n], [et, n], [stats, STATS * M], [rowOut, M], [correctOut, M]]);
    try {
      fn(b.ptrs[0], b.ptrs[1], b.ptrs[2], b.outs[0], b.outs[1], b.outs[2], b.outs[3], M, K, t, a, norm);
    } finally {
      b.done();
    }
    const s = new Float64Array(arena.memory.buffer, b.outs[3], STATS * M);
    const rowLoss = rowOut.view(M), correct = correctOut.view(M);
    let loss = 0;
    for (let m = 0; m < M; m++) {
      const [se, seS, seT, A, P, Y1, Ys, ok] = s.subarray(STATS * m, STATS * m + STATS);
      const kl = A + (Math.log(seS) - Math.log(seT)) * P;
      const ce = Ys * Math.log(se) - Y1;
      const l = (a * t * t * Math.max(kl, 0) + (1 - a) * ce) / norm;
      rowLoss[m] = l;
      correct[m] = ok;
      loss += l;
    }
    return { loss, grad: gradOut.view(n), rowLoss, correct };
  };
}
