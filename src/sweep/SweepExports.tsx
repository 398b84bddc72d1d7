/**
 * Leaving the browser: the study as JSON (reloadable), as CSV (one row per trial), and as an Optuna
 * script with the same search space, sampler, pruner and objective that trains the run in PyTorch, so a
 * sweep that outgrows one machine goes on with Optuna's shared storage on many.
 */
import { optunaScript } from '../engine/export/optunaScript';
import { studyCsv, studyJson } from '../engine/export/study';
import type { StudyRecord } from '../engine/search/types';
import { downloadFile } from '../ui/common/download';

export function SweepExports({ record }: { record: StudyRecord | null }) {
  const off = record === null || record.trials.length === 0;
  const name = record ? `optiplay-study-${record.base.dataset}` : '';
  return (
    <section className="panel sweep-exports" aria-label="Export study">
      <h2>Export</h2>
      <div className="button-row">
        <button type="button" disabled={off} onClick={() => record && downloadFile(studyJson(record), `${name}.json`, 'application/json')}>Export JSON</button>
        <button type="button" disabled={off} onClick={() => record && downloadFile(studyCsv(record), `${name}.csv`, 'text/csv')}>Export CSV</button>
        <button type="button" disabled={off} onClick={() => record && downloadFile(optunaScript(record), `${name}-optuna.py`, 'text/x-python')}>Export Optuna script</button>
      </div>
      <p className="help">
        {off ? 'Start a sweep to export it.' : 'The Optuna script needs Python 3 with optuna ≥ 3.1 and PyTorch; run it with --storage pointing at a shared database to spread the study over many machines.'}
      </p>
    </section>
  );
}
