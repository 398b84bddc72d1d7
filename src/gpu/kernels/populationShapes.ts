/**
 * Workgroup shapes and load paths of the population's kernels (gpu/kernels/population.ts) and the fused
 * step's plan (gpu/kernels/populationStep.ts), pure so that they are unit-tested in Node. Every shape keeps WebGPU's default limits: at most 256 invocations a
 * workgroup, at most 65535 workgroups along a dimension.
 */
import type { Activation } from '../../engine/config';
import type { ModelSpec, ParamLayout } from '../../engine/model';
import { ACT_CODE } from '../../engine/ops/activation';
import { CPU_SPEED, type MatmulBlock } from './matmul';

/** WebGPU's default maxComputeWorkgroupsPerDimension. */
const MAX_GROUPS = 65535;
/** Invocations per workgroup (WebGPU's default maxComputeInvocationsPerWorkgroup is 256). */
export const INVOCATIONS = 64;

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** Work a lane of a CPU emulation is given at least (in float loads or so) before another lane is used: about what one 4-lane group costs to start. */
export const LANE_WORK = 64;

/**
 * The flat grid of a 1-D kernel over `items` items (all slots'), each about `cost` float loads
 * (shaders/population.wgsl: invocation g of n takes items g, g + n …). A GPU: one item an invocation, 64
 * a workgroup. A CPU emulation, where each 4-lane group of invocations has a fixed cost: LANE_WORK of work
 * a lane, in workgroups of up to 64 that keep `cores` busy, so that 16 slots of 16 rows cost a few groups,
 * not one a row.
 */
export function shapeFlat(items: number, cost: number, cpu = false, cores = 2): { WG: number; workgroups: [number, number, number] } {
  const n = Math.max(1, items);
  if (!cpu) return { WG: INVOCATIONS, workgroups: grid1d(Math.ceil(n / INVOCATIONS)) };
  const lanes = Math.ceil(n / Math.max(1, Math.floor(LANE_WORK / Math.max(1, cost))));
  const WG = Math.min(INVOCATIONS, Math.max(4, pow2(Math.ceil(lanes / cores))));
  return { WG, workgroups: grid1d(Math.ceil(lanes / WG)) };
}

/** Spreads a count of workgroups over x and y so neither exceeds WebGPU's default per-dimension limit (65535). */
function grid1d(groups: number): [number, number, number] {
  if (groups <= MAX_GROUPS) return [Math.max(1, groups), 1, 1];
  const y = Math.ceil(groups / MAX_GROUPS);
  return [Math.ceil(groups / y), y, 1];
}

/** A population matmul's tiling: outputs per invocation along each side (shaders/population_matmul.wgsl main4 … main32), invocations per workgroup. */
export interface PopTiling {
  block: MatmulBlock;
  WG: number;
}

/** Invocations per workgroup on a CPU emulation: one 4-wide SIMD group (as the single run's 2×2). */
const CPU_WG = 4;
/** The fixed cost of one SIMD group on a CPU emulation, in multiply-adds of one lane at the 4-wide block's speed. */
const GROUP_COST = 80;

/**
 * The block and workgroup of a matmul whose C is [M, N] (inner dimension K) in each of T slots, over a
 * flat grid of T × ceil(M/block) × ceil(N/block) invocations. A GPU: 8×8 blocks (4×4 when C is thinner
 * than 8), 64 a workgroup. A CPU emulation: workgroups of one SIMD group and the block with the least
 * estimated time: the groups each core runs × (a group's fixed cost + one lane's block² · K multiply-adds
 * / block speed, kernels/matmul.ts CPU_SPEED). 16 slots of a 16×16 layer then take one 16-wide block a
 * slot (4 groups, not 64), one slot 4- or 8-wide blocks (its lanes busy).
 */
