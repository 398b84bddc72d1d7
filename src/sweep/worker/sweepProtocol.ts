/**
 * The Sweep page ⇄ its worker, a discriminated union each way. The page sends the base run and the study
 * settings; the worker answers with the backend it trains on, the study as it stands (a StudyRecord plus
 * each trial's rungs and, on 2-D data, each finished trial's decision boundary) and errors in words.
 */
import type { RunConfig } from '../../engine/runConfig';
import type { StudyRecord, StudySettings } from '../../engine/search/types';

export type ToSweep =
  | { type: 'start'; base: RunConfig; settings: StudySettings; forceCpu: boolean; assetBase?: string }
  | { type: 'stop' };

/** A finished trial's decision boundary per cell, [size × size], row-major, y down: P(class 1) for two classes, else the predicted class. */
export interface BoundaryThumb {
  id: number;
  size: number;
  values: Float32Array<ArrayBuffer>;
  classes: number;
}

export interface SweepProgress {
  record: StudyRecord;
  /** Each trial's rungs (steps at which it is judged), by trial id. */
  rungs: Record<number, number[]>;
  /** The study is over (every trial finished, or Stop sweep). */
  done: boolean;
  stopped: boolean;
  elapsedMs: number;
  /** Trial-steps per second, over every slot; 0 until measured. */
  stepsPerSecond: number;
  /** Steps the unfinished trials may still train (an upper bound: pruning cuts it). */
  stepsLeft: number;
}

export type FromSweep =
  | { type: 'backend'; kind: 'webgpu' | 'cpu'; name: string; notice?: string }
  | { type: 'loading'; what: string; loaded: number; total: number }
  | { type: 'progress'; progress: SweepProgress }
  | { type: 'thumbs'; thumbs: BoundaryThumb[] }
  | { type: 'error'; message: string };
