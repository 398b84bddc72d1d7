/**
 * The Trainer: one run's training rules in one place, for every caller (the worker, `npm run
 * reproduce:mnist`, the benchmark). It owns the backends (lane 0 is the run; lanes 1–3 the race's other
 * optimizer settings, same network, data, seed and batches: plain race lanes train as the slots of one
 * population, raceLanes.ts), the sampler, the step and optimizer clocks,
 * the learning-rate schedule, the Compressor (pruning, quantization, neuron removal, rewind) and the
 * divergence guard, and keeps the metric history (thinned past HISTORY_POINTS_PER_LANE per lane: history.ts). It never waits on the device in `step`; callers
 * schedule steps, evaluations and checkpoints around it. How a run starts (fresh or from a checkpoint) and
 * what its checkpoint records: runState.ts.
 *
 *   const t = await Trainer.create(setup, backends);      // or Trainer.restore(checkpoint, setup, backends)
 *   t.configure(next)        → { rebuild }: true when `next` needs a new run (the caller builds one)
 *   if (t.compressionDue()) await t.compress();           // before a step; rare
 *   t.doStep();              // one step on every live lane (t.step counts them)
 *   t.evaluate(snapshot)     → metric points (kept in t.history), halts, and a snapshot of lane 0
 *   await t.checkpoint()     → engine/checkpoint.ts, from which Trainer.restore continues exactly
 */
import { type BackendInit, type Evaluation, type Snapshot, type TrainingBackend } from '../backend';
import type { Checkpoint } from '../checkpoint';
import type { Compressor, CompressionSummary, Shrink } from '../compressor';
import { needsRebuild, type RunConfig } from '../config';
import { paramLayout, type ModelSpec, type ParamLayout } from '../model';
import { laneGroups, referenceConfigs, referenceLabels, type Reference } from './reference';
import type { Teacher } from '../distill/teacher';
import { shiftedClass, shiftOutputBias } from '../distill/biasShift';
import { compressionChanged, effectiveBatch, laneConfig, optimizerStateChanges, stepSettings, type RunSetup } from '../run';
import { describeDivergence, laneLabel, toPoint } from './divergence';
import type { MetricPoint } from './metrics';
import { HISTORY_POINTS_PER_LANE, thinHistory } from './history';
import { laneTasks } from '../strategies/multitaskLanes';
import { plainRace, type PopulationMaker, type RaceLanes } from './raceLanes';
import { checkpointOf, freshStart, restoredStart, type RunStart } from './runState';

/** Makes a backend for a model (the worker picks WebGPU or the CPU; Node scripts the CPU). */
export interface BackendFactory {
  /** Throws BackendLimitError (backend.ts) when the model does not fit the device. */
  create(init: BackendInit, batch: number): Promise<{ backend: TrainingBackend; notice?: string }>;
  /** With it, plain race lanes train as the slots of one population (raceLanes.ts); without, a backend each. */
  createPopulation?: PopulationMaker;
}

export interface Lane {
  config: RunConfig;
  /** The model this lane trains (lane 0's shrinks with neuron pruning; race lanes keep the one built). */
  spec: ModelSpec;
  backend: TrainingBackend;
  diverged: boolean;
  /** Gradient norms of the last finite evaluation, to tell where a divergence started. */
  lastGradNorms: number[] | null;
  /** Step at which the optimizer state was last zeroed: t counts from here. */
  optimizerSince: number;
  /** Step at which the learning-rate schedule (re)started. */
  scheduleSince: number;
}

/** Where a new run starts: by default step 0 from the setup's initial weights. */
export interface StartOptions {
  /** Distillation: lane 0 (the student) learns from this teacher's soft targets; lane 1 is the student alone. */
  teacher?: Teacher;
  /** Transfer: lane 0 starts from these weights ([paramLayout(setup.init.spec).totalFloats], engine/transfer/start.ts), taken from the run named `from`; lane 1 from the seed's (from scratch). */
  transfer?: { params: Float32Array<ArrayBuffer>; from: string };
  /** The step the run starts at (a branch of another run continues its step count; every clock starts here). */
  step?: number;
  /** What lottery-ticket rewind resets to (default: setup.init.params, the weights the run starts from). */
  initialParams?: Float32Array;
}

/** A lane's loss went non-finite: it stopped (lane 0: the run is halted). */
export interface Halt {
  lane: number;
  step: number;
  message: string;
}

/** What one evaluation gave: the finite points (already in history), halts, and lane 0's snapshot if asked. */
export interface Evaluated {
  step: number;
  points: MetricPoint[];
  halts: Halt[];
  snapshot?: {
    snapshot: Snapshot;
    compression: CompressionSummary;
    /** The model the snapshot was taken of (neuron pruning may have changed it since). */
    spec: ModelSpec;
    layout: ParamLayout;
    testAccuracy?: number;
  };
}

