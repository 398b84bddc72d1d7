/** The Landscape page's typed handle on its worker. */
import type { FromLandscape, ToLandscape } from './landscapeProtocol';

export interface LandscapeClient {
  send(msg: ToLandscape): void;
  subscribe(listener: (msg: FromLandscape) => void): () => void;
  terminate(): void;
}

export function createLandscapeClient(): LandscapeClient {
  const worker = new Worker(new URL('./landscape.worker.ts', import.meta.url), { type: 'module' });
  const listeners = new Set<(msg: FromLandscape) => void>();
  worker.onmessage = (e: MessageEvent<FromLandscape>) => listeners.forEach((l) => l(e.data));
  worker.onerror = (e) => {
    const msg: FromLandscape = { type: 'error', message: `The landscape worker failed: ${e.message || 'unknown error'}` };
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
