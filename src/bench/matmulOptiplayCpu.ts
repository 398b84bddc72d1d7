/**
 * OptiPlay's CPU engine matmul (engine/wasm/gemm.ts: WebAssembly SIMD, helper threads on the shared
 * memory) timed as a training step calls it: `linearForward` on arrays already in the engine's memory,
 * the packing of W inside every call (it is part of each product), threads at their default count.
 *   plain:   C = A·B as X·Wᵀ with W = Bᵀ [N,K] laid out once before timing (the engine's weight layout)
 *   forward: Y = relu(X·Wᵀ + b), X [M,K], W [N,K]     (the LeNet rows: the real layer kernel)
 */
import { createArena } from '../engine/wasm/arena';
import { wasmFeatures } from '../engine/wasm/features';
import { createGemmKernels } from '../engine/wasm/gemm';
import type { MatmulForm } from './matmulOptiplay';
import { checkSample, transpose, type MatmulProblem } from './reference';
import { repsPerSecond, scale, type Rate } from './timing';

/** GFLOP/s (2·M·K·N per product) after a warm-up and a sampled correctness check; `threads` in the label. */
export async function optiplayCpuMatmul(p: MatmulProblem, form: MatmulForm): Promise<Rate & { threads: number }> {
  const { M, K, N } = p;
  const arena = createArena((M * K + N * K + M * N + N) * 4 * 2 + (1 << 20));
  const [x, w, bias, y] = [arena.alloc(M * K), arena.alloc(N * K), arena.alloc(N), arena.alloc(M * N)];
  arena.f32(x).set(p.A);
  arena.f32(w).set(transpose(p.B, K, N));
  const kernels = await createGemmKernels(arena);
  console.log(`[bench] optiplay-cpu ${M}x${K}x${N}: ${kernels.threads} thread(s), relaxed_madd ${wasmFeatures().relaxedMadd}`);
  const forward = form === 'forward';
  const run = async (reps: number) => {
    const [X, W, b, Y] = [x, w, bias, y].map((blk) => arena.f32(blk));
    for (let i = 0; i < reps; i++) kernels.linearForward(X, W, forward ? b : null, Y, M, K, N, forward ? 'relu' : 'linear');
  };
  try {
    await run(2);
    checkSample(p, arena.f32(y), `optiplay-cpu ${form} ${M}x${K}x${N}`, forward ? (z) => Math.max(z, 0) : undefined);
    const rate = await repsPerSecond(run, { minReps: 2 });
    return { ...scale(rate, (2 * M * K * N) / 1e9), threads: kernels.threads };
  } finally {
    kernels.destroy();
  }
}
