/**
 * Matmul parity on shapes that take the kernel's other roads: dimensions that are multiples of 4 (the
 * vec4 loads and stores), partial blocks at the edges, mixed alignment (one operand vec4, the other
 * scalar) and the thin outputs. Each shape runs with the block picked for this adapter, once reading
 * float by float (inner dimension not given) and once with the vec4 entry points (inner dimension
 * given); then every block size is forced on a few shapes, and block 32 with and without the subgroup
 * kernel (shaders/matmul_subgroup.wgsl: SwiftShader has subgroups of 4, so this suite must run it). The
 * weight gradient's pass also writes the
 * bias gradient (row sums of dZᵀ), checked with it. The odd shapes of matmul.spec.ts cover the
 * scalar roads. Same tolerance as matmul.spec.ts.
 */
import type { MatmulBlock, MatmulTiling } from '../../src/gpu/kernels/matmul';
import { expect, test, type Harness } from './harness';

const TOL = { atol: 1e-4, rtol: 1e-4 };
const SHAPES: Array<[number, number, number]> = [
  [4, 8, 12],
  [8, 8, 8],
  [20, 16, 40],
  [36, 12, 10],
  [12, 10, 36],
  [64, 36, 64],
  [128, 784, 300],
];
const FORCED: Array<[number, number, number]> = [
  [20, 16, 40],
  [72, 36, 68],
  [33, 20, 35],
  // a batch that is not a multiple of 4 under vec4 operands: the weight gradient's last k float by float
  [11, 64, 64],
  [35, 32, 16],
];
const BLOCKS: MatmulBlock[] = [4, 8, 16, 32];

async function checkAll(harness: Harness, [M, K, N]: [number, number, number], innerKnown: boolean, tiling?: MatmulTiling) {
  const name = `${M}x${K}x${N} inner ${innerKnown ? 'known' : 'unknown'} ${tiling ? `block ${tiling.block}${tiling.subgroups === undefined ? '' : tiling.subgroups ? ' subgroups' : ' no subgroups'}` : 'picked'}`;
  const f = await harness.run('matmulForward', { M, K, N, act: 'tanh', seed: M + 2 * K + 3 * N, innerKnown, tiling, ...TOL });
  expect(f.count, name).toBe(M * N);
  expect(f.violations, `forward ${name}: worst ${JSON.stringify(f.worst)}`).toBe(0);
  const g = await harness.run('matmulInputGrad', { M, K, N, gate: 'relu', seed: 5 * M + K + N, innerKnown, tiling, ...TOL });
  expect(g.count, name).toBe(M * K);
  expect(g.violations, `input gradient ${name}: worst ${JSON.stringify(g.worst)}`).toBe(0);
  const w = await harness.run('weightGrad', { M, K, N, seed: M + K + 7 * N, innerKnown, tiling, ...TOL });
  expect(w.dW.count, name).toBe(N * K);
  expect(w.dW.violations, `weight gradient ${name}: worst ${JSON.stringify(w.dW.worst)}`).toBe(0);
  expect(w.dW.maxRef).toBeGreaterThan(0);
  expect(w.db.count, name).toBe(N);
  expect(w.db.violations, `bias gradient (fused row sums) ${name}: worst ${JSON.stringify(w.db.worst)}`).toBe(0);
}

test('forward, input gradient and weight gradient on aligned and mixed shapes, float and vec4 loads', async ({ harness }) => {
  for (const shape of SHAPES) for (const innerKnown of [false, true]) await checkAll(harness, shape, innerKnown);
});

test('every block size, float and vec4 loads', async ({ harness }) => {
  for (const shape of FORCED) for (const block of BLOCKS) for (const innerKnown of [false, true]) await checkAll(harness, shape, innerKnown, { block, wgX: 2, wgY: 2 });
});

test('block 32 as the subgroup kernel and without it, on edges, odd K and LeNet shapes', async ({ harness }) => {
  const adapter = await harness.adapter();
  const subgroups = await harness.subgroups();
  if (/swiftshader/i.test(adapter)) expect(subgroups, 'SwiftShader has subgroups of 4').toBe(true);
  test.skip(!subgroups, `no subgroups of 4 on ${adapter}`);
  // 64×64 per workgroup: partial workgroups on both edges, K not a multiple of 4 (the float tail), LeNet's layers
  const shapes: Array<[number, number, number]> = [...FORCED, [100, 44, 132], [66, 70, 130], [128, 784, 300], [128, 300, 100]];
  for (const shape of shapes) for (const subgroups of [false, true]) await checkAll(harness, shape, true, { block: 32, wgX: 2, wgY: 2, subgroups });
});
