/**
 * Owns the training worker for the page's lifetime: sends 'init', folds every FromWorker message into
 * one view (trainerView.ts: run, status, per-lane metric history, latest snapshot) and publishes it at
 * most every MIN_PUBLISH_MS, so a chatty worker never re-renders the page faster than a person reads a
 * number (the charts redraw slower still: useThrottled). A publish takes its turn in the page's redraw
 * queue like a chart does, so it never interrupts, or piles up with, a chart's redraw.
 *
 * A worker that throws, cannot be read or falls silent while training (worker/client.ts, worker/watchdog.ts)
 * is replaced by a new one, sent 'init' with the run's settings and, when the run had been saved, 'open'
 * of its last save: the run comes back paused at that step, and the page says what happened
 * (TrainerEvents.onWorker). After MAX_RESTARTS restarts within a minute the next failure gives up, saying
 * so; the page stays usable: its next message to the worker (Reset, say) starts a new worker and run.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import { createTrainerClient } from '../../worker/client';
import type { FromWorker, ToWorker } from '../../worker/protocol';
import { gaveUpNotice, Recovery, RestartLimit, restartingNotice, type WorkerNotice } from '../../worker/watchdog';
import { redrawQueue } from '../common/redrawQueue';
import { loadBackendChoice } from './backendPreference';
import { EMPTY, askRunning, reduce, stopped, type ErrorMessage, type HaltedMessage, type ReadyMessage, type TrainerView } from './trainerView';

export type { ErrorMessage, HaltedMessage, LoadingState, OutputSnapshot, ReadyMessage, RunInfo, RunStatus, TrainerView } from './trainerView';

/** Rare events the page reacts to (config bookkeeping, notices); called as messages arrive. */
export interface TrainerEvents {
  onReady(msg: ReadyMessage): void;
  onHalted(msg: HaltedMessage): void;
  onError(msg: ErrorMessage): void;
  onConfigured(msg: Extract<FromWorker, { type: 'configured' }>): void;
  onSaved(msg: Extract<FromWorker, { type: 'saved' }>): void;
  onExported(msg: Extract<FromWorker, { type: 'exported' }>): void;
  /** The worker stopped and was restarted (or given up on): show this notice; null: take it down. */
  onWorker(notice: WorkerNotice | null): void;
}

/** At most ~10 page renders a second from worker messages; a user's own action publishes at once. */
const MIN_PUBLISH_MS = 100;

export interface Trainer {
  view: TrainerView;
  send(msg: ToWorker): void;
  /**
   * Sends 'train' or 'pause' and shows the new state at once, before the worker confirms it (a Pause
   * shows `pausing` until the steps on the device have finished: trainerView.ts).
   */
  setRunning(running: boolean): void;
}

