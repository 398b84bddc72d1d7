/**
 * The race as a preset of a population (DESIGN.md seam 4). A run with race lanes trains lane 0 (the run:
 * snapshots, pruning, quantization, neuron removal, rewind) on a backend of its own, and its race lanes
 * 1…k as the k slots of one PopulationBackend:
 *
 *   lane i (1 ≤ i ≤ k)  →  slot i − 1, holding the run's initial weights, optimizer state zeroed
 *   data                →  one dataset, the run's (PopulationInit.data = [setup.data]; dataIndex 0)
 *   a step              →  every live lane's view records its StepSettings (a diverged lane records none,
 *                          so its slot is idle for the step); flush() sends them as ONE population step on
 *                          the step's one batch (rows [k, B], the same rows in every slot)
 *   an evaluation       →  the views evaluated at one step share one population evaluation (losses,
 *                          accuracies) and one slotStats() (gradient norms per layer, Σθ², Σ|θ|)
 *   a checkpoint        →  each view reads and loads its slot's parameters and optimizer state, so a
 *                          checkpoint's lanes are the same records whichever way the race trained
 *
 * Each race lane still is a TrainingBackend (a view of its slot), so the Trainer keeps one Lane per lane and
 * metrics keyed by lane. A view does what a race lane is ever asked (step, evaluate without snapshot, read
 * and load state, zero its optimizer state, plain layer groups); the compression calls are lane 0's only and
 * a view refuses them with an error. Only plain race lanes come here (Trainer: no reference lane, one head,
 * every layer training at the base rate, no augmentation: populationSteps). The population's batch is
 * fixed, so a larger batch regrows it: the slots' states move to a new population (`fits`, `regrow`, before
 * a step). A live change it cannot train (frozen layers, augmentation) moves the lanes to a backend each
 * with their states (`split`, before a step); they stay there until the run is rebuilt or restored.
 */
import { type BackendInit, type Evaluation, type StepSettings, type TrainingBackend, type TrainingState } from '../backend';
import type { RunConfig } from '../config';
import type { ModelSpec } from '../model';
import { laneConfig, stepSettings } from '../run';
import { laneGroups, type Reference } from './reference';
import { isPlain } from '../model/groups';
import { augmentActive } from '../strategies/augment';
import type { SlotStats } from '../population/slotStats';
import type { PopulationBackend, PopulationInit, TrialEvaluation } from '../population/types';

/**
 * Whether a population steps with these settings exactly as a lane's own backend would: no data
 * augmentation and no task weights (a population trains one plain head on the plain batch; distillation
 * is a reference run's, never a race's).
 */
export function populationSteps(s: StepSettings): boolean {
  return !augmentActive(s.augment) && !s.tasks;
}

/** Makes the population the race's lanes train on (the worker picks WebGPU or the CPU twin). */
export type PopulationMaker = (init: PopulationInit) => Promise<PopulationBackend>;

/** Most evaluations of the race's population in flight at once (more: evaluate() answers null, try later). */
const MAX_EVALS_IN_FLIGHT = 2;

type Shared = Promise<{ evals: Array<TrialEvaluation | null>; stats: Array<SlotStats | null> }>;

export class RaceLanes {
  /** One view per race lane: backends[j] is lane j + 1, slot j. */
  readonly backends: TrainingBackend[];
  private population: PopulationBackend;
  private batch: number;
  /** What each view asked for since the last flush: the step's rows and each slot's settings. */
  private pendingRows: Uint32Array<ArrayBuffer> | null = null;
  private readonly pending: Array<StepSettings | null>;
  /** Bumped by anything that changes a slot: evaluations of one generation are shared. */
  private generation = 0;
  private shared: { generation: number; result: Shared } | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private live: number;
  private destroyed = false;

  private constructor(private readonly make: PopulationMaker, private readonly init: BackendInit, population: PopulationBackend, batch: number) {
    this.population = population;
    this.batch = batch;
    const k = population.trials;
    this.pending = Array.from({ length: k }, () => null);
    this.live = k;
    this.backends = Array.from({ length: k }, (_, slot) => this.view(slot));
  }