export class Trainer {
  /** The run's setup; after neuron pruning `init` holds lane 0's smaller model. */
  setup: RunSetup;
  config: RunConfig;
  readonly lanes: Lane[];
  step = 0;
  readonly compressor: Compressor;
  /** Every finite evaluation of every lane, in order. */
  readonly history: MetricPoint[] = [];
  /** Why the CPU is used, when it is (from the backend factory). */
  readonly notice?: string;
  /** A distilled run's teacher (lane 0 learns from its soft targets), kept for checkpoints; null otherwise. */
  teacher: Teacher | null = null;
  /** A taught run's lane 1 (reference.ts): the same model alone or from scratch; null: lanes are the race's. */
  reference: Reference | null = null;
  /** Class bias shift not yet applied to the lanes' weights (configure records it; compress applies it). */
  private pendingShift = 0;
  private compressing: Promise<void> | null = null;
  /** The race's lanes 1… when they train as one population's slots (raceLanes.ts); null: a backend per lane. */
  private race: RaceLanes | null = null;
  /** A live change the race's population cannot train: its lanes move to a backend each before the next step. */
  private raceSplitDue = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private destroyed = false;

  private constructor(start: RunStart, private readonly factory: BackendFactory) {
    ({ setup: this.setup, config: this.config, lanes: this.lanes, compressor: this.compressor, reference: this.reference, notice: this.notice } = start);
    ({ race: this.race, teacher: this.teacher, step: this.step, pendingShift: this.pendingShift } = start);
    this.history.push(...start.history);
    this.applyGroups();
  }

  /** How each layer trains (config: Frozen layers, the transferred layers' rate), on every lane's backend. */
  private applyGroups(): void {
    const groups = laneGroups(this.config, this.setup.init.spec.layers.length, this.lanes.length, this.reference);
    // race lanes about to leave the population get theirs on their own backends (leavePopulation)
    this.lanes.forEach((lane, i) => (this.raceSplitDue && i > 0 ? undefined : lane.backend.setGroups(groups[i])));
  }

  /** Every lane's config for a run config: [run, reference] for a taught run, else [run, …race lanes]. */
  private laneConfigs(config: RunConfig): RunConfig[] {
    return this.reference ? referenceConfigs(config, this.reference) : [config, ...config.race.map((l) => laneConfig(config, l))];
  }

  /** A fresh run from `setup` (step 0, the seed's initial weights on every lane; runState.ts freshStart). */
  static async create(setup: RunSetup, factory: BackendFactory, opts: StartOptions = {}): Promise<Trainer> {
    return new Trainer(await freshStart(setup, factory, opts), factory);
  }

