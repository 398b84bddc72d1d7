/**
 * The run store's one error type and the messages users see. Every message says what did not happen and
 * that nothing else was lost or half-written (each write is one IndexedDB transaction, all or nothing);
 * the UI shows `message` as it is and may branch on `kind`.
 *
 * A RunStoreError does not survive postMessage as a class: a worker posts `{ kind, message }`.
 */

export type RunStoreErrorKind = 'unavailable' | 'quota' | 'corrupt' | 'missing' | 'failed';

export class RunStoreError extends Error {
  readonly kind: RunStoreErrorKind;

  constructor(kind: RunStoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunStoreError';
    this.kind = kind;
  }
}

/** What the store was doing when IndexedDB failed. */
export type StoreAction = 'save' | 'open' | 'list' | 'rename' | 'delete';

const NOT_DONE: Record<StoreAction, string> = {
  save: 'the run was not saved',
  open: 'the saved run could not be opened',
  list: 'the saved runs could not be listed',
  rename: 'the run was not renamed',
  delete: 'the run was not deleted',
};

const KEPT: Record<StoreAction, string> = {
  save: 'nothing was half-written',
  open: 'nothing was changed',
  list: 'nothing was changed',
  rename: 'nothing was changed',
  delete: 'nothing was changed',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const UNAVAILABLE_MESSAGE =
  'Browser storage (IndexedDB) is not available here, as in a private window or with site data blocked, so runs are not saved. Training works as usual; export the model to keep it.';

export const NEWER_MESSAGE = 'Browser storage holds runs saved by a newer version of OptiPlay: reload the page to use them. Nothing was changed.';

export const unavailable = (cause?: unknown) => new RunStoreError('unavailable', UNAVAILABLE_MESSAGE, { cause });

/** “name”, or the generic phrase for a run whose name is unknown. */
const runName = (name: string | null) => (name === null ? 'The saved run' : `The saved run “${name}”`);

export function corrupt(name: string | null, problem: string): RunStoreError {
  return new RunStoreError('corrupt', `${runName(name)} is damaged and cannot be opened (${problem}). Nothing was changed; delete it in Runs.`);
}

export function missing(name: string | null): RunStoreError {
  return new RunStoreError('missing', `${runName(name)} is no longer stored (deleted in another tab?). Nothing was changed.`);
}

export function badName(): RunStoreError {
  return new RunStoreError('failed', `A run name needs 1 to 80 characters: ${NOT_DONE.rename} (${KEPT.rename}).`);
}

export function unsavable(problem: string): RunStoreError {
  return new RunStoreError('corrupt', `The run was not saved: its record is inconsistent (${problem}). Nothing was written.`);
}

const errorName = (e: unknown): string => (e !== null && typeof e === 'object' && 'name' in e && typeof e.name === 'string' ? e.name : '');

/** Why IndexedDB failed, in words. */
function reason(e: unknown): string {
  switch (errorName(e)) {
    case 'DataCloneError':
      return 'its record could not be copied into storage';
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return 'the browser closed its storage (reload the page)';
    case 'AbortError':
      return 'the browser stopped the write';
    case 'UnknownError':
      return 'the browser could not reach its storage on disk';
    default:
      return e instanceof Error && e.message ? `the browser reported: ${e.message}` : 'the browser reported an error';
  }
}

/** Any failure of an IndexedDB call, as a RunStoreError (one already is passes through). */
export function toStoreError(e: unknown, action: StoreAction): RunStoreError {
  if (e instanceof RunStoreError) return e;
  const name = errorName(e);
  if (name === 'QuotaExceededError') {
    const advice = action === 'save' ? 'Delete old runs in Runs, or export the model.' : 'Delete old runs in Runs.';
    return new RunStoreError('quota', `Browser storage is full: ${NOT_DONE[action]} (${KEPT[action]}). ${advice}`, { cause: e });
  }
  if (name === 'VersionError') return new RunStoreError('unavailable', NEWER_MESSAGE, { cause: e });
  if (name === 'SecurityError') return unavailable(e);
  return new RunStoreError('failed', `${capital(NOT_DONE[action])}: ${reason(e)} (${KEPT[action]}).`, { cause: e });
}
