/**
 * The study's progress: a progress bar (trials finished of the study's trials) and one line with what is
 * done, pruned, failed and running, the backend and an estimate of the time left (an upper bound: trials
 * stopped early finish sooner).
 */
import type { SweepBackend } from './useSweep';
import type { SweepProgress } from './worker/sweepProtocol';

interface Props {
  progress: SweepProgress | null;
  backend: SweepBackend | null;
  loading: { what: string; loaded: number; total: number } | null;
  running: boolean;
}

/** "1 min 20 s", "45 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

/** The progress line's words, e.g. "9 of 16 trials done (5 pruned, 1 failed) · 7 running · at most 12 s left". */
export function progressText(p: SweepProgress): string {
  const trials = p.record.trials;
  const count = (s: string) => trials.filter((t) => t.state === s).length;
  const done = count('complete') + count('pruned') + count('failed');
  const extra = [count('pruned') && `${count('pruned')} pruned`, count('failed') && `${count('failed')} failed`].filter(Boolean).join(', ');
  const parts = [`${done} of ${p.record.settings.trials} trials done${extra ? ` (${extra})` : ''}`];
  if (p.stopped) parts.push(`stopped after ${durationText(p.elapsedMs / 1000)}`);
  else if (p.done) parts.push(`finished in ${durationText(p.elapsedMs / 1000)}`);
  else {
    parts.push(`${count('running')} running`);
    if (p.stepsPerSecond > 0) parts.push(`at most ${durationText(p.stepsLeft / p.stepsPerSecond)} left`);
  }
  return parts.join(' · ');
}

export function SweepProgressBar({ progress, backend, loading, running }: Props) {
  const total = progress?.record.settings.trials ?? 1;
  const done = progress ? progress.record.trials.filter((t) => t.state !== 'running' && t.state !== 'waiting').length : 0;
  const device = backend ? (backend.kind === 'webgpu' ? `WebGPU · ${backend.name}` : 'CPU') : null;
  return (
    <section className="status-bar sweep-progress" aria-label="Sweep progress">
      <progress aria-label="Trials done" max={total} value={progress ? (progress.done ? total : done) : 0} />
      <p role="status" aria-live="polite">
        {loading ? `Loading ${loading.what}… ${loading.total > 0 ? Math.round((100 * loading.loaded) / loading.total) : 0}%` : progress ? progressText(progress) : running ? 'Starting the sweep…' : 'No sweep yet: choose the parameters and press Start sweep.'}
        {device ? ` · ${device}` : ''}
      </p>
    </section>
  );
}
