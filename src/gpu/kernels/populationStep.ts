/**
 * The population's fused training step (shaders/population_step.wgsl): for networks small enough that a
 * slot's activations fit in workgroup memory (populationShapes.ts fusedStepPlan), one dispatch runs every
 * slot's gather, forward, loss and backward into the gradients; gpu/population.ts submits it and the
 * population's optimizer dispatch in place of the step's 15 dispatches. Group mode (a GPU): one workgroup
 * of 64 invocations a slot, barriers between the phases. Lane mode (a CPU emulation, where a workgroup
 * runs on one core and barriers only cost): one invocation a slot, up to 4 slots a workgroup
 * (one SIMD group), no barrier.
 * CPU twin: engine/population/cpuPopulation.ts (engine/fastNetwork.ts lossAndGradient).
 */
import activation from '../../../shaders/activation.wgsl?raw';
import populationStep from '../../../shaders/population_step.wgsl?raw';
import groupMode from '../../../shaders/population_step_group.wgsl?raw';
import laneMode from '../../../shaders/population_step_lane.wgsl?raw';
import type { LossName } from '../../engine/config';
import { LOSS_CODE } from '../../engine/ops/loss';
import { uniformBuffer } from '../buffers';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';
import { isCpuAdapter } from './matmul';
import { FUSED_LANE_FLOATS, type FusedStepPlan } from './populationShapes';

/** Slots a workgroup of the lane mode: one 4-wide SIMD group of a CPU emulation. */
const LANES = 4;

export type FusedMode = 'group' | 'lane';
const BINDINGS: KernelDef['bindings'] = ['uniform', 'read', 'read', 'read', 'read', 'read', 'rw'];
const common = activation + populationStep;
const KERNELS: Record<FusedMode, KernelDef> = {
  group: { label: 'population_step_group', code: groupMode + common, entry: 'step', bindings: BINDINGS },
  lane: { label: 'population_step_lane', code: laneMode + common, entry: 'step', bindings: BINDINGS },
};
/** The fused step's mode on this device: lane on a CPU emulation, group on a GPU. */
export const fusedMode = (device: GPUDevice): FusedMode => (isCpuAdapter(device) ? 'lane' : 'group');

/** The buffers the fused step binds: slot records and rows (ranges of the step buffer), the training data [D, n, ·], params and grads [T, P]. */
export interface FusedStepBuffers {
  slots: Resource;
  rows: Resource;
  trainX: Resource;
  trainY: Resource;
  params: GPUBuffer;
  grads: GPUBuffer;
}

/** The fused step of T slots, recorded once, and the uniform buffer it owns (freed by the caller). */
export function fusedStepDispatch(device: GPUDevice, T: number, loss: LossName, plan: FusedStepPlan, mode: FusedMode, b: FusedStepBuffers): { dispatch: Dispatch; uniform: GPUBuffer } {
  const uniform = uniformBuffer(device, 'population fused step', plan.words);
  const lane = mode === 'lane';
  if (lane && plan.F > FUSED_LANE_FLOATS) throw new Error(`the fused step's lane mode holds at most ${FUSED_LANE_FLOATS} floats a slot, this network needs ${plan.F}`);
  const pipeline = getPipeline(device, KERNELS[mode], lane ? { WG: LANES, WS_FLOATS: LANES * plan.F, LOSS: LOSS_CODE[loss] } : { WG: 64, WS_FLOATS: plan.F, LOSS: LOSS_CODE[loss] });
  const group = bindGroup(device, pipeline, [uniform, b.slots, b.rows, b.trainX, b.trainY, b.params, b.grads]);
  return { uniform, dispatch: { pipeline, group, workgroups: [lane ? Math.ceil(T / LANES) : T, 1, 1] } };
}
