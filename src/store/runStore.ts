/**
 * Run history in IndexedDB (database "optiplay", version 1), usable in a Web Worker and on the page:
 *   runs        — RunSummary by `id` (keyPath), what the Runs panel lists;
 *   checkpoints — the checkpoint record (engine/checkpoint.ts) under the same id, stored as it is
 *                 (typed arrays and all: IndexedDB takes structured clones), its history left out;
 *   histories   — the record's metric history under the same id, apart, so Compare reads a run's curves
 *                 without its weights (load() puts the record back together).
 * Every write that touches a run is one readwrite transaction over all three stores, so a run is either saved
 * whole or not at all; a failed write is aborted, never half-committed. Records are checked
 * (validateCheckpoint) before they are written and after they are read. Failures are RunStoreErrors whose
 * message is shown to users as it is.
 *
 *   const store = await openRunStore();              // RunStoreError 'unavailable' in a private window
 *   await store.save(id, null, await trainer.checkpoint(), { storedBytes, backend });
 *   const ckpt = await store.load(await store.lastRunId());
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Checkpoint } from '../engine/checkpoint';
import type { MetricPoint } from '../engine/train/metrics';
import { badName, corrupt, missing, toStoreError, unavailable, unsavable, type StoreAction } from './runStoreError';
import { cleanRunName, defaultRunName, fitRunName, isRunSummary, summarize, type RunSummary } from './runSummary';
import { validateCheckpoint } from './validateCheckpoint';

export { RunStoreError, type RunStoreErrorKind } from './runStoreError';
export { datasetLabel, defaultRunName, MAX_RUN_NAME, type RunSummary } from './runSummary';

export const DB_NAME = 'optiplay';
export const DB_VERSION = 1;

/** Values are `unknown`: whatever is stored is checked before use (another version, a damaged disk). */
interface Schema extends DBSchema {
  runs: { key: string; value: unknown };
  checkpoints: { key: string; value: unknown };
  histories: { key: string; value: unknown };
}

type Db = IDBPDatabase<Schema>;
type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<Schema, Array<'runs' | 'checkpoints' | 'histories'>, Mode>;

export interface RunStore {
  /** Every listable summary, newest savedAt first; a summary that fails its check is skipped. */
  list(): Promise<RunSummary[]>;
  /**
   * Saves (or overwrites) the run `id`: summary and record in one transaction. `name` null or blank keeps
   * the stored name, or gives a new run a default one ("Spiral run, 6 Dec 14:03"); a name over 80
   * characters is shortened (fitRunName), never refused.
   */
  save(id: string, name: string | null, ckpt: Checkpoint, extra: { storedBytes: number | null; backend?: string }): Promise<RunSummary>;
  /** The checked record ('missing' when gone, 'corrupt' when it fails its check). */
  load(id: string): Promise<Checkpoint>;
  /** The summary and the full metric history (all lanes; Compare draws lane 0). */
  history(id: string): Promise<{ summary: RunSummary; history: MetricPoint[] }>;
  /** Trims the name; 1 to 80 characters. */
  rename(id: string, name: string): Promise<RunSummary>;
  /** Removes the summary and the record together; a run already gone is no error. */
  delete(id: string): Promise<void>;
  /** The most recently saved run, for "resume the last run?" after a reload. */
  lastRunId(): Promise<string | null>;
}

/** A new run id: time-ordered and random ("m4x2k9qz-3f9a1c0b5e7d2a46"). */
export function newRunId(): string {
  const bytes = new Uint8Array(8);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The page's or worker's IndexedDB; reading it can itself throw where storage is blocked. */
function defaultFactory(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB ?? undefined;
  } catch {
    return undefined;
  }
}

function openRaw(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('runs')) db.createObjectStore('runs', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('checkpoints')) db.createObjectStore('checkpoints');
      if (!db.objectStoreNames.contains('histories')) db.createObjectStore('histories');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new DOMException('IndexedDB could not be opened', 'UnknownError'));
  });
}

/** Opens (creating on first use) the run store; 'unavailable' when IndexedDB is missing or blocked. */
export async function openRunStore(factory: IDBFactory | undefined = defaultFactory()): Promise<RunStore> {
  if (!factory) throw unavailable();
  let raw: IDBDatabase;
  try {
    raw = await openRaw(factory);
  } catch (e) {
    const error = toStoreError(e, 'open');
    throw error.kind === 'unavailable' ? error : unavailable(e);
  }
  // a newer OptiPlay in another tab upgrading the database: let it (this tab's calls then fail clearly)
  raw.onversionchange = () => raw.close();
  return new IdbRunStore(wrap(raw) as unknown as Db);
}

/** Aborts a transaction that failed part-way; one already finished or aborted is left as it is. */
function abandon(tx: Tx<IDBTransactionMode>, pending: readonly Promise<unknown>[]): void {
  for (const p of pending) p.catch(() => {});
  try {
    tx.abort();
  } catch {
    // already committed or aborted
  }
}

