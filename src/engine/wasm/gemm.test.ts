/**
 * The WebAssembly matrix products (gemm.ts) against their TypeScript twins (ops/fastMatmul.ts,
 * ops/activation.ts) on odd shapes, every activation, bias or none, the gate; and helper threads (Node
 * worker threads through the ThreadWorker adapter) give bit-identical results to one thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import type { Activation } from '../config';
import { activationGradFromOutput } from '../ops/activation';
import { biasGrad, fastInputGrad, fastLinearForward, fastWeightGrad } from '../ops/fastMatmul';
import { createArena, type Arena } from './arena';
import { createGemmKernels, type GemmKernels } from './gemm';
import { serve, type SpawnWorker } from './threads';

const ACTS: Activation[] = ['relu', 'tanh', 'sigmoid', 'linear'];
const DIMS = [1, 3, 5, 7, 17, 33, 130];
/** A spread of (M, K, N) from DIMS, every dimension in every position. */
const SHAPES: Array<[number, number, number]> = DIMS.flatMap((a, i) => [[a, DIMS[(i + 3) % 7], DIMS[(i + 5) % 7]], [DIMS[(i + 1) % 7], a, DIMS[(i + 4) % 7]], [DIMS[(i + 2) % 7], DIMS[(i + 6) % 7], a]] as Array<[number, number, number]>);

/** node:worker_threads behind the pool's ThreadWorker interface, running threads.ts's `serve` from its source. */
export const spawnNodeThread: SpawnWorker = () => {
  const src = `const { parentPort } = require('node:worker_threads');
parentPort.once('message', (init) => { try { (${serve.toString()})(init, () => parentPort.postMessage('ready')); } catch (e) { parentPort.postMessage('failed: ' + e.message); } });`;
  const w = new Worker(src, { eval: true });
  w.unref();
  return {
    post: (msg) => w.postMessage(msg),
    listen(onMessage, onError) {
      w.on('message', onMessage);
      w.on('error', onError);
    },
    terminate: () => void w.terminate(),
  };
};

function rand(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = lo + ((s >>> 0) / 4294967296) * (hi - lo);
  }
  return out;
}

