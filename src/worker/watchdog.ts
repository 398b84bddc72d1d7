/**
 * When the page takes its training worker for dead, whether it restarts it, and what it tells the user.
 * Pure (times are passed in), so Vitest drives it; worker/client.ts watches the Worker and
 * ui/workspace/useTrainer.ts restarts it and reopens the run from its last save.
 *
 * A worker is taken for dead when its Worker fires `error` (an exception nothing in the worker caught)
 * or `messageerror` (a message from it could not be read), or when it has been silent for SILENCE_MS
 * while the page believes it is training (a worker that called close(), or that the browser ended, fires
 * nothing at all). A training worker speaks several times a second: a status every 250 ms between chunks
 * of steps (worker/session.ts), metrics and snapshots on the cadence of worker/cadence.ts; while it waits
 * on the device (a heavy model's step or evaluation: seconds), its last status again every HEARTBEAT_MS.
 */
import type { FromWorker } from './protocol';

/**
 * Silence while training that means a dead worker. Measured here (a 2-core machine, Chromium on
 * SwiftShader's software WebGPU, idle), the longest gaps between two messages while training were 6.0 s
 * (LeNet-300-100 on 10,000 MNIST digits: its first training chunk compiling the pipelines) and 3.5 s
 * (an evaluation of the 10,000 test digits in the GPU queue ahead of the steps); spiral and the small
 * MNIST model never went 4 s. The e2e notes record a 4–6× slowdown on a loaded machine (the first
 * evaluation: 5 s idle, 20–30 s loaded), so 30 s is 5× the worst case measured, and a wrongly restarted
 * live worker would cost the user the steps since the last save (SAVE_MS, 4 s) and a confusing notice. A
 * silently dead worker is noticed within SILENCE_MS + CHECK_MS; one that throws, at once.
 */
export const SILENCE_MS = 30_000;
/** How often the page looks at the silence. */
export const CHECK_MS = 1_000;
/**
 * A check this late (the page's timers throttled in a background tab, or its thread busy with something
 * long) judges nothing: messages may be waiting in the page's queue behind it. The silence counts afresh.
 */
export const LATE_MS = 5_000;

/** At most MAX_RESTARTS restarts within RESTART_WINDOW_MS; the next failure gives up (the page says why). */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;

export type WorkerFailure =
  /** The Worker's `error` event: an exception the worker did not catch (or its script failed to load). */
  | { kind: 'error'; message: string }
  /** The Worker's `messageerror` event. */
  | { kind: 'messageerror' }
  /** Nothing for `ms` while the page believed it was training. */
  | { kind: 'silent'; ms: number };

/** Counts the worker's silence, only while the page believes it is training, visible and on time. */
export class Liveness {
  /** Start of the silence counted now: the last message, or when counting last (re)started. */
  private since: number;
  private lastCheck: number;

  constructor(now: number) {
    this.since = now;
    this.lastCheck = now;
  }

  /** A message from the worker arrived. */
  heard(now: number): void {
    this.since = now;
  }

  /**
   * Looks at the silence (every CHECK_MS): true when the worker is to be taken for dead. Not training (a
   * paused page waits as long as the user likes: silence is normal), a hidden page (its timers and the
   * device may be throttled) or a late check start the count again; so after Train, a worker has a full
   * SILENCE_MS to answer.
   */
  check(now: number, page: { training: boolean; visible: boolean }): boolean {
    const late = now - this.lastCheck > LATE_MS;
    this.lastCheck = now;
    if (!page.training || !page.visible || late) {
      this.since = now;
      return false;
    }
    return now - this.since >= SILENCE_MS;
  }

  /** How long the worker has been silent (as counted). */
  silence(now: number): number {
    return now - this.since;
  }
}

/** Restarts allowed: at most MAX_RESTARTS within any RESTART_WINDOW_MS. */
export class RestartLimit {
  private times: number[] = [];

  constructor(private readonly max = MAX_RESTARTS, private readonly windowMs = RESTART_WINDOW_MS) {}

  /** Takes a restart at `now`, if allowed (false: MAX_RESTARTS already happened within the window). */
  take(now: number): boolean {
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }

