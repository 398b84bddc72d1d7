/** Workgroup shapes and vec4 load paths of the population's kernels (pure helpers, no GPU). */
import { describe, expect, it } from 'vitest';
import { modelSpecFor, paramLayout } from '../../engine/model';
import { FUSED_LANE_FLOATS, FUSED_UNIFORM_WORDS, fusedStepPlan, INVOCATIONS, LANE_WORK, matmulLoads, pickPopTiling, shapeFlat } from './populationShapes';

const invocations = (s: ReturnType<typeof shapeFlat>) => s.WG * s.workgroups[0] * s.workgroups[1] * s.workgroups[2];

describe('population workgroup shapes', () => {
  it('flat 1-D grid: one item an invocation on a GPU; on a CPU emulation a lane gets LANE_WORK of work, the cores kept busy', () => {
    expect(shapeFlat(16 * 16, 2)).toEqual({ WG: 64, workgroups: [4, 1, 1] });
    // 16 slots × 16 rows of 2 floats: 8 lanes of 32 rows, 2 workgroups (one a core)
    expect(shapeFlat(16 * 16, 2, true)).toEqual({ WG: 4, workgroups: [2, 1, 1] });
    // LeNet's rows of 784 floats: one a lane
    const big = shapeFlat(8 * 128, 784, true);
    expect(invocations(big)).toBeGreaterThanOrEqual(8 * 128);
    expect(big.WG).toBe(INVOCATIONS);
    expect(shapeFlat(0, 5, true).workgroups, 'never an empty dispatch').toEqual([1, 1, 1]);
    for (const [n, cost, cpu] of [[1, 1, true], [5, 7, false], [300 * 64, 3, true], [100000, 16, true], [5e6, 1, false]] as const) {
      const s = shapeFlat(n, cost, cpu);
      expect(s.WG).toBeLessThanOrEqual(256);
      expect(Math.max(...s.workgroups)).toBeLessThanOrEqual(65535);
      // every item is someone's: invocations × items a lane ≥ items
      expect(invocations(s) * (cpu ? Math.max(1, Math.floor(LANE_WORK / cost)) : 1)).toBeGreaterThanOrEqual(n);
    }
  });

  it('matmul: 16-wide blocks for a small layer of many slots, narrow ones for one slot, 32 for LeNet, 8 on a GPU', () => {
    expect(pickPopTiling(16, 16, 16, 16, true)).toEqual({ block: 16, WG: 4 });
    expect(pickPopTiling(16, 16, 16, 1, true).block, 'one slot: its lanes go to narrower blocks').toBeLessThanOrEqual(8);
    expect(pickPopTiling(16, 2, 16, 16, true).block, 'a 2-wide output wastes most of a wide block').toBeLessThanOrEqual(8);
    expect(pickPopTiling(300, 784, 128, 8, true).block).toBe(32);
    expect(pickPopTiling(128, 300, 784, 8, false)).toEqual({ block: 8, WG: INVOCATIONS });
    expect(pickPopTiling(128, 3, 100, 8, false).block).toBe(4);
  });

  it("vec4 loads only where the contiguous runs are multiples of 4, aligned, and within the slot's rows", () => {
    const fwd = { transB: true, M: 16, K: 16, N: 16, limit: 1, aSlot: 64 * 16, bOff: 128, bSlot: 576, cSlot: 64 * 16 } as const;
    expect(matmulLoads(fwd)).toEqual({ VEC: true, VC: true });
    expect(matmulLoads({ ...fwd, K: 2 }).VEC).toBe(false);
    expect(matmulLoads({ ...fwd, bOff: 130 }).VEC, 'a misaligned operand').toBe(false);
    const dW = { transA: true, M: 12, K: 13, N: 8, limit: 2, aSlot: 42 * 12, bSlot: 42 * 8, cOff: 64, cSlot: 640 } as const;
    expect(matmulLoads(dW), 'K = 13 rows: vec4s run along M and N').toEqual({ VEC: true, VC: true });
    expect(matmulLoads({ ...dW, limit: 1 }).VEC, 'a transposed A whose rows are limited').toBe(false);
    expect(matmulLoads({ ...dW, M: 3, aSlot: 42 * 3 }).VEC).toBe(false);
    const dX = { gate: 'relu', M: 13, K: 12, N: 8, limit: 1, aSlot: 42 * 12, bOff: 64, bSlot: 640, cSlot: 42 * 8, auxSlot: 42 * 8 } as const;
    expect(matmulLoads(dX)).toEqual({ VEC: true, VC: true });
    expect(matmulLoads({ ...dX, N: 3, cSlot: 42 * 3, auxSlot: 42 * 3 })).toEqual({ VEC: false, VC: false });
  });

  it('fused step plan: x then each layer\'s activations in a slot\'s workgroup memory, the layer table in the uniforms; null where it does not fit', () => {
    // the spiral default: 2-16-16-2 at batch 16
    const spec = modelSpecFor({ hidden: [16, 16], activation: 'relu' }, { inputDim: 2, outputDim: 2 });
    const layout = paramLayout(spec);
    const plan = fusedStepPlan(spec, layout, 16, 2 * 500, 2 * 500, 16384)!;
    expect(plan.F, '16 rows × (2 + 16 + 16 + 2)').toBe(576);
    expect(plan.words.length).toBe(FUSED_UNIFORM_WORDS);
    expect(Array.from(plan.words.subarray(0, 8))).toEqual([16, 2, 2, 3, layout.totalFloats, 1000, 1000, 576]);
    // layer l: in, out, activation code, W and b offsets, where its input and output start
    expect(Array.from(plan.words.subarray(12, 20))).toEqual([2, 16, 0, layout.layers[0].W.offset, layout.layers[0].b.offset, 0, 32, 0]);
    expect(Array.from(plan.words.subarray(20, 28))).toEqual([16, 16, 0, layout.layers[1].W.offset, layout.layers[1].b.offset, 32, 288, 0]);
    expect(Array.from(plan.words.subarray(28, 36))).toEqual([16, 2, 3, layout.layers[2].W.offset, layout.layers[2].b.offset, 288, 544, 0]);
    expect(plan.F).toBeLessThanOrEqual(FUSED_LANE_FLOATS);
    expect(fusedStepPlan(spec, layout, 16, 1000, 1000, 4 * 575), 'one float short').toBeNull();
    const deep = modelSpecFor({ hidden: [4, 4, 4, 4, 4, 4, 4, 4], activation: 'tanh' }, { inputDim: 2, outputDim: 2 });
    expect(fusedStepPlan(deep, paramLayout(deep), 8, 16, 16, 16384), 'more than 8 layers').toBeNull();
    const lenet = modelSpecFor({ hidden: [300, 100], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
    expect(fusedStepPlan(lenet, paramLayout(lenet), 128, 784, 10, 16384)).toBeNull();
  });
});
