/**
 * The worker's side of the Distill & transfer area: what the next run is taught by, and the work that
 * goes with it. It holds the teacher (a saved run, or one trained in place with Train teacher) or the
 * source run a transfer starts from, and hands the Trainer its start (StartOptions) for every run the
 * host builds while it is set, so a rebuild (new layers, a Reset) keeps the teacher. It also answers the
 * Soft targets view and runs the Transfer chart's experiment (engine/transfer/curve.ts) on the CPU beside
 * the GPU run. The host owns the runs; the tutor asks it to start them.
 */
import type { Checkpoint, LaneRecord } from '../engine/checkpoint';
import { validateConfig, type RunConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import { checkTeacher, clampEpochs, teacherAccuracy, teacherLogits, type Teacher } from '../engine/distill/teacher';
import { softTargetsOf } from '../engine/distill/softTargetsOf';
import type { RunSetup } from '../engine/run';
import type { StartOptions } from '../engine/train/trainer';
import { transferCurve } from '../engine/transfer/curve';
import { freshHead, transferParams, type TransferOptions } from '../engine/transfer/start';
import type { RunStore } from '../store/runStore';
import type { Session, Post } from './session';
import type { ReadyCause, SoftTargetsView, TeacherView } from './protocol';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the next runs are taught by. */
export type Taught =
  | { kind: 'teacher'; teacher: Teacher }
  | { kind: 'transfer'; from: string; source: Pick<LaneRecord, 'spec' | 'params'>; options: TransferOptions };

/** What the tutor needs of the host. */
export interface TutorHost {
  post: Post;
  session(): Session | null;
  store(): Promise<RunStore>;
  /**
   * A new run of `config` (taught as the tutor now says), running or not; false when it could not start.
   * `first`: the run is a teacher or a source, stopping after `steps(its training rows)` steps.
   */
  restart(config: RunConfig, running: boolean, first?: FirstRun): Promise<boolean>;
  /** Saves the current run under `name` now; resolves once written (or failed, said by the host). */
  saveAs(name: string): Promise<void>;
}

/** A run trained first (Train teacher, Train source first): what it becomes, and how many steps it trains for its rows. */
export interface FirstRun {
  role: 'teacher' | 'source';
  steps(rows: number): number;
}

/** Train teacher (or the source) under way: the settings to return to, and what the first run becomes. */
interface FirstPlan {
  student: RunConfig;
  name: string;
  role: 'teacher' | 'source';
  options?: TransferOptions;
}

const NEEDS_CLASSES = 'Distillation needs classes: the student learns the teacher’s probabilities over them, and this data has a number to predict.';

const widthsOf = (spec: Teacher['spec']) => [spec.inputDim, ...spec.layers.map((l) => l.outDim)];


export class Tutor {
  taught: Taught | null = null;
  plan: FirstPlan | null = null;
  /** Said with the next run's 'ready': why the teacher or source was let go (it does not fit the new run). */
  private dropped: string | null = null;
  private curveJob = 0;

  constructor(private readonly host: TutorHost) {}

  /** The Trainer's start for a new run on `setup`; a teacher or source that does not fit is let go, and said. */
  startOptions(setup: RunSetup): StartOptions {
    const t = this.taught;
    if (!t) return {};
    try {
      if (t.kind === 'teacher') {
        if (setup.data.task !== 'classification') throw new Error(NEEDS_CLASSES);
        checkTeacher(t.teacher, setup.data.inputDim, setup.data.outputDim);
        return { teacher: t.teacher };
      }
      const params = transferParams({ lanes: [t.source] }, setup.init.spec, setup.init.params, t.options, freshHead(setup.init.spec, setup.config.seed));
      return { transfer: { params, from: t.from } };
    } catch (e) {
      this.dropped = `${errorText(e)} This run trains without ${t.kind === 'teacher' ? 'a teacher' : 'a transferred start'}.`;
      this.taught = null;
      return {};
    }
  }

  /** Said once after the run that let the teacher or source go is ready. */
  takeDropped(): string | null {
    const d = this.dropped;
    this.dropped = null;
    return d;
  }

  /**
   * A run was built: a saved or recovered run brings its own teacher (kept for its rebuilds); a saved or
   * imported run without one, or a transferred one whose source is not kept, trains untaught from here.
   */
  adopt(teacher: Teacher | null, cause: ReadyCause): void {
    if (cause === 'new') return;
    if (teacher) this.taught = { kind: 'teacher', teacher };
    else if (cause !== 'recovered') this.taught = null;
  }

  /** The teacher as the page shows it, for a run's 'ready'. */
  teacherView(teacher: Teacher, setup: RunSetup): TeacherView {
    const widths = widthsOf(teacher.spec);
    const paramCount = teacher.spec.layers.reduce((n, l) => n + l.inDim * l.outDim + l.outDim, 0);
    const { grid, gridRows, data } = setup.init;
    // the teacher never changes: its picture over the input plane is drawn once, beside the student's
    const output = gridRows > 0 && data.inputDim === 2 ? teacherLogits(teacher, { x: grid, y: new Float32Array(0), n: gridRows }) : undefined;
    return { name: teacher.name ?? 'Teacher', widths, paramCount, testAccuracy: teacher.testAccuracy ?? 0, ...(output ? { output: output as Float32Array<ArrayBuffer> } : {}) };
  }

  /** A saved run (by id), as its checkpoint and name; null (said) when it cannot be read. */
  private async loadRun(id: string): Promise<{ ckpt: Checkpoint; name: string } | null> {
    try {
      const store = await this.host.store();
      const ckpt = await store.load(id);
      const name = (await store.list()).find((r) => r.id === id)?.name ?? 'the saved run';
      return { ckpt, name };
    } catch (e) {
      this.host.post({ type: 'error', kind: 'taught', message: `${errorText(e)} The current run is kept.` });
      return null;
    }
  }

  /**
   * A saved run (null: none) now teaches the current settings, or is where they start, from step 0:
   * `take` turns it into what the runs are taught by, or a sentence why it cannot be.
   */
  private async chooseRun(id: string | null, take: (run: { ckpt: Checkpoint; name: string }, s: Session) => Taught | { problem: string }): Promise<void> {
    const s = this.host.session();
    if (!s) return;
    this.plan = null;
    if (id !== null) {
      const run = await this.loadRun(id);
      if (!run) return;
      const taught = take(run, s);
      if ('problem' in taught) {
        this.host.post({ type: 'error', kind: 'taught', message: `${taught.problem} The current run is kept.` });
        return;
      }
      this.taught = taught;
    } else this.taught = null;
    await this.host.restart(s.trainer.config, s.running);
  }

  /** Teacher: a saved run teaches the current settings from step 0 (null: the run trains alone again). */
  chooseTeacher(id: string | null): Promise<void> {
    return this.chooseRun(id, ({ ckpt, name }, s) => {
      const teacher: Teacher = { spec: ckpt.lanes[0].spec, params: ckpt.lanes[0].params, name };
      if (s.trainer.setup.data.task !== 'classification') return { problem: NEEDS_CLASSES };
      try {
        checkTeacher(teacher, s.trainer.setup.data.inputDim, s.trainer.setup.data.outputDim);
      } catch (e) {
        return { problem: `“${name}” cannot teach this run: ${errorText(e)}` };
      }
      teacher.testAccuracy = teacherAccuracy(teacher, s.trainer.setup.data);
      return { kind: 'teacher', teacher };
    });
  }

  /** Start from: the current settings start from a saved run's weights (null: from the seed's again). */
  chooseSource(id: string | null, options: TransferOptions): Promise<void> {
    return this.chooseRun(id, ({ ckpt, name }, s) => {
      const source = { spec: ckpt.lanes[0].spec, params: ckpt.lanes[0].params };
      try {
        transferParams({ lanes: [source] }, s.trainer.setup.init.spec, s.trainer.setup.init.params, options);
      } catch (e) {
        return { problem: errorText(e) };
      }
      return { kind: 'transfer', from: name, source, options };
    });
  }

  /**
   * Train teacher, or Train the source first: a run of the current settings changed by `over` trains
   * `epochs` epochs alone (the race, freezing, an omitted digit and compression off), is saved under a
   * name that says what it is, then teaches the settings the page had (a teacher) or is where they start
   * (a source, with `options`), from step 0.
   */
  async trainFirst(role: 'teacher' | 'source', over: Partial<RunConfig>, epochs: number, options?: TransferOptions): Promise<void> {
    const s = this.host.session();
    if (!s) return;
    if (role === 'teacher' && s.trainer.setup.data.task !== 'classification') {
      this.host.post({ type: 'error', kind: 'taught', message: `${NEEDS_CLASSES} The current run is kept.` });
      return;
    }
    const student = s.trainer.config;
    const config = validateConfig({ ...student, race: [], frozenLayers: 0, transferLr: 1, omitDigit: 'none', biasShift: 0, stopAt: 0, prune: false, quantize: false, ...over }).config;
    const { inputDim, outputDim } = s.trainer.setup.data;
    const widths = [inputDim, ...config.hidden, outputDim].join('-');
    const name = role === 'teacher' ? `Teacher ${widths}` : `Source ${widths}${config.dataset === 'mnist' && config.classes !== 'all' ? `, digits ${config.classes.replace('-', '–')}` : `, ${config.dataset}`}`;
    const before = this.taught;
    this.taught = null;
    this.plan = { student, name, role, options };
    // epochs of the first run's own training rows (a source of other digits has other rows), known once it is built
    const steps = (rows: number) => Math.max(1, Math.ceil((clampEpochs(epochs) * rows) / Math.min(config.batchSize, rows)));
    if (!(await this.host.restart(config, true, { role, steps }))) {
      this.taught = before;
      this.plan = null;
    }
  }

  /** The first run reached its steps: it is saved, becomes the teacher or the source, and the page's settings start. */
  async firstDone(): Promise<void> {
    const s = this.host.session();
    const plan = this.plan;
    if (!s || !plan) return;
    this.plan = null;
    await s.pause();
    await this.host.saveAs(plan.name);
    const ckpt = await s.trainer.checkpoint();
    const lane = ckpt.lanes[0];
    if (plan.role === 'teacher') {
      const teacher: Teacher = { spec: lane.spec, params: lane.params, name: plan.name };
      teacher.testAccuracy = teacherAccuracy(teacher, s.trainer.setup.data);
      this.taught = { kind: 'teacher', teacher };
    } else {
      this.taught = { kind: 'transfer', from: plan.name, source: { spec: lane.spec, params: lane.params }, options: plan.options ?? { reinitHead: true, blend: null } };
    }
    await this.host.restart(plan.student, true);
  }

  /** The Soft targets view of test example `index` now (nothing while the run has no teacher). */
  async softTargets(index: number): Promise<void> {
    const s = this.host.session();
    const teacher = s?.trainer.teacher;
    if (!s || !teacher) return;
    const { test, inputDim, name, csv } = s.trainer.setup.data;
    if (test.n === 0) return;
    const i = Math.min(test.n - 1, Math.max(0, Math.round(index)));
    const lane = s.trainer.lanes[0];
    const spec = lane.spec;
    const params = await lane.backend.readParams();
    if (!s.alive) return;
    const x = test.x.slice(i * inputDim, (i + 1) * inputDim); // [inputDim]
    const K = s.trainer.setup.data.outputDim;
    const T = s.trainer.config.temperature;
    const numbers = softTargetsOf(teacher, { spec, params }, x, T);
    let label = 0;
    for (let k = 1; k < K; k++) if (test.y[i * K + k] > test.y[i * K + label]) label = k;
    const view: SoftTargetsView = {
      index: i, label, temperature: T, ...numbers,
      classNames: csv?.classNames ?? Array.from({ length: K }, (_, k) => String(k)),
      ...(name === 'mnist' ? { pixels: Uint8Array.from(x, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) } : inputDim === 2 ? { point: [x[0], x[1]] as [number, number] } : {}),
    };
    this.host.post({ type: 'soft-targets', runId: s.id, view }, view.pixels ? [view.pixels.buffer] : []);
  }

  /** The Transfer chart: the experiment on the current run's data and the chosen source, row by row. */
  async transferCurve(): Promise<void> {
    const s = this.host.session();
    const t = this.taught;
    if (!s) return;
    if (t?.kind !== 'transfer') {
      this.host.post({ type: 'transfer-curve', runId: s.id, points: [], progress: null, problem: 'Choose a saved run in Start from first: the comparison fine-tunes its weights.' });
      return;
    }
    const job = ++this.curveJob;
    const cpu = { create: async (init: Parameters<typeof createCpuBackend>[0]) => ({ backend: createCpuBackend(init) }) };
    const post = (points: Awaited<ReturnType<typeof transferCurve>>, progress: string | null) => this.host.post({ type: 'transfer-curve', runId: s.id, points, progress });
    post([], 'Starting the comparison…');
    try {
      const points = await transferCurve(s.trainer.setup, { lanes: [t.source] }, t.options, cpu, (p, done, total) => post(p, `Trained ${done} of ${total} models…`), () => job !== this.curveJob || !s.alive);
      if (job === this.curveJob && s.alive) post(points, null);
    } catch (e) {
      if (s.alive) this.host.post({ type: 'transfer-curve', runId: s.id, points: [], progress: null, problem: errorText(e) });
    }
  }

  /** A new run makes a comparison under way stale: it stops after the training it is in. */
  cancelCurve(): void {
    this.curveJob++;
  }
}
