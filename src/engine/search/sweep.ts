/**
 * A study run on populations of trials (DESIGN.md seams 1 and 4): the Sampler chooses configurations, the
 * Pruner stops weak trials at their rungs, and every trial trains in a slot of a population
 * (engine/population/types.ts). Trials of one shape (layers and batch size) share a population and one
 * dispatch per kernel; a trial of another shape goes to its own group, and a trial that prunes or
 * quantizes trains on a Trainer of its own (soloTrial.ts). A finished or stopped trial's slot is refilled
 * with the next trial asked for, so ASHA runs asynchronously, as Optuna's does.
 *
 * A trial trains exactly as the same config does in the playground (trialConfig.ts): the seed's initial
 * weights, the seed's BatchSampler, stepSettings(config, step): Load into playground reproduces it.
 *
 *   const s = await Sweep.create(base, settings, factory, {}, mnist);
 *   while (!s.done()) await s.advance(50);   // at most 50 steps of every group, then the caller may post
 *   s.stop(); s.destroy();
 */
import { effectiveBatch, MAX_EVAL_ROWS, runLoss, stepSettings } from '../run';
import type { RunConfig } from '../runConfig';
import { makeDataset, type Dataset } from '../datasets';
import type { MnistRaw } from '../mnist';
import type { CsvSource } from '../data/csvSource';
import { BatchSampler } from '../sampler';
import { modelSize } from '../modelSize';
import { initParams, modelSpecFor, paramLayout, type ModelSpec, type ParamLayout } from '../model';
import type { StepSettings } from '../backend';
import type { BackendFactory } from '../train/trainer';
import type { PopulationBackend, PopulationInit, TrialEvaluation } from '../population/types';
import { needsSolo, SoloTrial } from './soloTrial';
import { sweepBase, trialConfig } from './trialConfig';
import { makePruner, makeSampler, seedRepeats } from './index';
import type { Direction, ObjectiveName, ParamValues, Pruner, Sampler, StudyRecord, StudySettings, Trial } from './types';

/** Makes a population (the worker: WebGPU, else the CPU twin; Node: the CPU twin). */
export interface PopulationFactory {
  create(init: PopulationInit): Promise<PopulationBackend>;
}

/** Most slots trained at once (16: the population; more only slows each step). */
export const MAX_PARALLEL = 16;
/** Most distinct seeds a toy-data study may train on (each seed is its own dataset, uploaded once). */
export const MAX_SEEDS = 64;
/** Evaluations per trial besides its rungs (the learning curves' resolution). */
export const EVALS_PER_TRIAL = 12;

/**
 * The first rung r (min_resource): a ninth of the steps per trial, so ASHA judges at r, 3r and 9r ≈ the
 * last step; earlier, on the spiral, every trial is still near chance and the halving would be a lottery.
 */
export function firstRung(stepsPerTrial: number): number {
  return Math.max(1, Math.round(stepsPerTrial / 9));
}

/** The steps at which a trial is evaluated: its rungs, EVALS_PER_TRIAL evenly spaced steps and the last step, ascending. */
export function evaluationPlan(stepsPerTrial: number, rungs: readonly number[]): number[] {
  const every = Math.max(1, Math.round(stepsPerTrial / EVALS_PER_TRIAL));
  const grid = Array.from({ length: EVALS_PER_TRIAL }, (_, i) => Math.min(stepsPerTrial, (i + 1) * every));
  return [...new Set([...rungs, ...grid, stepsPerTrial])].filter((s) => s >= 1 && s <= stepsPerTrial).sort((a, b) => a - b);
}

export const OBJECTIVE_DIRECTION: Record<ObjectiveName, Direction> = {
  'test-accuracy': 'maximize',
  'test-loss': 'minimize',
  'accuracy-at-size': 'maximize',
};

/** A finished trial's weights, with what they mean. */
export interface FinalWeights {
  trial: Trial;
  spec: ModelSpec;
  layout: ParamLayout;
  data: Dataset;
  /** [layout.totalFloats] */
  params: Float32Array;
}

export interface SweepOptions {
  /** Keep each finished trial's weights (takeFinals), for its decision boundary. */
  keepFinal?: boolean;
  /** Single-run backends, for the trials that prune or quantize (soloTrial.ts). */
  backends?: BackendFactory;
}

/** A running trial, wherever it trains. */
interface TrialRun {
  trial: Trial;
  config: RunConfig;
  /** Steps at which it is evaluated, ascending (its rungs, a regular grid and the last step). */
  evalAt: number[];
  rungs: Set<number>;
  /** Model size in bytes (the objective 'accuracy-at-size'). */
  bytes: number;
}

