/**
 * A page's typed handle on a worker: send, subscribe, terminate, and a worker that dies reported as one of
 * its own error messages. One generic for every page's worker (the Landscape page's, the Sweep page's);
 * the caller creates the Worker, so Vite sees each `new Worker(new URL(…))` literally.
 */
export interface WorkerClient<To, From> {
  send(msg: To): void;
  subscribe(listener: (msg: From) => void): () => void;
  terminate(): void;
}

export function workerClient<To, From>(worker: Worker, failed: (message: string) => From): WorkerClient<To, From> {
  const listeners = new Set<(msg: From) => void>();
  worker.onmessage = (e: MessageEvent<From>) => listeners.forEach((l) => l(e.data));
  worker.onerror = (e) => {
    const msg = failed(e.message || 'unknown error');
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