  /**
   * A new run (step 0) from given weights, e.g. an imported model: `spec` must take the data's inputs and
   * give its outputs; `params` are in paramLayout(spec). Throws with a sentence when they do not fit.
   */
  static async fromWeights(setup: RunSetup, spec: ModelSpec, params: Float32Array, factory: BackendFactory): Promise<Trainer> {
    const outputs = spec.layers[spec.layers.length - 1]?.outDim;
    const { inputDim, outputDim } = setup.data;
    if (spec.inputDim !== inputDim || outputs !== outputDim) {
      const n = (k: number | undefined, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
      throw new Error(`The model takes ${n(spec.inputDim, 'input')} and gives ${n(outputs, 'output')}, but ${setup.config.dataset} has ${n(inputDim, 'input')} and ${n(outputDim, 'output')}.`);
    }
    const layout = paramLayout(spec);
    if (params.length !== layout.totalFloats) throw new Error(`The model's parameters hold ${params.length} numbers; its layers need ${layout.totalFloats}.`);
    return Trainer.create({ ...setup, init: { ...setup.init, spec, layout, params } }, factory);
  }

  /**
   * Continues a checkpointed run: `setup` is setupRun(ckpt.config, …) (the data; its fresh sampler and
   * initial model are replaced by the checkpoint's). The next step is exactly the one the run would have
   * taken (bit for bit on the CPU backend; runState.ts restoredStart).
   */
  static async restore(ckpt: Checkpoint, setup: RunSetup, factory: BackendFactory): Promise<Trainer> {
    return new Trainer(await restoredStart(ckpt, setup, factory), factory);
  }

  /** True once lane 0's loss went non-finite (Reset or a new run clears it). */
  get halted(): boolean {
    return this.lanes[0].diverged;
  }

  get epoch(): number {
    return this.setup.sampler.epoch;
  }

  /** Labels of the lanes: [main, …race lanes]. */
  get laneLabels(): string[] {
    return this.reference ? referenceLabels(this.reference) : this.lanes.map((l) => laneLabel(l.config));
  }

  /**
   * A new config. Live fields (rates, optimizer, schedule, compression) apply from the next step, and
   * switching optimizer zeroes that lane's state (t restarts at 1); anything else needs a new run:
   * `rebuild` true and nothing changed here.
   */
  configure(next: RunConfig): { rebuild: boolean; compression: boolean } {
    if (needsRebuild(this.config, next)) return { rebuild: true, compression: false };
    // race lanes on a population train plainly: frozen layers or augmentation move them to a backend each
    if (this.race && !plainRace(next, this.setup.init.spec, this.reference)) this.raceSplitDue = true;
    const shift = next.biasShift - this.config.biasShift;
    const cls = shiftedClass(next.omitDigit);
    if (shift !== 0 && cls !== null) this.pendingShift += shift;
    const compression = compressionChanged(this.config, next) || this.pendingShift !== 0;
    this.config = next;
    this.laneConfigs(next).forEach((c, i) => {
      const lane = this.lanes[i];
      if (optimizerStateChanges(lane.config, c)) {
        lane.backend.resetOptimizerState();
        lane.optimizerSince = this.step;
      }
      lane.config = c;
    });
    this.applyGroups();
    return { rebuild: false, compression };
  }

  /** The learning-rate schedule starts again from now on every lane (a fine-tuning phase). */
  restartSchedule(): void {
    for (const lane of this.lanes) lane.scheduleSince = this.step;
  }

  /** Is model-edit work due before the next step: pruning, quantization, a class bias shift? (cheap) */
  compressionDue(): boolean {
    return !this.compressing && (this.pendingShift !== 0 || this.compressor.due(this.config, this.step) || this.raceWorkDue());
  }

  /**
   * Does the compressor's due work (one job at a time; awaits the device). Neuron pruning continues lane 0
   * on a backend built for the smaller model; a rewind restarts lane 0's optimizer clock.
   */
  async compress(): Promise<void> {
    while (this.compressing) await this.compressing;
    if (this.destroyed || (this.pendingShift === 0 && !this.compressor.due(this.config, this.step) && !this.raceWorkDue())) return;
    const job = (async () => {
      // a larger batch than the race's population holds: its slots move to a bigger one
      if (this.race && this.raceSplitDue) await this.leavePopulation();
      if (this.race && this.raceWorkDue()) await this.race.regrow(effectiveBatch(this.config, this.setup.data));
      const cls = shiftedClass(this.config.omitDigit);
      const shift = this.pendingShift;
      this.pendingShift = 0;
      if (shift !== 0 && cls !== null) for (const lane of this.lanes) await shiftOutputBias(lane.backend, lane.spec, cls, shift);
      if (!this.compressor.due(this.config, this.step)) return;
      const step = this.step;
      const shrink = await this.compressor.apply(this.config, step, this.lanes[0].backend);
      if (this.compressor.rewoundAt === step) this.lanes[0].optimizerSince = step;
      if (shrink) await this.adoptShrink(shrink);
    })();
    this.compressing = job;
    try {
      await job;
    } finally {
      this.compressing = null;
    }
  }

  /** Race work before the next step (compress() does it): leave the population, or regrow it for a larger batch. */
  private raceWorkDue(): boolean {
    return !!this.race && (this.raceSplitDue || !this.race.fits(effectiveBatch(this.config, this.setup.data)));
  }

  /** The race's lanes continue on a backend each, from their slots' states (raceLanes.ts split); clocks kept. */
  private async leavePopulation(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const lanes = this.lanes.slice(1);
    const inits = lanes.map((l) => ({ ...this.setup.init, spec: l.spec, layout: paramLayout(l.spec) }));
    const backends = await this.race!.split(this.factory, inits, effectiveBatch(this.config, this.setup.data));
    lanes.forEach((l, i) => (l.backend = backends[i]));
    this.race = null;
    this.raceSplitDue = false;
    if (this.destroyed) return backends.forEach((b) => b.destroy());
    this.applyGroups();
  }

  /** The smaller model continues on a new backend at the same step; its optimizer state is zero (t restarts). */
  private async adoptShrink(shrink: Shrink): Promise<void> {
    const init = { ...this.setup.init, spec: shrink.spec, layout: shrink.layout, params: shrink.params };
    const made = await this.factory.create(init, effectiveBatch(this.config, this.setup.data));
    // evaluations in flight read the old backend's buffers: let them land before it goes
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.destroyed) {
      made.backend.destroy();
      return;
    }
    const lane = this.lanes[0];
    lane.backend.destroy();
    lane.backend = made.backend;
    lane.spec = shrink.spec;
    lane.optimizerSince = this.step;
    this.setup = { ...this.setup, init };
    this.compressor.adopt(made.backend);
    this.applyGroups();
  }

