/**
 * A taught run's reference lane: the same model trained plainly beside it, so the page can overlay what
 * the teacher or the source run bought (REFERENCE.md "Distillation", "Transfer learning").
 *   distillation  lane 0 learns from the teacher's soft targets; lane 1 is the same student alone
 *                 (same initial weights, same batches, the same layer groups);
 *   transfer      lane 0 starts from a source run's weights (engine/transfer/start.ts); lane 1 starts
 *                 from the seed's fresh weights, every layer training (from scratch).
 * While a run has a reference, the optimizer race is off (its lanes are the reference's place).
 */
import type { RunConfig } from '../config';
import { checkTeacher, teacherLogits, type Teacher } from '../distill/teacher';
import type { RunSetup } from '../run';
import { isPlain, transferGroups, type LayerGroups } from '../model/groups';
import { headNames, multiTaskConfigs, multiTaskLabels } from '../strategies/multitaskLanes';

/** 'single': a multi-task run's lanes 1 and 2 are its two tasks, each alone (strategies/multitaskLanes.ts). */
export type ReferenceKind = 'alone' | 'scratch' | 'single';

/** Lane 1's role and where lane 0's knowledge came from (kept in the checkpoint). */
export interface Reference {
  kind: ReferenceKind;
  /** The teacher's or the source run's name, as the run history calls it (multi-task: the second task). */
  from: string;
  /** Multi-task: the two heads' names, [first, second]. */
  heads?: [string, string];
}

/** Lane labels of a run with a reference: [taught, reference]. */
export function referenceLabels(r: Reference): string[] {
  if (r.kind === 'single') return multiTaskLabels(r.heads ?? ['First task', r.from]);
  return r.kind === 'alone' ? ['Distilled student', 'Student alone'] : ['Transferred', 'From scratch'];
}

/** The configs of every lane: [run, reference] with a reference, else [run, …race lanes] from `race`. */
export function referenceConfigs(config: RunConfig, r?: Reference | null): RunConfig[] {
  if (r?.kind === 'single') return multiTaskConfigs(config);
  return [config, { ...config, race: [] }];
}

/**
 * How each lane's layers train (Frozen layers, the transferred layers' rate): every lane alike, except a
 * transfer's from-scratch lane, which has nothing transferred to freeze or slow (null: plain).
 */
export function laneGroups(config: RunConfig, layers: number, lanes: number, reference: Reference | null): Array<LayerGroups | null> {
  const groups = transferGroups(layers, config.frozenLayers, config.transferLr);
  const g = isPlain(groups) ? null : groups;
  return Array.from({ length: lanes }, (_, i) => (i > 0 && reference?.kind === 'scratch' ? null : g));
}

/** A taught run's reference lane, from how it starts (a teacher wins over a transfer: the page sends one or the other). */
export function referenceOf(opts: { teacher?: Teacher; transfer?: { from: string } }, config?: Pick<RunConfig, 'dataset' | 'secondTask'>): Reference | null {
  if (opts.teacher) return { kind: 'alone', from: opts.teacher.name ?? 'the teacher' };
  if (opts.transfer) return { kind: 'scratch', from: opts.transfer.from };
  if (config && config.secondTask !== 'none') {
    const heads = headNames(config);
    return { kind: 'single', from: heads[1], heads };
  }
  return null;
}

/** The setup with lane 0's transferred starting weights (the reference lane keeps the seed's). */
export function withTransfer(setup: RunSetup, transfer: { params: Float32Array<ArrayBuffer> } | undefined): RunSetup {
  if (!transfer) return setup;
  if (transfer.params.length !== setup.init.layout.totalFloats) throw new Error('The transferred weights do not fit this run’s layers.');
  return { ...setup, init: { ...setup.init, params: transfer.params } };
}

/** The setup with the teacher's soft targets for lane 0 (computed once: the training inputs never change). */
export function withTeacher(setup: RunSetup, teacher: Teacher | undefined): RunSetup {
  if (!teacher) return setup;
  checkTeacher(teacher, setup.data.inputDim, setup.data.outputDim);
  return { ...setup, init: { ...setup.init, softTargets: teacherLogits(teacher, setup.data.train) } };
}
