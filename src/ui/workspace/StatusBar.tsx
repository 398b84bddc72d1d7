/** The status line (backend, step, epoch, speed), its details (the backends' speeds, Backend) and the latest loss and accuracy readouts. */
import type { BackendChoice } from '../../worker/backendRace';
import type { MetricPoint } from '../../worker/protocol';
import { BackendDetails } from './BackendDetails';
import { LoadingBar } from '../common/LoadingBar';
import { Readout, Readouts } from '../common/Readouts';
import { formatLoss, formatPercent } from '../common/series';
import { speedText } from './trainerView';
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
  /** The person picked a Backend (the status details). */
  onBackend(choice: BackendChoice): void;
}

function statusText(run: RunInfo | null, status: RunStatus): string {
  if (!run) return 'Starting…';
  const backend = run.backend.kind === 'webgpu' ? ['WebGPU', run.backend.name].filter((s) => s.trim() !== '').join(' · ') : 'CPU';
  return `${backend} · Step ${status.step} · Epoch ${status.epoch.toFixed(1)} · ${speedText(status)}`;
}

export function StatusBar({ run, status, latest, regularized, loading, onBackend }: Props) {
  const classification = run ? run.dataset.task === 'classification' : true;
  return (
    <div className="status-bar">
      <dl className="status-line">
        <dt className="visually-hidden">Training status</dt>
        <dd aria-label="Training status">
          <span className={`status-dot ${status.running ? 'is-running' : ''}`} aria-hidden="true" />
          {statusText(run, status)}
        </dd>
      </dl>
      <BackendDetails run={run} onChoose={onBackend} />
      <Readouts>
        <Readout label="Train loss">{formatLoss(latest?.trainLoss)}</Readout>
        <Readout label="Test loss">{formatLoss(latest?.testLoss)}</Readout>
        {regularized && <Readout label="Total loss">{formatLoss(latest?.totalLoss)}</Readout>}
        {classification && <Readout label="Test accuracy">{formatPercent(latest?.testAccuracy)}</Readout>}
        {run && (
          <Readout label="Model">
            {run.widths.join(' → ')} · {run.paramCount.toLocaleString('en-US')} parameters
          </Readout>
        )}
      </Readouts>
      {loading && <LoadingBar loading={loading} />}
    </div>
  );
}
