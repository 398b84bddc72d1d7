/**
 * The Landscape page: optimizers racing on a 2-D loss surface. Controls on the left; the contour map,
 * results, and the loss-per-step chart on the right. The race runs in a worker (useLandscape); every
 * change goes through validateLandscape and lands in the URL hash.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { defaultLandscape, validateLandscape, type LandscapeState, type ValidatedLandscape } from '../engine/landscapeState';
import type { SurfaceName } from '../engine/surfaces';
import { Notices } from '../ui/common/Notices';
import { useNotices, type NoticeSource } from '../ui/common/useNotices';
import { ContourMap } from './ContourMap';
import { LandscapeControls } from './LandscapeControls';
import { RaceChart } from './RaceChart';
import { RaceResults } from './RaceResults';
import { RacerControls } from './RacerControls';
import { useLandscape, type Backend, type RaceStatus } from './useLandscape';
import { readHashState, useLandscapeHash } from './useLandscapeHash';

const correctionNotice = (source: NoticeSource, where: string, items: string[]) => ({ source, tone: 'warning' as const, text: `Some settings ${where} were corrected:`, items });

function statusText(backend: Backend | null, s: RaceStatus): string {
  if (!backend) return 'Starting…';
  const name = backend.kind === 'webgpu' ? `WebGPU · ${backend.name}` : 'CPU';
  const state = s.finished ? 'finished' : s.running ? `${Math.round(s.stepsPerSecond)} steps/s` : 'paused';
  return `${name} · Step ${s.step} · ${state}`;
}

export function LandscapeApp() {
  const [initial] = useState(readHashState);
  const [forceCpu] = useState(() => new URLSearchParams(window.location.search).get('backend') === 'cpu');
  const { notices, show, dismiss, clear } = useNotices(initial.corrections.length > 0 ? [correctionNotice('link', 'in the link', initial.corrections)] : []);
  const [state, setState] = useState<LandscapeState>(initial.state);
  const [halts, setHalts] = useState<Record<number, string>>({});

  const lab = useLandscape(initial.state, forceCpu, {
    onBackend: (b) => (b.notice ? show({ source: 'backend', tone: 'info', text: b.notice, items: [] }) : clear('backend')),
    onReady: () => setHalts({}),
    onHalted: (racer, message) => setHalts((h) => ({ ...h, [racer]: message })),
    onError: (message) => show({ source: 'error', tone: 'error', text: message, items: [] }),
  });
  const { send } = lab;

  useEffect(() => {
    const messages = Object.values(halts);
    if (messages.length > 0) show({ source: 'halted', tone: 'warning', text: messages.join(' '), items: [] });
    else clear('halted');
  }, [halts, show, clear]);

  // The applied state, read by the (stable) change handlers so the controls need not re-render per frame.
  const stateRef = useRef(state);
  const apply = useCallback(
    (result: ValidatedLandscape, source: NoticeSource, where: string) => {
      const prev = stateRef.current;
      const onlySpeed = JSON.stringify({ ...prev, stepsPerFrame: 0 }) === JSON.stringify({ ...result.state, stepsPerFrame: 0 });
      send(onlySpeed ? { type: 'speed', stepsPerFrame: result.state.stepsPerFrame } : { type: 'configure', state: result.state });
      stateRef.current = result.state;
      setState(result.state);
      if (result.corrections.length > 0) show(correctionNotice(source, where, result.corrections));
      else clear(source);
    },
    [send, show, clear],
  );
  const change = useCallback(
    (patch: Partial<Record<keyof LandscapeState, unknown>>) => apply(validateLandscape({ ...stateRef.current, ...patch }), 'controls', 'you entered'),
    [apply],
  );
  const changeSurface = useCallback(
    (surface: SurfaceName) => {
      const d = defaultLandscape(surface);
      change({ surface, start: d.start, racers: stateRef.current.racers.map((r) => ({ ...r, learningRate: d.racers[0].learningRate })) });
    },
    [change],
  );
  const changeRacers = useCallback((racers: unknown) => change({ racers }), [change]);
  const changeStart = useCallback((start: [number, number]) => change({ start }), [change]);

  useLandscapeHash(state, (result) => apply(result, 'link', 'in the link'));

  const stopped = useMemo(() => state.racers.map((_, i) => halts[i] !== undefined), [state.racers, halts]);
  const { status } = lab;
  const ready = lab.backend !== null;

  return (
    <div className="app landscape">
      <header className="app-header">
        <h1>Loss landscape</h1>
        <p className="tagline">Optimizers racing downhill on a 2-D surface, live on your GPU.</p>
        <nav className="page-nav">
          <a href="./index.html">Playground</a>
        </nav>
      </header>
      <Notices notices={notices} onDismiss={dismiss} />
      <div className="layout">
        <aside className="sidebar" aria-label="Landscape controls">
          <div className="run-buttons">
            <button type="button" className="button-primary" disabled={!ready || status.finished} onClick={() => send({ type: status.running ? 'pause' : 'run' })}>
              {status.running ? 'Pause' : 'Run'}
            </button>
            <button type="button" disabled={!ready || status.running || status.finished} onClick={() => send({ type: 'step' })}>
              Step
            </button>
            <button type="button" disabled={!ready} onClick={() => send({ type: 'reset' })}>
              Reset
            </button>
          </div>
          <LandscapeControls state={state} onSurface={changeSurface} onChange={change} />
          <RacerControls state={state} onRacers={changeRacers} />
        </aside>
        <main className="landscape-panels">
          <div className="status-bar">
            <div className="status-line">
              <span className={`status-dot ${status.running ? 'is-running' : ''}`} aria-hidden="true" />
              <span role="status" aria-label="Race status">
                {statusText(lab.backend, status)}
              </span>
            </div>
          </div>
          <section className="panel panel-map" aria-labelledby="map-heading">
            <h2 id="map-heading">Map</h2>
            <ContourMap state={state} grid={lab.grid} history={lab.history} version={lab.version} stopped={stopped} onStart={changeStart} />
          </section>
          <section className="panel panel-results" aria-labelledby="results-heading">
            <h2 id="results-heading">Results</h2>
            <RaceResults state={state} results={lab.results} />
          </section>
          <section className="panel panel-chart" aria-labelledby="chart-heading">
            <h2 id="chart-heading">Loss per step</h2>
            <RaceChart state={state} history={lab.history} version={lab.version} />
          </section>
        </main>
      </div>
    </div>
  );
}