/** A trial in a population's slot. */
interface Slot extends TrialRun {
  spec: ModelSpec;
  layout: ParamLayout;
  data: Dataset;
  sampler: BatchSampler;
}

/** A trial on a Trainer of its own (it prunes or quantizes). */
interface Solo extends TrialRun {
  solo: SoloTrial;
}

interface Group {
  key: string;
  batch: number;
  population: PopulationBackend;
  slots: Array<Slot | null>;
  /** The step's row indices [T × batch] and row counts [T], reused every step (the population copies them). */
  rows: Uint32Array<ArrayBuffer>;
  counts: Uint32Array<ArrayBuffer>;
}

/** The seeds a study can train with: the data of toy and CSV runs depends on the seed. */
export function studySeeds(base: RunConfig, settings: StudySettings): number[] {
  const seedParam = settings.space.find((p) => p.name === 'seed');
  let seeds: number[];
  if (!seedParam) seeds = [base.seed];
  else if (seedParam.dist.kind === 'categorical') seeds = seedParam.dist.choices.map(Number);
  else {
    const lo = Math.round(seedParam.dist.low), hi = Math.round(seedParam.dist.high);
    seeds = Array.from({ length: Math.max(0, Math.min(hi - lo + 1, MAX_SEEDS + 1)) }, (_, i) => lo + i);
  }
  const all = new Set<number>();
  for (const s of seeds) for (let k = 0; k < settings.seedsPerConfig; k++) all.add(s + k);
  return [...all];
}

/** Why a study cannot run as set (a sentence), or null. */
export function studyProblem(base: RunConfig, settings: StudySettings, dataset: Pick<Dataset, 'task'>): string | null {
  if (settings.space.length === 0) return 'Choose at least one parameter to sweep.';
  if (settings.objective !== 'test-loss' && dataset.task === 'regression') return 'This data has a number to predict, not a class: choose Test loss as the objective.';
  if (base.dataset !== 'mnist' && studySeeds(base, settings).length > MAX_SEEDS) return `A sweep on generated or CSV data trains at most ${MAX_SEEDS} seeds (each is its own dataset): narrow the seed range.`;
  for (const p of settings.space) {
    const d = p.dist;
    if (d.kind === 'categorical' ? d.choices.length === 0 : !(d.low <= d.high) || (d.log && d.low <= 0)) return `The range of ${p.name} is empty or, on a log scale, not above 0.`;
  }
  return null;
}

export class Sweep {
  readonly trials: Trial[] = [];
  readonly direction: Direction;
  private readonly sampler: Sampler;
  private readonly pruner: Pruner;
  private readonly groups = new Map<string, Group>();
  private solos: Solo[] = [];
  /** Datasets by seed (toy and CSV data), or the one dataset (MNIST), built once. */
  private readonly datasets = new Map<number, Dataset>();
  private readonly dataOrder: number[];
  /** Repeats of the last configuration still to start (seeds per configuration). */
  private readonly queued: Array<{ params: ParamValues; configId: number }> = [];
  private readonly finals: FinalWeights[] = [];
  private exhausted = false;
  private stopped = false;

  private constructor(readonly base: RunConfig, readonly settings: StudySettings, private readonly factory: PopulationFactory, private readonly options: SweepOptions, private readonly mnist?: MnistRaw, private readonly csv?: CsvSource) {
    this.direction = OBJECTIVE_DIRECTION[settings.objective];
    this.sampler = makeSampler(settings.method, settings.space, settings.samplerSeed, this.direction, settings.gridPoints);
    this.pruner = makePruner(settings.earlyStopping, { minSteps: firstRung(settings.stepsPerTrial), maxSteps: settings.stepsPerTrial, direction: this.direction });
    this.dataOrder = base.dataset === 'mnist' ? [base.seed] : studySeeds(base, settings);
  }

  /** `base` goes through sweepBase (trialConfig.ts): what a population trains. */
  static async create(base: RunConfig, settings: StudySettings, factory: PopulationFactory, options: SweepOptions = {}, mnist?: MnistRaw, csv?: CsvSource): Promise<Sweep> {
    const s = new Sweep(sweepBase(base), settings, factory, options, mnist, csv);
    const problem = studyProblem(base, settings, s.dataset(s.dataOrder[0], base));
    if (problem) throw new Error(problem);
    await s.fill();
    return s;
  }

  /** Slots trained at once: every trial when there are few, else MAX_PARALLEL. */
  get parallel(): number {
    return Math.max(1, Math.min(MAX_PARALLEL, this.settings.trials));
  }

