/**
 * The WebAssembly module of the CPU engine's matrix products (gemm.ts calls it): one register-blocked
 * kernel C[M,N] = A[M,K] · B[K,N], written instruction by instruction with emit.ts, and the pieces around it.
 *
 *   A   row-major, any row stride (bytes `lda4`), read in place: each k step splat-loads one float per row.
 *   Bp  B packed by `packB` into panels of NR columns, [⌈N/NR⌉][K][NR] (zeros past N), so a k step reads
 *       NR consecutive floats (NR/4 v128 loads) that every row of the tile shares.
 *   C   row-major (bytes `ldc4`). A micro-kernel `mk{r}` keeps an r×NR tile (r ≤ MR) in r·NR/4 v128
 *       registers and walks k four at a time (immediate offsets, one pointer bump per row per 4 k); the
 *       multiply-add is f32x4.relaxed_madd where the engine has it, else f32x4.mul + f32x4.add.
 *   Blocking (GotoBLAS order): k in blocks of KC (the B panel's KC×NR slice stays in L1 while the tile
 *   walks down the rows; A's KC-wide column slab stays in L2), then column panels, then row tiles. A
 *   block after the first adds to C (load, accumulate, store), so every element's sum runs over k in the
 *   same order whatever the tiling or the thread: results do not depend on the thread count.
 *   Tails: a row tail calls mk{r} with r < MR; a column tail (N % NR) computes the full panel into a
 *   thread's scratch tile `tmp` (MR×NR) and copies the valid columns.
 *   Epilogue (after the last k block, per tile row, while it is in cache), `epi` code:
 *     0…3  forward: C = act(C + bias) (bias padded to whole panels; ACT_CODE order relu, tanh, sigmoid, linear)
 *     4…6  gate:    C = C ⊙ act'(aux)  (act' from the output a = f(z), activationGradFromOutput), code 4 + act
 *     -1   none.
 *   `db` ≠ 0: db[m] = Σ_k A[m,k] in float64, k in order (the bias gradient when A = dZᵀ), by the thread
 *   that owns column 0 of those rows.
 * Thread ranges: rows [m0, m1) and columns [j0, j1) (j0 a multiple of NR, j1 one too or N).
 */
import { ModuleBuilder, type Fn, type Local } from './emit';
import { emitActivation4 } from './math';

export interface GemmShape {
  /** Rows per register tile. */
  MR: number;
  /** Columns per register tile (a multiple of 4). */
  NR: number;
  /** k per cache block. */
  KC: number;
}

/**
 * 6×8: 12 accumulators + 2 B vectors + 1 splat = 15 of x64's 16 xmm registers, so with relaxed_madd (one
 * vfmadd per pair, all operands in registers) nothing spills; in Chromium on this machine it measured ahead
 * of 4×16 (21 live vectors), 4×12, 8×8, 4×8 and 3×16 (one thread, 1024³, ~32–36 GFLOP/s on a busy
 * machine). KC = 256: the B slice (8 KiB) stays in L1, a thread's A slab (rows × 1 KiB) in L2.
 */
export const GEMM_SHAPE: GemmShape = { MR: 6, NR: 8, KC: 256 };

/** The exported functions and their i32 arguments (byte offsets unless stated). */
export const GEMM_EXPORTS = {
  /** (a, lda4, bp, c, ldc4, K, tmp, bias, aux, ldaux4, epi, db, m0, m1, j0, j1) */
  gemm: 'gemm',
  /** (src, sk4, sj4, dst, K, N, j0, j1): dst panels [⌈N/NR⌉][K][NR] from B(k, j) = src[k·sk + j·sj]; columns [j0, j1). */
  packB: 'packB',
  /** (src, rows, cols, dst, c0, c1): dst [cols, rows] = srcᵀ, src [rows, cols]; dst rows [c0, c1). */
  transpose: 'transpose',
} as const;

const v128 = 'v128' as const;
const i32 = 'i32' as const;

function madd(f: Fn, relaxed: boolean, b: Local, a: Local, acc: Local): void {
  if (relaxed) f.get(b).get(a).get(acc).simd('f32x4.relaxed_madd').set(acc);
  else f.get(b).get(a).simd('f32x4.mul').get(acc).simd('f32x4.add').set(acc);
}

