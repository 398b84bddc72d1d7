/**
 * Matmul with fused bias/activation/gating (shaders/matmul.wgsl), and in the weight-gradient pass the bias
 * gradient as row sums of op(A) (rowSum). CPU twin: engine/ops/matmul.ts.
 * The block each invocation computes (4, 8, 16 or 32 outputs a side) and the workgroup shape are picked
 * per call from the output shape and the adapter: a GPU gets 8×8 blocks in workgroups of up to 8×8; a
 * CPU emulation (SwiftShader and the like, where loads dominate) the block size that minimises padded
 * work over per-block speed, with enough workgroups to keep every core busy. There a 32-wide block with
 * vec4 loads runs as the subgroup kernel (shaders/matmul_subgroup.wgsl) when the device has subgroups of 4.
 */
import activation from '../../../shaders/activation.wgsl?raw';
import matmul from '../../../shaders/matmul.wgsl?raw';
import matmulBlocks from '../../../shaders/matmul_blocks.wgsl?raw';
import matmulSubgroup from '../../../shaders/matmul_subgroup.wgsl?raw';
import type { Activation } from '../../engine/config';
import { ACT_CODE } from '../../engine/ops/activation';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export type MatmulBlock = 4 | 8 | 16 | 32;
// dims, A, B, bias, aux, C, rowSum
const BINDINGS = ['uniform', 'read', 'read', 'read', 'read', 'rw', 'rw'] as const;
const code = activation + matmulBlocks + matmul;
const kernel = (entry: string): KernelDef => ({ label: 'matmul', code, entry, bindings: BINDINGS });
/** Blocks 4 and 8 pick vec4 or float loads inside the shader; 16 and 32 have an entry point for each. */
const KERNELS: Record<MatmulBlock, KernelDef> = { 4: kernel('main4'), 8: kernel('main8'), 16: kernel('main16'), 32: kernel('main32') };
const VEC4_KERNELS: Partial<Record<MatmulBlock, KernelDef>> = { 16: kernel('main16v'), 32: kernel('main32v') };
/** The 64×64 block of one 4-lane subgroup (shaders/matmul_subgroup.wgsl): its own module, which needs the feature. */
const SUBGROUP_KERNEL: KernelDef = { label: 'matmul subgroup', code: `enable subgroups;\n${code}${matmulSubgroup}`, entry: 'main64sg', bindings: BINDINGS };

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** Add bias[N] (binding 3). */
  bias?: boolean;
  act?: Activation;
  /** Multiply by f'(aux) where aux (binding 4) holds outputs of this activation. */
  gate?: Activation;
  /** Force a tiling (tests and benchmarks); by default it is picked from M and N. */
  tiling?: MatmulTiling;
  /**
   * The inner dimension, when the caller knows it: with it, 16- and 32-wide blocks read both operands
   * as vec4s where their contiguous dimensions allow (vec4Loads); without it they read float by float.
   */
  K?: number;
  /** Also write rowSum[m] = Σ_k op(A)[m, k] (binding 6): the bias gradient db = Σ_rows dZ in the dW pass. */
  rowSum?: boolean;
}

/** Whether both operands' contiguous dimensions are multiples of 4 (the shader's vec4s()). */
export function vec4Loads(M: number, K: number, N: number, transA = false, transB = false): boolean {
  return (transA ? M : K) % 4 === 0 && (transB ? K : N) % 4 === 0;
}

export interface MatmulBindings {
  /** Uniform {M, K, N, 0}. */
  dims: GPUBuffer;
  A: Resource;
  B: Resource;
  /** Read when `bias`; otherwise any buffer (unused). */
  bias: Resource;
  /** Read when `gate`; otherwise any buffer (unused). */
  aux: Resource;
  C: Resource;
  /** [M] row sums of op(A), written when `rowSum`; otherwise left out (a spare placeholder is bound). */
  rowSum?: Resource;
}

/** Outputs per invocation along each side and the workgroup's size in invocations. */
export interface MatmulTiling {
  block: MatmulBlock;
  wgX: number;
  wgY: number;
  /**
   * Block 32 with vec4 loads only: run it as shaders/matmul_subgroup.wgsl (one 4-lane subgroup per 64×64
   * workgroup, A shared by subgroupBroadcast). Default: on a CPU emulation whose device has subgroups of 4.
   */
  subgroups?: boolean;
}

/** Fewest workgroups a GPU pick aims for. */
const MIN_TILES = 4;
const GPU_WORKGROUPS: ReadonlyArray<[number, number]> = [[8, 8], [8, 4], [4, 4]];
/** Relative multiply-adds per second of each block on SwiftShader (measured with npm run bench). */
export const CPU_SPEED: Record<MatmulBlock, number> = { 4: 1, 8: 1.8, 16: 2.7, 32: 3.7 };

const groups = (M: number, N: number, t: MatmulTiling): number => Math.ceil(N / (t.block * t.wgX)) * Math.ceil(M / (t.block * t.wgY));

/** True for adapters that run shaders on the CPU (their workgroups are shared out over CPU cores). */
export function isCpuAdapter(device: GPUDevice): boolean {
  const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  if (!info) return false;
  return info.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|warp|software/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
}

