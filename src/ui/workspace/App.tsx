/**
 * OptiPlay's page: the area tabs, the run bar (Train, Step, Reset, status and readouts), the open
 * technique area (its controls beside its panels) and the run column (output and loss), which stay in
 * view in every area. Training lives in a worker; this component wires the config (URL, file, controls,
 * lessons) to it and its messages to the areas.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { configToHash, MAX_RACE_LANES, validateConfig, type Correction, type RunConfig } from '../../engine/config';
import type { CsvView, ExportKind, ToWorker } from '../../worker/protocol';
import type { CsvChoice } from '../../engine/data/csv';
import { downloadFile } from '../common/download';
import { Notices } from '../common/Notices';
import { correctionNotice, useNotices } from '../common/useNotices';
import { useStableCallback } from '../common/useStableCallback';
import type { Candidate } from '../common/configFields';
import { lessonConfig, type PlaygroundLesson } from '../lessons/lessons';
import { CurrentLesson } from '../lessons/LessonsPanel';
import { ResumeOffer } from '../runs/RunsSection';
import { useRuns } from '../runs/useRuns';
import { AreaTabs } from './AreaTabs';
import { AreaView } from './AreaView';
import { RunAnnouncer } from './RunAnnouncer';
import { RunButtons } from './RunButtons';
import { RunColumn } from './RunColumn';
import { StatusBar } from './StatusBar';
import { readArea, useArea } from './useArea';
import { useRunConfig } from './useRunConfig';
import { useTrainer, type TrainerEvents } from './useTrainer';
import { readHashConfig, useUrlConfig } from './useUrlConfig';

export function App() {
  const [initial] = useState(() => {
    const link = readHashConfig();
    const area = readArea();
    const corrections = area.correction ? [...link.corrections, { field: 'area', message: area.correction }] : link.corrections;
    return { config: link.config, corrections, area: area.area };
  });
  const { notices, show, dismiss, clear } = useNotices(
    initial.corrections.length > 0 ? [correctionNotice('link', 'in the link', initial.corrections)] : [],
  );
  const [area, openArea] = useArea(initial.area);
  const sendRef = useRef<(msg: ToWorker) => void>(() => undefined);
  const send = useCallback((msg: ToWorker) => sendRef.current(msg), []);
  const run = useRunConfig(initial.config, send);
  const backendNotice = useRef<string | undefined>(undefined);
  const runs = useRuns();
  /** The table the worker holds (the last CSV run's): the column picker works on it, and "Your CSV file" can be chosen. */
  const [heldCsv, setHeldCsv] = useState<CsvView | null>(null);

  const events: TrainerEvents = {
    onReady(msg) {
      run.ready(msg.config, msg.cause);
      if (msg.cause === 'open' || msg.cause === 'import') clear('model-file');
      // A new run: a halt or a refused model of an earlier one no longer applies.
      clear('halted');
      for (let lane = 1; lane <= MAX_RACE_LANES; lane++) clear(`lane-${lane}`);
      clear('limits');
      clear('data');
      clear('slow');
      clear('taught');
      if (msg.dataset.csv) {
        setHeldCsv(msg.dataset.csv);
        clear('csv');
      }
      if (msg.notice && msg.notice !== backendNotice.current) show({ source: 'backend', tone: 'info', text: msg.notice, items: [] });
      backendNotice.current = msg.notice;
    },
    onHalted(msg) {
      // Lane 0 paused the run; a race lane stopped alone while the others train on.
      show({ source: msg.lane === 0 ? 'halted' : `lane-${msg.lane}`, tone: 'warning', text: msg.message, items: [] });
    },
    onError(msg) {
      if (msg.kind === 'limits') {
        run.refused();
        show({ source: 'limits', tone: 'error', text: msg.message, items: ['The controls show the settings of the model that is still running.'] });
      } else if (msg.kind === 'data') {
        // The dataset could not be loaded; the worker keeps the previous run (if any) and so do the controls.
        const kept = run.refused();
        show({
          source: 'data',
          tone: 'error',
          text: msg.message,
          items: kept.dataset === 'mnist' ? [] : [`The controls show the run that is still loaded (${kept.dataset}).`],
        });
      } else if (msg.kind === 'csv') {
        // an uploaded table (or a column choice) that cannot be used: nothing changed
        show({ source: 'csv', tone: 'error', text: msg.message, items: [] });
      } else if (msg.kind === 'taught') {
        // a teacher or a run to start from that could not be used, or no longer fits the run
        show({ source: 'taught', tone: 'warning', text: msg.message, items: [] });
      } else if (msg.kind === 'storage') {
        show({ source: 'storage', tone: 'warning', text: msg.message, items: [] });
      } else if (msg.kind === 'slow') {
        show({ source: 'slow', tone: 'warning', text: msg.message, items: [] });
      } else if (msg.kind === 'file' || msg.kind === 'export') {
        show({ source: 'model-file', tone: 'error', text: msg.message, items: [] });
      } else if (msg.kind === 'device-lost') {
        show({ source: 'device', tone: 'warning', text: msg.message, items: [] });
      } else {
        show({ source: 'error', tone: 'error', text: msg.message, items: [] });
      }
    },
    onConfigured(msg) {
      run.answered(msg.config);
    },
    onSaved() {
      clear('storage');
      runs.refresh();
    },
    onExported(msg) {
      downloadFile(msg.bytes, msg.name, msg.mime);
      if (msg.note) show({ source: 'model-file', tone: 'info', text: `Exported “${msg.name}”. ${msg.note}`, items: [] });
      else clear('model-file');
    },
    onWorker(notice) {
      // The training worker died and was restarted from the run's last save (or given up on): worker/watchdog.ts.
      if (notice) show({ source: 'worker', tone: notice.tone, text: notice.text, items: [] });
      else clear('worker');
    },
  };
  const trainer = useTrainer(initial.config, events);
  useEffect(() => {
    sendRef.current = trainer.send;
  }, [trainer.send]);
  const { view } = trainer;

  /** `fresh`: start a new run from step 0 with the config even if it could apply live (a lesson). */
  const commit = (candidate: Candidate | RunConfig, source: 'controls' | 'link' | 'file', where: string, extra: Correction[] = [], fresh = false) => {
    const { config, corrections } = validateConfig(candidate);
    const all = [...extra, ...corrections];
    if (all.length > 0) show(correctionNotice(source, where, all));
    else if (source === 'file') clear('file');
    run.apply(config, fresh);
  };

  useUrlConfig(run.config, (result) => commit(result.config, 'link', 'in the link', result.corrections));

  const classification = view.run ? view.run.dataset.task === 'classification' : true;
  const mnist = view.run ? view.run.config.dataset === 'mnist' : run.config.dataset === 'mnist';
  const regularized = run.config.regularization !== 'none';
  // stable identities: the memoised controls then skip the page's re-renders while training
  const onControls = useStableCallback((c: Candidate, extra?: Correction[]) => commit(c, 'controls', 'you entered', extra));
  const onImport = useStableCallback((result: ReturnType<typeof validateConfig>, name: string) => commit(result.config, 'file', `in “${name}”`, result.corrections));
  const onBrokenFile = useStableCallback((message: string) => show({ source: 'file', tone: 'error', text: message, items: [] }));
  const onExport = useStableCallback((kind: ExportKind) => trainer.send({ type: 'export', kind }));
  const onImportModel = useStableCallback((fileName: string, bytes: Uint8Array<ArrayBuffer>) => trainer.send({ type: 'import', fileName, bytes }));
  const onBadModelFile = useStableCallback((message: string) => show({ source: 'model-file', tone: 'error', text: message, items: [] }));
  const onResume = useStableCallback((id: string) => trainer.send({ type: 'open', id }));
  const onCopyFailed = useStableCallback((url: string) =>
    show({ source: 'copy', tone: 'warning', text: 'The link could not be copied automatically; copy it from here:', items: [url] }),
  );
  // Lessons: a lesson's config comes in through the same door as a pasted link, as a new run from step 0 (a
  // lesson that cannot start, say MNIST not loadable, leaves the current run as it was); its area opens.
  const [lesson, setLesson] = useState<PlaygroundLesson | null>(null);
  const onLesson = useStableCallback((next: PlaygroundLesson) => {
    commit(lessonConfig(next), 'link', 'in the lesson', [], true);
    // a distillation lesson: its teacher trains once the lesson's run is built (the worker takes messages in order)
    if (next.teacher) trainer.send({ type: 'train-teacher', hidden: next.teacher.hidden, epochs: next.teacher.epochs });
    if (next.source) trainer.send({ type: 'train-source', classes: next.source.classes, epochs: next.source.epochs, reinitHead: true, blend: null });
    setLesson(next);
    openArea(next.area);
  });
  const onCloseLesson = useStableCallback(() => setLesson(null));
  const onCsvUpload = useStableCallback((fileName: string, text: string) => trainer.send({ type: 'csv', fileName, text }));
  const onCsvColumns = useStableCallback((choice: CsvChoice) => trainer.send({ type: 'csv-columns', choice }));
  const onBadCsv = useStableCallback((message: string) => show({ source: 'csv', tone: 'error', text: message, items: [] }));

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>OptiPlay</h1>
          <p className="tagline">Watch a neural network train, shrink and recover, live in your browser.</p>
        </div>
        <AreaTabs area={area} onOpen={openArea} />
        <nav className="page-nav" aria-label="Pages">
          <a href={`./sweep.html#${configToHash(run.config)}`} title="Hyperparameter sweeps of this run: many trials trained together">
            Sweep
          </a>
          <a href="./landscape.html">Landscape</a>
        </nav>
      </header>
      <Notices notices={notices} onDismiss={dismiss} />
      <ResumeOffer runs={runs} currentId={view.run?.storeId ?? null} onResume={onResume} />
      <div className="workspace">
        <section className="run-bar" aria-label="Run">
          <RunButtons
            ready={view.run !== null}
            running={view.status.running}
            onToggle={() => trainer.setRunning(!view.status.running)}
            onStep={() => trainer.send({ type: 'step' })}
            onReset={() => trainer.send({ type: 'reset' })}
          />
          <StatusBar run={view.run} status={view.status} latest={view.metrics[view.metrics.length - 1]} regularized={regularized} loading={view.loading} onBackend={(choice) => trainer.send({ type: 'backend', choice })} />
        </section>
        <AreaView
          area={area}
          config={run.config}
          view={view}
          onCommit={onControls}
          lesson={lesson}
          onLesson={onLesson}
          csv={{ held: heldCsv, upload: onCsvUpload, choose: onCsvColumns, bad: onBadCsv }}
          runs={{
            config: run.config,
            view,
            runs,
            send: trainer.send,
            onImportConfig: onImport,
            onBrokenConfig: onBrokenFile,
            onCopyFailed,
            onExport,
            onImportModel,
            onBadModelFile,
          }}
        />
        <RunColumn view={view} mnist={mnist} classification={classification} regularized={regularized} />
      </div>
      <RunAnnouncer run={view.run} status={view.status} latest={view.metrics[view.metrics.length - 1]} />
      {lesson && <CurrentLesson lesson={lesson} onClose={onCloseLesson} />}
    </div>
  );
}
