/**
 * The CPU engine's three products of a dense layer, on WebAssembly SIMD (gemmModule.ts) and threads
 * (threads.ts), with the GPU kernel's fused epilogues (shaders/matmul.wgsl; CPU twins ops/fastMatmul.ts
 * and ops/activation.ts). Each is one call of the module's `gemm`, C[M',N'] = A[M',K'] · B[K',N']:
 *   forward   Y[M,N]  = act(X[M,K] · W[N,K]ᵀ + b[N])   A = X (in place), B = Wᵀ packed, epilogue bias+act
 *   input     dX[M,K] = (dZ[M,N] · W[N,K]) ⊙ act'(A)    A = dZ (in place), B = W packed, epilogue gate
 *   weight    dW[N,K] = dZᵀ · X[M,K], db[N] = Σ_m dZ     A = dZᵀ (transposed into scratch), B = X packed,
 *                                                        db from A's rows in the same call
 * B is packed into NR-column panels in arena scratch (dropped after the call). Work is split over the
 * threads by output rows in whole MR-row tiles (or by NR-column panels when there are too few rows); every
 * element is computed by one thread, with the same k order whatever the split, so results do not depend
 * on the thread count. Products under MIN_WORK_PER_THREAD multiply-adds per thread run on fewer threads.
 * Scratch may grow the memory: make views (arena.f32) after a call, not before.
 */
import type { Activation } from '../config';
import { ACT_CODE } from '../ops/activation';
import { arenaPtr, type Arena } from './arena';
import { wasmFeatures } from './features';
import { buildGemmModule, GEMM_EXPORTS, GEMM_SHAPE } from './gemmModule';
import { createThreadPool, defaultThreads, SLOT_INTS, spawnWebWorker, type SpawnWorker, type ThreadPool } from './threads';

export interface GemmKernels {
  readonly threads: number;
  /** Y = act(X·Wᵀ + b): X [M,K], W [N,K], b [N] or null, Y [M,N] (written). */
  linearForward(X: Float32Array, W: Float32Array, b: Float32Array | null, Y: Float32Array, M: number, K: number, N: number, act: Activation): void;
  /** dX = (dZ·W) ⊙ act'(A): dZ [M,N], W [N,K], A [M,K] (the layer's input), dX [M,K] (written); act 'linear' skips the gate. */
  inputGrad(dZ: Float32Array, W: Float32Array, A: Float32Array, dX: Float32Array, M: number, K: number, N: number, act: Activation): void;
  /** dW = dZᵀ·X, db = Σ_m dZ: dZ [M,N], X [M,K], dW [N,K], db [N] (both written). */
  weightGrad(dZ: Float32Array, X: Float32Array, dW: Float32Array, db: Float32Array, M: number, K: number, N: number): void;
  destroy(): void;
}

export interface GemmOptions {
  /** Threads, the caller included (default: defaultThreads; 1 where memory is not shared). */
  threads?: number;
  /** How to start a helper thread (default: a module Web Worker); tests in Node pass a worker_threads adapter. */
  spawn?: SpawnWorker;
}

/** Multiply-adds a thread should get before a product is split further (a split costs microseconds). */
export const MIN_WORK_PER_THREAD = 1 << 20;

const NAMES = [GEMM_EXPORTS.gemm, GEMM_EXPORTS.packB, GEMM_EXPORTS.transpose];
const [GEMM, PACK, TRANSPOSE] = [0, 1, 2];
const { MR, NR } = GEMM_SHAPE;

/** Even split of `units` whole units over t threads: [lo, hi) per thread, in units. */
function split(units: number, t: number): Array<[number, number]> {
  return Array.from({ length: t }, (_, i): [number, number] => [Math.floor((i * units) / t), Math.floor(((i + 1) * units) / t)]);
}

