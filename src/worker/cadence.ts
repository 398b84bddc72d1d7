/**
 * When the training loop asks for metrics. Toy models evaluate every EVAL_MS (a snapshot every
 * SNAPSHOT_MS); an expensive evaluation (LeNet on 10,000 MNIST test digits is ~5 GFLOP) is spaced so that
 * evaluating takes at most EVAL_SHARE of the time: after an evaluation expected to cost c ms, the next one
 * starts no sooner than c / EVAL_SHARE ms later. Costs are measured (evalCost) and smoothed per kind
 * (with and without a snapshot): a lower reading is taken at once, a higher one half-way; until a kind has
 * been measured, the toy cadence holds.
 */
export const EVAL_MS = 100;
export const SNAPSHOT_MS = 250;
export const EVAL_SHARE = 0.2;
/** Weight of a new measurement in the smoothed cost. */
const SMOOTHING = 0.5;

export type EvalKind = 'eval' | 'snapshot';

export class EvalCadence {
  private readonly cost: Record<EvalKind, number> = { eval: 0, snapshot: 0 };
  private lastStart = -Infinity;
  private lastKind: EvalKind = 'eval';
  private lastSnapshot = -Infinity;

  /**
   * The smoothed cost in ms of one evaluation of this kind (0 until measured). A snapshot costs at least an
   * evaluation; a plain evaluation not yet measured is taken to cost what a snapshot does (the safe side).
   */
  expectedCost(kind: EvalKind): number {
    return kind === 'snapshot' ? Math.max(this.cost.snapshot, this.cost.eval) : this.cost.eval || this.cost.snapshot;
  }

  /** Milliseconds that must pass after the start of the last evaluation before the next one. */
  evalInterval(): number {
    return Math.max(EVAL_MS, this.expectedCost(this.lastKind) / EVAL_SHARE);
  }

  /** Milliseconds between snapshots. */
  snapshotInterval(): number {
    return Math.max(SNAPSHOT_MS, this.expectedCost('snapshot') / EVAL_SHARE);
  }

  /** What the loop should ask for at time `now`: nothing yet, an evaluation, or one with a snapshot. */
  due(now: number): EvalKind | null {
    if (now - this.lastStart < this.evalInterval()) return null;
    return now - this.lastSnapshot >= this.snapshotInterval() ? 'snapshot' : 'eval';
  }

  /** An evaluation of this kind was enqueued at `now` (forced ones too: Pause, Step, a rebuild). */
  started(now: number, kind: EvalKind): void {
    this.lastStart = now;
    this.lastKind = kind;
    if (kind === 'snapshot') this.lastSnapshot = now;
  }

  /** An evaluation of this kind took `ms`. */
  measured(kind: EvalKind, ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) return;
    const c = this.cost[kind];
    // a cheaper reading counts at once (the device was busy or still compiling before), a dearer one by half
    this.cost[kind] = c === 0 || ms < c ? ms : c + SMOOTHING * (ms - c);
  }
}

/**
 * The device time of one evaluation, from timestamps: `t0` before enqueuing it, `t1` after (a CPU backend
 * computes inside the call), `ahead` when the work enqueued before it had finished (null: unknown),
 * `end` when its results arrived. Work queued ahead of it (training steps) is not counted; when `ahead`
 * is not known to precede `end`, the whole wait counts (the safe side: evaluations spaced more widely).
 */
export function evalCost(t0: number, t1: number, ahead: number | null, end: number): number {
  const sync = t1 - t0;
  const from = ahead !== null && ahead < end ? Math.max(t1, ahead) : t1;
  return sync + Math.max(0, end - from);
}

/**
 * How many steps the training loop may queue in its next chunk: CHUNK_DEVICE_MS of device work at the
 * measured time per step, or a single step while that is unknown (msPerStep 0: the first two chunks, as
 * the time comes from the gap between chunk completions). Without that bound the first chunks were cut
 * only by 16 ms of encoding, which on a software GPU queued a whole MNIST epoch (469 LeNet steps, 25 s of
 * device work) before the page saw a step, an evaluation or an answer to Pause.
 */
export function chunkCap(msPerStep: number, chunkDeviceMs: number): number {
  if (!(msPerStep > 0) || !Number.isFinite(msPerStep)) return 1;
  return Math.max(1, Math.floor(chunkDeviceMs / msPerStep));
}
