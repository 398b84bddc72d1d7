/** The UI's handle on the training worker: typed send, typed subscribe. */
import type { FromWorker, ToWorker } from './protocol';

export interface TrainerClient {
  send(msg: ToWorker): void;
  subscribe(listener: (msg: FromWorker) => void): () => void;
  terminate(): void;
}

export function createTrainerClient(): TrainerClient {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  const listeners = new Set<(msg: FromWorker) => void>();
  worker.onmessage = (e: MessageEvent<FromWorker>) => listeners.forEach((l) => l(e.data));
  worker.onerror = (e) => {
    const msg: FromWorker = { type: 'error', kind: 'internal', message: `The training worker failed: ${e.message || 'unknown error'}` };
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
