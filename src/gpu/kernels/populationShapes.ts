/**
 * Workgroup shapes and load paths of the population's kernels (gpu/kernels/population.ts), pure so that
 * they are unit-tested in Node. Every shape keeps WebGPU's default limits: at most 256 invocations a
 * workgroup, at most 64 along z.
 */
import type { Activation } from '../../engine/config';

/** WebGPU's default maxComputeWorkgroupSizeZ. */
const MAX_Z = 64;
/** Invocations per workgroup (WebGPU's default maxComputeInvocationsPerWorkgroup is 256). */
export const INVOCATIONS = 64;

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * The workgroup of a 1-D kernel over `perSlot` items per slot: x = enough for one slot (a power of two,
 * at most `cap`), z = slots per workgroup so that a workgroup has about `cap` invocations: a small problem
 * (576 parameters, 16 rows) then does not cost one mostly idle workgroup per slot (on a CPU emulation
 * such as SwiftShader the cost of a workgroup, not of an invocation, dominates).
 */
export function shape1d(perSlot: number, T: number, cap = INVOCATIONS, wgCap = cap): { WG: number; WZ: number; groups: number; zGroups: number } {
  const WG = Math.min(wgCap, pow2(perSlot));
  const WZ = Math.min(pow2(T), Math.max(1, cap / WG), MAX_Z);
  return { WG, WZ, groups: Math.ceil(perSlot / WG), zGroups: Math.ceil(T / WZ) };
}

/** The matmul's workgroup: WX × WY invocations of 4×4 outputs for a slot's [M, N], WZ slots. */
export function shapeMatmul(M: number, N: number, T: number): { WX: number; WY: number; WZ: number } {
  const WX = Math.min(8, pow2(Math.ceil(N / 4)));
  const WY = Math.min(8, pow2(Math.ceil(M / 4)));
  return { WX, WY, WZ: Math.min(pow2(T), Math.max(1, INVOCATIONS / (WX * WY))) };
}

export interface PopMatmul {
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  act?: Activation;
  gate?: Activation;
  M: number;
  K: number;
  N: number;
  /** 0: all rows (evaluation); 1: M is the slot's rows; 2: K is. */
  limit: 0 | 1 | 2;
  aOff?: number;
  aSlot: number;
  bOff?: number;
  bSlot: number;
  biasOff?: number;
  cOff?: number;
  cSlot: number;
  auxSlot?: number;
}

/**
 * Which operands the matmul may read (and C write) as aligned vec4s (the shader's VA, VB, VK, VKB, VC):
 * every base offset and slot stride a multiple of 4 floats, and the contiguous run an invocation reads a
 * multiple of 4 long.
 */
export function matmulLoads(p: PopMatmul): { VA: boolean; VB: boolean; VK: boolean; VKB: boolean; VC: boolean } {
  const aligned = (...xs: Array<number | undefined>) => xs.every((x) => (x ?? 0) % 4 === 0);
  const a = aligned(p.aOff, p.aSlot), b = aligned(p.bOff, p.bSlot);
  return {
    VA: !!p.transA && a && p.M % 4 === 0,
    VB: !p.transB && b && p.N % 4 === 0,
    VK: !p.transA && !!p.transB && a && b && p.K % 4 === 0 && p.limit !== 2,
    VKB: !p.transA && !p.transB && a && b && p.K % 4 === 0 && p.N % 4 === 0 && p.limit !== 2,
    VC: p.N % 4 === 0 && aligned(p.cOff, p.cSlot, p.auxSlot),
  };
}

