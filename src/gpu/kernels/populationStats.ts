/**
 * The population's statistics kernel (shaders/population_stats.wgsl): per slot and segment
 * [W_0 … W_{L−1}, b_0 … b_{L−1}] the sums (Σg², Σθ², Σ|θ|) of the last step's gradients and of the
 * parameters, one dispatch for all T slots (workgroup x = segment, z = slot) into sums [T, S, 3].
 * CPU twin: segmentSums in engine/population/slotStats.ts.
 */
import stats from '../../../shaders/population_stats.wgsl?raw';
import { statSegments } from '../../engine/population/slotStats';
import type { ParamLayout } from '../../engine/model';
import { storageBuffer, uniformBuffer } from '../buffers';
import { bindGroup, getPipeline, type Dispatch, type KernelDef } from '../pipelines';

const STATS: KernelDef = { label: 'population_stats', code: stats, entry: 'segment_stats', bindings: ['uniform', 'read', 'read', 'read', 'rw'] };

/** The recorded statistics dispatch, its output buffer sums [T, S, 3] and the buffers it owns. */
export interface StatsKernel {
  dispatch: Dispatch;
  sums: GPUBuffer;
  /** Number of segments S = 2L. */
  segments: number;
  destroy(): void;
}

/** params, grads: [T, P] at stride P = layout.totalFloats. */
export function statsKernel(device: GPUDevice, layout: ParamLayout, T: number, params: GPUBuffer, grads: GPUBuffer): StatsKernel {
  const segs = statSegments(layout);
  const S = segs.length;
  const segWords = Uint32Array.from(segs.flatMap(({ offset, size }) => [offset, size])); // [S, 2]
  const segBuf = storageBuffer(device, 'population stat segments', segWords.byteLength, segWords);
  const sums = storageBuffer(device, 'population stat sums', 4 * T * S * 3);
  const uniform = uniformBuffer(device, 'population stats', [S, layout.totalFloats, 0, 0]);
  const pipeline = getPipeline(device, STATS);
  return {
    dispatch: { pipeline, group: bindGroup(device, pipeline, [uniform, segBuf, params, grads, sums]), workgroups: [S, 1, T] },
    sums,
    segments: S,
    destroy: () => [segBuf, sums, uniform].forEach((b) => b.destroy()),
  };
}
