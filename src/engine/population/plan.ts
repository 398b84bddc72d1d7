/**
 * A scripted population: which trial runs in which slot from which step to which, and the calls that
 * train it (PopulationBackend.setTrial / clearTrial / step), each step's rows drawn by the trial's own
 * BatchSampler and its settings from stepSettings(config, steps done by the trial), exactly as a single
 * run of that config would draw them. The parity tests (cpuPopulation.test.ts, the browser harness) feed
 * the same events to a population and to single runs; a sweep (engine/search/sweep.ts) drives its slots
 * by the same rules.
 */
import type { StepSettings } from '../backend';
import type { Dataset } from '../datasets';
import type { RunConfig } from '../config';
import { initParams, modelSpecFor, paramLayout } from '../model';
import { effectiveBatch, MAX_EVAL_ROWS, setupRun, stepSettings, type RunSetup } from '../run';
import { BatchSampler } from '../sampler';
import type { PopulationInit } from './types';

export interface PlannedTrial {
  config: RunConfig;
  slot: number;
  /** The population step at which the trial is put in its slot. */
  start: number;
  /** Steps it trains (it ends after them: its slot is cleared unless another trial starts there). */
  steps: number;
}

export interface PopulationPlan {
  init: PopulationInit;
  trials: PlannedTrial[];
  /** Per trial: its single-run setup (data shared with init.data by reference) and its dataset's index. */
  setups: RunSetup[];
  dataIndex: number[];
  /** Population steps in all (the last trial's end). */
  steps: number;
}

export type PopulationEvent =
  | { kind: 'set'; trial: number; slot: number; params: Float32Array; dataIndex: number }
  /** The trial has trained all its steps (the slot is cleared or refilled next). */
  | { kind: 'end'; trial: number; slot: number }
  | { kind: 'clear'; slot: number }
  | {
      kind: 'step';
      step: number;
      rows: Uint32Array<ArrayBuffer>;
      rowCounts: Uint32Array<ArrayBuffer>;
      settings: Array<StepSettings | null>;
      /** What each trial in a slot trains on this step, as a single run would be called. */
      trained: Array<{ trial: number; batch: Uint32Array<ArrayBuffer>; settings: StepSettings }>;
    };

/** The data fields of a config: trials with equal keys share one dataset. */
const dataKey = (c: RunConfig) => JSON.stringify([c.dataset, c.samples, c.noise, c.trainFraction, c.seed, c.classes, c.omitDigit]);

/** A run's setup on data of the caller's (parity tests on odd shapes): setupRun's model, parameters and sampler. */
export function setupOnData(config: RunConfig, data: Dataset): RunSetup {
  const spec = modelSpecFor(config, data);
  const layout = paramLayout(spec);
  return {
    config, data, gridSize: 0, sampler: new BatchSampler(data.train.n, config.seed),
    init: { spec, layout, params: initParams(spec, layout, config.seed), data, loss: config.loss, grid: new Float32Array(0), gridRows: 0, maxEvalRows: MAX_EVAL_ROWS },
  };
}

/**
 * Builds the population for these trials (one layout: the first trial's model, which every trial must
 * share). `batch` is B, at least every trial's batch size. The data is the config's (setupRun: toy
 * datasets), or `dataOf(config)` when given.
 */
export function planPopulation(trials: PlannedTrial[], slots: number, batch: number, dataOf?: (config: RunConfig) => Dataset): PopulationPlan {
  if (trials.length === 0) throw new Error('a plan needs at least one trial');
  const setups = trials.map((t) => (dataOf ? setupOnData(t.config, dataOf(t.config)) : setupRun(t.config)));
  const data: Dataset[] = [];
  const keys: string[] = [];
  const dataIndex = setups.map((s) => {
    const k = dataKey(s.config);
    let i = keys.indexOf(k);
    if (i < 0) {
      i = keys.push(k) - 1;
      data.push(s.data);
    }
    return i;
  });
  const { spec, layout, loss } = setups[0].init;
  setups.forEach((s, i) => {
    if (JSON.stringify(s.init.spec) !== JSON.stringify(spec) || s.init.loss !== loss) throw new Error(`trial ${i} has another model or loss than trial 0`);
    if (effectiveBatch(s.config, s.data) > batch) throw new Error(`trial ${i}'s batch ${effectiveBatch(s.config, s.data)} is larger than the population's ${batch}`);
  });
  const steps = Math.max(...trials.map((t) => t.start + t.steps));
  return { init: { spec, layout, loss, data, trials: slots, batch }, trials, setups, dataIndex, steps };
}

/** The calls that train the plan, in order (fresh samplers: each call of this replays the same plan). */
export function* populationEvents(plan: PopulationPlan): Generator<PopulationEvent> {
  const { trials, setups, init } = plan;
  const B = init.batch;
  const samplers = setups.map((s) => new BatchSampler(s.data.train.n, s.config.seed));
  const running: Array<number | null> = Array.from({ length: init.trials }, () => null);
  for (let step = 0; step <= plan.steps; step++) {
    // trials that have trained all their steps end; new ones start (refilling a slot zeroes its state)
    for (let s = 0; s < init.trials; s++) {
      const i = running[s];
      if (i !== null && step >= trials[i].start + trials[i].steps) {
        yield { kind: 'end', trial: i, slot: s };
        running[s] = null;
        if (!trials.some((t) => t.slot === s && t.start === step)) yield { kind: 'clear', slot: s };
      }
    }
    if (step === plan.steps) return;
    for (let i = 0; i < trials.length; i++) {
      if (trials[i].start !== step) continue;
      const s = trials[i].slot;
      if (running[s] !== null) throw new Error(`slot ${s} is busy at step ${step}`);
      running[s] = i;
      yield { kind: 'set', trial: i, slot: s, params: setups[i].init.params, dataIndex: plan.dataIndex[i] };
    }
    const rows = new Uint32Array(init.trials * B);
    const rowCounts = new Uint32Array(init.trials);
    const settings: Array<StepSettings | null> = Array.from({ length: init.trials }, () => null);
    const trained: Extract<PopulationEvent, { kind: 'step' }>['trained'] = [];
    running.forEach((i, s) => {
      if (i === null) return;
      const { config, data } = setups[i];
      const batch = samplers[i].next(effectiveBatch(config, data));
      rows.set(batch, s * B);
      rowCounts[s] = batch.length;
      settings[s] = stepSettings(config, step - trials[i].start);
      trained.push({ trial: i, batch, settings: settings[s]! });
    });
    yield { kind: 'step', step, rows, rowCounts, settings, trained };
  }
}
