/**
 * Tests only (pages opened with ?test-hooks): what a browser test reads from inside the training worker to
 * show that a long run keeps its memory flat (e2e/long-run.spec.ts): the live GPU buffers (bufferCensus.ts)
 * and the metric history the Trainer holds. trainer.worker.ts sets `self.optiplayProbe` to a function that
 * returns a Probe; the test calls it with Playwright's worker.evaluate, so nothing crosses the protocol and
 * the page is not involved.
 */
import type { MetricPoint } from '../engine/train/metrics';
import type { Trainer } from '../engine/train/trainer';
import type { CensusCounts } from './bufferCensus';

export interface Probe {
  /** The run's step now (null: no run). */
  step: number | null;
  /** GPU buffers alive now (null: no WebGPU in this worker). */
  buffers: CensusCounts | null;
  /** Points in the Trainer's metric history: all lanes, and the fullest lane's. */
  historyPoints: number;
  historyPointsPerLane: number;
}

/** The most points any one lane holds (0 for an empty history). */
export function mostPerLane(history: readonly MetricPoint[]): number {
  const perLane = new Map<number, number>();
  for (const p of history) perLane.set(p.lane, (perLane.get(p.lane) ?? 0) + 1);
  return Math.max(0, ...perLane.values());
}

export function probe(trainer: Trainer | null, buffers: CensusCounts | null): Probe {
  const history = trainer?.history ?? [];
  return { step: trainer?.step ?? null, buffers, historyPoints: history.length, historyPointsPerLane: mostPerLane(history) };
}