/** |got − want| ≤ tol·max(1, |want|); float32 sums over k drift like √K ulps of the partial sums. */
function close(got: Float32Array, want: Float32Array, what: string, tol = 1e-5) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol * Math.max(1, Math.abs(want[i])))) throw new Error(`${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

/** Copies arrays into the arena and returns fresh views of them after `f` (which may allocate scratch). */
function inArena(arena: Arena, arrays: Float32Array[]) {
  const blocks = arrays.map((a) => {
    const b = arena.alloc(a.length);
    arena.f32(b).set(a);
    return b;
  });
  return { views: () => blocks.map((b) => arena.f32(b)), release: () => arena.reset(blocks[0].ptr) };
}

function forward(k: GemmKernels, arena: Arena, M: number, K: number, N: number, act: Activation, withBias: boolean, seed: number): Float32Array {
  const X = rand(M * K, seed), W = rand(N * K, seed + 1), b = rand(N, seed + 2);
  const mem = inArena(arena, [X, W, b, new Float32Array(M * N)]);
  const [x, w, bb, y] = mem.views();
  k.linearForward(x, w, withBias ? bb : null, y, M, K, N, act);
  const got = mem.views()[3].slice();
  mem.release();
  return got;
}

function inputGrad(k: GemmKernels, arena: Arena, M: number, K: number, N: number, act: Activation, seed: number): Float32Array {
  const dZ = rand(M * N, seed), W = rand(N * K, seed + 1), A = rand(M * K, seed + 2, act === 'relu' ? -1 : 0, 1);
  const mem = inArena(arena, [dZ, W, A, new Float32Array(M * K)]);
  const [dz, w, a, dx] = mem.views();
  k.inputGrad(dz, w, a, dx, M, K, N, act);
  const got = mem.views()[3].slice();
  mem.release();
  return got;
}

function weightGrad(k: GemmKernels, arena: Arena, M: number, K: number, N: number, seed: number): [Float32Array, Float32Array] {
  const dZ = rand(M * N, seed), X = rand(M * K, seed + 1);
  const mem = inArena(arena, [dZ, X, new Float32Array(N * K), new Float32Array(N)]);
  const [dz, x, dw, db] = mem.views();
  k.weightGrad(dz, x, dw, db, M, K, N);
  const [, , dwv, dbv] = mem.views();
  const got: [Float32Array, Float32Array] = [dwv.slice(), dbv.slice()];
  mem.release();
  return got;
}

describe('WebAssembly gemm, one thread, against the TypeScript twins', () => {
  let arena: Arena;
  let k: GemmKernels;
  beforeAll(async () => {
    arena = createArena();
    k = await createGemmKernels(arena, { threads: 1 });
  });

  // the twins are plain loops: generous timeouts for a shared machine
  it('forward: act(X·Wᵀ + b) for every activation, with and without bias', { timeout: 60_000 }, () => {
    SHAPES.forEach(([M, K, N], s) => {
      for (const act of ACTS) {
        for (const withBias of [true, false]) {
          const X = rand(M * K, s), W = rand(N * K, s + 1), b = rand(N, s + 2);
          const want = fastLinearForward(X, W, withBias ? b : null, M, K, N, act);
          close(forward(k, arena, M, K, N, act, withBias, s), want, `forward ${M}x${K}x${N} ${act} bias ${withBias}`);
        }
      }
    });
  });

  it('input gradient: (dZ·W) ⊙ act′(A), the gate fused; linear has none', { timeout: 60_000 }, () => {
    SHAPES.forEach(([M, K, N], s) => {
      for (const act of ACTS) {
        const dZ = rand(M * N, s), W = rand(N * K, s + 1), A = rand(M * K, s + 2, act === 'relu' ? -1 : 0, 1);
        const want = fastInputGrad(dZ, W, M, K, N).map((v, i) => v * activationGradFromOutput(A[i], act));
        close(inputGrad(k, arena, M, K, N, act, s), want, `inputGrad ${M}x${K}x${N} ${act}`);
      }
    });
  });

  it('weight gradient dZᵀ·X and the bias gradient Σ_m dZ in one call', { timeout: 60_000 }, () => {
    SHAPES.forEach(([M, K, N], s) => {
      const dZ = rand(M * N, s), X = rand(M * K, s + 1);
      const [dW, db] = weightGrad(k, arena, M, K, N, s);
      close(dW, fastWeightGrad(dZ, X, M, K, N), `dW ${M}x${K}x${N}`);
      close(db, biasGrad(dZ, M, N), `db ${M}x${K}x${N}`);
    });
  });

  it('rejects an array outside the arena and leaves no scratch behind', () => {
    const mem = inArena(arena, [new Float32Array(6), new Float32Array(6), new Float32Array(4)]);
    const before = arena.used();
    const [x, w, y] = mem.views();
    expect(() => k.linearForward(new Float32Array(6), w, null, y, 2, 3, 2, 'relu')).toThrow(/X is not a view/);
    expect(() => k.linearForward(x, w, null, y, 2, 3, 0, 'relu')).toThrow(/N must be a positive integer/);
    k.linearForward(x, w, null, y, 2, 3, 2, 'relu');
    expect(arena.used()).toBe(before);
    mem.release();
  });
});

describe('WebAssembly gemm with helper threads', () => {
  let arena: Arena;
  let one: GemmKernels;
  let three: GemmKernels;
  beforeAll(async () => {
    arena = createArena();
    one = await createGemmKernels(arena, { threads: 1 });
    three = await createGemmKernels(arena, { threads: 3, spawn: spawnNodeThread });
  }, 60_000);
  afterAll(() => three?.destroy());

  it('uses the threads it was given', () => expect(three.threads).toBe(3));

  // shapes big enough to be split (M·N·K over MIN_WORK_PER_THREAD per thread), split by rows and by columns
  const BIG: Array<[number, number, number]> = [[131, 257, 97], [13, 1031, 401], [301, 129, 67]];
  it.each(BIG)('results are bit-identical to one thread: %i×%i×%i', (M, K, N) => {
    for (const act of ACTS) {
      expect(forward(three, arena, M, K, N, act, true, 7)).toEqual(forward(one, arena, M, K, N, act, true, 7));
      expect(inputGrad(three, arena, M, K, N, act, 8)).toEqual(inputGrad(one, arena, M, K, N, act, 8));
    }
    expect(weightGrad(three, arena, M, K, N, 9)).toEqual(weightGrad(one, arena, M, K, N, 9));
    const X = rand(M * K, 7), W = rand(N * K, 8), b = rand(N, 9);
    const mem = inArena(arena, [X, W, b, new Float32Array(M * N)]);
    const [x, w, bb, y] = mem.views();
    three.linearForward(x, w, bb, y, M, K, N, 'tanh');
    close(mem.views()[3].slice(), fastLinearForward(X, W, b, M, K, N, 'tanh'), `threaded forward ${M}x${K}x${N}`, 1e-5 * Math.sqrt(K / 64));
    mem.release();
  }, 60_000);
});