  /** True when every trial has finished (or the study was stopped). */
  done(): boolean {
    return this.stopped || (this.running().length === 0 && (this.exhausted || this.trials.length >= this.settings.trials));
  }

  running(): Trial[] {
    return this.trials.filter((t) => t.state === 'running');
  }

  /** The steps at which `trial` is judged (for the curves' rung marks). */
  rungs(trial: Trial): number[] {
    return this.pruner.rungs(trial);
  }

  /** Trains at most `steps` steps of every group, evaluating, pruning and refilling slots on the way. */
  async advance(steps: number): Promise<void> {
    for (let i = 0; i < steps && !this.done(); i++) {
      const evaluate: Group[] = [];
      for (const g of this.groups.values()) if (this.stepGroup(g)) evaluate.push(g);
      for (const g of evaluate) await this.evaluateGroup(g);
      let judged = evaluate.length > 0;
      for (const s of this.solos.slice()) judged = (await this.stepSolo(s)) || judged;
      if (judged) await this.fill();
    }
    for (const g of this.groups.values()) await g.population.settled();
    for (const s of this.solos) await s.solo.settled();
  }

  /** Stop sweep: nothing more trains; running trials keep the state 'running' and the steps they reached. */
  stop(): void {
    this.stopped = true;
  }

  /** A snapshot of the study for export and the page. */
  record(): StudyRecord {
    return { format: 'optiplay-study', version: 1, base: this.base, settings: this.settings, direction: this.direction, trials: this.trials.map((t) => ({ ...t, params: { ...t.params }, intermediate: t.intermediate.slice() })) };
  }

  /** The trial's own run config (what Load into playground opens). */
  configOf(trial: Trial): RunConfig {
    return trialConfig(this.base, trial.params, this.settings.stepsPerTrial);
  }

  destroy(): void {
    for (const g of this.groups.values()) g.population.destroy();
    this.groups.clear();
    for (const s of this.solos) s.solo.destroy();
    this.solos = [];
  }

  /** One step of every active slot of a group; true when one of them is due an evaluation. */
  private stepGroup(g: Group): boolean {
    if (g.slots.every((s) => s === null)) return false;
    const { rows, counts } = g;
    counts.fill(0);
    const settings: Array<StepSettings | null> = g.slots.map(() => null);
    let due = false;
    g.slots.forEach((s, i) => {
      if (!s) return;
      const batch = s.sampler.next(g.batch);
      rows.set(batch, i * g.batch);
      counts[i] = batch.length;
      settings[i] = stepSettings(s.config, s.trial.steps);
      s.trial.steps++;
      if (s.evalAt[0] === s.trial.steps) due = true;
    });
    g.population.step(rows, counts, settings);
    return due;
  }

  private async evaluateGroup(g: Group): Promise<void> {
    const evals = await g.population.evaluate(MAX_EVAL_ROWS);
    for (let i = 0; i < g.slots.length; i++) {
      const s = g.slots[i];
      if (!s || s.evalAt[0] !== s.trial.steps) continue;
      if (!this.judge(s, evals[i])) continue;
      if (this.options.keepFinal && s.trial.state !== 'failed') this.finals.push({ trial: s.trial, spec: s.spec, layout: s.layout, data: s.data, params: await g.population.readParams(i) });
      g.slots[i] = null;
      g.population.clearTrial(i);
    }
  }

  /** One step of a trial on its own Trainer, and its evaluation when due; true when it was judged. */
  private async stepSolo(s: Solo): Promise<boolean> {
    await s.solo.step();
    s.trial.steps++;
    if (s.evalAt[0] !== s.trial.steps) return false;
    const { evaluation, bytes } = await s.solo.evaluate();
    s.bytes = bytes;
    if (this.judge(s, evaluation)) {
      if (this.options.keepFinal && s.trial.state !== 'failed') this.finals.push({ trial: s.trial, spec: s.solo.spec, layout: s.solo.layout, data: s.solo.data, params: await s.solo.readParams() });
      s.solo.destroy();
      this.solos = this.solos.filter((x) => x !== s);
    }
    return true;
  }

  /**
   * Records a trial's evaluation at its due step and decides: true when it is over (failed on a non-finite
   * loss, complete at its last step, or stopped by the pruner at a rung; its state and value are set).
   */
  private judge(s: TrialRun, e: TrialEvaluation | null): boolean {
    s.evalAt.shift();
    const value = e ? this.objective(e, s) : NaN;
    const trial = s.trial;
    if (!e || !Number.isFinite(value) || !Number.isFinite(e.testLoss)) {
      trial.state = 'failed';
      trial.error = `The loss became ${e && Number.isNaN(e.testLoss) ? 'NaN' : 'infinite'} by step ${trial.steps}: the rate is too high for this model.`;
      return true;
    }
    trial.intermediate.push({ step: trial.steps, value });
    const complete = trial.steps >= this.settings.stepsPerTrial;
    if (!complete && !(s.rungs.has(trial.steps) && this.pruner.shouldPrune(trial, trial.steps, this.trials))) return false;
    trial.state = complete ? 'complete' : 'pruned';
    trial.value = value;
    return true;
  }

