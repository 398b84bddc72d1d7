/**
 * The only door between the Landscape page and its worker: a discriminated union each way, all
 * structured-clone friendly (plain objects, typed arrays).
 */
import type { LandscapeState } from '../../engine/landscapeState';
import type { SurfaceName } from '../../engine/surfaces';

export type ToLandscape =
  /** First message. `forceCpu` skips WebGPU (the page's ?backend=cpu). */
  | { type: 'init'; state: LandscapeState; forceCpu?: boolean }
  /** A new validated state: a new race from step 0 (running or paused as before). */
  | { type: 'configure'; state: LandscapeState }
  /** Steps per frame, applied live without a reset. */
  | { type: 'speed'; stepsPerFrame: number }
  | { type: 'run' }
  | { type: 'pause' }
  /** One step while paused. */
  | { type: 'step' }
  /** Same state, back to step 0. */
  | { type: 'reset' };

/** One racer's standing after the latest step received. */
export interface RacerResult {
  /** The last step recorded (0: the start point; −1: nothing yet). */
  step: number;
  x: number;
  y: number;
  f: number;
  /** Distance to the nearest known minimum; null on a surface without minima. */
  distance: number | null;
  /** First step within MINIMUM_RADIUS of a minimum, null until then. */
  stepsToMinimum: number | null;
  divergedAt: number | null;
}

export type FromLandscape =
  /** Which engine runs the race; `notice` says why the CPU is used, when it is. */
  | { type: 'backend'; kind: 'webgpu' | 'cpu'; name: string; notice?: string }
  /** f on the size×size grid over the surface's window (cell centres, row-major from the top). */
  | { type: 'grid'; surface: SurfaceName; condition: number; size: number; values: Float32Array }
  /** A new race at step 0 (clear trajectories and charts). */
  | { type: 'ready'; raceId: number; state: LandscapeState }
  /**
   * Steps from..from+count−1: data[(s·racers + r)·4 + 0..3] = (x, y, f, valid), valid = 0 where racer r
   * had already stopped (diverged) at that step.
   */
  | { type: 'points'; raceId: number; from: number; count: number; racers: number; data: Float32Array; results: RacerResult[] }
  | { type: 'status'; raceId: number; running: boolean; step: number; stepsPerSecond: number; finished: boolean }
  /** Racer `racer` diverged at `step` and stopped; the others go on. */
  | { type: 'halted'; raceId: number; racer: number; step: number; message: string }
  | { type: 'error'; message: string };
