/**
 * The status details: each backend's training speed on this run's model and batch size, which one trains
 * and why (worker/backendRace.ts), and the Backend control that overrides the automatic choice. A change
 * moves the run as it stands to the chosen backend (worker/backendSwitch.ts): its curves and weights go on.
 */
import { useId, useState } from 'react';
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../../worker/backendRace';
import { loadBackendChoice, saveBackendChoice } from './backendPreference';
import type { RunInfo } from './useTrainer';

interface Props {
  run: RunInfo | null;
  onChoose(choice: BackendChoice): void;
}

export function BackendDetails({ run, onChoose }: Props) {
  const [choice, setChoice] = useState<BackendChoice>(loadBackendChoice);
  const report = run?.backendReport;
  const id = useId();
  const choose = (value: string) => {
    if (!isBackendChoice(value)) return;
    setChoice(value);
    saveBackendChoice(value);
    onChoose(value);
  };
  return (
    <details className="status-details">
      <summary>Status details</summary>
      <p aria-label="Backend speeds">{report ? report.text : run ? `Training on ${run.backend.kind === 'cpu' ? 'the CPU engine' : 'WebGPU'}.` : 'Starting…'}</p>
      <label htmlFor={id}>Backend</label>{' '}
      <select id={id} value={choice} onChange={(e) => choose(e.target.value)} disabled={!run}>
        {BACKEND_CHOICES.map((c) => (
          // WebGPU cannot train this model here (no adapter, or the model does not fit it): the details say why
          <option key={c.value} value={c.value} disabled={c.value === 'webgpu' && report?.webgpu === false && choice !== 'webgpu'}>
            {c.label}
          </option>
        ))}
      </select>
    </details>
  );
}
