/**
 * Owns the training worker for the page's lifetime: sends 'init', folds every FromWorker message into
 * one view (trainerView.ts: run, status, per-lane metric history, latest snapshot) and publishes it at
 * most every MIN_PUBLISH_MS, so a chatty worker never re-renders the page faster than a person reads a
 * number (the charts redraw slower still: useThrottled). A publish takes its turn in the page's redraw
 * queue like a chart does, so it never interrupts, or piles up with, a chart's redraw.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import { createTrainerClient, type TrainerClient } from '../../worker/client';
import type { FromWorker, ToWorker } from '../../worker/protocol';
import { redrawQueue } from '../common/redrawQueue';
import { EMPTY, reduce, type ErrorMessage, type HaltedMessage, type ReadyMessage, type TrainerView } from './trainerView';

export type { ErrorMessage, HaltedMessage, LoadingState, OutputSnapshot, ReadyMessage, RunInfo, RunStatus, TrainerView } from './trainerView';

/** Rare events the page reacts to (config bookkeeping, notices); called as messages arrive. */
export interface TrainerEvents {
  onReady(msg: ReadyMessage): void;
  onHalted(msg: HaltedMessage): void;
  onError(msg: ErrorMessage): void;
  onConfigured(msg: Extract<FromWorker, { type: 'configured' }>): void;
  onSaved(msg: Extract<FromWorker, { type: 'saved' }>): void;
  onExported(msg: Extract<FromWorker, { type: 'exported' }>): void;
}

/** At most ~10 page renders a second from worker messages; a user's own action publishes at once. */
const MIN_PUBLISH_MS = 100;

export interface Trainer {
  view: TrainerView;
  send(msg: ToWorker): void;
  /** Sends 'train' or 'pause' and shows the new state at once, before the worker confirms it. */
  setRunning(running: boolean): void;
}

export function useTrainer(initialConfig: RunConfig, events: TrainerEvents): Trainer {
  const [view, setView] = useState<TrainerView>(EMPTY);
  const storeRef = useRef<TrainerView>(EMPTY);
  const clientRef = useRef<TrainerClient | null>(null);
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
    const client = createTrainerClient();
    clientRef.current = client;
    storeRef.current = EMPTY;
    const unsubscribe = client.subscribe((msg) => {
      storeRef.current = reduce(storeRef.current, msg);
      publish();
      if (msg.type === 'ready') eventsRef.current.onReady(msg);
      else if (msg.type === 'halted' && msg.runId === storeRef.current.run?.runId) eventsRef.current.onHalted(msg);
      else if (msg.type === 'error') eventsRef.current.onError(msg);
      else if (msg.type === 'configured') eventsRef.current.onConfigured(msg);
      else if (msg.type === 'saved') eventsRef.current.onSaved(msg);
      else if (msg.type === 'exported') eventsRef.current.onExported(msg);
    });
    client.send({ type: 'init', config: initialRef.current, assetBase: document.baseURI });
    // Browser tests reach the worker with ?test-hooks (e.g. to destroy the GPU device mid-run).
    const hooks = new URLSearchParams(window.location.search).has('test-hooks');
    if (hooks) (window as unknown as { optiplayTest?: { send(msg: ToWorker): void } }).optiplayTest = { send: (msg) => client.send(msg) };
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
      clearTimeout(timerRef.current);
      redrawQueue.cancel(queueKey);
      pendingRef.current = false;
    };
  }, [publish, queueKey]);

  const send = useCallback((msg: ToWorker) => clientRef.current?.send(msg), []);

  const setRunning = useCallback(
    (running: boolean) => {
      const store = storeRef.current;
      if (!store.run) return;
      clientRef.current?.send({ type: running ? 'train' : 'pause' });
      storeRef.current = { ...store, status: { ...store.status, running } };
      flush();
    },
    [flush],
  );

  return { view, send, setRunning };
}
