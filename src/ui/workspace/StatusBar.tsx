/** The status line (backend, step, epoch, speed) and the latest loss and accuracy readouts. */
import type { MetricPoint } from '../../worker/protocol';
import { LoadingBar } from '../common/LoadingBar';
import { formatLoss, formatPercent } from '../common/series';
import type { LoadingState, RunInfo, RunStatus } from './useTrainer';

interface Props {
  run: RunInfo | null;
  status: RunStatus;
  /** The main run's (lane 0) latest metric point. */
  latest: MetricPoint | undefined;
  /** Regularization is on: also show the total loss (data loss + penalty). */
  regularized: boolean;
  /** A dataset download in progress, shown as a progress bar. */
  loading: LoadingState | null;
}

function statusText(run: RunInfo | null, status: RunStatus): string {
  if (!run) return 'Starting…';
  const backend = run.backend.kind === 'webgpu' ? ['WebGPU', run.backend.name].filter((s) => s.trim() !== '').join(' · ') : 'CPU';
  return `${backend} · Step ${status.step} · Epoch ${status.epoch.toFixed(1)} · ${Math.round(status.stepsPerSecond)} steps/s`;
}

export function StatusBar({ run, status, latest, regularized, loading }: Props) {
  const classification = run ? run.dataset.task === 'classification' : true;
  return (
    <div className="status-bar">
      <div className="status-line">
        <span className={`status-dot ${status.running ? 'is-running' : ''}`} aria-hidden="true" />
        <span role="status" aria-label="Training status">
          {statusText(run, status)}
        </span>
      </div>
      <dl className="readouts">
        <div>
          <dt>Train loss</dt>
          <dd>
            <output aria-label="Train loss">{formatLoss(latest?.trainLoss)}</output>
          </dd>
        </div>
        <div>
          <dt>Test loss</dt>
          <dd>
            <output aria-label="Test loss">{formatLoss(latest?.testLoss)}</output>
          </dd>
        </div>
        {regularized && (
          <div>
            <dt>Total loss</dt>
            <dd>
              <output aria-label="Total loss">{formatLoss(latest?.totalLoss)}</output>
            </dd>
          </div>
        )}
        {classification && (
          <div>
            <dt>Test accuracy</dt>
            <dd>
              <output aria-label="Test accuracy">{formatPercent(latest?.testAccuracy)}</output>
            </dd>
          </div>
        )}
        {run && (
          <div>
            <dt>Model</dt>
            <dd>
              {run.widths.join(' → ')} · {run.paramCount.toLocaleString('en-US')} parameters
            </dd>
          </div>
        )}
      </dl>
      {loading && <LoadingBar loading={loading} />}
    </div>
  );
}
