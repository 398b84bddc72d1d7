/**
 * OptiPlay's page: controls on the left, the live status and charts on the right. Training lives in a
 * worker; this component wires the config (URL, file, controls) to it and its messages to the charts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_RACE_LANES, validateConfig, type Correction, type RunConfig } from '../../engine/config';
import type { ExportKind, ToWorker } from '../../worker/protocol';
import { downloadFile } from '../common/download';
import { ModelFiles } from '../runs/ModelFiles';
import { ResumeOffer, RunsSection } from '../runs/RunsSection';
import { useRuns } from '../runs/useRuns';
import { CompressionControls } from '../compress/CompressionControls';
import { ConfigFile } from '../runs/ConfigFile';
import { Controls, type Candidate } from '../data/Controls';
import { GradientChart } from '../train/GradientChart';
import { LossChart } from '../train/LossChart';
import { MnistPanels } from '../data/MnistPanels';
import { NetworkPanel } from '../network/NetworkPanel';
import { CompressionPanels } from '../compress/CompressionPanels';
import { Notices } from '../common/Notices';
import { OptimizerControls } from '../train/OptimizerControls';
import { OutputCanvas } from '../data/OutputCanvas';
import { RaceSection } from '../train/RaceSection';
import { RegularizationControls } from '../regularize/RegularizationControls';
import { RunButtons } from './RunButtons';
import { ScheduleControls } from '../train/ScheduleControls';
import { StatusBar } from './StatusBar';
import { WeightHistograms } from '../regularize/WeightHistograms';
import { correctionNotice, useNotices } from '../common/useNotices';
import { useRunConfig } from './useRunConfig';
import { useStableCallback } from '../common/useStableCallback';
import { useTrainer, type TrainerEvents } from './useTrainer';
import { readHashConfig, useUrlConfig } from './useUrlConfig';
import { LessonsPanel } from '../lessons/LessonsPanel';

export function App() {
  const [initial] = useState(readHashConfig);
  const { notices, show, dismiss, clear } = useNotices(
    initial.corrections.length > 0 ? [correctionNotice('link', 'in the link', initial.corrections)] : [],
  );
  const sendRef = useRef<(msg: ToWorker) => void>(() => undefined);
  const send = useCallback((msg: ToWorker) => sendRef.current(msg), []);
  const run = useRunConfig(initial.config, send);
  const backendNotice = useRef<string | undefined>(undefined);
  const runs = useRuns();

  const events: TrainerEvents = {
    onReady(msg) {
      run.ready(msg.config, msg.cause);
      if (msg.cause === 'open' || msg.cause === 'import') clear('model-file');
      // A new run: a halt or a refused model of an earlier one no longer applies.
      clear('halted');
      for (let lane = 1; lane <= MAX_RACE_LANES; lane++) clear(`lane-${lane}`);
      clear('limits');
      clear('data');
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
          items: kept.dataset === 'mnist' ? [] : [`The controls show the run that is still loaded (${kept.dataset}). Choose MNIST digits again to retry.`],
        });
      } else if (msg.kind === 'storage') {
        show({ source: 'storage', tone: 'warning', text: msg.message, items: [] });
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
  const trainRows = view.run ? view.run.dataset.trainY.length / view.run.dataset.outputDim : null;
  const regularized = run.config.regularization !== 'none';
  // stable identities: the memoised sidebar sections then skip the page's re-renders while training
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
  // lesson that cannot start, say MNIST not loadable, leaves the current run as it was).
  const onLesson = useStableCallback((config: RunConfig) => commit(config, 'link', 'in the lesson', [], true));

  return (
    <div className="app">
      <header className="app-header">
        <h1>OptiPlay</h1>
        <p className="tagline">Train a small neural network in your browser and watch it learn, live.</p>
        <nav className="page-nav">
          <a href="./landscape.html">Landscape</a>
        </nav>
      </header>
      <Notices notices={notices} onDismiss={dismiss} />
      <ResumeOffer runs={runs} currentId={view.run?.storeId ?? null} onResume={onResume} />
      <div className="layout">
        <aside className="sidebar" aria-label="Run settings">
          <RunButtons
            ready={view.run !== null}
            running={view.status.running}
            onToggle={() => trainer.setRunning(!view.status.running)}
            onStep={() => trainer.send({ type: 'step' })}
            onReset={() => trainer.send({ type: 'reset' })}
          />
          <Controls config={run.config} trainRows={trainRows} onCommit={onControls} />
          <OptimizerControls config={run.config} onCommit={onControls} />
          <RegularizationControls config={run.config} onCommit={onControls} />
          <ScheduleControls config={run.config} step={view.status.step} onCommit={onControls} />
          <CompressionControls config={run.config} onCommit={onControls} />
          <ConfigFile config={run.config} onImport={onImport} onBrokenFile={onBrokenFile} onCopyFailed={onCopyFailed} />
          <ModelFiles ready={view.run !== null} onExport={onExport} onImport={onImportModel} onBadFile={onBadModelFile} />
        </aside>
        <main className={`panels${mnist ? ' is-mnist' : ''}`}>
          <StatusBar
            run={view.run}
            status={view.status}
            latest={view.metrics[view.metrics.length - 1]}
            regularized={regularized}
            loading={view.loading}
          />
          {mnist ? (
            <MnistPanels mnist={view.snapshot?.mnist ?? null} />
          ) : (
            <section className="panel panel-output">
              <h2>Output</h2>
              <OutputCanvas run={view.run} snapshot={view.snapshot} />
            </section>
          )}
          <NetworkPanel network={view.snapshot?.network ?? null} tooLarge={view.snapshot !== null && view.snapshot.network === null} />
          <section className="panel panel-loss">
            <h2>Loss</h2>
            <LossChart metrics={view.metrics} classification={classification} regularized={regularized} />
          </section>
          <RaceSection config={run.config} view={view} onCommit={onControls} />
          <section className="panel panel-gradients">
            <h2>Gradient health</h2>
            <p className="help">
              L2 norm of each layer’s gradient (weights and biases) at the latest step, layer 1 nearest the input, on a log
              scale. Early layers far below the others: vanishing gradients (try a deep sigmoid net). Norms shooting up: exploding
              gradients, usually a learning rate that is too large.
            </p>
            <GradientChart metrics={view.metrics} layers={view.run ? view.run.widths.length - 1 : 0} />
          </section>
          <CompressionPanels view={view} />
          <RunsSection runs={runs} currentId={view.run?.storeId ?? null} send={trainer.send} />
          <section className="panel panel-weights">
            <h2>Weights</h2>
            <WeightHistograms histograms={view.snapshot?.histograms ?? null} />
          </section>
          <LessonsPanel onOpen={onLesson} />
        </main>
      </div>
    </div>
  );
}