  /** k race lanes of the model in `init`, each starting from `init.params`, batches of at most `batch` rows. */
  static async create(make: PopulationMaker, init: BackendInit, k: number, batch: number): Promise<RaceLanes> {
    const population = await make(populationInit(init, k, batch));
    for (let slot = 0; slot < k; slot++) population.setTrial(slot, init.params, 0);
    return new RaceLanes(make, init, population, batch);
  }

  get kind(): PopulationBackend['kind'] {
    return this.population.kind;
  }

  /** Whether a step of `batch` rows fits the population (else regrow first). */
  fits(batch: number): boolean {
    return batch <= this.batch;
  }

  /** Moves every slot's parameters and optimizer state to a new population for batches of `batch` rows. */
  async regrow(batch: number): Promise<void> {
    if (this.fits(batch)) return;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const k = this.population.trials;
    const states = await Promise.all(Array.from({ length: k }, (_, s) => this.population.readSlotState(s)));
    const next = await this.make(populationInit(this.init, k, batch));
    states.forEach((st, s) => {
      next.setTrial(s, st.params, 0);
      next.loadSlotState(s, st);
    });
    if (this.destroyed) return next.destroy();
    this.population.destroy();
    this.population = next;
    this.batch = batch;
    this.changed();
  }

  /**
   * The race's lanes leave the population for a backend each (a config the population cannot train: frozen
   * layers, augmentation): each slot's parameters and optimizer state load into a backend made from its
   * init (`inits[j]` for lane j + 1); the population is freed. Returns those backends, lane 1 first.
   */
  async split(maker: LaneMaker, inits: BackendInit[], batch: number): Promise<TrainingBackend[]> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const states = await Promise.all(this.backends.map((_, s) => this.population.readSlotState(s)));
    const made: TrainingBackend[] = [];
    try {
      for (const [s, st] of states.entries()) {
        made.push((await maker.create({ ...inits[s], params: st.params }, batch)).backend);
        made[s].loadState(st);
      }
    } catch (e) {
      made.forEach((b) => b.destroy());
      throw e;
    }
    this.destroy();
    return made;
  }

  /** Sends the steps the views recorded since the last flush as one population step. */
  flush(): void {
    const rows = this.pendingRows;
    if (!rows || this.destroyed) return;
    if (!this.fits(rows.length)) throw new Error(`The race's population takes batches of at most ${this.batch} rows, not ${rows.length}: call compress() before the step.`);
    const k = this.population.trials, B = this.batch;
    const all = new Uint32Array(k * B); // [k, B] the step's rows in every slot
    const counts = new Uint32Array(k); // [k]
    for (let s = 0; s < k; s++) {
      if (!this.pending[s]) continue;
      all.set(rows, s * B);
      counts[s] = rows.length;
    }
    this.population.step(all, counts, this.pending.slice());
    this.pending.fill(null);
    this.pendingRows = null;
    this.changed();
  }

  private changed(): void {
    this.generation++;
    this.shared = null;
  }

  /** The evaluation every view of this generation shares; null while too many are in flight. */
  private evaluation(): Shared | null {
    if (this.shared?.generation === this.generation) return this.shared.result;
    if (this.inFlight.size >= MAX_EVALS_IN_FLIGHT) return null;
    const result: Shared = Promise.all([this.population.evaluate(this.init.maxEvalRows), this.population.slotStats()]).then(([evals, stats]) => ({ evals, stats }));
    this.shared = { generation: this.generation, result };
    this.inFlight.add(result);
    void result.finally(() => this.inFlight.delete(result)).catch(() => {});
    return result;
  }

  private view(slot: number): TrainingBackend {
    const refuse = (what: string): never => {
      throw new Error(`A race lane trains plainly: ${what} is lane 0's only.`);
    };
    let released = false;
    return {
      info: { kind: this.population.kind, name: this.population.kind === 'cpu' ? 'CPU' : 'WebGPU population' },
      step: (batch, settings) => {
        if (!populationSteps(settings)) throw new Error('A race lane on a population trains on the plain batch: augmentation and task weights need a backend per lane (the Trainer rebuilds the run).');
        this.pendingRows = batch;
        this.pending[slot] = settings;
      },
      evaluate: () => {
        const shared = this.evaluation();
        return shared && shared.then(({ evals, stats }) => ({ evaluation: toEvaluation(evals[slot], stats[slot], slot) }));
      },
      resetOptimizerState: () => {
        this.population.resetSlotState(slot);
        this.changed();
      },
      settled: () => this.population.settled(),
      readParams: () => this.population.readParams(slot),
      readState: () => this.population.readSlotState(slot),
      loadState: (s: TrainingState) => {
        this.population.loadSlotState(slot, s);
        this.changed();
      },
      setParams: (params) => {
        const P = this.init.layout.totalFloats;
        this.population.loadSlotState(slot, { params: Float32Array.from(params), state: [new Float32Array(P), new Float32Array(P)] });
        this.changed();
      },
      setMask: (mask) => (mask ? refuse('pruning') : undefined),
      magnitudeMask: () => Promise.reject(new Error('A race lane trains plainly: pruning is lane 0’s only.')),
      neuronScores: () => Promise.reject(new Error('A race lane trains plainly: neuron removal is lane 0’s only.')),
      setGroups: (groups) => (isPlain(groups) ? undefined : refuse('frozen layers or a slower rate for some layers')),
      setQuantization: (quant) => (quant ? refuse('quantization') : undefined),
      destroy: () => {
        if (released) return;
        released = true;
        if (--this.live === 0) this.destroy();
      },
    };
  }

  /** Frees the population (also when every view has been destroyed). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.population.destroy();
  }
}

/** The population for k race lanes of the run in `init`. */
function populationInit(init: BackendInit, k: number, batch: number): PopulationInit {
  return { spec: init.spec, layout: init.layout, loss: init.loss, data: [init.data], trials: k, batch };
}