export async function createGemmKernels(arena: Arena, opts: GemmOptions = {}): Promise<GemmKernels> {
  const features = wasmFeatures();
  if (!features.simd) throw new Error('this browser has no WebAssembly SIMD, which the CPU engine needs');
  const module = await WebAssembly.compile(buildGemmModule({ relaxed: features.relaxedMadd, shared: arena.shared }));
  const instance = await WebAssembly.instantiate(module, { env: { memory: arena.memory } });
  const fns = NAMES.map((n) => instance.exports[n] as (...a: number[]) => void);
  const local = (fn: number, args: number[]) => fns[fn](...args);

  const want = Math.max(1, Math.floor(opts.threads ?? defaultThreads(arena.shared)));
  let pool: ThreadPool | null = null;
  if (want > 1) {
    if (!arena.shared) throw new Error('CPU engine threads need a shared memory (a cross-origin isolated page)');
    const ctrl = arena.alloc((want - 1) * SLOT_INTS).ptr; // for the kernel set's lifetime
    try {
      pool = await createThreadPool(arena.memory, module, NAMES, ctrl, want - 1, opts.spawn ?? spawnWebWorker, local);
    } catch (e) {
      if (opts.threads !== undefined) throw e;
      pool = null; // the default asked for threads the page cannot start: run on the caller alone
    }
  }
  const threads = pool ? pool.size : 1;

  /** Runs fn(...common, ...shares[t]) on shares.length threads. */
  const run = (fn: number, common: number[], shares: number[][]) => {
    if (pool && shares.length > 1) pool.run(fn, common, shares);
    else for (const s of shares) local(fn, common.concat(s));
  };
  const threadsFor = (work: number) => Math.max(1, Math.min(threads, Math.floor(work / MIN_WORK_PER_THREAD)));

  const ptr = (name: string, v: Float32Array, floats: number): number => {
    // a view made before the shared memory grew is still the arena's (arenaPtr recognises it)
    const p = arenaPtr(arena, v);
    if (p === null) throw new Error(`${name} is not a view of the CPU engine's memory`);
    if (v.length < floats) throw new Error(`${name} holds ${v.length} floats, the product needs ${floats}`);
    return p;
  };
  const dims = (M: number, K: number, N: number) => {
    for (const [k, v] of [['M', M], ['K', K], ['N', N]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`matrix dimension ${k} must be a positive integer, got ${v}`);
    }
  };

  /**
   * C[Mg,Ng] = A[Mg,Kg] · B[Kg,Ng] with B(k, j) = src[k·sk + j·sj] (floats) and the epilogue; scratch for
   * the call (packed B, padded bias, tiles) from the arena, released after it.
   */
  const gemm = (a: number, lda: number, bsrc: number, sk: number, sj: number, c: number, Mg: number, Kg: number, Ng: number, bias: Float32Array | null, aux: number, epi: number, db: number, scratchMark: number) => {
    const panels = Math.ceil(Ng / NR);
    try {
      const t = threadsFor(Mg * Kg * Ng);
      const bp = arena.alloc(panels * NR * Kg).ptr;
      const biasPad = arena.alloc(panels * NR);
      if (bias) arena.f32(biasPad).set(bias.subarray(0, Ng));
      const tmp = arena.alloc(t * MR * NR).ptr;
      run(PACK, [bsrc, sk * 4, sj * 4, bp, Kg, Ng], split(panels, Math.min(t, panels)).map(([lo, hi]) => [lo * NR, Math.min(Ng, hi * NR)]));
      const tiles = Math.ceil(Mg / MR);
      const byRows = tiles >= 2 * t || tiles >= panels;
      const shares = byRows
        ? split(tiles, Math.min(t, tiles)).map(([lo, hi], i) => [tmp + i * MR * NR * 4, lo * MR, Math.min(Mg, hi * MR), 0, Ng])
        : split(panels, Math.min(t, panels)).map(([lo, hi], i) => [tmp + i * MR * NR * 4, 0, Mg, lo * NR, Math.min(Ng, hi * NR)]);
      // gemm(a, lda4, bp, c, ldc4, K, | tmp, | bias, aux, ldaux4, epi, db, | m0, m1, j0, j1): tmp per thread
      const reorder = shares.map(([tp, m0, m1, j0, j1]) => [tp, biasPad.ptr, aux, Ng * 4, epi, db, m0, m1, j0, j1]);
      run(GEMM, [a, lda * 4, bp, c, Ng * 4, Kg], reorder);
    } finally {
      arena.reset(scratchMark);
    }
  };

  return {
    threads,
    linearForward(X, W, b, Y, M, K, N, act) {
      dims(M, K, N);
      const x = ptr('X', X, M * K), w = ptr('W', W, N * K), y = ptr('Y', Y, M * N);
      if (b) ptr('b', b, N);
      // a linear layer without bias needs no epilogue
      gemm(x, K, w, 1, K, y, M, K, N, b, 0, act === 'linear' && !b ? -1 : ACT_CODE[act], 0, arena.used());
    },
    inputGrad(dZ, W, A, dX, M, K, N, act) {
      dims(M, K, N);
      const dz = ptr('dZ', dZ, M * N), w = ptr('W', W, N * K), a = ptr('A', A, M * K), dx = ptr('dX', dX, M * K);
      gemm(dz, N, w, K, 1, dx, M, N, K, null, a, act === 'linear' ? -1 : 4 + ACT_CODE[act], 0, arena.used());
    },
    weightGrad(dZ, X, dW, db, M, K, N) {
      dims(M, K, N);
      const dz = ptr('dZ', dZ, M * N), x = ptr('X', X, M * K), dw = ptr('dW', dW, N * K), dbp = ptr('db', db, N);
      const mark = arena.used();
      let dzt: number;
      try {
        dzt = arena.alloc(N * M).ptr; // dZᵀ [N, M]
        run(TRANSPOSE, [dz, M, N, dzt], split(N, Math.min(N, threadsFor(M * N * K))));
      } catch (e) {
        arena.reset(mark);
        throw e;
      }
      gemm(dzt, M, x, K, 1, dw, N, M, K, null, 0, -1, dbp, mark);
    },
    destroy() {
      pool?.destroy();
      pool = null;
    },
  };
}
