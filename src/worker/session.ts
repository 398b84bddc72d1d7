/**
 * A Session schedules one Trainer in the worker and posts what it does; it holds no training rule (those
 * are the Trainer's). The loop submits steps in time-boxed chunks, keeps at most one chunk queued behind
 * the GPU (none behind a step slower than a chunk's budget, so Pause leaves at most that step to finish),
 * runs the Trainer's compression work when due, and asks for metrics on the cadence of cadence.ts (every
 * 100 ms for toy models, spaced to at most 20% of the time for expensive ones; none while the first is
 * still out) without ever waiting for them. While training it speaks at least every HEARTBEAT_MS, also
 * while it waits seconds on the device, so the page's watchdog takes only a dead worker for dead.
 */
import type { MnistRaw } from '../engine/mnist';
import type { Evaluated, Trainer } from '../engine/train/trainer';
import { SLOW_STEP_MS, estimateRun, stepTimeWarning } from '../engine/estimate';
import { EvalCadence, chunkCap, evalCost, type EvalKind } from './cadence';
import { mnistTransfers, mnistView } from './mnistViews';
import { headColumns } from '../engine/strategies/multitask';
import { networkTransfers, networkView } from './networkView';
import { headsView } from './multitaskNetwork';
import { toSnapshot } from './reports';
import { augmentedTransfers, augmentedView } from './augmentView';
import type { FromWorker, MetricPoint } from './protocol';

const CHUNK_MS = 16;
/** At most this much device work per chunk (two chunks in flight at most; one when a step takes longer). */
const CHUNK_DEVICE_MS = 200;
const STATUS_MS = 250;
/**
 * While training, the last status is posted again when nothing was posted for this long: the loop may
 * wait on the device for seconds (a heavy model's step and evaluation on a software GPU: 5–30 s on a
 * loaded 2-core machine), and the page restarts a worker silent for SILENCE_MS = 30 s (watchdog.ts).
 */
export const HEARTBEAT_MS = 5_000;
/**
 * Device work that has not finished after this long is taken for stuck: the heartbeat stops, and the
 * page's watchdog restarts the worker SILENCE_MS later (a step is refused above 10 s, engine/estimate.ts).
 */
export const STUCK_MS = 120_000;

