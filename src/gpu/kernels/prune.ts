/**
 * Pruning kernels (shaders/prune.wgsl): magnitude pruning by a GPU radix select, row L2 norms and neuron
 * activity scores. CPU twins: engine/ops/prune.ts.
 *
 * Magnitude pruning, one dispatch for any number of groups (one workgroup each):
 *   const t = createPruneTables(device, pruneGroups(segments, amount, 'layer' | 'global'));
 *   encode magnitudePruneDispatch(device, t, params, mask)   // mask: same layout as params, 1 keep / 0 pruned
 *   later prune events with new amounts: writePruneGroups(device, t, groups) (same segments), encode again.
 * The mask and the weights are updated in place; t.info receives PRUNE_INFO_WORDS words per group.
 */
import code from '../../../shaders/prune.wgsl?raw';
import { validateGroups, type PruneGroup, type PruneInfo, type RowBlock } from '../../engine/ops/prune';
import { storageBuffer } from '../buffers';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const PRUNE_MAGNITUDE: KernelDef = { label: 'prune', code, entry: 'magnitude', bindings: ['read', 'read', 'rw', 'rw', 'rw'] };
export const PRUNE_ROW_NORMS: KernelDef = { label: 'prune', code, entry: 'row_norms', bindings: ['read', 'read', 'rw'] };
export const PRUNE_ACTIVITY: KernelDef = { label: 'prune', code, entry: 'activity', bindings: ['uniform', 'read', 'rw'] };
export const PRUNE_APPLY_MASK: KernelDef = { label: 'prune', code, entry: 'apply_mask', bindings: ['uniform', 'read', 'rw'] };
const WG = 256;
const SCORE_WG = 64;

/** Words written per group to the info buffer: live m, pruned k, threshold bits, ties. */
export const PRUNE_INFO_WORDS = 4;

export interface PruneTables {
  groups: GPUBuffer;
  segs: GPUBuffer;
  info: GPUBuffer;
  count: number;
  /** Segments per group, to check that rewritten groups keep the table shape. */
  shape: number[];
}

/** groups: 4 words per group (first segment, count, bits(amount), rule); segs: 2 words per segment. */
export function encodePruneGroups(groups: PruneGroup[]): { groups: Uint32Array<ArrayBuffer>; segs: Uint32Array<ArrayBuffer> } {
  validateGroups(groups);
  const g = new Uint32Array(groups.length * 4);
  const f = new Float32Array(g.buffer);
  const segs: number[] = [];
  groups.forEach((grp, i) => {
    g[i * 4] = segs.length / 2;
    g[i * 4 + 1] = grp.segments.length;
    f[i * 4 + 2] = grp.amount;
    g[i * 4 + 3] = grp.rule === 'target' ? 1 : 0;
    for (const s of grp.segments) segs.push(s.offset, s.size);
  });
  return { groups: g, segs: Uint32Array.from(segs.length ? segs : [0, 0]) };
}

export function createPruneTables(device: GPUDevice, groups: PruneGroup[]): PruneTables {
  const enc = encodePruneGroups(groups);
  return {
    groups: storageBuffer(device, 'prune groups', enc.groups.byteLength, enc.groups),
    segs: storageBuffer(device, 'prune segments', enc.segs.byteLength, enc.segs),
    info: storageBuffer(device, 'prune info', groups.length * PRUNE_INFO_WORDS * 4),
    count: groups.length,
    shape: groups.map((g) => g.segments.length),
  };
}

/** New amounts or rules for the same groups (e.g. the next step of a gradual schedule). */
export function writePruneGroups(device: GPUDevice, t: PruneTables, groups: PruneGroup[]): void {
  if (groups.length !== t.count || groups.some((g, i) => g.segments.length !== t.shape[i])) throw new Error('writePruneGroups: the groups must keep the segments the tables were created with');
  const enc = encodePruneGroups(groups);
  device.queue.writeBuffer(t.groups, 0, enc.groups);
  device.queue.writeBuffer(t.segs, 0, enc.segs);
}

/** Prunes every group in place: weights and mask are the whole allocations (or ranges starting at float 0). */
export function magnitudePruneDispatch(device: GPUDevice, t: PruneTables, weights: Resource, mask: Resource): Dispatch {
  const pipeline = getPipeline(device, PRUNE_MAGNITUDE, { WG });
  return { pipeline, group: bindGroup(device, pipeline, [t.groups, t.segs, weights, mask, t.info]), workgroups: [Math.max(1, t.count), 1, 1] };
}

export function decodePruneInfo(words: Uint32Array, groups: number): PruneInfo[] {
  return Array.from({ length: groups }, (_, g) => {
    const [live, k, thresholdBits, ties] = words.subarray(g * PRUNE_INFO_WORDS, (g + 1) * PRUNE_INFO_WORDS);
    return { live, k, thresholdBits, ties };
  });
}

/** 4 words per block: offset, rows, cols, out. */
export function encodeRowBlocks(blocks: RowBlock[]): Uint32Array {
  return Uint32Array.from(blocks.flatMap((b) => [b.offset, b.rows, b.cols, b.out]));
}

/** scores[b.out + r] = ‖row r of block b‖₂ for every block; table = encodeRowBlocks(blocks) in a storage buffer. */
export function rowNormsDispatch(device: GPUDevice, table: Resource, weights: Resource, scores: Resource, blocks: RowBlock[]): Dispatch {
  const pipeline = getPipeline(device, PRUNE_ROW_NORMS, { WG: SCORE_WG });
  const rows = blocks.reduce((a, b) => Math.max(a, b.rows), 1);
  return { pipeline, group: bindGroup(device, pipeline, [table, weights, scores]), workgroups: [Math.ceil(rows / SCORE_WG), Math.max(1, blocks.length), 1] };
}

/** dims: uniform {M, N}; A: [M, N] activations → scores: [N] mean |A| per column. */
export function activityDispatch(device: GPUDevice, dims: GPUBuffer, A: Resource, scores: Resource, N: number): Dispatch {
  const pipeline = getPipeline(device, PRUNE_ACTIVITY, { WG: SCORE_WG });
  return { pipeline, group: bindGroup(device, pipeline, [dims, A, scores]), workgroups: [Math.max(1, Math.ceil(N / SCORE_WG)), 1, 1] };
}

/** count: uniform {n}; dst[i] ← +0 where mask[i] = 0, for i < n (the rest untouched). */
export function applyMaskDispatch(device: GPUDevice, count: GPUBuffer, mask: Resource, dst: Resource, n: number): Dispatch {
  const pipeline = getPipeline(device, PRUNE_APPLY_MASK, { WG: WG });
  return { pipeline, group: bindGroup(device, pipeline, [count, mask, dst]), workgroups: grid1d(Math.ceil(n / WG)) };
}
