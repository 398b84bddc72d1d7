/**
 * The Sweep page: a study of many trials of the playground's run (its settings come in the link's hash),
 * trained together on the GPU as a population. Settings on the left; progress, the Trials table and the
 * study's views on the right; exports below. Load into playground opens a trial as an ordinary run that
 * pauses at the trial's step count.
 */
import { useMemo, useState } from 'react';
import { configFromHash, configToHash } from '../engine/config';
import { DATASET_LABELS } from '../engine/datasets';
import { bestSoFar, studyImportance, summarizeConfigs } from '../engine/search';
import { firstRung } from '../engine/search/sweep';
import { settingsFromQuery } from '../engine/search/studyLink';
import { sweepBase, sweepBaseChanges, trialConfig } from '../engine/search/trialConfig';
import type { StudySettings } from '../engine/search/types';
import { Notices } from '../ui/common/Notices';
import { useNotices } from '../ui/common/useNotices';
import { SweepControls } from './SweepControls';
import { SweepExports } from './SweepExports';
import { SweepProgressBar } from './SweepProgressBar';
import { SweepViews } from './SweepViews';
import { useSweep } from './useSweep';

/** The playground's run as the link gave it (validated), the plain run a sweep trains, and what the link had to correct. */
function readLink() {
  const v = configFromHash(window.location.hash);
  const study = settingsFromQuery(window.location.search);
  return { original: v.config, base: sweepBase(v.config), changed: sweepBaseChanges(v.config), settings: study.settings, corrections: [...v.corrections.map((c) => c.message), ...study.corrections] };
}

export function SweepApp() {
  const [{ original, base, changed, settings: linked, corrections }] = useState(readLink);
  const [forceCpu] = useState(() => new URLSearchParams(window.location.search).get('backend') === 'cpu');
  const { notices, show, dismiss, clear } = useNotices(corrections.length > 0 ? [{ source: 'link', tone: 'warning', text: 'Some settings in the link were corrected:', items: corrections }] : []);
  const [settings, setSettings] = useState<StudySettings>(linked);
  const [selected, setSelected] = useState<number | null>(null);
  const [brushed, setBrushed] = useState<Set<number> | null>(null);
  const { view, start, stop } = useSweep(forceCpu, (tone, text) => show({ source: tone === 'error' ? 'error' : 'backend', tone, text, items: [] }));
  const progress = view.progress;
  const record = progress?.record ?? null;
  const trials = useMemo(() => record?.trials ?? [], [record]);
  const shown = record?.settings ?? settings;
  const direction = record?.direction ?? (settings.objective === 'test-loss' ? 'minimize' : 'maximize');

  const derived = useMemo(
    () => ({
      history: bestSoFar(trials, direction),
      importance: studyImportance(shown.space, trials, firstRung(shown.stepsPerTrial)),
      summaries: shown.seedsPerConfig > 1 ? summarizeConfigs(trials) : undefined,
    }),
    [trials, direction, shown],
  );

  const blocked = settings.space.length === 0 ? 'Choose at least one parameter to sweep.' : base.dataset === 'csv' ? 'A sweep on your own CSV table is not offered: sweep a generated dataset or MNIST.' : null;
  const onStart = () => {
    clear('error');
    setSelected(null);
    setBrushed(null);
    start(base, settings);
  };
  const onLoad = (id: number) => {
    const trial = trials.find((t) => t.id === id);
    if (!record || !trial) return;
    const config = { ...trialConfig(record.base, trial.params, record.settings.stepsPerTrial), stopAt: trial.steps };
    window.open(`./#${configToHash(config)}`, '_blank');
  };
  // back to the playground with its run as it was (pruning, race and all)
  const playground = `./#${configToHash(original)}`;
  const layers = base.hidden.length ? `hidden layers ${base.hidden.join(', ')}` : 'no hidden layer';

  return (
    <div className="app sweep-page">
      <header className="app-header">
        <h1>OptiPlay · Sweep</h1>
        <p className="tagline">Many trials of one run, trained together on your GPU: which settings work, and why.</p>
        <nav className="page-nav" aria-label="Pages">
          <a href={playground}>Playground</a>
          <a href="./landscape.html">Landscape</a>
        </nav>
      </header>
      <Notices notices={notices} onDismiss={dismiss} />
      <p className="sweep-base">
        Sweeping the playground’s run: {DATASET_LABELS[base.dataset]}, {layers} ({base.activation}), {base.optimizer} at rate {base.learningRate}, batch {base.batchSize}
        {base.regularization !== 'none' ? `, ${base.regularization.toUpperCase()} ${base.regularizationRate}` : ', no regularization (the regularization rate does nothing: choose L1 or L2 in the playground first)'}. Change it in the <a href={playground}>playground</a>, then open Sweep from there.{changed ? ` ${changed}` : ''}
      </p>
      <div className="layout">
        <aside className="sidebar" aria-label="Sweep settings">
          <SweepControls settings={settings} running={view.running} blocked={blocked} onChange={(next, fixed) => (setSettings(next), fixed.length ? show({ source: 'controls', tone: 'warning', text: 'Some settings were corrected:', items: fixed }) : clear('controls'))} onStart={onStart} onStop={stop} />
        </aside>
        <main className="sweep-main">
          <SweepProgressBar progress={progress} backend={view.backend} loading={view.loading} running={view.running} />
          <SweepViews
            record={record}
            trials={trials}
            rungs={progress?.rungs ?? {}}
            thumbs={view.thumbs}
            derived={derived}
            selected={selected}
            onSelect={setSelected}
            onLoad={onLoad}
            brushed={brushed}
            onBrush={setBrushed}
          />
          <SweepExports record={record} />
        </main>
      </div>
    </div>
  );
}