export type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class Session {
  running = false;
  /** False once the session is replaced or stopped: nothing it has in flight posts any more. */
  alive = true;
  private points: MetricPoint[] = [];
  private lastPost = 0;
  private warnedSlow = false;
  private rate: Array<{ t: number; step: number }> = [];
  private readonly cadence = new EvalCadence();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The evaluation asked for at the last pause. */
  private evaluated: Promise<void> = Promise.resolve();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** The last status posted, and when; when the device last finished something (a chunk, an evaluation). */
  private lastStatus: FromWorker | null = null;
  private lastStatusAt = 0;
  private lastProgress = 0;
  /** The loop that runs now (a Pause then Train while it waits on the device starts another). */
  private generation = 0;
  private looping = false;
  /** Train teacher (tutor.ts): training stops once the run reaches `step`, then `reached` is called once. */
  stopAt: { step: number; reached: () => void } | null = null;
  /** Set by quietWhile: the loop parks, `park` called, until `gate` opens. */
  private hold: { gate: Promise<void>; park: () => void } | null = null;

  constructor(
    readonly id: number,
    readonly trainer: Trainer,
    /** The loaded digits (MNIST runs only), for the misclassified digits. */
    private readonly mnist: MnistRaw | null,
    private readonly post: Post,
    /** Called after each chunk while running (the worker's autosave). */
    private readonly onChunk: () => void = () => {},
  ) {}

  /** Stops for good (the run is replaced): its evaluations in flight land silently. */
  stop(): void {
    this.running = false;
    this.alive = false;
    this.beat(false);
  }

  /** Pauses; resolves once the evaluation taken at the pause has landed (its points are in the history). */
  async pause(): Promise<void> {
    if (!this.running) return;
    this.setRunning(false);
    await this.evaluated;
    await this.quiet();
  }

  setRunning(on: boolean): void {
    if (!this.alive || this.running === on) return;
    if (on && this.trainer.halted) return this.refuseHalted();
    this.running = on;
    this.beat(on);
    if (on) {
      this.rate = [];
      void this.loop();
    } else {
      this.flushPoints();
      this.evaluated = this.evaluateNow();
    }
    this.postStatus();
  }

  /**
   * Runs `measure` with the device to itself (the device's speed, before another run is built): the loop
   * stops queueing steps (the run still counts as training), the work queued finishes, `measure` runs,
   * then the loop goes on.
   */
  async quietWhile<T>(measure: () => Promise<T>): Promise<T> {
    let open!: () => void;
    let park!: () => void;
    const parked = new Promise<void>((resolve) => (park = resolve));
    this.hold = { gate: new Promise<void>((resolve) => (open = resolve)), park };
    try {
      if (this.looping) await parked;
      await this.quiet();
      await this.trainer.settled();
      return await measure();
    } finally {
      this.hold = null;
      open();
    }
  }

  /** Starts (or stops) re-posting the last status while training, as long as the device makes progress. */
  private beat(on: boolean): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    if (!on) return;
    this.lastProgress = performance.now();
    this.heartbeat = setInterval(() => {
      if (!this.running || !this.alive) return this.beat(false);
      const now = performance.now();
      if (this.lastStatus && now - this.lastStatusAt >= HEARTBEAT_MS && now - this.lastProgress < STUCK_MS) {
        this.lastStatusAt = now;
        this.post(this.lastStatus);
      }
    }, HEARTBEAT_MS / 5);
  }

  /** Does the due compression work now, reporting a failure (training goes on uncompressed). */
  async compress(): Promise<void> {
    try {
      const before = this.trainer.setup.init.spec;
      await this.trainer.compress();
      // neuron pruning: the UI learns the new widths from the snapshot's compression view
      if (this.alive && this.trainer.setup.init.spec !== before) this.evaluate('snapshot', false);
    } catch (e) {
      if (this.alive) this.post({ type: 'error', kind: 'internal', message: `Pruning or quantization failed at step ${this.trainer.step}: ${errorText(e)}` });
    }
  }

  /** A diverged run (say, one opened from the history) stays stopped: say so, and that it is not running. */
  private refuseHalted(): void {
    const message = 'This run stopped when its loss became NaN or infinite, so it cannot train on. Lower the learning rate, then Reset to start again.';
    this.post({ type: 'halted', runId: this.id, lane: 0, step: this.trainer.step, message });
    this.postStatus();
  }

  /** One step while paused, then fresh metrics and a snapshot. */
  async stepOnce(): Promise<void> {
    if (this.running) return;
    if (this.trainer.halted) return this.refuseHalted();
    if (this.trainer.compressionDue()) await this.compress();
    if (!this.alive || this.running) return;
    this.trainer.doStep();
    void this.evaluateNow();
    this.postStatus();
  }

  private async loop(): Promise<void> {
    const gen = ++this.generation;
    this.looping = true;
    try {
      await this.steps(gen);
    } finally {
      if (gen === this.generation) this.looping = false;
      this.hold?.park();
    }
  }

  private async steps(gen: number): Promise<void> {
    const t = this.trainer;
    const live = () => this.running && this.alive && gen === this.generation;
    let queued: Promise<void> | null = null;
    // device time per step, measured from chunk completions (0: unknown): caps a chunk at CHUNK_DEVICE_MS of
    // device work, so a slow device (LeNet on a software GPU) is not handed seconds of queued steps; until
    // it is measured, a chunk holds one step (see chunkCap)
    let msPerStep = 0;
    let lastDone: number | null = null;
    // an evaluation enqueued since the last chunk: its device time falls in the next chunk's gap
    let evaluatedSince: EvalKind | null = null;
    while (live()) {
      if (this.hold) {
        // quietWhile: the device to itself once the chunk under way is done
        const { gate, park } = this.hold;
        if (queued) await queued;
        queued = null;
        lastDone = null;
        park();
        await gate;
        continue;
      }
      // a step slower than a chunk's device budget: none is queued behind the one under way, so a Pause
      // leaves at most that step to finish (the gap between two steps is ms against seconds of device work)
      if (queued && msPerStep > CHUNK_DEVICE_MS) {
        await queued;
        queued = null;
        if (!live()) break;
      }
      const t0 = performance.now();
      const first = t.step;
      const cap = chunkCap(msPerStep, CHUNK_DEVICE_MS);
      let due = false;
      // Stop at step (config): the run pauses there once; Train then goes on past it
      const stopAt = t.config.stopAt > t.step ? t.config.stopAt : Infinity;
      const end = Math.min(this.stopAt?.step ?? Infinity, stopAt);
      do {
        due = t.compressionDue();
        if (due || t.step >= end) break;
        t.doStep();
      } while (performance.now() - t0 < CHUNK_MS && t.step - first < cap);
      if (due) {
        await this.compress();
        queued = null; // the compressor's device work finished after every step enqueued before it
        lastDone = null;
        continue;
      }
      const steps = t.step - first;
      const ahead = evaluatedSince;
      evaluatedSince = null;
      const done = t.settled().then(() => {
        // this chunk was queued before the previous one finished: the device worked on it from then on, and
        // on the evaluation queued ahead of it, at its measured cost (not measured yet: the gap is not used)
        const now = performance.now();
        this.lastProgress = now;
        const evalMs = ahead ? this.cadence.expectedCost(ahead) : 0;
        if (lastDone !== null && steps > 0 && (!ahead || evalMs > 0)) {
          const ms = Math.max(0, now - lastDone - evalMs) / steps;
          msPerStep = msPerStep === 0 ? ms : msPerStep + 0.3 * (ms - msPerStep);
          this.warnIfSlow(msPerStep);
        }
        lastDone = now;
      });
      if (queued) await queued;
      queued = done;
      // a pause, a reset or a rebuild may have come in while waiting: this run's backends may be gone
      if (!live()) break;
      if (t.step >= stopAt && !(this.stopAt && t.step >= this.stopAt.step)) {
        this.setRunning(false);
        break;
      }
      if (this.stopAt && t.step >= this.stopAt.step) {
        const { reached } = this.stopAt;
        this.stopAt = null;
        this.setRunning(false);
        reached();
        break;
      }
      const now = performance.now();
      // until an evaluation's cost is measured, none is asked for while another is out: a heavy model's
      // evaluation takes seconds, and one a chunk would pile up on the device ahead of the steps
      const unmeasured = this.cadence.expectedCost('snapshot') === 0 && this.inFlight.size > 0;
      const kind = unmeasured ? null : this.cadence.due(now);
      if (kind) {
        this.evaluate(kind);
        evaluatedSince = kind;
      }
      if (now - this.lastPost >= STATUS_MS) {
        this.flushPoints();
        this.postStatus();
      }
      this.onChunk();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** Says once per run, with the figures, that a step is slow on this device (stepTimeWarning). */
  private warnIfSlow(msPerStep: number): void {
    if (this.warnedSlow || !(msPerStep >= SLOW_STEP_MS)) return;
    const { spec, data } = this.trainer.setup.init;
    const message = stepTimeWarning(msPerStep, estimateRun(this.trainer.config, spec, { train: data.train.n, test: data.test.n }).flopsPerStep);
    if (!message) return;
    this.warnedSlow = true;
    this.post({ type: 'error', kind: 'slow', message });
  }

  /** A fresh evaluation with a snapshot now (Pause, Step, a setting changed while paused, a restored run). */
  async evaluateNow(): Promise<void> {
    await this.quiet();
    if (this.alive && !this.running) this.evaluate('snapshot');
  }

  /** Resolves once no compression job and no evaluation of this session is in flight. */
  async quiet(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.trainer.quiet();
  }

  /**
   * Enqueues an evaluation (a snapshot of lane 0 when kind is 'snapshot'); never waits. `measure` false: its
   * time does not count for the cadence (the first one on a new backend also compiles the pipelines).
   */
  evaluate(kind: EvalKind, measure = true): void {
    const t0 = performance.now();
    this.cadence.started(t0, kind);
    let ahead: number | null = null;
    void this.trainer.settled().then(() => (ahead = performance.now()));
    const pending = this.trainer.evaluate(kind === 'snapshot');
    if (!pending) return;
    const t1 = performance.now();
    const all = pending.then(
      (r) => {
        if (!this.alive) return;
        this.lastProgress = performance.now();
        const extraMs = this.report(r);
        if (measure) this.cadence.measured(kind, evalCost(t0, t1, ahead, performance.now()) + extraMs);
      },
      (e: unknown) => {
        // a run replaced meanwhile destroys its buffers, readbacks in flight included: nothing is lost
        if (this.alive) this.post({ type: 'error', kind: 'internal', message: `Reading metrics failed: ${errorText(e)}` });
      },
    );
    this.inFlight.add(all);
    void all.finally(() => this.inFlight.delete(all));
  }

  /** Posts an evaluation's points, halts and snapshot; returns the ms spent making the snapshot's views. */
  private report(r: Evaluated): number {
    this.points.push(...r.points);
    if (!this.running || r.halts.length > 0) this.flushPoints();
    for (const h of r.halts) {
      if (h.lane === 0) this.running = false;
      this.post({ type: 'halted', runId: this.id, lane: h.lane, step: h.step, message: h.message });
      this.postStatus();
    }
    if (!r.snapshot) return 0;
    const s0 = performance.now();
    const { snapshot, compression, spec, layout, testAccuracy } = r.snapshot;
    const { mnist } = this;
    const data = this.trainer.setup.data;
    const view = mnist && snapshot.testOutput && snapshot.params
      ? mnistView(spec.heads ? headColumns(snapshot.testOutput, data.outputDim, spec.heads[0]) : snapshot.testOutput, snapshot.params, layout, mnist.test, data.test.n, mnist.rows * mnist.cols)
      : undefined;
    const network = snapshot.params ? this.networkView(r.snapshot) : undefined;
    const msg = toSnapshot(this.id, r.step, spec, snapshot, compression, testAccuracy, view, network);
    // augmentation: the last step's batch as the network saw it (Augmented samples, the Output canvas's ghosts)
    const augmented = snapshot.batch ? augmentedView(snapshot.batch) : undefined;
    if (augmented) msg.augmented = augmented;
    this.post(msg, [msg.output.buffer, ...(view ? mnistTransfers(view) : []), ...(network ? networkTransfers(network) : []), ...(augmented ? augmentedTransfers(augmented) : [])]);
    return performance.now() - s0;
  }

  /** The Network panel's view of a snapshot that carries the effective parameters. */
  private networkView(s: NonNullable<Evaluated['snapshot']>) {
    const { spec, layout, snapshot, compression } = s;
    const { compressor, setup } = this.trainer;
    // the mask in force now; a neuron pruning since the snapshot shrank it with the model, and then it does not fit
    const now = compressor.spec;
    const fits = now.inputDim === spec.inputDim && now.layers.length === spec.layers.length && now.layers.every((L, l) => L.outDim === spec.layers[l].outDim);
    const mask = fits ? compressor.mask : null;
    const inMask = mask && mask.length === layout.totalFloats ? mask : null;
    // multi-task: the output layer is drawn as its heads (multitaskNetwork.ts)
    return headsView(networkView({
      spec,
      layout,
      params: snapshot.params ?? new Float32Array(layout.totalFloats),
      mask: mask && mask.length === layout.totalFloats ? mask : null,
      bits: compression.layers.map((l) => l.bits),
      baseSpec: compressor.baseSpec,
      pictures: setup.init.gridRows > 0 ? { grid: setup.init.grid, rows: setup.init.gridRows, size: setup.gridSize } : null,
      frozenLayers: this.trainer.config.frozenLayers,
      teacher: this.trainer.teacher ? { ...this.trainer.teacher, name: this.trainer.teacher.name ?? 'Teacher' } : undefined,
    }), spec, inMask, layout.layers[layout.layers.length - 1].W.offset);
  }

  flushPoints(): void {
    this.lastPost = performance.now();
    if (this.points.length === 0 || !this.alive) return;
    this.post({ type: 'metrics', runId: this.id, points: this.points });
    this.points = [];
  }

  postStatus(): void {
    if (!this.alive) return;
    const t = performance.now();
    const step = this.trainer.step;
    this.rate.push({ t, step });
    while (this.rate.length > 2 && t - this.rate[0].t > 2000) this.rate.shift();
    const first = this.rate[0];
    const stepsPerSecond = this.running && t > first.t ? ((step - first.step) * 1000) / (t - first.t) : 0;
    this.lastStatus = { type: 'status', runId: this.id, running: this.running, step, epoch: this.trainer.epoch, stepsPerSecond };
    this.lastStatusAt = t;
    this.post(this.lastStatus);
  }
}
