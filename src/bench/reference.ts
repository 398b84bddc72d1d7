/**
 * Correctness gate for every timed matmul: a sample of entries of C = A·B recomputed on the CPU in
 * float64. A library whose result is wrong is reported as failed, never timed.
 */
import { createRng } from '../engine/rng';

export interface MatmulProblem {
  M: number;
  K: number;
  N: number;
  /** A: [M,K] row-major; B: [K,N] row-major. */
  A: Float32Array;
  B: Float32Array;
}

export function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.next() * 2 - 1);
}

export function makeProblem(M: number, K: number, N: number, seed: number): MatmulProblem {
  return { M, K, N, A: randomMatrix(M, K, seed), B: randomMatrix(K, N, seed + 1) };
}

/** B transposed to [N,K] (OptiPlay's weight layout). */
export function transpose(X: Float32Array, rows: number, cols: number): Float32Array {
  const T = new Float32Array(X.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = X[r * cols + c];
  return T;
}

/**
 * Checks `samples` entries of C (plus the four corners) against float64 dot products; `post` maps the
 * exact value to the expected one (e.g. relu). Throws with the first mismatch.
 */
export function checkSample(p: MatmulProblem, C: ArrayLike<number>, label: string, post: (z: number) => number = (z) => z, samples = 96): void {
  if (C.length < p.M * p.N) throw new Error(`${label}: result has ${C.length} entries, expected ${p.M * p.N}`);
  const rng = createRng(p.M * 31 + p.N);
  const picks: Array<[number, number]> = [[0, 0], [0, p.N - 1], [p.M - 1, 0], [p.M - 1, p.N - 1]];
  for (let i = 0; i < samples; i++) picks.push([rng.int(p.M), rng.int(p.N)]);
  for (const [m, n] of picks) {
    let s = 0, mag = 0;
    for (let k = 0; k < p.K; k++) {
      const t = p.A[m * p.K + k] * p.B[k * p.N + n];
      s += t;
      mag += Math.abs(t);
    }
    const want = post(s), got = C[m * p.N + n];
    if (!(Math.abs(got - want) <= 1e-5 * mag + 1e-5)) throw new Error(`${label}: C[${m},${n}] = ${got}, expected ${want}`);
  }
}
