/**
 * One chart redraw at a time. A recharts chart redraws in a cascade (a render, a commit, then its store's
 * effects re-render it again); several charts redrawn together make one long main-thread task that
 * stalls input and painting. Live charts queue their redraws here instead (useThrottled): each key holds
 * only its newest job, keys take turns in the order they first asked, and the next job starts only when
 * the running one has said it is done (its redraw committed) and GAP_MS have passed, so the browser
 * handles input and paints between two charts. A job that never reports is released after RELEASE_MS.
 */
export type RedrawJob = () => void;

export const GAP_MS = 4;
export const RELEASE_MS = 3000;

export interface RedrawQueue {
  /** Queues (or replaces) the redraw for `key`; it keeps its place in the line. */
  request(key: object, job: RedrawJob): void;
  /** The redraw of `key` has committed: the next one may start. */
  done(key: object): void;
  /** Drops the queued (not yet started) redraw for `key`, if any. */
  drop(key: object): void;
  /** `key` is gone (its chart unmounted): drops its queued redraw and releases the queue if it was running. */
  cancel(key: object): void;
  /** Jobs waiting (not counting the one running). */
  readonly size: number;
}

export function createRedrawQueue(): RedrawQueue {
  const pending = new Map<object, RedrawJob>();
  let running: object | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const disarm = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const arm = (ms: number) => {
    disarm();
    timer = setTimeout(tick, ms);
  };
  const release = (key: object) => {
    if (running !== key) return;
    running = null;
    if (pending.size > 0) arm(GAP_MS);
    else disarm();
  };
  function tick() {
    timer = undefined;
    if (running !== null) {
      release(running); // it never reported (RELEASE_MS passed)
      return;
    }
    const next = pending.entries().next();
    if (next.done) return;
    const [key, job] = next.value;
    pending.delete(key);
    running = key;
    arm(RELEASE_MS);
    try {
      job();
    } catch (e) {
      release(key);
      throw e;
    }
  }

  return {
    request(key, job) {
      pending.set(key, job);
      if (running === null && timer === undefined) arm(GAP_MS);
    },
    done: release,
    drop(key) {
      pending.delete(key);
    },
    cancel(key) {
      pending.delete(key);
      release(key);
    },
    get size() {
      return pending.size;
    },
  };
}

/** The page's queue, shared by every live chart (useThrottled). */
export const redrawQueue = createRedrawQueue();
