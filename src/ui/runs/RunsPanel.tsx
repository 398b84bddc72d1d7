/**
 * The Runs panel: save the run under a name, and a table of the saved runs (IndexedDB, store/runStore.ts)
 * with Open, Rename (inline, Enter saves, Escape cancels), Delete (confirmed inline: Delete / Keep) and a
 * Compare tick (at most four runs). Props only: the page owns the list, the errors and the selection.
 * The panel is the whole section (heading "Runs" included); its children (the CompareChart) end it:
 *   <RunsPanel …props><CompareChart runs={compared} /></RunsPanel>
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { datasetLabel, MAX_RUN_NAME, type RunSummary } from '../../store/runSummary';
import { formatPercent } from '../common/series';
import { compareFull, formatRunDate, formatStored, isoDate, MAX_COMPARE, toggleCompare } from './runsView';

interface Props {
  /** Newest first; null while loading. */
  runs: RunSummary[] | null;
  /** A RunStoreError's message (shown as it is), or null. */
  error: string | null;
  /** The run training now (marked in the table). */
  currentId: string | null;
  onOpen(id: string): void;
  onRename(id: string, name: string): void;
  onDelete(id: string): void;
  /** "Save run": the typed name, trimmed; '' keeps the run's name (or gives the default one). */
  onSave(name: string): void;
  /** Ids ticked for Compare, in the order ticked. */
  compare: string[];
  onCompareChange(ids: string[]): void;
  /** Shown at the end of the panel: the CompareChart of the ticked runs. */
  children?: ReactNode;
}

export function RunsPanel({ runs, error, currentId, onOpen, onRename, onDelete, onSave, compare, onCompareChange, children }: Props) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const save = (e: FormEvent) => {
    e.preventDefault();
    onSave(draft.trim());
    setDraft('');
  };
  const full = compareFull(compare);
  return (
    <section className="panel panel-runs" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Runs</h2>
      <p className="help runs-intro">
        Runs are kept in this browser (IndexedDB), saved every few seconds while training and on Pause. Open one to continue it where it
        stopped: same weights, optimizer state, step and history.
      </p>
      <form className="runs-save" onSubmit={save}>
        <label htmlFor={`${id}-name`}>Run name</label>
        <input id={`${id}-name`} type="text" value={draft} maxLength={MAX_RUN_NAME} autoComplete="off" aria-describedby={`${id}-name-help`} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="button-primary">
          Save run
        </button>
        <p id={`${id}-name-help`} className="help">
          Left empty, a new run is named after its dataset and time, like “Spiral run, 6 Dec 14:03”.
        </p>
      </form>
      {error !== null && (
        <p role="alert" className="runs-error">
          {error}
        </p>
      )}
      {runs === null ? (
        <p className="runs-empty">
          Loading saved runs…
        </p>
      ) : runs.length === 0 ? (
        <p className="runs-empty">No saved runs yet: training saves the run every few seconds.</p>
      ) : (
        <>
          <div className="runs-scroll">
            <table className="runs-table">
              <caption className="visually-hidden">Saved runs</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Date</th>
                  <th scope="col">Dataset</th>
                  <th scope="col">Model</th>
                  <th scope="col">Step</th>
                  <th scope="col">Test accuracy</th>
                  <th scope="col">Stored size</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => {
                  const ticked = compare.includes(run.id);
                  return (
                    <RunRow
                      key={run.id}
                      run={run}
                      current={run.id === currentId}
                      ticked={ticked}
                      tickable={ticked || !full}
                      limitId={`${id}-limit`}
                      onOpen={onOpen}
                      onRename={onRename}
                      onDelete={onDelete}
                      onTick={(on) => onCompareChange(toggleCompare(compare, run.id, on))}
                    />
                  );
                })}
              </tbody>
            </table>
          </div>
          <p id={`${id}-limit`} className="help">
            {full ? `Comparing ${MAX_COMPARE} runs, the most at once: untick one to pick another.` : `Compare overlays the curves of up to ${MAX_COMPARE} ticked runs.`}
          </p>
        </>
      )}
      {children}
    </section>
  );
}