export function pickPopTiling(M: number, N: number, K: number, T: number, cpu = false, cores = 2): PopTiling {
  if (!cpu) return { block: M >= 8 && N >= 8 ? 8 : 4, WG: INVOCATIONS };
  let best: PopTiling = { block: 4, WG: CPU_WG };
  let bestCost = Infinity;
  for (const block of [32, 16, 8, 4] as const) {
    const groups = Math.ceil((T * Math.ceil(M / block) * Math.ceil(N / block)) / CPU_WG);
    const cost = Math.ceil(groups / cores) * (GROUP_COST + (block * block * K) / CPU_SPEED[block]);
    if (cost < bestCost) [best, bestCost] = [{ block, WG: CPU_WG }, cost];
  }
  return best;
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
 * How the matmul may read its operands: VEC, both as aligned vec4s along their contiguous dimension (A:
 * M when transposed, else K; B: K when transposed, else N; that dimension a multiple of 4, every base
 * offset and slot stride a multiple of 4 floats; A transposed only when its rows are not limited, since
 * a vec4 then spans rows the slot may not have); VC, C (and aux) rows as aligned vec4s.
 */
export function matmulLoads(p: PopMatmul): { VEC: boolean; VC: boolean } {
  const aligned = (...xs: Array<number | undefined>) => xs.every((x) => (x ?? 0) % 4 === 0);
  const a = aligned(p.aOff, p.aSlot) && (p.transA ? p.M % 4 === 0 && p.limit !== 1 : p.K % 4 === 0);
  const b = aligned(p.bOff, p.bSlot) && (p.transB ? p.K % 4 === 0 : p.N % 4 === 0);
  return { VEC: a && b, VC: p.N % 4 === 0 && aligned(p.cOff, p.cSlot, p.auxSlot) };
}

/** Most layers the fused step's uniforms describe (shaders/population_step.wgsl MAX_LAYERS). */
export const FUSED_MAX_LAYERS = 8;
/** Words of the fused step's uniforms: 12 header words, then 8 a layer. */
export const FUSED_UNIFORM_WORDS = 12 + 8 * FUSED_MAX_LAYERS;

/** The fused step's workgroup memory and uniforms for one shape (shaders/population_step.wgsl). */
export interface FusedStepPlan {
  /** Floats of workgroup memory a slot needs: x [B, in], then act_l [B, out_l] of each layer. */
  F: number;
  /** The StepDims uniform words. */
  words: Uint32Array<ArrayBuffer>;
}

/**
 * The fused step of a population (its activations in workgroup memory) for this network and batch, or
 * null when a slot's F floats do not fit `maxBytes` (the device's maxComputeWorkgroupStorageSize, 16 KiB
 * by default), or the network has more than FUSED_MAX_LAYERS layers or heads. blockX, blockY: floats of
 * one dataset's training inputs and targets.
 */
export function fusedStepPlan(spec: ModelSpec, layout: ParamLayout, B: number, blockX: number, blockY: number, maxBytes: number): FusedStepPlan | null {
  const nL = spec.layers.length;
  if (spec.heads || nL > FUSED_MAX_LAYERS) return null;
  const words = new Uint32Array(FUSED_UNIFORM_WORDS);
  let inAt = 0;
  let at = B * spec.inputDim; // x [B, in] at 0
  spec.layers.forEach((L, l) => {
    words.set([L.inDim, L.outDim, ACT_CODE[L.activation], layout.layers[l].W.offset, layout.layers[l].b.offset, inAt, at, 0], 12 + 8 * l);
    inAt = at;
    at += B * L.outDim;
  });
  if (4 * at > maxBytes) return null;
  words.set([B, spec.inputDim, spec.layers[nL - 1].outDim, nL, layout.totalFloats, blockX, blockY, at], 0);
  return { F: at, words };
}

/** Most floats a slot of the fused step's lane mode holds: 4 slots a workgroup in WebGPU's default 16 KiB of workgroup memory (shaders/population_step_lane.wgsl). */
export const FUSED_LANE_FLOATS = 1024;
