/**
 * The worker's host: answers each ToWorker message by starting, continuing, saving or exporting a run.
 * It owns the current Session (the scheduler of one Trainer), the run's RunKeeper (history saves and the
 * checkpoint a lost GPU resumes from), the backend chooser and the MNIST download. Every way a run begins
 * goes through `start`: a new config or Reset (Trainer.create), a saved run opened or a lost device
 * recovered (Trainer.restore), a safetensors file imported. A run that cannot start (a model too big for
 * the device, MNIST not loadable, a broken file) leaves the current one as it was.
 */
import { BackendLimitError } from '../engine/backend';
import type { Checkpoint } from '../engine/checkpoint';
import { MNIST_TRAIN_DIGITS, validateConfig, type RunConfig } from '../engine/config';
import { exportFiles } from '../engine/export';
import { importSafetensors } from '../engine/export/safetensors';
import { mnistClasses, type MnistRaw } from '../engine/mnist';
import { estimateRun, judgeRun } from '../engine/estimate';
import { setupRun, type RunSetup } from '../engine/run';
import { NoCsvError } from '../engine/datasets';
import { Trainer } from '../engine/train/trainer';
import { loadMnist, mnistAssetUrl } from '../data/loadMnist';
import { newRunId, openRunStore, type RunStore } from '../store/runStore';
import { createBackendChooser } from './backends';
import { MnistSource } from './dataLoader';
import { RunKeeper } from './keeper';
import { toDatasetView } from './reports';
import { Session, type Post } from './session';
import { CsvDesk } from './csvDesk';
import { FuseDesk } from './fuseDesk';
import { makeDataset } from '../engine/datasets';
import { Tutor } from './tutor';
import type { Start } from './runStart';
import type { ToWorker } from './protocol';
import { isBackendChoice } from './backendRace';
import { switchBackend } from './backendSwitch';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class Host {
  private session: Session | null = null;
  private keeper: RunKeeper | null = null;
  private ids = 0;
  private assetBase: string | null = null;
  private storePromise: Promise<RunStore> | null = null;
  private readonly chooser = createBackendChooser(
    (reason) => this.enqueue(() => this.recover(reason)),
    (message) => this.post({ type: 'error', kind: 'internal', message }),
  );
  private readonly mnistSource: MnistSource;
  private chain: Promise<void> = Promise.resolve();
  private readonly csv = new CsvDesk({
    post: (m) => this.post(m),
    session: () => this.session,
    startOn: (config, csv, table, kept) => this.start({ config, cause: 'new', make: (setup) => this.create(setup), storeId: newRunId(), name: null, csv, table, kept }),
  });
  private readonly tutor = new Tutor({
    post: (m, t) => this.post(m, t),
    session: () => this.session,
    store: () => this.store(),
    restart: async (config, running, first) => {
      const started = await this.start({ config, cause: 'new', make: (setup) => this.create(setup), storeId: newRunId(), name: null, first });
      if (started) this.session?.setRunning(running);
      return started;
    },
    saveAs: async (name) => {
      await this.keeper?.save(name, true);
      await this.keeper?.settled();
    },
  });

  /** The Fuse area's jobs on saved runs (fuseDesk.ts). */
  private readonly fuse = new FuseDesk({
    post: (m) => this.post(m),
    store: () => this.store(),
    chooser: this.chooser,
    dataset: async (ckpt) => {
      const mnist = ckpt.config.dataset === 'mnist' ? await this.mnistFor(ckpt.config) : null;
      if (ckpt.config.dataset === 'mnist' && !mnist) return null;
      return makeDataset(ckpt.config, mnist ?? undefined, ckpt.csv);
    },
    openWeights: (config, spec, params, name, ckpt) =>
      this.start({ config, cause: 'import', make: (setup) => Trainer.fromWeights(setup, spec, params, this.chooser), storeId: newRunId(), name, kept: 'The current run is kept.', csv: ckpt.csv }),
  });

  constructor(private readonly post: Post, private readonly location: string) {
    this.mnistSource = new MnistSource(
      (progress) => loadMnist(mnistAssetUrl(this.assetBase ?? this.location), progress),
      (loaded, total) => this.post({ type: 'loading', what: 'MNIST', loaded, total }),
    );
  }

  /** The current run's Trainer, or null before the first run (test hooks read it: testProbe.ts). */
  get trainer(): Trainer | null {
    return this.session?.trainer ?? null;
  }

  /** Messages are handled one at a time (starting a run is async). */
  enqueue(task: () => Promise<void> | void): void {
    this.chain = this.chain.then(task).catch((e: unknown) => this.post({ type: 'error', kind: 'internal', message: errorText(e) }));
  }

  async handle(msg: ToWorker): Promise<void> {
    const s = this.session;
    switch (msg.type) {
      case 'init':
        this.assetBase = msg.assetBase ?? null;
        if (msg.forceCpu) this.chooser.useCpu('The CPU backend was chosen');
        if (isBackendChoice(msg.backend)) this.chooser.prefer(msg.backend);
        await this.startNew(validateConfig(msg.config).config);
        return;
      case 'configure':
        return this.configure(validateConfig(msg.config).config, msg.fresh ?? false);
      case 'train':
        s?.setRunning(true);
        return;
      case 'pause':
        if (s?.running) {
          // saved once the pause's evaluation is in the history, so the saved curves end where the run stopped
          const keeper = this.keeper;
          void s.pause().then(() => keeper?.save(null, false));
        }
        return;
      case 'step':
        await s?.stepOnce();
        return;
      case 'reset':
        if (s) await this.startNew(s.trainer.config);
        return;
      case 'save':
        void this.keeper?.save(msg.name, true);
        return;
      case 'open':
        return this.open(msg.id);
      case 'import':
        return this.importModel(msg.fileName, msg.bytes);
      case 'csv':
        return this.csv.upload(msg.fileName, msg.text);
      case 'csv-columns':
        return this.csv.chooseColumns(msg.choice);
      case 'teacher':
        return this.tutor.chooseTeacher(msg.id);
      case 'train-teacher':
        return this.tutor.trainFirst('teacher', { hidden: msg.hidden }, msg.epochs);
      case 'train-source':
        // the source task trains on all of its digits: a pre-trained model, not a copy of the target's budget
        return this.tutor.trainFirst('source', { classes: msg.classes, samples: MNIST_TRAIN_DIGITS }, msg.epochs, { reinitHead: msg.reinitHead, blend: msg.blend });
      case 'transfer':
        return this.tutor.chooseSource(msg.id, { reinitHead: msg.reinitHead, blend: msg.blend });
      case 'soft-targets':
        return this.tutor.softTargets(msg.index);
      case 'transfer-curve':
        // minutes of CPU work beside the run: not in the message queue, which goes on meanwhile
        void this.tutor.transferCurve();
        return;
      case 'export':
        return this.exportRun(msg.kind);
      case 'fuse':
        // seconds of evaluation beside the run: not in the message queue, which goes on meanwhile
        void this.fuse.run(msg.request);
        return;
      case 'fuse-open':
        return this.fuse.openSoup();
      case 'backend':
        // the run goes on from where it is, on the backend this choice gives (backendSwitch.ts)
        return switchBackend({ chooser: this.chooser, post: this.post, session: () => this.session, keeper: () => this.keeper, start: (st) => this.start(st) }, isBackendChoice(msg.choice) ? msg.choice : 'auto');
      case 'lose-device':
        if (!this.chooser.loseDevice()) this.post({ type: 'error', kind: 'internal', message: 'No GPU device is in use, so there is none to lose.' });
        return;
    }
  }

  private async configure(config: RunConfig, fresh: boolean): Promise<void> {
    const s = this.session;
    if (s && !fresh) {
      const r = s.trainer.configure(config);
      if (!r.rebuild) {
        this.post({ type: 'configured', runId: s.id, config, rebuilt: false });
        // running: the loop picks a compression change up before its next step; paused: apply and show it now
        if (!s.running && r.compression) {
          if (s.trainer.compressionDue()) await s.compress();
          void s.evaluateNow();
        }
        return;
      }
    }
    const wasRunning = s?.running ?? false;
    if (await this.startNew(config)) {
      this.session?.setRunning(wasRunning);
      if (this.session) this.post({ type: 'configured', runId: this.session.id, config, rebuilt: true });
    }
  }

  private startNew(config: RunConfig): Promise<boolean> {
    return this.start({ config, cause: 'new', make: (setup) => this.create(setup), storeId: newRunId(), name: null });
  }

  /** A fresh run on `setup`, taught as the Distill & transfer area says (a teacher, a transferred start, or neither). */
  private create(setup: RunSetup): Promise<Trainer> {
    return Trainer.create(setup, this.chooser, this.tutor.startOptions(setup));
  }

  private store(): Promise<RunStore> {
    this.storePromise ??= openRunStore();
    // a store that could not open is asked again next time (the user may free space or leave private mode)
    this.storePromise.catch(() => (this.storePromise = null));
    return this.storePromise;
  }

  private async open(id: string): Promise<void> {
    let ckpt: Checkpoint;
    let name: string | null = null;
    try {
      const store = await this.store();
      ckpt = await store.load(id);
      name = (await store.list()).find((r) => r.id === id)?.name ?? null;
    } catch (e) {
      this.post({ type: 'error', kind: 'file', message: `${errorText(e)} The current run is kept.` });
      return;
    }
    await this.start({ config: ckpt.config, cause: 'open', make: (setup) => Trainer.restore(ckpt, setup, this.chooser), storeId: id, name, kept: 'The current run is kept.', csv: ckpt.csv });
  }

  private async importModel(fileName: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    let imported: ReturnType<typeof importSafetensors>;
    try {
      imported = importSafetensors(bytes);
    } catch (e) {
      this.post({ type: 'error', kind: 'file', message: `“${fileName}” could not be imported: ${errorText(e)} The current run is kept.` });
      return;
    }
    const { config, spec, params } = imported;
    const make = (setup: RunSetup) => Trainer.fromWeights(setup, spec, params, this.chooser);
    await this.start({ config, cause: 'import', make, storeId: newRunId(), name: fileName.replace(/\.safetensors$/i, ''), kept: `“${fileName}” was not imported; the current run is kept.` });
  }

  private async exportRun(kind: Parameters<typeof exportFiles>[1]): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      const ckpt = await s.trainer.checkpoint();
      const file = exportFiles(ckpt, kind);
      const bytes = new Uint8Array(file.bytes);
      this.post({ type: 'exported', kind, name: file.name, mime: file.mime, bytes, note: file.note }, [bytes.buffer]);
    } catch (e) {
      this.post({ type: 'error', kind: 'export', message: `The ${kind} export failed: ${errorText(e)} The run is not affected.` });
    }
  }

  /** The GPU device was lost: resume from the run's last checkpoint on a new device (or the CPU). */
  private async recover(reason: string): Promise<void> {
    const s = this.session;
    const keeper = this.keeper;
    if (!s || !keeper || s.trainer.lanes[0].backend.info.kind !== 'webgpu') return;
    const wasRunning = s.running;
    const reached = s.trainer.step;
    const ckpt = keeper.checkpoint;
    s.stop();
    const config = ckpt?.config ?? s.trainer.config;
    const make = (setup: RunSetup) => (ckpt ? Trainer.restore(ckpt, setup, this.chooser) : Trainer.create(setup, this.chooser));
    if (!(await this.start({ config, cause: 'recovered', make, storeId: keeper.storeId, name: keeper.name, csv: ckpt?.csv ?? s.trainer.setup.csv }))) return;
    const from = ckpt?.step ?? 0;
    const now = this.session?.trainer.lanes[0].backend.info.kind === 'webgpu' ? 'on a new GPU device' : 'on the CPU (no GPU adapter came back)';
    const replayed = Math.max(0, reached - from);
    this.post({
      type: 'error',
      kind: 'device-lost',
      message: `${reason}. OptiPlay resumed the run ${now} from its checkpoint at step ${from}: ${replayed} step${replayed === 1 ? ' was' : 's were'} replayed, on the same batches. Your settings and history are kept.`,
    });
    this.session?.setRunning(wasRunning);
  }

  /** The MNIST digits, downloading them once; null (with a 'data' error posted) when they cannot be had. */
  private async mnistFor(config: RunConfig): Promise<MnistRaw | null> {
    try {
      return await this.mnistSource.get();
    } catch (e) {
      const kept = this.session ? 'The previous run is kept.' : 'Pick another dataset to train on, or reload the page to try again.';
      this.post({ type: 'error', kind: 'data', message: `MNIST could not be loaded (${config.samples} training digits were asked for): ${errorText(e)} ${kept}` });
      return null;
    }
  }

  /** Starts a run; on failure the current run (if any) is kept and the reason posted. */
  private async start(st: Start): Promise<boolean> {
    let mnist: MnistRaw | null = null;
    if (st.config.dataset === 'mnist') {
      mnist = await this.mnistFor(st.config);
      if (!mnist) return false;
    }
    const csv = st.config.dataset === 'csv' ? st.csv ?? this.csv.source : undefined;
    let setup: RunSetup;
    try {
      setup = setupRun(st.config, mnist ?? undefined, csv);
    } catch (e) {
      if (st.config.dataset !== 'csv') throw e;
      // no table, or one that does not build with these settings: said, and the run that was there is kept
      const message = errorText(e);
      if (this.session?.alive || st.kept) {
        const asked = !st.csv && st.cause === 'new'; // a setting changed: the controls go back to the run kept
        this.post({ type: 'error', kind: asked ? 'data' : 'csv', message: `${message} ${st.kept ?? 'The previous run is kept.'}` });
        return false;
      }
      if (!(e instanceof NoCsvError)) throw e;
      const started = await this.start({ config: validateConfig({}).config, cause: 'new', make: (s2) => Trainer.create(s2, this.chooser), storeId: newRunId(), name: null });
      if (started) this.post({ type: 'error', kind: 'data', message: `${message} The default run was loaded instead.` });
      return started;
    }
    // what the run will ask of the machine, before any of it is allocated on the device
    const data = setup.init.data;
    const estimate = estimateRun(setup.config, setup.init.spec, { train: data.train.n, test: data.test.n });
    // and a step's time at this backend's speed, measured once and only for a step that could be slow (the
    // run training now holds its steps meanwhile, or it would be timed too)
    const current = this.session;
    const alone = <T>(measure: () => Promise<T>): Promise<T> => (current?.alive ? current.quietWhile(measure) : measure());
    const verdict = await judgeRun(estimate, () => this.chooser.speed(setup.init, estimate.batch, alone));
    if (verdict?.refuse) {
      if (this.session?.alive) {
        this.post({ type: 'error', kind: 'limits', message: `${verdict.message} The previous model is kept.` });
        return false;
      }
      // nothing runs yet (a heavy link opened the page): the default run starts, then the reason is said
      const fallback = validateConfig({}).config;
      const started = await this.start({ config: fallback, cause: 'new', make: (s2) => Trainer.create(s2, this.chooser), storeId: newRunId(), name: null });
      if (started) this.post({ type: 'error', kind: 'limits', message: `${verdict.message} The default run was loaded instead.` });
      return started;
    }
    // the backend: the person's choice, or the faster on a few of this run's steps (backendRace.ts)
    await this.chooser.prepare(setup, estimate.flopsPerStep, alone);
    let trainer: Trainer;
    try {
      trainer = await st.make(setup);
    } catch (e) {
      if (!(e instanceof BackendLimitError)) {
        if (!st.kept) throw e;
        this.post({ type: 'error', kind: 'file', message: `${errorText(e)} ${st.kept}` });
        return false;
      }
      if (this.session?.alive) {
        this.post({ type: 'error', kind: 'limits', message: `${e.message} The previous model is kept.` });
        return false;
      }
      this.chooser.useCpu(e.message.replace(/\.$/, ''));
      trainer = await st.make(setup);
    }
    const old = this.session;
    if (old) {
      old.stop();
      // the old run is kept as it stands (a save under way reads its buffers: let it land first)
      if (st.cause !== 'recovered') await this.keeper?.save(null, false);
      await this.keeper?.settled();
      old.trainer.destroy();
    }
    const id = ++this.ids;
    const keeper = new RunKeeper(st.storeId, st.name, trainer, {
      store: () => this.store(),
      saved: (summary) => this.post({ type: 'saved', runId: id, summary }),
      failed: (message) => this.post({ type: 'error', kind: 'storage', message }),
    });
    const session = new Session(id, trainer, mnist && mnistClasses(mnist, trainer.config.classes), this.post, () => keeper.tick());
    this.session = session;
    this.keeper = keeper;
    this.csv.adopt(setup, st);
    this.tutor.adopt(trainer.teacher, st.cause);
    // Train teacher: the teacher run stops at its steps, then teaches (tutor.ts); any other run ends that plan
    const first = st.first ? { role: st.first.role, steps: st.first.steps(setup.data.train.n) } : undefined;
    if (first) session.stopAt = { step: first.steps, reached: () => this.enqueue(() => this.tutor.firstDone()) };
    else this.tutor.plan = null;
    this.tutor.cancelCurve();
    const { spec, layout } = trainer.setup.init;
    this.post({
      type: 'ready',
      runId: id,
      config: trainer.config,
      backend: trainer.lanes[0].backend.info,
      notice: [trainer.notice, verdict?.message].filter((t) => t).join(' ') || undefined,
      backendReport: this.chooser.report(),
      dataset: toDatasetView(setup, this.csv.view(setup)),
      lanes: trainer.laneLabels,
      widths: [spec.inputDim, ...spec.layers.map((l) => l.outDim)],
      paramCount: layout.count,
      cause: st.cause,
      step: trainer.step,
      history: trainer.history.slice(),
      storeId: st.storeId,
      name: st.name,
      ...(trainer.teacher ? { teacher: this.tutor.teacherView(trainer.teacher, trainer.setup) } : {}),
      ...(trainer.reference ? { reference: trainer.reference } : {}),
      ...(first ? { first } : {}),
    });
    const dropped = this.tutor.takeDropped();
    if (dropped) this.post({ type: 'error', kind: 'taught', message: dropped });
    // quantization (or pruning from step 0) switched on in the link: in force before the first evaluation
    if (trainer.compressionDue()) await session.compress();
    if (!session.alive) return true;
    session.evaluate('snapshot', false);
    session.postStatus();
    return true;
  }
}
