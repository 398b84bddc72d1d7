/**
 * CPU twins of shaders/matmul.wgsl: the definition of what is right. Plain loops, float64 accumulation
 * rounded to float32 at the end (the GPU accumulates in float32; tolerances allow for the difference).
 */
import type { Activation } from '../config';
import { activate } from './activation';

/**
 * Y = act(X · Wᵀ + b)
 * X: [M, K], W: [N, K] (rows are output neurons), b: [N] or null → Y: [M, N]
 */
export function linearForward(X: Float32Array, W: Float32Array, b: Float32Array | null, M: number, K: number, N: number, act: Activation): Float32Array {
  const Y = new Float32Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = b ? b[n] : 0;
      for (let k = 0; k < K; k++) s += X[m * K + k] * W[n * K + k];
      Y[m * N + n] = activate(s, act);
    }
  }
  return Y;
}

/**
 * General C = op(A) · op(B), op = transpose when the flag is set.
 * op(A): [M, K], op(B): [K, N] → C: [M, N]. A stored [M,K] (or [K,M] when transA), B stored [K,N] (or [N,K]).
 */
export function matmul(A: Float32Array, B: Float32Array, M: number, K: number, N: number, transA = false, transB = false): Float32Array {
  const C = new Float32Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[k * M + m] : A[m * K + k];
        const b = transB ? B[n * K + k] : B[k * N + n];
        s += a * b;
      }
      C[m * N + n] = s;
    }
  }
  return C;
}

/**
 * Backward of Z = X · Wᵀ + b given dZ: [M, N].
 * dX = dZ · W      : [M, K]
 * dW = dZᵀ · X     : [N, K]
 * db = Σ_m dZ[m,:] : [N]
 */
export function linearBackward(dZ: Float32Array, X: Float32Array, W: Float32Array, M: number, K: number, N: number) {
  const dX = matmul(dZ, W, M, N, K, false, false);
  const dW = matmul(dZ, X, N, M, K, true, false);
  const db = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += dZ[m * N + n];
    db[n] = s;
  }
  return { dX, dW, db };
}