/**
 * GPU: 8×8 blocks (4×4 when the output is thinner than 8) in the widest workgroup that still yields
 * MIN_TILES workgroups. CPU emulation: workgroups of one 4-wide SIMD group (2×2 invocations) and the block
 * with the least estimated time: padded outputs / block speed / share of `cores` kept busy.
 */
export function pickTiling(M: number, N: number, cpu = false, cores = 2): MatmulTiling {
  if (cpu) {
    let best: MatmulTiling = { block: 4, wgX: 2, wgY: 2 };
    let bestCost = Infinity;
    for (const block of [32, 16, 8, 4] as const) {
      const t: MatmulTiling = { block, wgX: 2, wgY: 2 };
      const padded = Math.ceil(M / block) * Math.ceil(N / block) * block * block;
      const w = groups(M, N, t);
      const busy = w / cores / Math.ceil(w / cores);
      const cost = padded / CPU_SPEED[block] / busy;
      if (cost < bestCost) [best, bestCost] = [t, cost];
    }
    return best;
  }
  const block = M >= 8 && N >= 8 ? 8 : 4;
  for (const [wgX, wgY] of GPU_WORKGROUPS) {
    const t: MatmulTiling = { block, wgX, wgY };
    if (groups(M, N, t) >= MIN_TILES) return t;
  }
  const [wgX, wgY] = GPU_WORKGROUPS[GPU_WORKGROUPS.length - 1];
  return { block, wgX, wgY };
}

/**
 * A, B and C are read and written as vec4 arrays: a range whose size is not a multiple of 16 bytes is
 * widened to the next multiple (buffers are allocated in 16-byte units, tensors at 256-byte offsets).
 */
function vec4Range(r: Resource): Resource {
  if (r instanceof GPUBuffer) return r;
  const offset = r.offset ?? 0;
  const size = r.size ?? r.buffer.size - offset;
  const widened = Math.ceil(size / 16) * 16;
  if (widened === size) return r;
  if (offset + widened > r.buffer.size) throw new Error(`matmul: a ${size}-byte range at ${offset} of "${r.buffer.label}" cannot be widened to 16-byte units`);
  return { buffer: r.buffer, offset, size: widened };
}

/** A 16-byte storage buffer per device for the rowSum binding of dispatches that write no row sums (never written). */
const spares = new WeakMap<GPUDevice, GPUBuffer>();
function spareRowSum(device: GPUDevice): GPUBuffer {
  let b = spares.get(device);
  if (!b) spares.set(device, (b = device.createBuffer({ label: 'matmul: no row sums', size: 16, usage: GPUBufferUsage.STORAGE })));
  return b;
}

/** Whether the device has subgroups of at least 4 lanes (requested by gpu/device.ts where the adapter has them). */
export function subgroupsOf4(device: GPUDevice): boolean {
  const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return device.features.has('subgroups') && (info?.subgroupMinSize ?? 0) >= 4;
}

/** A 32-wide vec4 block runs as the subgroup kernel on a CPU emulation with subgroups of 4, unless the tiling says. */
function useSubgroups(device: GPUDevice, t: MatmulTiling): boolean {
  if (t.subgroups === false) return false;
  const has = subgroupsOf4(device);
  if (t.subgroups && !has) throw new Error('matmul: the subgroup kernel was asked for on a device without subgroups of 4');
  return has && (t.subgroups ?? isCpuAdapter(device));
}

export function matmulDispatch(device: GPUDevice, opts: MatmulOptions, b: MatmulBindings, M: number, N: number): Dispatch {
  if (opts.rowSum && !b.rowSum) throw new Error('matmul: rowSum asked for without a rowSum binding');
  const t = opts.tiling ?? pickTiling(M, N, isCpuAdapter(device), globalThis.navigator?.hardwareConcurrency || 2);
  const vec = opts.K !== undefined && vec4Loads(M, opts.K, N, opts.transA, opts.transB);
  const sg = vec && t.block === 32 && useSubgroups(device, t);
  const pipeline = getPipeline(device, sg ? SUBGROUP_KERNEL : (vec && VEC4_KERNELS[t.block]) || KERNELS[t.block], {
    WG_X: t.wgX,
    WG_Y: t.wgY,
    TRANS_A: !!opts.transA,
    TRANS_B: !!opts.transB,
    HAS_BIAS: !!opts.bias,
    ACT: ACT_CODE[opts.act ?? 'linear'],
    GATE_ACT: opts.gate ? ACT_CODE[opts.gate] : 4,
    ROW_SUM: !!opts.rowSum,
  });
  return {
    pipeline,
    group: bindGroup(device, pipeline, [b.dims, vec4Range(b.A), vec4Range(b.B), b.bias, b.aux, vec4Range(b.C), (opts.rowSum && b.rowSum) || spareRowSum(device)]),
    // the subgroup kernel's workgroup covers 64×64, as a 2×2 workgroup of 32-wide blocks does
    workgroups: sg ? [Math.ceil(N / 64), Math.ceil(M / 64), 1] : [Math.ceil(N / (t.block * t.wgX)), Math.ceil(M / (t.block * t.wgY)), 1],
  };
}
