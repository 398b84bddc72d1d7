/**
 * The page's side of the run history: lists the saved runs (src/store, the same IndexedDB the worker saves
 * into), renames and deletes them, loads the histories of the runs ticked for Compare, and finds the last
 * run to offer after a reload. The worker writes runs; this hook only reads, renames and deletes, and
 * lists again whenever the worker says it saved one. A store that cannot be opened (private mode) or a
 * failed action gives `error`, a sentence for the panel; the page keeps working.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MetricPoint } from '../../engine/train/metrics';
import { openRunStore, type RunStore, type RunSummary } from '../../store/runStore';

export interface ComparedRun {
  id: string;
  name: string;
  history: MetricPoint[];
}

export interface Runs {
  runs: RunSummary[] | null;
  error: string | null;
  /** The newest saved run when the page opened (the resume offer), or null. */
  last: RunSummary | null;
  compare: string[];
  compared: ComparedRun[];
  setCompare(ids: string[]): void;
  rename(id: string, name: string): void;
  remove(id: string): void;
  /** Lists again (after the worker saved a run). */
  refresh(): void;
}

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useRuns(): Runs {
  const storeRef = useRef<Promise<RunStore> | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<RunSummary | null>(null);
  const [compare, setCompareIds] = useState<string[]>([]);
  const [compared, setCompared] = useState<ComparedRun[]>([]);
  const listing = useRef(0);

  const store = useCallback(() => {
    storeRef.current ??= openRunStore();
    storeRef.current.catch(() => (storeRef.current = null));
    return storeRef.current;
  }, []);

  const refresh = useCallback(() => {
    const ticket = ++listing.current;
    store()
      .then((s) => s.list())
      .then((list) => {
        if (ticket !== listing.current) return;
        setRuns(list);
        setError(null);
      })
      .catch((e: unknown) => {
        if (ticket !== listing.current) return;
        setRuns([]);
        setError(text(e));
      });
  }, [store]);

  useEffect(() => {
    let live = true;
    store()
      .then(async (s) => {
        const list = await s.list();
        if (!live) return;
        setRuns(list);
        const id = await s.lastRunId();
        if (live) setLast(list.find((r) => r.id === id) ?? null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setRuns([]);
        setError(text(e));
      });
    return () => {
      live = false;
    };
  }, [store]);

  const act = useCallback(
    (action: (s: RunStore) => Promise<unknown>) => {
      store()
        .then(action)
        .then(() => refresh())
        .catch((e: unknown) => {
          setError(text(e));
          refresh();
        });
    },
    [refresh, store],
  );

  const rename = useCallback((id: string, name: string) => act((s) => s.rename(id, name)), [act]);
  const remove = useCallback(
    (id: string) => {
      setCompareIds((ids) => ids.filter((x) => x !== id));
      act((s) => s.delete(id));
    },
    [act],
  );

  // the histories of the ticked runs, loaded when the selection (or a saved run in it) changes
  const savedKey = runs?.filter((r) => compare.includes(r.id)).map((r) => `${r.id}:${r.savedAt}:${r.name}`).join('|') ?? '';
  useEffect(() => {
    if (compare.length < 2) {
      setCompared([]);
      return;
    }
    let live = true;
    store()
      .then((s) => Promise.all(compare.map((id) => s.history(id))))
      .then((all) => {
        if (live) setCompared(all.map(({ summary, history }) => ({ id: summary.id, name: summary.name, history })));
      })
      .catch((e: unknown) => {
        if (live) setError(text(e));
      });
    return () => {
      live = false;
    };
  }, [compare, savedKey, store]);

  return { runs, error, last, compare, compared, setCompare: setCompareIds, rename, remove, refresh };
}