  /** One training step on every lane still training, on one batch; enqueued, never waits. */
  doStep(): void {
    if (this.raceSplitDue) throw new Error('The race’s lanes must leave their population first: call compress() before the step.');
    const batch = this.setup.sampler.next(effectiveBatch(this.config, this.setup.data));
    this.lanes.forEach((lane, i) => {
      // a multi-task model: how this lane weighs its heads (strategies/multitaskLanes.ts)
      const tasks = lane.spec.heads ? { tasks: laneTasks(lane.config, this.reference?.kind === 'single' ? i : 0) } : {};
      if (!lane.diverged) lane.backend.step(batch, { ...stepSettings(lane.config, this.step, lane.optimizerSince, lane.scheduleSince), ...tasks });
    });
    this.race?.flush();
    this.step++;
  }

  /** Resolves when the device has finished the steps enqueued so far. */
  settled(): Promise<void> {
    return this.lanes[this.lanes.length - 1].backend.settled();
  }

  /**
   * Enqueues an evaluation of every live lane (and a snapshot of lane 0); null when no lane could take one
   * now (too many readbacks in flight: try again later). Finite points join `history`; a non-finite loss
   * stops its lane and comes back as a halt.
   */
  evaluate(withSnapshot: boolean): Promise<Evaluated> | null {
    const step = this.step;
    const epoch = this.epoch;
    const { spec, layout } = this.setup.init;
    const compression = withSnapshot ? this.compressor.view(this.config) : null;
    const pendings = this.lanes.map((lane, i) => {
      if (lane.diverged) return null;
      const pending = lane.backend.evaluate(withSnapshot && i === 0);
      if (!pending) return null;
      const before = Math.max(0, step - 1);
      const learningRate = stepSettings(lane.config, before, Math.min(lane.optimizerSince, before), Math.min(lane.scheduleSince, before)).hyper.learningRate;
      return pending.then((r) => ({ i, learningRate, config: lane.config, ...r }));
    });
    if (pendings.every((p) => p === null)) return null;
    const all = Promise.all(pendings).then((results) => {
      const out: Evaluated = { step, points: [], halts: [] };
      for (const r of results) {
        if (!r || this.destroyed) continue;
        const point = toPoint(r.i, step, epoch, r.learningRate, r.config, r.evaluation);
        if (!point) {
          const halt = this.divergence(r.i, step, r.evaluation);
          if (halt) out.halts.push(halt);
          continue;
        }
        this.lanes[r.i].lastGradNorms = r.evaluation.gradNorms;
        this.history.push(point);
        out.points.push(point);
        if (r.snapshot && compression) out.snapshot = { snapshot: r.snapshot, compression, spec, layout, testAccuracy: r.evaluation.testAccuracy };
      }
      this.keepHistoryBounded();
      return out;
    });
    this.inFlight.add(all);
    void all.finally(() => this.inFlight.delete(all)).catch(() => {});
    return all;
  }

  /** Thins the history once a lane is over its bound (history.ts): a run of hours keeps it flat. */
  private keepHistoryBounded(): void {
    if (this.history.length <= HISTORY_POINTS_PER_LANE * this.lanes.length) return;
    const thinned = thinHistory(this.history);
    if (thinned !== this.history) this.history.splice(0, this.history.length, ...thinned);
  }

  private divergence(i: number, step: number, ev: Evaluation): Halt | null {
    const lane = this.lanes[i];
    if (lane.diverged) return null;
    lane.diverged = true;
    const name = this.lanes.length > 1 ? laneLabel(lane.config) : null;
    return { lane: i, step, message: describeDivergence(i, step, lane.config, name, lane.lastGradNorms, ev.gradNorms) };
  }

  /** Resolves once no compression job and no evaluation is in flight. */
  async quiet(): Promise<void> {
    while (this.compressing || this.inFlight.size > 0) {
      if (this.compressing) await this.compressing.catch(() => {});
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    }
  }

  /**
   * The whole run as a checkpoint, as of the steps enqueued so far: clocks, sampler and compressor are
   * taken now, parameters and optimizer state read back after those steps (runState.ts checkpointOf).
   * Waits for compression work.
   */
  async checkpoint(): Promise<Checkpoint> {
    while (this.compressing) await this.compressing.catch(() => {});
    return checkpointOf(this);
  }

  destroy(): void {
    this.destroyed = true;
    this.lanes.forEach((l) => l.backend.destroy());
  }
}
