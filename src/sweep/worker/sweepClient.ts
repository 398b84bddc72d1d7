/** The Sweep page's typed handle on its worker. */
import type { FromSweep, ToSweep } from './sweepProtocol';

export interface SweepClient {
  send(msg: ToSweep): void;
  subscribe(listener: (msg: FromSweep) => void): () => void;
  terminate(): void;
}

export function createSweepClient(): SweepClient {
  const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module' });
  const listeners = new Set<(msg: FromSweep) => void>();
  worker.onmessage = (e: MessageEvent<FromSweep>) => listeners.forEach((l) => l(e.data));
  worker.onerror = (e) => {
    const msg: FromSweep = { type: 'error', message: `The sweep worker failed: ${e.message || 'unknown error'}` };
    listeners.forEach((l) => l(msg));
  };
  return {
    send: (msg) => worker.postMessage(msg),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
