/**
 * The population's kernels (shaders/population.wgsl, shaders/population_matmul.wgsl): gather, batched
 * matmul (forward, dW, dX), bias gradient, loss, per-slot row sums and the per-slot optimizer. Every
 * dispatch covers all T slots over a flat grid (the items or matmul blocks of every slot, numbered slot by
 * slot; shapes from populationShapes.ts; the row sums: one workgroup per slot on z) and binds the per-slot
 * records (`slots`, a range of the step buffer) at binding 1.
 * CPU twin: engine/population/cpuPopulation.ts.
 */
import hyper from '../../../shaders/optimizer_hyper.wgsl?raw';
import population from '../../../shaders/population.wgsl?raw';
import activation from '../../../shaders/activation.wgsl?raw';
import matmulBlocks from '../../../shaders/matmul_blocks.wgsl?raw';
import populationMatmul from '../../../shaders/population_matmul.wgsl?raw';
import type { LossName } from '../../engine/config';
import { ACT_CODE } from '../../engine/ops/activation';
import { LOSS_CODE } from '../../engine/ops/loss';
import type { OptimizerVariant } from '../../engine/optimizers';
import { uniformBuffer } from '../buffers';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';
import { isCpuAdapter } from './matmul';
import { LANE_WORK, matmulLoads, pickPopTiling, shapeFlat, type PopMatmul, type PopTiling } from './populationShapes';

export type { PopMatmul, PopTiling };

const code = hyper + population;
const def = (entry: string, bindings: KernelDef['bindings']): KernelDef => ({ label: 'population', code, entry, bindings });
const GATHER = def('gather', ['uniform', 'read', 'read', 'read', 'rw']);
const MATMUL_BINDINGS: KernelDef['bindings'] = ['uniform', 'read', 'read', 'read', 'read', 'rw'];
const MATMUL: KernelDef = { label: 'population_matmul', code: activation + matmulBlocks + populationMatmul, entry: 'main4', bindings: MATMUL_BINDINGS };
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

const cores = () => globalThis.navigator?.hardwareConcurrency || 2;
/** The flat grid of a 1-D kernel on this device (populationShapes.ts shapeFlat). */
const flat = (device: GPUDevice, items: number, cost: number) => shapeFlat(items, cost, isCpuAdapter(device), cores());

/**
 * out[s, m, :] = src[block(s), row(s, m), :] for m < R (training: m < the slot's rows, row = idx[s·B + m];
 * evaluation: row = r0 + m). src: [D blocks, blockRows, Drow], out: [T, ·, Drow] at slot stride outSlot.
 */
export function gatherDispatch(
  device: GPUDevice, T: number, slots: Resource, idx: Resource, src: Resource, out: Resource,
  p: { R: number; Drow: number; r0: number; train: boolean; blockFloats: number; outSlot: number; B: number },
): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population gather', [p.R, p.Drow, p.r0, p.train ? 1 : 0, p.blockFloats, p.outSlot, p.B, 0]);
  const sh = flat(device, T * p.R, p.Drow);
  const pipeline = getPipeline(device, GATHER, { WG: sh.WG });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, idx, src, out]), workgroups: sh.workgroups } };
}

/**
 * C[s] = gate(act(op(A[s]) · op(B[s]) + bias[s])), every slot in one dispatch (shaders/population_matmul.wgsl):
 * register blocks of `block` outputs a side over a flat grid of slots × blocks (populationShapes.ts
 * pickPopTiling; `tiling` forces one, for the parity tests).
 */
export function matmulDispatch(device: GPUDevice, T: number, slots: Resource, A: Resource, B: Resource, aux: Resource, C: Resource, p: PopMatmul, tiling?: PopTiling): OwnedDispatch {
  const t = tiling ?? pickPopTiling(p.M, p.N, p.K, T, isCpuAdapter(device), cores());
  const tilesM = Math.ceil(p.M / t.block), tilesN = Math.ceil(p.N / t.block);
  const uniform = uniformBuffer(device, 'population matmul', [p.M, p.K, p.N, p.limit, p.aOff ?? 0, p.aSlot, p.bOff ?? 0, p.bSlot, p.biasOff ?? 0, p.cOff ?? 0, p.cSlot, p.auxSlot ?? 0, tilesM, tilesN, 0, 0]);
  const { VEC, VC } = matmulLoads(p);
  const entry = `main${t.block}${VEC && t.block >= 16 ? 'v' : ''}`;
  const pipeline = getPipeline(device, { ...MATMUL, entry }, {
    TRANS_A: !!p.transA, TRANS_B: !!p.transB, HAS_BIAS: !!p.bias, ACT: ACT_CODE[p.act ?? 'linear'], GATE_ACT: p.gate ? ACT_CODE[p.gate] : 4, WG: t.WG, VEC, VC,
  });
  const groups = grid1d(Math.ceil((T * tilesM * tilesN) / t.WG), MAX_GROUPS);
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, A, B, aux, C]), workgroups: groups } };
}

