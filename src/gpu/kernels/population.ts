/**
 * The population's kernels (shaders/population.wgsl, shaders/population_matmul.wgsl): gather, batched
 * matmul (forward, dW, dX), bias gradient, loss, per-slot row sums and the per-slot optimizer. Every
 * dispatch covers all T slots (global z = slot; a workgroup may span several slots along z, shapes from
 * populationShapes.ts) and binds the per-slot records (`slots`, a range of the step buffer) at binding 1.
 * CPU twin: engine/population/cpuPopulation.ts.
 */
import hyper from '../../../shaders/optimizer_hyper.wgsl?raw';
import population from '../../../shaders/population.wgsl?raw';
import activation from '../../../shaders/activation.wgsl?raw';
import populationMatmul from '../../../shaders/population_matmul.wgsl?raw';
import type { LossName } from '../../engine/config';
import { ACT_CODE } from '../../engine/ops/activation';
import { LOSS_CODE } from '../../engine/ops/loss';
import { uniformBuffer } from '../buffers';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';
import { matmulLoads, shape1d, shapeMatmul, type PopMatmul } from './populationShapes';

export type { PopMatmul };

const code = hyper + population;
const def = (entry: string, bindings: KernelDef['bindings']): KernelDef => ({ label: 'population', code, entry, bindings });
const GATHER = def('gather', ['uniform', 'read', 'read', 'read', 'rw']);
const MATMUL_BINDINGS: KernelDef['bindings'] = ['uniform', 'read', 'read', 'read', 'read', 'rw'];
const MATMUL: KernelDef = { label: 'population_matmul', code: activation + populationMatmul, entry: 'matmul', bindings: MATMUL_BINDINGS };
const BIAS_GRAD = def('bias_grad', ['uniform', 'read', 'read', 'rw']);
const LOSS = def('loss_grad', ['uniform', 'read', 'read', 'read', 'rw', 'rw']);
const REDUCE = def('reduce_rows', ['uniform', 'read', 'read', 'rw']);
const OPTIMIZER = def('optimizer', ['uniform', 'read', 'read', 'rw', 'rw', 'rw', 'read']);
/** Most workgroups along x (WebGPU's default maxComputeWorkgroupsPerDimension). */
export const MAX_GROUPS = 65535;
/** A dispatch and the uniform buffer it owns (freed by the caller). */
export interface OwnedDispatch {
  dispatch: Dispatch;
  uniform: GPUBuffer;
}

function checkGroups(what: string, n: number): number {
  if (n > MAX_GROUPS) throw new Error(`${what}: ${n} workgroups along x, more than ${MAX_GROUPS}`);
  return Math.max(1, n);
}

/**
 * out[s, m, :] = src[block(s), row(s, m), :] for m < R (training: m < the slot's rows, row = idx[s·B + m];
 * evaluation: row = r0 + m). src: [D blocks, blockRows, Drow], out: [T, ·, Drow] at slot stride outSlot.
 */
export function gatherDispatch(
  device: GPUDevice, T: number, slots: Resource, idx: Resource, src: Resource, out: Resource,
  p: { R: number; Drow: number; r0: number; train: boolean; blockFloats: number; outSlot: number; B: number },
): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population gather', [p.R, p.Drow, p.r0, p.train ? 1 : 0, p.blockFloats, p.outSlot, p.B, 0]);
  const sh = shape1d(p.R * p.Drow, T);
  const pipeline = getPipeline(device, GATHER, { WG: sh.WG, WZ: sh.WZ });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, idx, src, out]), workgroups: [checkGroups('gather', sh.groups), 1, sh.zGroups] } };
}

