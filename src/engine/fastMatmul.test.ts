/** ops/fastMatmul.ts against its plain twins in ops/matmul.ts on odd shapes and MNIST's 128×784×300. */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from './config';
import { biasGrad, fastInputGrad, fastLinearBackward, fastLinearForward, fastWeightGrad, transpose } from './ops/fastMatmul';
import { linearBackward, linearForward, matmul } from './ops/matmul';
import { createRng } from './rng';

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
};

/** Every element within 1e-4 relative (with a tiny absolute floor for values near zero). */
function expectMatch(actual: Float32Array, expected: Float32Array, what: string) {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0, at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + 1e-6);
    if (!(err <= worst)) [worst, at] = [err, i];
  }
  expect(worst, `${what}: worst relative error at ${at}: ${actual[at]} vs ${expected[at]}`).toBeLessThanOrEqual(1e-4);
}

const ODD = [1, 3, 7, 33];
const shapes: Array<[number, number, number]> = [];
for (const M of ODD) for (const K of ODD) for (const N of ODD) shapes.push([M, K, N]);
shapes.push([257, 33, 7], [7, 257, 33], [33, 7, 257], [257, 257, 3], [3, 257, 257], [128, 784, 300]);

describe('transpose', () => {
  it.each([[1, 1], [3, 7], [33, 17], [16, 32], [257, 3]])('%i×%i', (R, C) => {
    const src = random(R * C, R * 100 + C);
    const t = transpose(src, R, C);
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) expect(t[c * R + r]).toBe(src[r * C + c]);
  });
});

describe.each(shapes)('fast products match the plain loops at M=%i K=%i N=%i', (M, K, N) => {
  const seed = M * 1_000_003 + K * 1009 + N;
  const X = random(M * K, seed), W = random(N * K, seed + 1), b = random(N, seed + 2), dZ = random(M * N, seed + 3);

  it('Y = act(X·Wᵀ + b) for every activation, with and without bias', () => {
    for (const act of ACTIVATIONS) expectMatch(fastLinearForward(X, W, b, M, K, N, act), linearForward(X, W, b, M, K, N, act), `forward ${act}`);
    expectMatch(fastLinearForward(X, W, null, M, K, N, 'linear'), linearForward(X, W, null, M, K, N, 'linear'), 'forward without bias');
  });

  it('dX = dZ·W, dW = dZᵀ·X, db = Σ_m dZ', () => {
    const ref = linearBackward(dZ, X, W, M, K, N);
    expectMatch(fastInputGrad(dZ, W, M, K, N), matmul(dZ, W, M, N, K), 'dX');
    expectMatch(fastWeightGrad(dZ, X, M, K, N), matmul(dZ, X, N, M, K, true), 'dW');
    expectMatch(biasGrad(dZ, M, N), ref.db, 'db');
    const fast = fastLinearBackward(dZ, X, W, M, K, N);
    expectMatch(fast.dX, ref.dX, 'backward dX');
    expectMatch(fast.dW, ref.dW, 'backward dW');
    expect(fastLinearBackward(dZ, X, W, M, K, N, false).dX.length).toBe(0);
  });
});

describe('fast products on subarray views (parameters live in one buffer)', () => {
  it('read W and b at their offsets', () => {
    const [M, K, N] = [5, 9, 6];
    const params = random(200, 7);
    const W = params.subarray(64, 64 + N * K), b = params.subarray(128, 128 + N);
    const X = random(M * K, 8);
    expectMatch(fastLinearForward(X, W, b, M, K, N, 'tanh'), linearForward(X, W, b, M, K, N, 'tanh'), 'forward on views');
    expectMatch(fastInputGrad(random(M * N, 9), W, M, K, N), matmul(random(M * N, 9), W, M, N, K), 'dX on views');
  });
});
