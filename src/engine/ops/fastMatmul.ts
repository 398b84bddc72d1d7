/**
 * Fast CPU versions of the three products in ops/matmul.ts, for layers like 784×300. Each becomes one
 * kernel, C[m,n] = Σ_k A[m,k]·B[n,k] (`gemmNT`: both operands row-major along k, so every inner loop
 * reads memory in order), after transposing whichever operand is not yet laid out that way:
 *   Y  = act(X · Wᵀ + b)  gemmNT(X, W)        X: [M,K], W: [N,K] → [M,N]
 *   dX = dZ · W           gemmNT(dZ, Wᵀ)      dZ: [M,N], W: [N,K] → [M,K]
 *   dW = dZᵀ · X          gemmNT(dZᵀ, Xᵀ)     → [N,K]
 * gemmNT works on 4×4 output tiles: 16 running sums in locals, so each k step loads 8 floats for 16
 * multiply-adds. Sums run in float64 over k in order, as in the plain twins, so results match them
 * (to the last bit in practice); only the order of the loops around the sums differs.
 */
import type { Activation } from '../config';
import { activate } from './activation';

/** Grow-only scratch for transposed operands (never returned to callers). */
const scratch: Float32Array[] = [];
function scratchBuffer(slot: number, size: number): Float32Array {
  if (!scratch[slot] || scratch[slot].length < size) scratch[slot] = new Float32Array(size);
  return scratch[slot];
}

/** out[c, r] = src[r, c]; src: [R, C] → out: [C, R], in 16×16 blocks to keep both sides in cache. */
export function transpose(src: Float32Array, R: number, C: number, out: Float32Array = new Float32Array(R * C)): Float32Array {
  const T = 16;
  for (let r0 = 0; r0 < R; r0 += T) {
    const r1 = Math.min(R, r0 + T);
    for (let c0 = 0; c0 < C; c0 += T) {
      const c1 = Math.min(C, c0 + T);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * R + r] = src[r * C + c];
      }
    }
  }
  return out;
}

/**
 * C[m,n] = act(bias[n] + Σ_k A[m,k]·B[n,k]); A: [M,K], B: [N,K], bias: [N] or null, C: [M,N].
 * The activation is applied to the float64 sum before it is stored, as linearForward does.
 */
export function gemmNT(A: Float32Array, B: Float32Array, bias: Float32Array | null, M: number, K: number, N: number, C: Float32Array, act: Activation = 'linear'): Float32Array {
  const M4 = M - (M % 4), N4 = N - (N % 4);
  const f = act === 'linear' ? (s: number) => s : (s: number) => activate(s, act);
  for (let m = 0; m < M4; m += 4) {
    const a0 = m * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    for (let n = 0; n < N4; n += 4) {
      const b0 = n * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      const i0 = bias ? bias[n] : 0, i1 = bias ? bias[n + 1] : 0, i2 = bias ? bias[n + 2] : 0, i3 = bias ? bias[n + 3] : 0;
      let s00 = i0, s01 = i1, s02 = i2, s03 = i3;
      let s10 = i0, s11 = i1, s12 = i2, s13 = i3;
      let s20 = i0, s21 = i1, s22 = i2, s23 = i3;
      let s30 = i0, s31 = i1, s32 = i2, s33 = i3;
      for (let k = 0; k < K; k++) {
        const w0 = B[b0 + k], w1 = B[b1 + k], w2 = B[b2 + k], w3 = B[b3 + k];
        let x = A[a0 + k];
        s00 += x * w0; s01 += x * w1; s02 += x * w2; s03 += x * w3;
        x = A[a1 + k];
        s10 += x * w0; s11 += x * w1; s12 += x * w2; s13 += x * w3;
        x = A[a2 + k];
        s20 += x * w0; s21 += x * w1; s22 += x * w2; s23 += x * w3;
        x = A[a3 + k];
        s30 += x * w0; s31 += x * w1; s32 += x * w2; s33 += x * w3;
      }
      let c = m * N + n;
      C[c] = f(s00); C[c + 1] = f(s01); C[c + 2] = f(s02); C[c + 3] = f(s03);
      c += N;
      C[c] = f(s10); C[c + 1] = f(s11); C[c + 2] = f(s12); C[c + 3] = f(s13);
      c += N;
      C[c] = f(s20); C[c + 1] = f(s21); C[c + 2] = f(s22); C[c + 3] = f(s23);
      c += N;
      C[c] = f(s30); C[c + 1] = f(s31); C[c + 2] = f(s32); C[c + 3] = f(s33);
    }
  }
  // Edges: the last M % 4 rows (all columns) and the last N % 4 columns of the tiled rows, one dot each.
  const dot = (m: number, n: number) => {
    const a = m * K, b = n * K;
    let s = bias ? bias[n] : 0;
    for (let k = 0; k < K; k++) s += A[a + k] * B[b + k];
    C[m * N + n] = f(s);
  };
  for (let m = 0; m < M4; m++) for (let n = N4; n < N; n++) dot(m, n);
  for (let m = M4; m < M; m++) for (let n = 0; n < N; n++) dot(m, n);
  return C;
}

/** Y = act(X · Wᵀ + b); X: [M, K], W: [N, K], b: [N] or null → Y: [M, N]. Same contract as linearForward. */
export function fastLinearForward(X: Float32Array, W: Float32Array, b: Float32Array | null, M: number, K: number, N: number, act: Activation): Float32Array {
  return gemmNT(X, W, b, M, K, N, new Float32Array(M * N), act);
}

/** dX = dZ · W; dZ: [M, N], W: [N, K] → dX: [M, K]. */
export function fastInputGrad(dZ: Float32Array, W: Float32Array, M: number, K: number, N: number): Float32Array {
  const Wt = transpose(W, N, K, scratchBuffer(0, N * K)); // [K, N]
  return gemmNT(dZ, Wt, null, M, N, K, new Float32Array(M * K));
}

/** dW = dZᵀ · X; dZ: [M, N], X: [M, K] → dW: [N, K]. */
export function fastWeightGrad(dZ: Float32Array, X: Float32Array, M: number, K: number, N: number): Float32Array {
  const dZt = transpose(dZ, M, N, scratchBuffer(0, M * N)); // [N, M]
  const Xt = transpose(X, M, K, scratchBuffer(1, M * K)); // [K, M]
  return gemmNT(dZt, Xt, null, N, M, K, new Float32Array(N * K));
}

/** db = Σ_m dZ[m, :] in float64, rows in order; dZ: [M, N] → [N]. */
export function biasGrad(dZ: Float32Array, M: number, N: number): Float32Array {
  const acc = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    const o = m * N;
    for (let n = 0; n < N; n++) acc[n] += dZ[o + n];
  }
  return Float32Array.from(acc);
}

/**
 * Backward of Z = X · Wᵀ + b, the same contract as linearBackward; `needInputGrad` false skips dX
 * (the first layer's input gradient is never used) and returns an empty dX.
 */
export function fastLinearBackward(dZ: Float32Array, X: Float32Array, W: Float32Array, M: number, K: number, N: number, needInputGrad = true) {
  const dX = needInputGrad ? fastInputGrad(dZ, W, M, K, N) : new Float32Array(0);
  return { dX, dW: fastWeightGrad(dZ, X, M, K, N), db: biasGrad(dZ, M, N) };
}
