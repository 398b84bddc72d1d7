/**
 * Owns the training worker for the page's lifetime: sends 'init', folds every FromWorker message into
 * one view (trainerView.ts: run, status, per-lane metric history, latest snapshot) and publishes it at
 * most once per animation frame, so a chatty worker never re-renders React faster than the screen refreshes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../engine/config';
import { createTrainerClient, type TrainerClient } from '../worker/client';
import type { ToWorker } from '../worker/protocol';
import { EMPTY, reduce, type ErrorMessage, type HaltedMessage, type ReadyMessage, type TrainerView } from './trainerView';

export type { ErrorMessage, HaltedMessage, LoadingState, OutputSnapshot, ReadyMessage, RunInfo, RunStatus, TrainerView } from './trainerView';

/** Rare events the page reacts to (config bookkeeping, notices); called as messages arrive. */
export interface TrainerEvents {
  onReady(msg: ReadyMessage): void;
  onHalted(msg: HaltedMessage): void;
  onError(msg: ErrorMessage): void;
}

const MAX_PUBLISH_WAIT_MS = 100;

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
  const frameRef = useRef(0);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const eventsRef = useRef(events);
  const initialRef = useRef(initialConfig);

  useEffect(() => {
    eventsRef.current = events;
  });

  /** Publishes now (a user's own action), cancelling any scheduled publish. */
  const flush = useCallback(() => {
    cancelAnimationFrame(frameRef.current);
    clearTimeout(timerRef.current);
    frameRef.current = 0;
    setView(storeRef.current);
  }, []);

  /**
   * Publishes on the next animation frame; the timer bounds the wait when frames stall (a GPU process
   * busy with compute can hold frames back for a second or more).
   */
  const publish = useCallback(() => {
    if (frameRef.current !== 0) return;
    frameRef.current = requestAnimationFrame(flush);
    timerRef.current = setTimeout(flush, MAX_PUBLISH_WAIT_MS);
  }, [flush]);

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
    });
    client.send({ type: 'init', config: initialRef.current, assetBase: document.baseURI });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
      cancelAnimationFrame(frameRef.current);
      clearTimeout(timerRef.current);
      frameRef.current = 0;
    };
  }, [publish]);

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
