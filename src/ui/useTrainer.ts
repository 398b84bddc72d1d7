/**
 * Owns the training worker for the page's lifetime: sends 'init', folds every FromWorker message into
 * one view (run, status, metric history, latest snapshot) and publishes it at most once per animation
 * frame, so a chatty worker never re-renders React faster than the screen refreshes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../engine/config';
import { createTrainerClient, type TrainerClient } from '../worker/client';
import type { FromWorker, LayerHistogram, MetricPoint, ToWorker } from '../worker/protocol';
import { appendCapped } from './series';

export type ReadyMessage = Extract<FromWorker, { type: 'ready' }>;
export type HaltedMessage = Extract<FromWorker, { type: 'halted' }>;
export type ErrorMessage = Extract<FromWorker, { type: 'error' }>;
export type RunInfo = Omit<ReadyMessage, 'type'>;

export interface RunStatus {
  running: boolean;
  step: number;
  epoch: number;
  stepsPerSecond: number;
}

export interface OutputSnapshot {
  step: number;
  histograms: LayerHistogram[];
  output: Float32Array;
}

export interface TrainerView {
  run: RunInfo | null;
  status: RunStatus;
  metrics: MetricPoint[];
  snapshot: OutputSnapshot | null;
}

/** Rare events the page reacts to (config bookkeeping, notices); called as messages arrive. */
export interface TrainerEvents {
  onReady(msg: ReadyMessage): void;
  onHalted(msg: HaltedMessage): void;
  onError(msg: ErrorMessage): void;
}

const MAX_PUBLISH_WAIT_MS = 100;
const IDLE: RunStatus = { running: false, step: 0, epoch: 0, stepsPerSecond: 0 };
const EMPTY: TrainerView = { run: null, status: IDLE, metrics: [], snapshot: null };

/** Folds one message into the view; messages from an older run (another runId) are dropped. */
function reduce(view: TrainerView, msg: FromWorker): TrainerView {
  switch (msg.type) {
    case 'ready': {
      const { type: _type, ...run } = msg;
      return { run, status: IDLE, metrics: [], snapshot: null };
    }
    case 'metrics':
      if (msg.runId !== view.run?.runId) return view;
      return { ...view, metrics: appendCapped(view.metrics, msg.points) };
    case 'snapshot':
      if (msg.runId !== view.run?.runId) return view;
      return { ...view, snapshot: { step: msg.step, histograms: msg.histograms, output: msg.output } };
    case 'status':
      if (msg.runId !== view.run?.runId) return view;
      return { ...view, status: { running: msg.running, step: msg.step, epoch: msg.epoch, stepsPerSecond: msg.stepsPerSecond } };
    case 'halted':
      if (msg.runId !== view.run?.runId) return view;
      return { ...view, status: { ...view.status, running: false, step: msg.step, stepsPerSecond: 0 } };
    case 'error':
      return msg.kind === 'internal' ? { ...view, status: { ...view.status, running: false, stepsPerSecond: 0 } } : view;
  }
}

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
    client.send({ type: 'init', config: initialRef.current });
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