/** C[s] = gate(act(op(A[s]) · op(B[s]) + bias[s])), every slot in one dispatch (shaders/population_matmul.wgsl, 4×4 outputs per invocation). */
export function matmulDispatch(device: GPUDevice, T: number, slots: Resource, A: Resource, B: Resource, aux: Resource, C: Resource, p: PopMatmul): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population matmul', [p.M, p.K, p.N, p.limit, p.aOff ?? 0, p.aSlot, p.bOff ?? 0, p.bSlot, p.biasOff ?? 0, p.cOff ?? 0, p.cSlot, p.auxSlot ?? 0]);
  const sh = shapeMatmul(p.M, p.N, T);
  const pipeline = getPipeline(device, MATMUL, {
    TRANS_A: !!p.transA, TRANS_B: !!p.transB, HAS_BIAS: !!p.bias, ACT: ACT_CODE[p.act ?? 'linear'], GATE_ACT: p.gate ? ACT_CODE[p.gate] : 4, ...sh, ...matmulLoads(p),
  });
  const groups: [number, number, number] = [checkGroups('matmul', Math.ceil(p.N / (4 * sh.WX))), checkGroups('matmul', Math.ceil(p.M / (4 * sh.WY))), Math.ceil(T / sh.WZ)];
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, A, B, aux, C]), workgroups: groups } };
}

/** db[s, n] = Σ_m dZ[s, m, n] into grads at dbOff + s·P; dZ: [T, ·, N] at slot stride dzSlot. */
export function biasGradDispatch(device: GPUDevice, T: number, slots: Resource, dZ: Resource, grads: Resource, p: { M: number; N: number; dzSlot: number; train: boolean; dbOff: number; P: number }): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population bias grad', [p.M, p.N, p.dzSlot, p.train ? 1 : 0, p.dbOff, p.P, 0, 0]);
  const sh = shape1d(p.N, T);
  const pipeline = getPipeline(device, BIAS_GRAD, { WG: sh.WG, WZ: sh.WZ });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, dZ, grads]), workgroups: [checkGroups('bias grad', sh.groups), 1, sh.zGroups] } };
}

/**
 * Loss gradient and per-row (loss, correct) of every slot: Z, Tg, grad [T, ·, C] at slot stride zSlot;
 * stats[s·statSlot + statOff + m]. Training normalises by the slot's rows, evaluation by `norm`.
 */
export function lossDispatch(
  device: GPUDevice, T: number, loss: LossName, slots: Resource, Z: Resource, Tg: Resource, grad: Resource, stats: Resource,
  p: { M: number; C: number; norm: number; train: boolean; zSlot: number; statOff: number; statSlot: number },
): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population loss', [p.M, p.C, p.norm, p.train ? 1 : 0, p.zSlot, p.statOff, p.statSlot, 0]);
  const sh = shape1d(p.M, T);
  const pipeline = getPipeline(device, LOSS, { WG: sh.WG, WZ: sh.WZ, LOSS: LOSS_CODE[loss] });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, Z, Tg, grad, stats]), workgroups: [checkGroups('loss', sh.groups), 1, sh.zGroups] } };
}

/** sums[4s + 2·split + (0, 1)] = Σ_{m < R} stats[s·statSlot + m] (one workgroup per slot). */
export function reduceDispatch(device: GPUDevice, T: number, slots: Resource, stats: Resource, sums: Resource, p: { R: number; statSlot: number; split: 0 | 1 }): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population sums', [p.R, p.statSlot, p.split, 0]);
  const pipeline = getPipeline(device, REDUCE);
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, stats, sums]), workgroups: [1, 1, T] } };
}

/** vec4s of parameters each optimizer invocation updates (the slot's settings are loaded once for them). */
const OPT_PER_INVOCATION = 4;

/**
 * The optimizer step of every active slot over its P parameters (a multiple of 4: read as vec4s),
 * hyperparameters from `slots`; vec4s: [n] the vec4s holding parameters (slotWords.ts paramVec4s).
 */
export function optimizerDispatch(device: GPUDevice, T: number, slots: Resource, grads: Resource, params: Resource, state0: Resource, state1: Resource, vec4s: Resource, n: number, P: number): OwnedDispatch {
  if (P % 4 !== 0) throw new Error(`the parameter stride must be a multiple of 4 floats, got ${P}`);
  const uniform = uniformBuffer(device, 'population optimizer', [P / 4, n, 0, 0]);
  const sh = shape1d(Math.ceil(n / OPT_PER_INVOCATION), T, 256, 64);
  const pipeline = getPipeline(device, OPTIMIZER, { WG: sh.WG, WZ: sh.WZ });
  const [x, y] = grid1d(sh.groups, MAX_GROUPS);
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, grads, params, state0, state1, vec4s]), workgroups: [x, y, sh.zGroups] } };
}