/** db[s, n] = Σ_m dZ[s, m, n] into grads at dbOff + s·P; dZ: [T, ·, N] at slot stride dzSlot. */
export function biasGradDispatch(device: GPUDevice, T: number, slots: Resource, dZ: Resource, grads: Resource, p: { M: number; N: number; dzSlot: number; train: boolean; dbOff: number; P: number }): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population bias grad', [p.M, p.N, p.dzSlot, p.train ? 1 : 0, p.dbOff, p.P, 0, 0]);
  const sh = flat(device, T * p.N, p.M);
  const pipeline = getPipeline(device, BIAS_GRAD, { WG: sh.WG });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, dZ, grads]), workgroups: sh.workgroups } };
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
  const sh = flat(device, T * p.M, 4 * p.C);
  const pipeline = getPipeline(device, LOSS, { WG: sh.WG, LOSS: LOSS_CODE[loss] });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, Z, Tg, grad, stats]), workgroups: sh.workgroups } };
}

/** sums[4s + 2·split + (0, 1)] = Σ_{m < R} stats[s·statSlot + m] (one workgroup per slot). */
export function reduceDispatch(device: GPUDevice, T: number, slots: Resource, stats: Resource, sums: Resource, p: { R: number; statSlot: number; split: 0 | 1 }): OwnedDispatch {
  const uniform = uniformBuffer(device, 'population sums', [p.R, p.statSlot, p.split, 0]);
  const pipeline = getPipeline(device, REDUCE);
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, stats, sums]), workgroups: [1, 1, T] } };
}

/** An optimizer vec4's cost in float loads (populationShapes.ts LANE_WORK): four vec4s loaded, three stored, the algebra. */
const OPT_COST = 4;

/**
 * The optimizer step of every active slot over its P parameters (a multiple of 4: read as vec4s),
 * hyperparameters from `slots`; vec4s: [n] the vec4s holding parameters (slotWords.ts paramVec4s), or with
 * `dense` every one of the slot's P/4 vec4s (n = P/4, vec4s unread). `variant`: the one optimizer variant
 * of every live slot, compiled in (shaders/population.wgsl VARIANT); without it the codes are read per slot.
 */
export function optimizerDispatch(
  device: GPUDevice, T: number, slots: Resource, grads: Resource, params: Resource, state0: Resource, state1: Resource, vec4s: Resource, n: number, P: number,
  opts: { dense?: boolean; variant?: OptimizerVariant } = {},
): OwnedDispatch {
  if (P % 4 !== 0) throw new Error(`the parameter stride must be a multiple of 4 floats, got ${P}`);
  if (opts.dense && n !== P / 4) throw new Error(`a dense optimizer step updates all ${P / 4} vec4s of a slot, got ${n}`);
  const perLane = isCpuAdapter(device) ? Math.max(1, Math.floor(LANE_WORK / OPT_COST)) : 1;
  const chunks = Math.ceil(n / perLane);
  const uniform = uniformBuffer(device, 'population optimizer', [P / 4, n, chunks, 0]);
  const sh = flat(device, T * chunks, LANE_WORK);
  const v = opts.variant;
  const pipeline = getPipeline(device, OPTIMIZER, {
    WG: sh.WG, DENSE: !!opts.dense,
    ...(v ? { VARIANT: true, OPT: v.OPT, REG: v.REG, NESTEROV: v.NESTEROV, CENTERED: v.CENTERED } : {}),
  });
  return { uniform, dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, slots, grads, params, state0, state1, vec4s]), workgroups: sh.workgroups } };
}