export function useTrainer(initialConfig: RunConfig, events: TrainerEvents): Trainer {
  const [view, setView] = useState<TrainerView>(EMPTY);
  const storeRef = useRef<TrainerView>(EMPTY);
  /** Sends to the worker (starting a new one after the page gave up on restarting); null once unmounted. */
  const postRef = useRef<((msg: ToWorker) => void) | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingRef = useRef(false);
  const lastPublishRef = useRef(0);
  const publishedRef = useRef<TrainerView>(EMPTY);
  const [queueKey] = useState(() => ({}));
  const eventsRef = useRef(events);
  const initialRef = useRef(initialConfig);

  useEffect(() => {
    eventsRef.current = events;
  });

  /** Publishes now (a user's own action, or this publish's turn in the queue), cancelling any scheduled one. */
  const flush = useCallback(() => {
    clearTimeout(timerRef.current);
    redrawQueue.drop(queueKey);
    pendingRef.current = false;
    lastPublishRef.current = performance.now();
    // Nothing new (React would not re-render, and the queue would wait for a commit that never comes).
    if (storeRef.current === publishedRef.current) redrawQueue.done(queueKey);
    publishedRef.current = storeRef.current;
    setView(storeRef.current);
  }, [queueKey]);

  /** Queues a publish at least MIN_PUBLISH_MS after the last one. */
  const publish = useCallback(() => {
    if (pendingRef.current) return;
    pendingRef.current = true;
    const wait = lastPublishRef.current + MIN_PUBLISH_MS - performance.now();
    timerRef.current = setTimeout(() => redrawQueue.request(queueKey, flush), Math.max(0, wait));
  }, [flush, queueKey]);

  // The published view has committed (or nothing changed): the queue's next redraw may start.
  useEffect(() => redrawQueue.done(queueKey), [view, queueKey]);

  useEffect(() => {
    // Browser tests reach the worker with ?test-hooks (e.g. to destroy the GPU device, or crash the worker, mid-run).
    const hooks = new URLSearchParams(window.location.search).has('test-hooks');
    /** The settings the worker runs now (its last 'ready' or 'configured'): a restarted worker starts from them. */
    let config = initialRef.current;
    // the Backend choice kept in this browser (backendPreference.ts), read again by a restarted worker
    const init = (): ToWorker => ({ type: 'init', config, assetBase: document.baseURI, backend: loadBackendChoice(), ...(hooks ? { testHooks: true } : {}) });
    /** Store ids of runs known to be in the run history (saved, or opened from it): a restart reopens them. */
    const saved = new Set<string>();
    const limit = new RestartLimit();
    let recovery: Recovery | null = null;
    /** Given up after too many failures: the page's next message starts a new worker. */
    let down = false;
    storeRef.current = EMPTY;

    const deliver = (msg: FromWorker) => {
      storeRef.current = reduce(storeRef.current, msg);
      publish();
      if (msg.type === 'ready') {
        config = msg.config;
        if (msg.cause === 'open') saved.add(msg.storeId);
        eventsRef.current.onReady(msg);
      } else if (msg.type === 'halted' && msg.runId === storeRef.current.run?.runId) eventsRef.current.onHalted(msg);
      else if (msg.type === 'error') eventsRef.current.onError(msg);
      else if (msg.type === 'configured') {
        config = msg.config;
        eventsRef.current.onConfigured(msg);
      } else if (msg.type === 'saved') {
        saved.add(msg.summary.id);
        eventsRef.current.onSaved(msg);
      } else if (msg.type === 'exported') eventsRef.current.onExported(msg);
    };

    /** The old worker is gone: the page shows the run stopped (a restarted run comes back paused). */
    const showStopped = () => {
      storeRef.current = stopped(storeRef.current);
      flush();
    };

    const client = createTrainerClient({
      training: () => storeRef.current.status.running,
      onFailure(failure) {
        recovery = null;
        showStopped();
        if (!limit.take(performance.now())) {
          down = true;
          eventsRef.current.onWorker(gaveUpNotice(failure));
          return;
        }
        const run = storeRef.current.run;
        const reopen = run && saved.has(run.storeId) ? run.storeId : null;
        recovery = new Recovery(failure, reopen);
        eventsRef.current.onWorker(restartingNotice(failure, reopen !== null));
        client.restart();
        client.send(init());
        if (reopen !== null) client.send({ type: 'open', id: reopen });
      },
    });
    const unsubscribe = client.subscribe((msg) => {
      if (!recovery) return deliver(msg);
      const r = recovery.take(msg);
      if (r.done) recovery = null;
      r.deliver.forEach(deliver);
      if (r.notice) eventsRef.current.onWorker(r.notice);
    });
    postRef.current = (msg) => {
      if (down) {
        // the user acts after the page gave up: a new worker, a new run with the same settings, then the message
        down = false;
        limit.clear();
        eventsRef.current.onWorker(null);
        client.restart();
        client.send(init());
        if (msg.type === 'reset' || msg.type === 'init') return;
      }
      client.send(msg);
    };
    client.send(init());
    if (hooks) (window as unknown as { optiplayTest?: { send(msg: ToWorker): void } }).optiplayTest = { send: (msg) => postRef.current?.(msg) };
    return () => {
      unsubscribe();
      client.terminate();
      postRef.current = null;
      clearTimeout(timerRef.current);
      redrawQueue.cancel(queueKey);
      pendingRef.current = false;
    };
  }, [publish, flush, queueKey]);

  const send = useCallback((msg: ToWorker) => postRef.current?.(msg), []);

  const setRunning = useCallback(
    (running: boolean) => {
      const store = storeRef.current;
      if (!store.run) return;
      postRef.current?.({ type: running ? 'train' : 'pause' });
      storeRef.current = askRunning(store, running);
      flush();
    },
    [flush],
  );

  return { view, send, setRunning };
}
