/**
 * Helper threads for the CPU engine's kernels. Each helper (a Web Worker, or a Node worker thread through
 * the same `ThreadWorker` adapter) gets the arena's shared WebAssembly.Memory and the compiled
 * WebAssembly.Module by postMessage, instantiates the module on that memory, and then blocks in `serve`:
 * it waits on its slot of an Int32Array control block (in the shared memory), runs the export the caller
 * names with the arguments the caller wrote, and signals done. The caller runs its own share meanwhile and
 * then waits for every helper (Atomics.wait where the context allows it, e.g. a worker; a spin on
 * Atomics.load where it does not, e.g. a page's main thread). No message passes per call, so a call costs a
 * few microseconds of synchronisation, not a postMessage round trip.
 *
 * Control slot of one helper, SLOT_INTS int32 at `ctrl + slot·SLOT_INTS·4`:
 *   [0] seq    the caller's job counter (−1: stop)     [1] done   the last seq the helper finished
 *   [2] fn     index into `names`                        [3] n      argument count
 *   [4 … 4+n)  the i32 arguments                         [SLOT_INTS−1] failed: 1 when the export threw
 */

export const SLOT_INTS = 32;
export const MAX_ARGS = SLOT_INTS - 5;

/** What the pool needs of a worker: a Web Worker or an adapter over node:worker_threads. */
export interface ThreadWorker {
  post(msg: unknown): void;
  /** Calls `onMessage` with each message's data and `onError` if the worker fails to load or run. */
  listen(onMessage: (data: unknown) => void, onError: (e: Error) => void): void;
  terminate(): void;
}
export type SpawnWorker = () => ThreadWorker;

/** The first message a helper gets. */
export interface ThreadInit {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  /** Byte offset of this helper's control slot. */
  ctrl: number;
  names: string[];
}

/**
 * A helper's whole life after its init message: instantiate, say ready, serve calls until seq is −1.
 * Self-contained (no outside names), so a Node adapter can run its source text in a worker thread.
 */
export function serve(init: ThreadInit, ready: () => void): void {
  const inst = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const fns = init.names.map((n) => inst.exports[n] as (...a: number[]) => void);
  const ctrl = new Int32Array(init.memory.buffer, init.ctrl, 32);
  ready();
  let seen = 0;
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctrl, 0) === seen) {
      spins++;
      if (spins > 4000) Atomics.wait(ctrl, 0, seen, 50);
    }
    const seq = Atomics.load(ctrl, 0);
    if (seq < 0) return;
    seen = seq;
    const args: number[] = [];
    for (let i = 0; i < ctrl[3]; i++) args.push(ctrl[4 + i]);
    try {
      fns[ctrl[2]](...args);
    } catch {
      Atomics.store(ctrl, 31, 1);
    }
    Atomics.store(ctrl, 1, seq);
    Atomics.notify(ctrl, 1);
  }
}

export interface ThreadPool {
  /** Threads in all, the caller included. */
  readonly size: number;
  /**
   * Runs export `fn` as fn(...common, ...shares[t]) on thread t (t = 0 the caller, the rest helpers) and
   * returns when all have finished; throws if one failed. `shares.length` ≤ size.
   */
  run(fn: number, common: number[], shares: number[][]): void;
  destroy(): void;
}

/** Whether this context may block in Atomics.wait (a worker; not a page's main thread). */
function canBlock(probe: Int32Array): boolean {
  try {
    Atomics.wait(probe, 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `helpers` helper threads on `memory` (shared) with `module`; `ctrl` is a byte offset of
 * helpers·SLOT_INTS zeroed int32 in that memory, owned by the pool. `local` runs an export on the caller.
 */
export async function createThreadPool(memory: WebAssembly.Memory, module: WebAssembly.Module, names: string[], ctrl: number, helpers: number, spawn: SpawnWorker, local: (fn: number, args: number[]) => void): Promise<ThreadPool> {
  const workers: ThreadWorker[] = [];
  try {
    await Promise.all(Array.from({ length: helpers }, (_, h) => new Promise<void>((resolve, reject) => {
      const w = spawn();
      workers.push(w);
      w.listen((data) => (data === 'ready' ? resolve() : reject(new Error(`CPU engine thread: ${String(data)}`))), reject);
      const init: ThreadInit = { memory, module, ctrl: ctrl + h * SLOT_INTS * 4, names };
      w.post(init);
    })));
  } catch (e) {
    workers.forEach((w) => w.terminate());
    throw e;
  }
  const slots = workers.map((_, h) => new Int32Array(memory.buffer, ctrl + h * SLOT_INTS * 4, SLOT_INTS));
  const blocking = canBlock(new Int32Array(new SharedArrayBuffer(4)));
  let seq = 0;
  let alive = true;
  return {
    size: helpers + 1,
    run(fn, common, shares) {
      if (!alive) throw new Error('the CPU engine threads were stopped');
      if (shares.length > helpers + 1) throw new Error(`${shares.length} shares for ${helpers + 1} threads`);
      seq = (seq + 1) & 0x3fffffff;
      for (let t = 1; t < shares.length; t++) {
        const s = slots[t - 1];
        const args = common.concat(shares[t]);
        if (args.length > MAX_ARGS) throw new Error(`${args.length} arguments, more than a control slot holds (${MAX_ARGS})`);
        s[2] = fn;
        s[3] = args.length;
        for (let i = 0; i < args.length; i++) s[4 + i] = args[i];
        Atomics.store(s, 0, seq);
        Atomics.notify(s, 0);
      }
      if (shares.length > 0) local(fn, common.concat(shares[0]));
      let failed = false;
      for (let t = 1; t < shares.length; t++) {
        const s = slots[t - 1];
        let spins = 0;
        for (let d = Atomics.load(s, 1); d !== seq; d = Atomics.load(s, 1)) {
          if (blocking && ++spins > 4000) Atomics.wait(s, 1, d, 50);
        }
        if (Atomics.exchange(s, SLOT_INTS - 1, 0) !== 0) failed = true;
      }
      if (failed) throw new Error('a CPU engine thread failed while running a kernel');
    },
    destroy() {
      if (!alive) return;
      alive = false;
      for (const s of slots) {
        Atomics.store(s, 0, -1);
        Atomics.notify(s, 0);
      }
      workers.forEach((w) => w.terminate());
    },
  };
}

/** A module Web Worker running threads.worker.ts (same-origin file: loads under worker-src 'self'). */
export function spawnWebWorker(): ThreadWorker {
  const w = new Worker(new URL('./threads.worker.ts', import.meta.url), { type: 'module', name: 'optiplay-cpu-thread' });
  return {
    post: (msg) => w.postMessage(msg),
    listen(onMessage, onError) {
      w.onmessage = (e) => onMessage(e.data);
      w.onerror = (e) => onError(new Error(e.message || 'the CPU engine thread did not load'));
    },
    terminate: () => w.terminate(),
  };
}

/** Threads a kernel set uses by default: the cores (at most 8) when memory can be shared with workers, else 1. */
export function defaultThreads(shared: boolean): number {
  if (!shared || typeof Worker === 'undefined' || typeof navigator === 'undefined') return 1;
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
}
