/**
 * The Runs panel on the page: the saved runs (useRuns) with Open, Rename, Delete and Save run, Compare's
 * overlaid curves, and the offer to resume the last run after a reload. Opening and saving go to the
 * worker (it holds the run); listing, renaming and deleting go to the store directly.
 */
import { memo, useEffect, useState } from 'react';
import type { ToWorker } from '../../worker/protocol';
import { CompareChart } from './CompareChart';
import { RunsPanel } from './RunsPanel';
import type { Runs } from './useRuns';

interface Props {
  runs: Runs;
  /** The run the worker holds: its id in the history, and its step. */
  currentId: string | null;
  send(msg: ToWorker): void;
}

export const RunsSection = memo(function RunsSection({ runs, currentId, send }: Props) {
  return (
    <RunsPanel
      runs={runs.runs}
      error={runs.error}
      currentId={currentId}
      onOpen={(id) => send({ type: 'open', id })}
      onRename={runs.rename}
      onDelete={runs.remove}
      onSave={(name) => send({ type: 'save', name: name === '' ? null : name })}
      compare={runs.compare}
      onCompareChange={runs.setCompare}
    >
      <CompareChart runs={runs.compared} />
    </RunsPanel>
  );
});

interface OfferProps {
  runs: Runs;
  /** The run on the page now (a resumed run no longer needs the offer). */
  currentId: string | null;
  onResume(id: string): void;
}

/** After a reload: "Resume your last run?" with Resume and Not now. */
export function ResumeOffer({ runs, currentId, onResume }: OfferProps) {
  const [dismissed, setDismissed] = useState(false);
  const last = runs.last;
  useEffect(() => {
    if (last && currentId === last.id) setDismissed(true);
  }, [last, currentId]);
  if (!last || dismissed) return null;
  const acc = last.testAccuracy === null ? '' : `, test accuracy ${(last.testAccuracy * 100).toFixed(1)}%`;
  return (
    <div className="notice notice-info resume-offer" role="region" aria-label="Resume the last run">
      <div className="notice-body">
        <p>
          Resume your last run, “{last.name}” (step {last.step.toLocaleString('en-US')}
          {acc})?
        </p>
      </div>
      <button
        type="button"
        className="button-primary"
        onClick={() => {
          setDismissed(true);
          onResume(last.id);
        }}
      >
        Resume
      </button>
      <button type="button" className="button-quiet" onClick={() => setDismissed(true)}>
        Not now
      </button>
    </div>
  );
}