/** A slot's population evaluation and statistics as a single run's Evaluation. */
function toEvaluation(e: TrialEvaluation | null, s: SlotStats | null, slot: number): Evaluation {
  if (!e || !s) throw new Error(`race slot ${slot} holds no trial`);
  const ev: Evaluation = { trainLoss: e.trainLoss, testLoss: e.testLoss, gradNorms: s.gradNorms, paramSumSq: s.paramSumSq, paramSumAbs: s.paramSumAbs };
  if (e.trainAccuracy !== null) ev.trainAccuracy = e.trainAccuracy;
  if (e.testAccuracy !== null) ev.testAccuracy = e.testAccuracy;
  return ev;
}

/** What makes the lanes' backends: a backend per model, and (optionally) the race's population. */
export interface LaneMaker {
  create(init: BackendInit, batch: number): Promise<{ backend: TrainingBackend; notice?: string }>;
  createPopulation?: PopulationMaker;
}

/**
 * The backends of every lane: lane 0 on its own; with `race` (plain race lanes of one model) and a
 * population maker, lanes 1… as the slots of one population (a population too large for the device falls
 * back to a backend per lane); else a backend per lane. On a failure the ones already made are destroyed.
 */
export async function createLaneBackends(maker: LaneMaker, inits: BackendInit[], batch: number, race: boolean): Promise<{ backends: TrainingBackend[]; notice?: string; race: RaceLanes | null }> {
  const made: Array<{ backend: TrainingBackend; notice?: string }> = [];
  try {
    made.push(await maker.create(inits[0], batch));
    if (race && maker.createPopulation && inits.length > 1) {
      const lanes = await RaceLanes.create(maker.createPopulation, inits[1], inits.length - 1, batch).catch((e: Error) => {
        if (e.name === 'BackendLimitError') return null;
        throw e;
      });
      if (lanes) return { backends: [made[0].backend, ...lanes.backends], notice: made[0].notice, race: lanes };
    }
    for (const init of inits.slice(1)) made.push(await maker.create(init, batch));
  } catch (e) {
    made.forEach((m) => m.backend.destroy());
    throw e;
  }
  return { backends: made.map((m) => m.backend), notice: made[0].notice, race: null };
}

/**
 * Whether a run's race lanes can train as one population's slots (raceLanes.ts): a race, no reference lane,
 * one head, every layer at the base rate, steps a population takes (no augmentation).
 */
export function plainRace(config: RunConfig, spec: ModelSpec, reference: Reference | null): boolean {
  if (reference || config.race.length === 0 || spec.heads) return false;
  const groups = laneGroups(config, spec.layers.length, 1 + config.race.length, null).slice(1);
  return groups.every((g) => g === null) && config.race.every((l) => populationSteps(stepSettings(laneConfig(config, l), 0)));
}

/** Same layers, widths and activations. */
export function sameShape(a: ModelSpec, b: ModelSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