  /** Forgets the restarts so far (the user started the worker again). */
  clear(): void {
    this.times = [];
  }
}

const stepText = (step: number) => `step ${step.toLocaleString('en-US')}`;

/** What happened, for a sentence's parenthesis: "(it threw an error: …)". */
export function describeFailure(f: WorkerFailure): string {
  switch (f.kind) {
    case 'error':
      return f.message ? `an error it did not catch: ${f.message.replace(/\.$/, '')}` : 'an error it did not catch';
    case 'messageerror':
      return 'a message from it could not be read';
    case 'silent':
      return `it sent nothing for ${Math.round(f.ms / 1000)} seconds while training`;
  }
}

export interface WorkerNotice {
  tone: 'warning' | 'error';
  text: string;
}

const STOPPED = 'The training worker stopped unexpectedly';

/** Shown at once, while the new worker starts (on a software GPU that takes seconds). */
export function restartingNotice(f: WorkerFailure, reopening: boolean): WorkerNotice {
  const then = reopening ? 'reopening your run from its last save' : 'starting a new run with the same settings';
  return { tone: 'warning', text: `${STOPPED} (${describeFailure(f)}); OptiPlay is restarting it and ${then}…` };
}

/** Given up: too many failures in a row. */
export function gaveUpNotice(f: WorkerFailure): WorkerNotice {
  return {
    tone: 'error',
    text:
      `${STOPPED} again (${describeFailure(f)}): ${MAX_RESTARTS + 1} times within a minute, so OptiPlay stopped restarting it, ` +
      'as something in this run or in the browser keeps breaking it. Press Reset to start a new run with the same settings, ' +
      'or reload the page; the runs saved in Runs are kept.',
  };
}

/**
 * The page's side of one restart: the new worker was sent 'init' (a new run from step 0 with the current
 * settings) and, when the run had been saved, 'open' of that save. Until the opened run is ready, the new
 * worker's messages are held back (but a download's progress), so the page keeps showing the run as it
 * was, not a new run at step 0 for a moment; if the save cannot be opened, they are let through and the
 * new run stays.
 */
export class Recovery {
  private held: FromWorker[] = [];

  constructor(readonly failure: WorkerFailure, readonly reopen: string | null) {}

  /** One message from the new worker: what to deliver now, the notice once the outcome is known, and whether it is. */
  take(msg: FromWorker): { deliver: FromWorker[]; notice: WorkerNotice | null; done: boolean } {
    const why = describeFailure(this.failure);
    if (this.reopen === null) {
      if (msg.type === 'ready') {
        const text = `${STOPPED} (${why}) before your run was first saved; OptiPlay restarted it with a new run from step 0, with the same settings.`;
        return { deliver: [msg], notice: { tone: 'warning', text }, done: true };
      }
      if (msg.type === 'error') return { deliver: [msg], notice: this.notRebuilt(), done: true };
      return { deliver: [msg], notice: null, done: false };
    }
    if (msg.type === 'ready' && msg.cause === 'open') {
      this.held = [];
      const text = `${STOPPED} (${why}); OptiPlay restarted it and reopened your run from its last save at ${stepText(msg.step)}. It is paused: press Train to go on.`;
      return { deliver: [msg], notice: { tone: 'warning', text }, done: true };
    }
    if (msg.type === 'error') {
      const deliver = [...this.held, msg];
      this.held = [];
      const reopened = deliver.some((m) => m.type === 'ready');
      if (!reopened) return { deliver, notice: this.notRebuilt(), done: true };
      const text = `${STOPPED} (${why}); OptiPlay restarted it, but your run could not be reopened from its last save (see below), so a new run starts from step 0 with the same settings.`;
      return { deliver, notice: { tone: 'warning', text }, done: true };
    }
    // a download's progress (MNIST) is shown as it comes; the rest belongs to the new run at step 0
    if (msg.type === 'loading') return { deliver: [msg], notice: null, done: false };
    this.held.push(msg);
    return { deliver: [], notice: null, done: false };
  }

  private notRebuilt(): WorkerNotice {
    return { tone: 'error', text: `${STOPPED} (${describeFailure(this.failure)}); OptiPlay restarted it, but no run could be started (see below). Reload the page to try again.` };
  }
}
