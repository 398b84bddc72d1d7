/**
 * The CPU engine's WebAssembly products (engine/wasm/gemm.ts) in the page, where Chromium gives them
 * relaxed SIMD (f32x4.relaxed_madd) and helper threads (Web Workers on the shared memory): each case runs
 * one product with the default thread count and with one thread, and compares the first with the
 * TypeScript twins (ops/fastMatmul.ts, ops/activation.ts) and with the second (bit for bit). The caller
 * (e2e/kernels/wasm-gemm.spec.ts) states the tolerance: an element passes when |wasm − ts| ≤ atol + rtol·|ts|.
 */
import type { Activation } from '../engine/config';
import { activationGradFromOutput } from '../engine/ops/activation';
import { biasGrad, fastInputGrad, fastLinearForward, fastWeightGrad } from '../engine/ops/fastMatmul';
import { createRng } from '../engine/rng';
import { createArena, type Arena } from '../engine/wasm/arena';
import { wasmFeatures, type WasmFeatures } from '../engine/wasm/features';
import { createGemmKernels, type GemmKernels } from '../engine/wasm/gemm';
import { compare, type Comparison } from './gpuRun';

export interface WasmGemmCase {
  op: 'forward' | 'inputGrad' | 'weightGrad';
  M: number;
  K: number;
  N: number;
  act: Activation;
  bias: boolean;
  seed: number;
  atol: number;
  rtol: number;
}

export interface WasmGemmResult {
  features: WasmFeatures;
  /** Threads of the default kernel set. */
  threads: number;
  /** The product (Y, dX or dW) against the twin. */
  out: Comparison;
  /** db against biasGrad (weightGrad only). */
  db: Comparison | null;
  /** Default threads and one thread gave the same bits. */
  identical: boolean;
}

export interface WasmGemmCases {
  wasmGemm(c: WasmGemmCase): Promise<WasmGemmResult>;
}

function randoms(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => lo + rng.next() * (hi - lo));
}

interface Sets {
  arena: Arena;
  many: GemmKernels;
  one: GemmKernels;
}

/** Runs `c` on one kernel set; arrays copied into the arena, results copied out, scratch released. */
function runOn(k: GemmKernels, arena: Arena, c: WasmGemmCase, inputs: Float32Array[]): Float32Array[] {
  const { M, K, N } = c;
  const outs = c.op === 'forward' ? [M * N] : c.op === 'inputGrad' ? [M * K] : [N * K, N];
  const blocks = [...inputs, ...outs.map((n) => new Float32Array(n))].map((a) => {
    const b = arena.alloc(a.length);
    arena.f32(b).set(a);
    return b;
  });
  const v = blocks.map((b) => arena.f32(b));
  if (c.op === 'forward') k.linearForward(v[0], v[1], c.bias ? v[2] : null, v[3], M, K, N, c.act);
  else if (c.op === 'inputGrad') k.inputGrad(v[0], v[1], v[2], v[3], M, K, N, c.act);
  else k.weightGrad(v[0], v[1], v[2], v[3], M, K, N);
  const got = blocks.slice(inputs.length).map((b) => arena.f32(b).slice());
  arena.reset(blocks[0].ptr);
  return got;
}

export function createWasmGemmCases(): WasmGemmCases {
  let sets: Promise<Sets> | null = null;
  const kernels = () => (sets ??= (async () => {
    const arena = createArena(64 << 20);
    return { arena, many: await createGemmKernels(arena), one: await createGemmKernels(arena, { threads: 1 }) };
  })());
  return {
    async wasmGemm(c) {
      const { arena, many, one } = await kernels();
      const { M, K, N, act, seed } = c;
      let inputs: Float32Array[];
      let want: Float32Array[];
      if (c.op === 'forward') {
        const X = randoms(M * K, seed), W = randoms(N * K, seed + 1), b = randoms(N, seed + 2);
        inputs = [X, W, b];
        want = [fastLinearForward(X, W, c.bias ? b : null, M, K, N, act)];
      } else if (c.op === 'inputGrad') {
        const dZ = randoms(M * N, seed), W = randoms(N * K, seed + 1), A = randoms(M * K, seed + 2, act === 'relu' ? -1 : 0, 1);
        inputs = [dZ, W, A];
        want = [fastInputGrad(dZ, W, M, K, N).map((v, i) => v * activationGradFromOutput(A[i], act))];
      } else {
        const dZ = randoms(M * N, seed), X = randoms(M * K, seed + 1);
        inputs = [dZ, X];
        want = [fastWeightGrad(dZ, X, M, K, N), biasGrad(dZ, M, N)];
      }
      const got = runOn(many, arena, c, inputs);
      const single = runOn(one, arena, c, inputs);
      const identical = got.every((g, i) => g.length === single[i].length && g.every((v, j) => Object.is(v, single[i][j])));
      return {
        features: wasmFeatures(),
        threads: many.threads,
        out: compare(got[0], want[0], c.atol, c.rtol),
        db: got[1] ? compare(got[1], want[1], c.atol, c.rtol) : null,
        identical,
      };
    },
  };
}