interface RowProps {
  run: RunSummary;
  current: boolean;
  ticked: boolean;
  /** False when four other runs are ticked. */
  tickable: boolean;
  /** The id of the note that explains the Compare limit. */
  limitId: string;
  onOpen(id: string): void;
  onRename(id: string, name: string): void;
  onDelete(id: string): void;
  onTick(on: boolean): void;
}

type Mode = 'view' | 'rename' | 'delete';

function RunRow({ run, current, ticked, tickable, limitId, onOpen, onRename, onDelete, onTick }: RowProps) {
  const [mode, setMode] = useState<Mode>('view');
  const renameButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // where focus goes back to when an inline rename or confirmation closes
  const returnTo = useRef<Mode>('view');
  useEffect(() => {
    if (mode !== 'view' || returnTo.current === 'view') return;
    (returnTo.current === 'rename' ? renameButton : deleteButton).current?.focus();
    returnTo.current = 'view';
  }, [mode]);
  const close = (from: Mode) => {
    returnTo.current = from;
    setMode('view');
  };

  return (
    <tr className={current ? 'is-current' : undefined} aria-current={current ? 'true' : undefined}>
      <th scope="row" className="runs-name">
        {mode === 'rename' ? (
          <RenameForm
            name={run.name}
            onSave={(name) => {
              if (name !== run.name) onRename(run.id, name);
              close('rename');
            }}
            onCancel={() => close('rename')}
          />
        ) : (
          <>
            {run.name}
            {current && <span className="runs-current"> (current)</span>}
          </>
        )}
      </th>
      <td>
        <time dateTime={isoDate(run.savedAt)}>{formatRunDate(run.savedAt)}</time>
      </td>
      <td>{datasetLabel(run.dataset)}</td>
      <td className="runs-model">{run.model}</td>
      <td className="runs-number">{run.step.toLocaleString('en-US')}</td>
      <td className="runs-number">{formatPercent(run.testAccuracy ?? undefined)}</td>
      <td className="runs-number">{formatStored(run.storedBytes)}</td>
      <td>
        <div className="runs-actions">
          {mode === 'delete' ? (
            <DeleteConfirm
              name={run.name}
              onDelete={() => {
                onDelete(run.id);
                close('delete');
              }}
              onKeep={() => close('delete')}
            />
          ) : (
            <>
              <button type="button" onClick={() => onOpen(run.id)}>
                Open
              </button>
              <button type="button" ref={renameButton} disabled={mode === 'rename'} onClick={() => setMode('rename')}>
                Rename
              </button>
              <button type="button" ref={deleteButton} onClick={() => setMode('delete')}>
                Delete
              </button>
            </>
          )}
          <label className="runs-compare">
            <input type="checkbox" checked={ticked} disabled={!tickable} aria-describedby={tickable ? undefined : limitId} onChange={(e) => onTick(e.target.checked)} />
            Compare<span className="visually-hidden"> {run.name}</span>
          </label>
        </div>
      </td>
    </tr>
  );
}

function RenameForm({ name, onSave, onCancel }: { name: string; onSave(name: string): void; onCancel(): void }) {
  const id = useId();
  const [value, setValue] = useState(name);
  const clean = value.trim();
  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onCancel();
  };
  return (
    <form
      className="runs-rename"
      onKeyDown={escape}
      onSubmit={(e) => {
        e.preventDefault();
        if (clean !== '') onSave(clean);
      }}
    >
      <label htmlFor={id}>
        New name<span className="visually-hidden"> for {name}</span>
      </label>
      <input id={id} type="text" value={value} maxLength={MAX_RUN_NAME} autoComplete="off" autoFocus onFocus={(e) => e.target.select()} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" disabled={clean === ''}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function DeleteConfirm({ name, onDelete, onKeep }: { name: string; onDelete(): void; onKeep(): void }) {
  const id = useId();
  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onKeep();
  };
  return (
    <div className="runs-confirm" role="group" aria-labelledby={id} onKeyDown={escape}>
      <span id={id}>Delete {name}?</span>
      <button type="button" className="button-danger" onClick={onDelete}>
        Delete
      </button>
      <button type="button" autoFocus onClick={onKeep}>
        Keep
      </button>
    </div>
  );
}
