/** Workgroup shapes and vec4 load paths of the population's kernels (pure helpers, no GPU). */
import { describe, expect, it } from 'vitest';
import { INVOCATIONS, matmulLoads, shape1d, shapeMatmul } from './populationShapes';

describe('population workgroup shapes', () => {
  it('1-D: one slot along x, several small slots per workgroup along z, within the limits', () => {
    expect(shape1d(32, 16)).toEqual({ WG: 32, WZ: 2, groups: 1, zGroups: 8 });
    expect(shape1d(1000, 3)).toEqual({ WG: 64, WZ: 1, groups: 16, zGroups: 3 });
    expect(shape1d(1, 1000)).toEqual({ WG: 1, WZ: 64, groups: 1, zGroups: 16 });
    expect(shape1d(2, 1000, 256, 64).WZ, 'never more than 64 along z').toBe(64);
    expect(shape1d(23, 16, 256, 64)).toEqual({ WG: 32, WZ: 8, groups: 1, zGroups: 2 });
    for (const [n, T] of [[1, 1], [5, 7], [300, 64], [100000, 2]]) {
      const s = shape1d(n, T);
      expect(s.WG * s.WZ).toBeLessThanOrEqual(INVOCATIONS);
      expect(s.WG * s.groups).toBeGreaterThanOrEqual(n);
      expect(s.WZ * s.zGroups).toBeGreaterThanOrEqual(T);
    }
  });

  it('matmul: 4×4 outputs an invocation, at most 8 × 8 a slot, the rest of the 64 along z', () => {
    expect(shapeMatmul(16, 16, 16)).toEqual({ WX: 4, WY: 4, WZ: 4 });
    expect(shapeMatmul(128, 300, 8)).toEqual({ WX: 8, WY: 8, WZ: 1 });
    expect(shapeMatmul(16, 2, 16)).toEqual({ WX: 1, WY: 4, WZ: 16 });
    expect(shapeMatmul(3, 3, 1)).toEqual({ WX: 1, WY: 1, WZ: 1 });
  });

  it('vec4 paths only where the runs are multiples of 4 and aligned', () => {
    const fwd = { transB: true, M: 16, K: 16, N: 16, limit: 1, aSlot: 64 * 16, bOff: 128, bSlot: 576, cSlot: 64 * 16 } as const;
    expect(matmulLoads(fwd)).toEqual({ VA: false, VB: false, VK: true, VKB: false, VC: true });
    expect(matmulLoads({ ...fwd, K: 2 }).VK).toBe(false);
    expect(matmulLoads({ ...fwd, bOff: 130 }).VK, 'a misaligned operand').toBe(false);
    const dW = { transA: true, M: 12, K: 13, N: 8, limit: 2, aSlot: 42 * 12, bSlot: 42 * 8, cOff: 64, cSlot: 640 } as const;
    expect(matmulLoads(dW)).toEqual({ VA: true, VB: true, VK: false, VKB: false, VC: true });
    const dX = { gate: 'relu', M: 13, K: 12, N: 8, limit: 1, aSlot: 42 * 12, bOff: 64, bSlot: 640, cSlot: 42 * 8, auxSlot: 42 * 8 } as const;
    expect(matmulLoads(dX)).toEqual({ VA: false, VB: true, VK: false, VKB: true, VC: true });
    expect(matmulLoads({ ...dX, N: 3, cSlot: 42 * 3, auxSlot: 42 * 3 })).toEqual({ VA: false, VB: false, VK: false, VKB: false, VC: false });
  });
});
