/**
 * Where a Trainer's run state comes from and where it goes (trainer.ts keeps the rules that move it):
 *
 *   freshStart(setup, factory, opts)  → a new run: a backend per lane (race lanes as one population's slots,
 *                                       raceLanes.ts), lane 0 taught (teacher, transferred weights), a new
 *                                       Compressor, every clock at opts.step
 *   restoredStart(ckpt, setup, …)     → a checkpointed run: its sampler, compressor, lanes (spec, weights,
 *                                       optimizer state, clocks, divergence), step and history
 *   checkpointOf(run)                 → the run's record (engine/checkpoint.ts), read back after the steps
 *                                       enqueued so far; restoredStart continues it exactly
 */
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint, type LaneRecord } from '../checkpoint';
import { Compressor } from '../compressor';
import type { RunConfig } from '../config';
import type { Teacher } from '../distill/teacher';
import { shiftedClass } from '../distill/biasShift';
import { paramLayout } from '../model';
import { effectiveBatch, laneConfig, type RunSetup } from '../run';
import { BatchSampler } from '../sampler';
import type { MetricPoint } from './metrics';
import { createLaneBackends, plainRace, sameShape, type RaceLanes } from './raceLanes';
import { referenceConfigs, referenceOf, withTeacher, withTransfer, type Reference } from './reference';
import type { BackendFactory, Lane, StartOptions } from './trainer';

/** Everything a Trainer starts from, fresh or restored. */
export interface RunStart {
  /** The run's setup (lane 0's model in `init`; a restored run's sampler). */
  setup: RunSetup;
  config: RunConfig;
  lanes: Lane[];
  compressor: Compressor;
  /** The race's lanes 1… as one population's slots (raceLanes.ts); null: a backend per lane. */
  race: RaceLanes | null;
  reference: Reference | null;
  teacher: Teacher | null;
  step: number;
  /** Class bias shift the lanes' weights do not carry yet (a new run's config's; none for a restored one). */
  pendingShift: number;
  history: MetricPoint[];
  /** Why the CPU is used, when it is (from the backend factory). */
  notice?: string;
}

/** A fresh run from `setup` (step 0 unless opts.step, the seed's initial weights on every lane). */
export async function freshStart(setup: RunSetup, factory: BackendFactory, opts: StartOptions): Promise<RunStart> {
  const config = setup.config;
  const step = opts.step ?? 0;
  const reference = referenceOf(opts, config);
  const configs = reference ? referenceConfigs(config, reference) : [config, ...config.race.map((l) => laneConfig(config, l))];
  const taught = withTransfer(withTeacher(setup, opts.teacher), opts.transfer);
  const made = await createLaneBackends(factory, configs.map((_, i) => (i === 0 ? taught.init : setup.init)), effectiveBatch(config, setup.data), plainRace(config, setup.init.spec, reference));
  const lanes = made.backends.map((backend, i) => ({ config: configs[i], spec: setup.init.spec, backend, diverged: false, lastGradNorms: null, optimizerSince: step, scheduleSince: step }));
  const { spec, layout, params } = taught.init;
  const compressor = new Compressor({ spec, layout, initialParams: opts.initialParams ?? params, trainRows: setup.data.train.n, seed: config.seed });
  // a new run's weights carry its config's bias shift from the start (a restored one's already do)
  const pendingShift = shiftedClass(config.omitDigit) !== null ? config.biasShift : 0;
  return { setup: taught, config, lanes, compressor, race: made.race, reference, teacher: opts.teacher ?? null, step, pendingShift, history: [], notice: made.notice };
}

/**
 * A checkpointed run: `setup` is setupRun(ckpt.config, …) (the data; its fresh sampler and initial model
 * are replaced by the checkpoint's). Each lane's backend is built for its recorded model and loaded.
 */
export async function restoredStart(ckpt: Checkpoint, setup: RunSetup, factory: BackendFactory): Promise<RunStart> {
  if (ckpt.lanes.length === 0) throw new Error('the checkpoint has no model');
  const sampler = new BatchSampler(setup.data.train.n, ckpt.config.seed, ckpt.sampler);
  const taught = withTeacher(setup, ckpt.teacher);
  const inits = ckpt.lanes.map((l, i) => ({ ...(i === 0 ? taught.init : setup.init), spec: l.spec, layout: paramLayout(l.spec), params: l.params }));
  const restored: RunSetup = { ...setup, config: ckpt.config, sampler, init: inits[0] };
  const race = plainRace(ckpt.config, setup.init.spec, ckpt.reference ?? null) && ckpt.lanes.slice(1).every((l) => sameShape(l.spec, setup.init.spec));
  const made = await createLaneBackends(factory, inits, effectiveBatch(ckpt.config, setup.data), race);
  const compressor = Compressor.restore(ckpt.compressor, ckpt.lanes[0].spec, setup.data.train.n, ckpt.config.seed);
  const lanes = made.backends.map((backend, i): Lane => {
    const rec = ckpt.lanes[i];
    if (i === 0) compressor.adopt(backend);
    backend.loadState({ params: rec.params, state: rec.state });
    return { config: rec.config, spec: rec.spec, backend, diverged: rec.diverged, lastGradNorms: rec.lastGradNorms, optimizerSince: rec.optimizerSince, scheduleSince: rec.scheduleSince };
  });
  const [reference, teacher] = [ckpt.reference ?? null, ckpt.teacher ?? null];
  return { setup: restored, config: ckpt.config, lanes, compressor, race: made.race, reference, teacher, step: ckpt.step, pendingShift: 0, history: ckpt.history, notice: made.notice };
}

/** What a checkpoint records of a run (a Trainer is one). */
export type RunView = Readonly<Pick<RunStart, 'setup' | 'config' | 'lanes' | 'compressor' | 'reference' | 'teacher' | 'step' | 'history'>>;

/**
 * The run as a checkpoint, as of the steps enqueued so far: clocks, sampler and compressor are taken now
 * (before the first await), parameters and optimizer state read back after those steps.
 */
export async function checkpointOf(run: RunView): Promise<Checkpoint> {
  const step = run.step;
  const sampler = run.setup.sampler.state();
  const compressor = run.compressor.save();
  const config = run.config;
  const history = run.history.slice();
  const taken = run.lanes.map((l) => ({ config: l.config, spec: l.spec, optimizerSince: l.optimizerSince, scheduleSince: l.scheduleSince, diverged: l.diverged, lastGradNorms: l.lastGradNorms, read: l.backend.readState() }));
  const records: LaneRecord[] = [];
  for (const { read, ...rest } of taken) records.push({ ...rest, ...(await read) });
  const csv = run.setup.csv ? { csv: run.setup.csv } : {};
  const teacher = run.teacher ? { teacher: run.teacher } : {};
  const reference = run.reference ? { reference: run.reference } : {};
  return { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config, step, sampler, lanes: records, compressor, history, savedAt: Date.now(), ...csv, ...teacher, ...reference };
}