/** mk{r}(a, lda4, b, c, ldc4, kc, accumulate): C[r×NR] (+)= A[r×kc] · Bpanel[kc×NR]. */
function microKernel(m: ModuleBuilder, r: number, s: GemmShape, relaxed: boolean): Fn {
  const V = s.NR / 4;
  const f = m.fn(`mk${r}`, [i32, i32, i32, i32, i32, i32, i32]);
  const [a, lda4, b, c, ldc4, kc, accumulate] = f.params;
  const p = Array.from({ length: r }, () => f.local(i32));
  const k = f.local(i32);
  const acc = Array.from({ length: r }, () => Array.from({ length: V }, () => f.local(v128)));
  const bv = Array.from({ length: V }, () => f.local(v128));
  const av = f.local(v128);
  const row = f.local(i32);
  const rowAddr = (base: Local, ld: Local, i: number) => f.get(base).get(ld).i32(i).op('i32.mul').op('i32.add');
  for (let i = 0; i < r; i++) { rowAddr(a, lda4, i); f.set(p[i]); }
  // accumulators: C's tile when accumulating, else zero
  f.get(accumulate).if();
  for (let i = 0; i < r; i++) {
    rowAddr(c, ldc4, i); f.set(row);
    for (let v = 0; v < V; v++) f.get(row).mem('v128.load', 16 * v).set(acc[i][v]);
  }
  f.else();
  for (let i = 0; i < r; i++) for (let v = 0; v < V; v++) f.f32(0).simd('f32x4.splat').set(acc[i][v]);
  f.end();
  const step = (u: number) => {
    for (let v = 0; v < V; v++) f.get(b).mem('v128.load', 16 * (u * V + v)).set(bv[v]);
    for (let i = 0; i < r; i++) {
      f.get(p[i]).mem('v128.load32_splat', 4 * u).set(av);
      for (let v = 0; v < V; v++) madd(f, relaxed, bv[v], av, acc[i][v]);
    }
  };
  const U = 4;
  // k in steps of U while k + U ≤ kc
  f.i32(0).set(k).block().loop();
  f.get(k).i32(U).op('i32.add').get(kc).op('i32.gt_s').brIf(1);
  for (let u = 0; u < U; u++) step(u);
  for (let i = 0; i < r; i++) f.inc(p[i], 4 * U);
  f.inc(b, 16 * V * U).inc(k, U).br(0).end().end();
  // the last kc % U
  f.block().loop();
  f.get(k).get(kc).op('i32.ge_s').brIf(1);
  step(0);
  for (let i = 0; i < r; i++) f.inc(p[i], 4);
  f.inc(b, 16 * V).inc(k, 1).br(0).end().end();
  for (let i = 0; i < r; i++) {
    rowAddr(c, ldc4, i); f.set(row);
    for (let v = 0; v < V; v++) f.get(row).get(acc[i][v]).mem('v128.store', 16 * v);
  }
  return f;
}

/**
 * epi{code}(c, bias, aux, n): one tile row of n floats. Whole vectors, then a tail of 1…3 lanes loaded
 * and stored lane by lane (nothing past n is touched).
 */
function epilogue(m: ModuleBuilder, code: number): Fn {
  const f = m.fn(`epi${code}`, [i32, i32, i32, i32]);
  const [c, bias, aux, n] = f.params;
  const j = f.local(i32);
  const z = f.local(v128);
  const x = f.local(v128);
  const t = [f.local(v128), f.local(v128), f.local(v128), f.local(v128)] as [Local, Local, Local, Local];
  const gate = code >= 4;
  const act = gate ? code - 4 : code;
  const at = (base: Local) => f.get(base).get(j).i32(2).op('i32.shl').op('i32.add');
  // z = the value to store, from C's vector in z and the bias/aux vector in x
  const compute = () => {
    if (!gate) {
      f.get(z).get(x).simd('f32x4.add').set(z);
      emitActivation4(f, act, z, t);
      f.set(z);
      return;
    }
    f.get(z);
    if (act === 0) f.get(x).f32(0).simd('f32x4.splat').simd('f32x4.gt').simd('v128.and');
    else if (act === 1) f.f32(1).simd('f32x4.splat').get(x).get(x).simd('f32x4.mul').simd('f32x4.sub').simd('f32x4.mul');
    else f.get(x).f32(1).simd('f32x4.splat').get(x).simd('f32x4.sub').simd('f32x4.mul').simd('f32x4.mul');
    f.set(z);
  };
  const other = gate ? aux : bias;
  f.i32(0).set(j).block().loop();
  f.get(j).i32(4).op('i32.add').get(n).op('i32.gt_s').brIf(1);
  at(c).mem('v128.load').set(z);
  at(other).mem('v128.load').set(x);
  compute();
  at(c).get(z).mem('v128.store');
  f.inc(j, 4).br(0).end().end();
  // tail: lanes j … n−1
  f.get(j).get(n).op('i32.lt_s').if();
  f.f32(0).simd('f32x4.splat').set(z);
  f.f32(0).simd('f32x4.splat').set(x);
  for (let l = 0; l < 3; l++) {
    f.get(j).i32(l).op('i32.add').get(n).op('i32.lt_s').if();
    f.get(z); at(c).mem('f32.load', 4 * l); f.lane('f32x4.replace_lane', l).set(z);
    f.get(x); at(other).mem('f32.load', 4 * l); f.lane('f32x4.replace_lane', l).set(x);
    f.end();
  }
  compute();
  for (let l = 0; l < 3; l++) {
    f.get(j).i32(l).op('i32.add').get(n).op('i32.lt_s').if();
    at(c).get(z).lane('f32x4.extract_lane', l).mem('f32.store', 4 * l);
    f.end();
  }
  f.end();
  return f;
}

