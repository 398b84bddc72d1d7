/**
 * A race of optimizers on a 2-D surface: the engine interface (WebGPU in gpu/landscapeRace.ts, CPU in
 * engine/cpuRace.ts) and the bookkeeping both share: per racer the latest point, the first step within
 * MINIMUM_RADIUS of a minimum, and divergence.
 *
 * Trace layout (what an engine returns for a batch of k steps): (k + 1) slots × R racers × 4 floats
 * (x, y, f, 0); slot s holds each racer's point after s steps of the batch (slot 0: before the batch).
 */
import type { OptimizerHyper } from './optimizers';
import { SURFACE_INFO, nearestMinimum, type Point, type SurfaceName } from './surfaces';

/** "Reached the minimum": distance to the nearest known minimum below this. */
export const MINIMUM_RADIUS = 1e-2;
/** A race pauses itself after this many steps. */
export const MAX_STEPS = 10_000;
/** Coordinates farther than this many window widths from the window count as diverged. */
const DIVERGE_WINDOWS = 1000;

export interface RaceSetup {
  surface: SurfaceName;
  condition: number;
  start: Point;
  hypers: OptimizerHyper[];
}

export interface RaceEngine {
  readonly kind: 'webgpu' | 'cpu';
  /** The adapter's name, or 'CPU'. */
  readonly name: string;
  /** f on the G×G grid of cell centres over the surface's window, row-major from the top. */
  grid(surface: SurfaceName, condition: number, g: number): Promise<Float32Array>;
  /** A new race from step 0: every racer at the start, optimizer state zeroed. */
  reset(setup: RaceSetup): void;
  /** Racer r is no longer updated (it diverged). */
  stop(r: number): void;
  /**
   * Queues k steps; resolves with the batch's trace. Null when too many batches are still in flight
   * (the caller tries again next frame); never waits.
   */
  advance(k: number): Promise<Float32Array> | null;
  destroy(): void;
}

export interface RacerProgress {
  /** The last step recorded (0: the start point). */
  step: number;
  x: number;
  y: number;
  f: number;
  /** Distance to the nearest minimum; null on a surface without minima. */
  distance: number | null;
  /** First step with distance < MINIMUM_RADIUS, null until then. */
  stepsToMinimum: number | null;
  /** The step at which the racer diverged, null while it is fine. */
  divergedAt: number | null;
}

export function newProgress(setup: RaceSetup): RacerProgress[] {
  return setup.hypers.map(() => ({ step: -1, x: setup.start[0], y: setup.start[1], f: NaN, distance: null, stepsToMinimum: null, divergedAt: null }));
}

/** Non-finite, or so far from the view that the racer has run off to infinity. */
export function isDiverged(surface: SurfaceName, x: number, y: number, f: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(f)) return true;
  const w = SURFACE_INFO[surface].window;
  const span = Math.max(w.xMax - w.xMin, w.yMax - w.yMin);
  const cx = (w.xMin + w.xMax) / 2, cy = (w.yMin + w.yMax) / 2;
  return Math.abs(x - cx) > DIVERGE_WINDOWS * span || Math.abs(y - cy) > DIVERGE_WINDOWS * span;
}

/** Records racer's point at `step`; returns true when this point is the one where it diverged. */
export function recordPoint(p: RacerProgress, surface: SurfaceName, step: number, x: number, y: number, f: number): boolean {
  if (p.divergedAt !== null || step <= p.step) return false;
  p.step = step;
  if (isDiverged(surface, x, y, f)) {
    p.divergedAt = step;
    return true;
  }
  p.x = x;
  p.y = y;
  p.f = f;
  const near = nearestMinimum(surface, x, y);
  p.distance = near ? near.distance : null;
  if (near && p.stepsToMinimum === null && near.distance < MINIMUM_RADIUS) p.stepsToMinimum = step;
  return false;
}

/** Why a racer stopped, for the notice. */
export function divergenceMessage(surface: SurfaceName, index: number, label: string, step: number, p: RacerProgress): string {
  const where = `Optimizer ${index + 1} (${label}) diverged at step ${step}: its point became non-finite or ran far off the map (last finite point (${p.x.toPrecision(4)}, ${p.y.toPrecision(4)})). It stopped there; the others go on.`;
  return SURFACE_INFO[surface].minima.length > 0
    ? `${where} A smaller learning rate keeps it stable.`
    : `${where} The ${SURFACE_INFO[surface].label.toLowerCase()} has no minimum, so descending for ever is what it should do.`;
}
