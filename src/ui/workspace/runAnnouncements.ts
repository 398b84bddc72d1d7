/**
 * What the run's one polite live region says (RunAnnouncer): a new run, Train, Pause (with the latest
 * loss and accuracy), and while training a progress line at most every PROGRESS_MS. Everything else on
 * the page that changes while training (status line, readouts, charts) is read on demand, not announced.
 */
import { DATASET_LABELS } from '../../engine/datasets';
import type { MetricPoint } from '../../worker/protocol';
import { formatLoss, formatPercent } from '../common/series';
import type { RunInfo, RunStatus } from './trainerView';

/** A training run is announced at most this often (a screen reader should not narrate every loss). */
export const PROGRESS_MS = 30_000;

export interface AnnouncedState {
  run: RunInfo | null;
  status: RunStatus;
  latest: MetricPoint | undefined;
}

function metricsText(latest: MetricPoint | undefined, classification: boolean): string {
  if (!latest) return '';
  const accuracy = classification && latest.testAccuracy !== undefined ? `, test accuracy ${formatPercent(latest.testAccuracy)}` : '';
  return `: test loss ${formatLoss(latest.testLoss)}${accuracy}`;
}

const stepText = (step: number) => `step ${step.toLocaleString('en-US')}`;

/** The sentence for a change from `before` to `now`, or null when nothing worth saying happened. */
export function announcement(before: AnnouncedState, now: AnnouncedState): string | null {
  const run = now.run;
  if (!run) return null;
  const classification = run.dataset.task === 'classification';
  if (before.run?.runId !== run.runId) {
    const backend = run.backend.kind === 'webgpu' ? 'WebGPU' : 'the CPU';
    const from = run.step > 0 ? ` from ${stepText(run.step)}` : '';
    return `New run ready${from}: ${DATASET_LABELS[run.config.dataset]}, ${run.widths.join(' → ')}, on ${backend}.`;
  }
  if (!before.status.running && now.status.running) return `Training from ${stepText(now.status.step)}.`;
  if (before.status.running && !now.status.running) return `Paused at ${stepText(now.status.step)}${metricsText(now.latest, classification)}.`;
  return null;
}

/** The progress line said every PROGRESS_MS while training. */
export function progressText(now: AnnouncedState): string {
  const classification = now.run?.dataset.task === 'classification';
  return `Training, ${stepText(now.status.step)}${metricsText(now.latest, classification)}.`;
}
