/**
 * The UI's handle on the training worker: typed send, typed subscribe, and a watch on the worker
 * (worker/watchdog.ts): an `error` or `messageerror` event, or silence while the page believes it is
 * training, ends that worker and is reported once through `onFailure`. The client does not restart by
 * itself: the caller decides (a restart limit) and calls `restart()`, then sends 'init' again.
 */
import type { FromWorker, ToWorker } from './protocol';
import { CHECK_MS, Liveness, type WorkerFailure } from './watchdog';

export interface TrainerClient {
  /** Posts to the current worker; dropped while there is none (after a failure or terminate()). */
  send(msg: ToWorker): void;
  subscribe(listener: (msg: FromWorker) => void): () => void;
  /** Ends the current worker (if any) and starts a new one; listeners stay subscribed. */
  restart(): void;
  /** Ends the worker (restart() starts another). */
  terminate(): void;
}

export interface TrainerClientOptions {
  /** The worker died or broke; it has been terminated. Called once per worker. */
  onFailure?(failure: WorkerFailure): void;
  /** Whether the page believes the worker is training now: silence is only judged then. */
  training?(): boolean;
}

export function createTrainerClient(options: TrainerClientOptions = {}): TrainerClient {
  const listeners = new Set<(msg: FromWorker) => void>();
  let worker: Worker | null = null;
  let watch: ReturnType<typeof setInterval> | undefined;

  const end = () => {
    clearInterval(watch);
    if (!worker) return;
    worker.onmessage = worker.onerror = worker.onmessageerror = null;
    worker.terminate();
    worker = null;
  };

  const fail = (failure: WorkerFailure) => {
    end();
    options.onFailure?.(failure);
  };

  const start = () => {
    end();
    const w = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
    worker = w;
    const liveness = new Liveness(performance.now());
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      liveness.heard(performance.now());
      listeners.forEach((l) => l(e.data));
    };
    w.onerror = (e: ErrorEvent) => {
      // handled here: not reported again as an error of the page
      e.preventDefault();
      fail({ kind: 'error', message: e.message || '' });
    };
    w.onmessageerror = () => fail({ kind: 'messageerror' });
    watch = setInterval(() => {
      const now = performance.now();
      const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
      if (liveness.check(now, { training: options.training?.() ?? false, visible })) fail({ kind: 'silent', ms: liveness.silence(now) });
    }, CHECK_MS);
  };

  start();
  return {
    send: (msg) => worker?.postMessage(msg),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restart: start,
    terminate: end,
  };
}
