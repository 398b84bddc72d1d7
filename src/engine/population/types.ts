/**
 * A population of trials (DESIGN.md seam 4): T trials of one layout trained together. The data is
 * uploaded once (one block per distinct dataset: toy data depends on the seed); the trials' parameters,
 * gradients and optimizer state are stacked at a fixed stride (layout.totalFloats floats per trial); one
 * step serves every trial, each with its own batch rows, optimizer settings and clock. A trial is one slot:
 * a sweep refills a slot with a new trial when the last one finished or was stopped.
 *
 * Semantics are the single run's, exactly: trial i stepped on the rows a BatchSampler(seed_i) draws with
 * stepSettings(config_i, …) trains as createCpuBackend(setupRun(config_i).init) does (parity tests).
 */
import type { Dataset } from '../datasets';
import type { LossName } from '../config';
import type { ModelSpec, ParamLayout } from '../model';
import type { StepSettings } from '../backend';
import type { PopulationSlots } from './slotStats';

export interface PopulationInit {
  /** The one layout every trial has. */
  spec: ModelSpec;
  layout: ParamLayout;
  loss: LossName;
  /** The distinct datasets (same shapes: inputDim, outputDim, train.n, test.n), uploaded once each. */
  data: Dataset[];
  /** Number of slots T. */
  trials: number;
  /** Mini-batch rows per step B, the most any slot uses (an epoch's last batch may be smaller: see step). */
  batch: number;
}

/** One slot's evaluation: mean loss and accuracy (classification; null for regression) on each split. */
export interface TrialEvaluation {
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number | null;
  testAccuracy: number | null;
}

/** Per-slot statistics and state (slotStats.ts) come with every population, for the race's lanes. */
export interface PopulationBackend extends PopulationSlots {
  readonly kind: 'webgpu' | 'cpu';
  readonly trials: number;
  /**
   * Put a trial in slot `slot`: its initial parameters [layout.totalFloats], the dataset it trains on
   * (index into PopulationInit.data), optimizer state zeroed. The slot is active from now on.
   */
  setTrial(slot: number, params: Float32Array, dataIndex: number): void;
  /** Mark a slot idle: steps skip it (its parameters stay readable). */
  clearTrial(slot: number): void;
  /**
   * One training step on every active slot. rows: [T × B] training-row indices, slot-major (slot s uses
   * rows[s·B .. s·B + count_s) where count_s = rowCounts[s] ≤ B; an epoch's last batch may be smaller);
   * settings[s]: slot s's optimizer settings (rate already scheduled) and t; ignored for idle slots.
   */
  step(rows: Uint32Array<ArrayBuffer>, rowCounts: Uint32Array<ArrayBuffer>, settings: ReadonlyArray<StepSettings | null>): void;
  /** Evaluate every active slot on at most `maxTrainRows` training rows and the whole test set; idle slots give null. */
  evaluate(maxTrainRows: number): Promise<Array<TrialEvaluation | null>>;
  /** Slot `slot`'s parameters [layout.totalFloats]. */
  readParams(slot: number): Promise<Float32Array>;
  /** Resolves when every step enqueued so far has run. */
  settled(): Promise<void>;
  destroy(): void;
}
