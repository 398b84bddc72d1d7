/**
 * The page's handle on the landscape worker: typed send, the latest backend, grid, race status and
 * results as React state, and the per-step history (trajectories and f per racer) in refs that grow
 * without re-rendering; `version` ticks when the history grew.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LandscapeState } from '../engine/landscapeState';
import { createLandscapeClient, type LandscapeClient } from './worker/landscapeClient';
import type { FromLandscape, RacerResult, ToLandscape } from './worker/landscapeProtocol';

export interface Backend {
  kind: 'webgpu' | 'cpu';
  name: string;
  notice?: string;
}

export interface Grid {
  surface: LandscapeState['surface'];
  condition: number;
  size: number;
  values: Float32Array;
}

export interface RaceStatus {
  running: boolean;
  step: number;
  stepsPerSecond: number;
  finished: boolean;
}

export interface History {
  raceId: number;
  /** Per racer: x, y pairs from step 0. */
  trajectories: number[][];
  /** Per racer: f at step s (NaN where none). */
  values: number[][];
}

export interface LandscapeEvents {
  onBackend(b: Backend): void;
  onHalted(racer: number, message: string): void;
  onReady(): void;
  onError(message: string): void;
}

const IDLE: RaceStatus = { running: false, step: 0, stepsPerSecond: 0, finished: false };

export function useLandscape(initial: LandscapeState, forceCpu: boolean, events: LandscapeEvents) {
  const [backend, setBackend] = useState<Backend | null>(null);
  const [grid, setGrid] = useState<Grid | null>(null);
  const [status, setStatus] = useState<RaceStatus>(IDLE);
  const [results, setResults] = useState<RacerResult[]>([]);
  const [version, setVersion] = useState(0);
  const history = useRef<History>({ raceId: 0, trajectories: [], values: [] });
  const clientRef = useRef<LandscapeClient | null>(null);
  const eventsRef = useRef(events);
  useEffect(() => {
    eventsRef.current = events;
  });

  useEffect(() => {
    const client = createLandscapeClient();
    clientRef.current = client;
    // Points arrive up to once per worker frame: the page re-renders at most once per animation frame.
    let frame = 0;
    let latest: RacerResult[] | null = null;
    const bump = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (latest) setResults(latest);
        latest = null;
        setVersion((v) => v + 1);
      });
    };
    const unsubscribe = client.subscribe((msg: FromLandscape) => {
      const h = history.current;
      switch (msg.type) {
        case 'backend':
          setBackend({ kind: msg.kind, name: msg.name, notice: msg.notice });
          eventsRef.current.onBackend(msg);
          return;
        case 'grid':
          setGrid({ surface: msg.surface, condition: msg.condition, size: msg.size, values: msg.values });
          return;
        case 'ready': {
          const n = msg.state.racers.length;
          history.current = { raceId: msg.raceId, trajectories: Array.from({ length: n }, () => []), values: Array.from({ length: n }, () => []) };
          latest = null;
          setResults([]);
          setStatus(IDLE);
          bump();
          eventsRef.current.onReady();
          return;
        }
        case 'points': {
          if (msg.raceId !== h.raceId) return;
          for (let s = 0; s < msg.count; s++) {
            for (let r = 0; r < msg.racers; r++) {
              const at = (s * msg.racers + r) * 4;
              if (msg.data[at + 3] !== 1) continue;
              h.trajectories[r].push(msg.data[at], msg.data[at + 1]);
              h.values[r][msg.from + s] = msg.data[at + 2];
            }
          }
          latest = msg.results;
          bump();
          return;
        }
        case 'status':
          if (msg.raceId === h.raceId) setStatus({ running: msg.running, step: msg.step, stepsPerSecond: msg.stepsPerSecond, finished: msg.finished });
          return;
        case 'halted':
          if (msg.raceId === h.raceId) eventsRef.current.onHalted(msg.racer, msg.message);
          return;
        case 'error':
          eventsRef.current.onError(msg.message);
          return;
      }
    });
    client.send({ type: 'init', state: initial, forceCpu });
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      client.terminate();
      clientRef.current = null;
    };
    // the worker is created once; later states go through `send`
  }, []);

  const send = useCallback((msg: ToLandscape) => clientRef.current?.send(msg), []);
  return { backend, grid, status, results, version, history, send };
}