/** copy(src, lds4, dst, ldd4, rows, cols): a rows×cols block, float by float. */
function copyBlock(m: ModuleBuilder): Fn {
  const f = m.fn('copyBlock', [i32, i32, i32, i32, i32, i32]);
  const [src, lds4, dst, ldd4, rows, cols] = f.params;
  const i = f.local(i32), j = f.local(i32);
  f.for(i, () => f.i32(0), () => f.get(rows), 1, () => {
    f.for(j, () => f.i32(0), () => f.get(cols), 1, () => {
      f.get(dst).get(ldd4).get(i).op('i32.mul').op('i32.add').get(j).i32(2).op('i32.shl').op('i32.add');
      f.get(src).get(lds4).get(i).op('i32.mul').op('i32.add').get(j).i32(2).op('i32.shl').op('i32.add').mem('f32.load');
      f.mem('f32.store');
    });
  });
  return f;
}

export function buildGemmModule(opts: { relaxed: boolean; shared: boolean; shape?: GemmShape }): Uint8Array<ArrayBuffer> {
  const s = opts.shape ?? GEMM_SHAPE;
  const { MR, NR, KC } = s;
  const m = new ModuleBuilder({ initial: 1, maximum: 32768, shared: opts.shared });
  const gemm = m.fn(GEMM_EXPORTS.gemm, Array<'i32'>(16).fill(i32));
  const packB = m.fn(GEMM_EXPORTS.packB, Array<'i32'>(8).fill(i32));
  const transpose = m.fn(GEMM_EXPORTS.transpose, Array<'i32'>(6).fill(i32));
  const mks = Array.from({ length: MR }, (_, r) => microKernel(m, r + 1, s, opts.relaxed));
  const epis = [0, 1, 2, 3, 4, 5, 6].map((code) => epilogue(m, code));
  const copy = copyBlock(m);

  {
    const f = gemm;
    const [a, lda4, bp, c, ldc4, K, tmp, bias, aux, ldaux4, epi, db, m0, m1, j0, j1] = f.params;
    const k0 = f.local(i32), kc = f.local(i32), acc = f.local(i32), last = f.local(i32);
    const j = f.local(i32), ncols = f.local(i32), bpan = f.local(i32), mm = f.local(i32), rows = f.local(i32);
    const cp = f.local(i32), ldcx = f.local(i32), rr = f.local(i32);
    const minI = (x: () => void, y: () => void, out: Local) => {
      x(); y(); x(); y(); f.op('i32.lt_s').op('select').set(out);
    };
    f.for(k0, () => f.i32(0), () => f.get(K), KC, () => {
      minI(() => f.i32(KC), () => f.get(K).get(k0).op('i32.sub'), kc);
      f.get(k0).i32(0).op('i32.gt_s').set(acc);
      f.get(k0).get(kc).op('i32.add').get(K).op('i32.ge_s').set(last);
      f.for(j, () => f.get(j0), () => f.get(j1), NR, () => {
        minI(() => f.i32(NR), () => f.get(j1).get(j).op('i32.sub'), ncols);
        // panel j/NR starts at j·K floats; its k0 slice at k0·NR floats further
        f.get(bp).get(j).get(K).op('i32.mul').get(k0).i32(NR).op('i32.mul').op('i32.add').i32(2).op('i32.shl').op('i32.add').set(bpan);
        f.for(mm, () => f.get(m0), () => f.get(m1), MR, () => {
          minI(() => f.i32(MR), () => f.get(m1).get(mm).op('i32.sub'), rows);
          const cTile = () => f.get(c).get(mm).get(ldc4).op('i32.mul').op('i32.add').get(j).i32(2).op('i32.shl').op('i32.add');
          f.get(ncols).i32(NR).op('i32.eq').if();
          cTile(); f.set(cp); f.get(ldc4).set(ldcx);
          f.else();
          f.get(tmp).set(cp); f.i32(NR * 4).set(ldcx);
          f.get(acc).if(); cTile(); f.get(ldc4).get(tmp).i32(NR * 4).get(rows).get(ncols).call(m.indexOf(copy)); f.end();
          f.end();
          for (let r = 1; r <= MR; r++) {
            f.get(rows).i32(r).op('i32.eq').if();
            f.get(a).get(mm).get(lda4).op('i32.mul').op('i32.add').get(k0).i32(2).op('i32.shl').op('i32.add');
            f.get(lda4).get(bpan).get(cp).get(ldcx).get(kc).get(acc).call(m.indexOf(mks[r - 1]));
            f.end();
          }
          f.get(ncols).i32(NR).op('i32.ne').if();
          f.get(tmp).i32(NR * 4); cTile(); f.get(ldc4).get(rows).get(ncols).call(m.indexOf(copy));
          f.end();
          // epilogue on the finished tile, row by row
          f.get(last).get(epi).i32(0).op('i32.ge_s').op('i32.and').if();
          f.for(rr, () => f.i32(0), () => f.get(rows), 1, () => {
            for (let code = 0; code < epis.length; code++) {
              f.get(epi).i32(code).op('i32.eq').if();
              f.get(c).get(mm).get(rr).op('i32.add').get(ldc4).op('i32.mul').op('i32.add').get(j).i32(2).op('i32.shl').op('i32.add');
              f.get(bias).get(j).i32(2).op('i32.shl').op('i32.add');
              f.get(aux).get(mm).get(rr).op('i32.add').get(ldaux4).op('i32.mul').op('i32.add').get(j).i32(2).op('i32.shl').op('i32.add');
              f.get(ncols).call(m.indexOf(epis[code]));
              f.end();
            }
          });
          f.end();
        });
      });
    });
    // db[m] = Σ_k A[m, k] (float64, k in order), by the owner of column 0
    const sum = f.local('f64'), kk = f.local(i32), row = f.local(i32);
    f.get(db).i32(0).op('i32.ne').get(j0).i32(0).op('i32.eq').op('i32.and').if();
    f.for(mm, () => f.get(m0), () => f.get(m1), 1, () => {
      f.get(a).get(mm).get(lda4).op('i32.mul').op('i32.add').set(row);
      f.f64(0).set(sum);
      f.for(kk, () => f.i32(0), () => f.get(K), 1, () => {
        f.get(sum).get(row).get(kk).i32(2).op('i32.shl').op('i32.add').mem('f32.load').op('f64.promote_f32').op('f64.add').set(sum);
      });
      f.get(db).get(mm).i32(2).op('i32.shl').op('i32.add').get(sum).op('f32.demote_f64').mem('f32.store');
    });
    f.end();
  }

  {
    const f = packB;
    const [src, sk4, sj4, dst, K, N, j0, j1] = f.params;
    const j = f.local(i32), k = f.local(i32), cols = f.local(i32), s0 = f.local(i32), d = f.local(i32);
    f.for(j, () => f.get(j0), () => f.get(j1), NR, () => {
      f.get(N).get(j).op('i32.sub').set(cols);
      f.get(dst).get(j).get(K).op('i32.mul').i32(2).op('i32.shl').op('i32.add').set(d);
      f.for(k, () => f.i32(0), () => f.get(K), 1, () => {
        f.get(src).get(k).get(sk4).op('i32.mul').op('i32.add').get(j).get(sj4).op('i32.mul').op('i32.add').set(s0);
        f.get(cols).i32(NR).op('i32.ge_s').get(sj4).i32(4).op('i32.eq').op('i32.and').if();
        for (let v = 0; v < NR / 4; v++) f.get(d).get(s0).mem('v128.load', 16 * v).mem('v128.store', 16 * v);
        f.else();
        for (let jj = 0; jj < NR; jj++) {
          f.get(cols).i32(jj).op('i32.gt_s').if();
          f.get(d).get(s0).get(sj4).i32(jj).op('i32.mul').op('i32.add').mem('f32.load').mem('f32.store', 4 * jj);
          f.else();
          f.get(d).f32(0).mem('f32.store', 4 * jj);
          f.end();
        }
        f.end();
        f.inc(d, 4 * NR);
      });
    });
  }

  {
    const f = transpose;
    const [src, rows, cols, dst, c0, c1] = f.params;
    const cc = f.local(i32), r = f.local(i32), d = f.local(i32), s0 = f.local(i32);
    f.for(cc, () => f.get(c0), () => f.get(c1), 1, () => {
      f.get(dst).get(cc).get(rows).op('i32.mul').i32(2).op('i32.shl').op('i32.add').set(d);
      f.get(src).get(cc).i32(2).op('i32.shl').op('i32.add').set(s0);
      f.for(r, () => f.i32(0), () => f.get(rows), 1, () => {
        f.get(d).get(s0).mem('f32.load').mem('f32.store');
        f.inc(d, 4);
        f.get(s0).get(cols).i32(2).op('i32.shl').op('i32.add').set(s0);
      });
    });
  }
  return m.encode();
}