  /** Finished trials' weights kept since the last call (options.keepFinal: small models, for their pictures). */
  takeFinals(): FinalWeights[] {
    return this.finals.splice(0);
  }

  private objective(e: TrialEvaluation, s: TrialRun): number {
    if (this.settings.objective === 'test-loss') return e.testLoss;
    const acc = (e.testAccuracy ?? NaN) * 100;
    if (this.settings.objective === 'accuracy-at-size' && s.bytes > this.settings.sizeLimitBytes) return 0;
    return acc;
  }

  /** Starts trials until the parallel slots are full or the study has asked for all of them. */
  private async fill(): Promise<void> {
    while (!this.stopped && this.running().length < this.parallel && this.trials.length < this.settings.trials) {
      const next = this.nextParams();
      if (!next) {
        this.exhausted = true;
        return;
      }
      const trial: Trial = { id: this.trials.length, params: next.params, state: 'running', intermediate: [], value: null, steps: 0, configId: next.configId ?? this.trials.length };
      const bracket = this.pruner.assign(trial);
      if (bracket !== undefined) trial.bracket = bracket;
      this.trials.push(trial);
      await this.start(trial);
    }
  }

  /** The next configuration: a queued seed repeat, else the sampler's next ask (expanded over the seeds). */
  private nextParams(): { params: ParamValues; configId?: number } | null {
    const q = this.queued.shift();
    if (q) return q;
    const params = this.sampler.ask(this.trials);
    if (!params) return null;
    if (this.settings.seedsPerConfig <= 1) return { params };
    const configId = this.trials.length;
    const [first, ...rest] = seedRepeats(params, this.settings.seedsPerConfig, Number(params.seed ?? this.base.seed));
    for (const p of rest) this.queued.push({ params: p, configId });
    return { params: first, configId };
  }

  private async start(trial: Trial): Promise<void> {
    const config = trialConfig(this.base, trial.params, this.settings.stepsPerTrial);
    const rungs = this.pruner.rungs(trial).filter((r) => r < this.settings.stepsPerTrial);
    const evalAt = evaluationPlan(this.settings.stepsPerTrial, rungs);
    if (needsSolo(config)) {
      if (!this.options.backends) throw new Error('This study prunes or quantizes its trials, which train on single-run backends, and none was given.');
      const solo = await SoloTrial.create(config, this.options.backends, this.mnist, this.csv);
      this.solos.push({ trial, config, evalAt, rungs: new Set(rungs), bytes: 0, solo });
      return;
    }
    const dataSeed = this.base.dataset === 'mnist' ? this.base.seed : config.seed;
    const data = this.dataset(dataSeed, config);
    const spec = modelSpecFor(config, data);
    const layout = paramLayout(spec);
    const loss = runLoss(config, data);
    const batch = effectiveBatch(config, data);
    const key = `${spec.layers.map((l) => l.outDim).join('-')}|${config.activation}|${loss}|b${batch}`;
    let g = this.groups.get(key);
    if (!g) {
      const all = this.dataOrder.map((seed) => this.dataset(seed, config));
      g = { key, batch, slots: Array.from({ length: this.parallel }, () => null), rows: new Uint32Array(this.parallel * batch), counts: new Uint32Array(this.parallel), population: await this.factory.create({ spec, layout, loss, data: all, trials: this.parallel, batch }) };
      this.groups.set(key, g);
    }
    const slot = g.slots.indexOf(null);
    g.population.setTrial(slot, initParams(spec, layout, config.seed), this.dataOrder.indexOf(dataSeed));
    const bytes = modelSize(spec, layout, { bits: spec.layers.map(() => 32), scheme: config.quantScheme, perChannel: true }).total.best;
    g.slots[slot] = { trial, config, spec, layout, data, sampler: new BatchSampler(data.train.n, config.seed), evalAt, rungs: new Set(rungs), bytes };
  }

  /** The dataset trained on with `seed` (the data fields are the base run's): built once per seed. */
  private dataset(seed: number, like: RunConfig): Dataset {
    let d = this.datasets.get(seed);
    if (!d) {
      d = makeDataset({ ...like, seed }, this.mnist, this.csv);
      this.datasets.set(seed, d);
    }
    return d;
  }
}
