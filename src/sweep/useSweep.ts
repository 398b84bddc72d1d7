/**
 * The Sweep page's hold on its worker: starts and stops the study, and keeps what the worker reports
 * (the backend, MNIST loading, the study's progress, each finished trial's decision boundary, errors).
 */
import { useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../engine/runConfig';
import type { StudySettings } from '../engine/search/types';
import { createSweepClient, type SweepClient } from './worker/sweepClient';
import type { BoundaryThumb, FromSweep, SweepProgress } from './worker/sweepProtocol';

export interface SweepBackend {
  kind: 'webgpu' | 'cpu';
  name: string;
}

export interface SweepView {
  backend: SweepBackend | null;
  progress: SweepProgress | null;
  thumbs: ReadonlyMap<number, BoundaryThumb>;
  loading: { what: string; loaded: number; total: number } | null;
  running: boolean;
}

export function useSweep(forceCpu: boolean, onNotice: (tone: 'info' | 'error', text: string) => void) {
  const client = useRef<SweepClient | null>(null);
  const [view, setView] = useState<SweepView>({ backend: null, progress: null, thumbs: new Map(), loading: null, running: false });
  const notice = useRef(onNotice);
  notice.current = onNotice;

  useEffect(() => {
    const c = createSweepClient();
    client.current = c;
    const off = c.subscribe((msg: FromSweep) => {
      if (msg.type === 'backend') {
        setView((v) => ({ ...v, backend: { kind: msg.kind, name: msg.name } }));
        if (msg.notice) notice.current('info', msg.notice);
      } else if (msg.type === 'loading') {
        setView((v) => ({ ...v, loading: msg.loaded >= msg.total && msg.total > 0 ? null : { what: msg.what, loaded: msg.loaded, total: msg.total } }));
      } else if (msg.type === 'progress') {
        setView((v) => ({ ...v, loading: null, progress: msg.progress, running: !msg.progress.done }));
      } else if (msg.type === 'thumbs') {
        setView((v) => {
          const thumbs = new Map(v.thumbs);
          for (const t of msg.thumbs) thumbs.set(t.id, t);
          return { ...v, thumbs };
        });
      } else {
        setView((v) => ({ ...v, running: false, loading: null }));
        notice.current('error', msg.message);
      }
    });
    return () => {
      off();
      c.terminate();
    };
  }, []);

  const start = (base: RunConfig, settings: StudySettings) => {
    setView((v) => ({ ...v, progress: null, thumbs: new Map(), running: true }));
    client.current?.send({ type: 'start', base, settings, forceCpu, assetBase: document.baseURI });
  };
  const stop = () => client.current?.send({ type: 'stop' });
  return { view, start, stop };
}