/** A metric history as stored: an array of points with a finite step and lane (the charts skip nothing else). */
function isHistory(v: unknown): v is MetricPoint[] {
  return Array.isArray(v) && v.every((p) => p !== null && typeof p === 'object' && Number.isFinite((p as MetricPoint).step) && Number.isInteger((p as MetricPoint).lane));
}

class IdbRunStore implements RunStore {
  constructor(private readonly db: Db) {}

  /** Runs `body` in one transaction over all three stores; on any failure the transaction is aborted. */
  private async both<Mode extends IDBTransactionMode, T>(mode: Mode, action: StoreAction, body: (tx: Tx<Mode>, pending: Promise<unknown>[]) => Promise<T>): Promise<T> {
    let tx: Tx<Mode>;
    try {
      tx = this.db.transaction(['runs', 'checkpoints', 'histories'], mode);
    } catch (e) {
      throw toStoreError(e, action);
    }
    const pending: Promise<unknown>[] = [tx.done];
    try {
      const result = await body(tx, pending);
      await Promise.all(pending);
      return result;
    } catch (e) {
      abandon(tx, pending);
      throw toStoreError(e, action);
    }
  }

  async list(): Promise<RunSummary[]> {
    let all: unknown[];
    try {
      all = await this.db.getAll('runs');
    } catch (e) {
      throw toStoreError(e, 'list');
    }
    return all.filter(isRunSummary).sort((a, b) => b.savedAt - a.savedAt || a.id.localeCompare(b.id));
  }

  async save(id: string, name: string | null, ckpt: Checkpoint, extra: { storedBytes: number | null; backend?: string }): Promise<RunSummary> {
    const typed = name === null ? null : fitRunName(name);
    const check = validateCheckpoint(ckpt);
    if (!check.ok) throw unsavable(check.problem);
    return this.both('readwrite', 'save', async (tx, pending) => {
      const runs = tx.objectStore('runs');
      const old = await runs.get(id);
      const before = isRunSummary(old) ? old : null;
      const summary = summarize(id, typed ?? before?.name ?? defaultRunName(ckpt.csv?.fileName ?? ckpt.config.dataset, ckpt.savedAt), before?.createdAt ?? ckpt.savedAt, ckpt, extra);
      pending.push(runs.put(summary));
      pending.push(tx.objectStore('checkpoints').put({ ...ckpt, history: [] }, id));
      pending.push(tx.objectStore('histories').put(ckpt.history, id));
      return summary;
    });
  }

  /** The stored summary (null if missing or unreadable) and the checked record. */
  private async read(id: string): Promise<{ summary: RunSummary | null; checkpoint: Checkpoint }> {
    const [summary, record, history] = await this.both('readonly', 'open', async (tx) =>
      Promise.all([tx.objectStore('runs').get(id), tx.objectStore('checkpoints').get(id), tx.objectStore('histories').get(id)]),
    );
    const known = isRunSummary(summary) ? summary : null;
    if (record === undefined) throw missing(known?.name ?? null);
    // the history is stored apart: a record without one fails the check below ("history")
    const whole = record !== null && typeof record === 'object' ? { ...record, history } : record;
    const check = validateCheckpoint(whole);
    if (!check.ok) throw corrupt(known?.name ?? null, check.problem);
    return { summary: known, checkpoint: check.checkpoint };
  }

  async load(id: string): Promise<Checkpoint> {
    return (await this.read(id)).checkpoint;
  }

  /** Reads the summary and the history only (not the weights): Compare redraws while a run saves every few seconds. */
  async history(id: string): Promise<{ summary: RunSummary; history: MetricPoint[] }> {
    const [summary, history] = await this.both('readonly', 'open', async (tx) => Promise.all([tx.objectStore('runs').get(id), tx.objectStore('histories').get(id)]));
    if (isRunSummary(summary) && isHistory(history)) return { summary, history };
    // a summary gone missing (or a damaged history): the whole record, checked, under its default name
    const { summary: known, checkpoint: c } = await this.read(id);
    return { summary: known ?? summarize(id, defaultRunName(c.csv?.fileName ?? c.config.dataset, c.savedAt), c.savedAt, c, { storedBytes: null }), history: c.history };
  }

  async rename(id: string, name: string): Promise<RunSummary> {
    const clean = cleanRunName(name);
    if (clean === null) throw badName();
    return this.both('readwrite', 'rename', async (tx, pending) => {
      const runs = tx.objectStore('runs');
      const old = await runs.get(id);
      if (!isRunSummary(old)) throw missing(null);
      const summary = { ...old, name: clean };
      pending.push(runs.put(summary));
      return summary;
    });
  }

  async delete(id: string): Promise<void> {
    await this.both('readwrite', 'delete', async (tx, pending) => {
      pending.push(tx.objectStore('runs').delete(id), tx.objectStore('checkpoints').delete(id), tx.objectStore('histories').delete(id));
    });
  }

  async lastRunId(): Promise<string | null> {
    return (await this.list())[0]?.id ?? null;
  }
}
