import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import {
  CHECK_MS,
  LATE_MS,
  Liveness,
  MAX_RESTARTS,
  RESTART_WINDOW_MS,
  Recovery,
  RestartLimit,
  SILENCE_MS,
  describeFailure,
  gaveUpNotice,
  restartingNotice,
  type WorkerFailure,
} from './watchdog';

const TRAINING = { training: true, visible: true };
const PAUSED = { training: false, visible: true };

/** Checks every CHECK_MS from `from` to `to` (inclusive); returns the first time one said dead, or null. */
function watch(l: Liveness, from: number, to: number, page = TRAINING, heardEvery = 0): number | null {
  for (let now = from; now <= to; now += CHECK_MS) {
    if (heardEvery > 0 && now % heardEvery === 0) l.heard(now);
    if (l.check(now, page)) return now;
  }
  return null;
}

describe('liveness', () => {
  it('a worker that keeps talking while training is never taken for dead', () => {
    const l = new Liveness(0);
    expect(watch(l, CHECK_MS, 10 * SILENCE_MS, TRAINING, 5_000)).toBeNull();
  });

  it('silence while training is taken for dead after SILENCE_MS (30 s), not before', () => {
    expect(SILENCE_MS).toBe(30_000);
    const l = new Liveness(0);
    l.heard(2_000);
    expect(watch(l, CHECK_MS, 2 * SILENCE_MS)).toBe(2_000 + SILENCE_MS);
    expect(l.silence(2_000 + SILENCE_MS)).toBe(SILENCE_MS);
  });

  it('silence while paused is normal, and after Train the worker has a full SILENCE_MS to answer', () => {
    const l = new Liveness(0);
    // paused for ten minutes without a word
    expect(watch(l, CHECK_MS, 600_000, PAUSED)).toBeNull();
    // Train pressed at 600 s (the worker may be dead: it is judged SILENCE_MS later, not at once)
    expect(watch(l, 601_000, 700_000)).toBe(600_000 + SILENCE_MS);
  });

  it('a hidden page or a late check judges nothing and counts the silence afresh', () => {
    const l = new Liveness(0);
    expect(watch(l, CHECK_MS, 20_000)).toBeNull();
    // the tab was hidden for a while: no verdict, and the count restarts when it shows again
    expect(l.check(21_000, { training: true, visible: false })).toBe(false);
    expect(watch(l, 22_000, 50_000)).toBeNull();
    expect(watch(l, 51_000, 100_000)).toBe(21_000 + SILENCE_MS);

    // a check that comes LATE_MS late (throttled timers, a busy page) does not judge: messages may be queued behind it
    const m = new Liveness(0);
    expect(watch(m, CHECK_MS, 25_000)).toBeNull();
    expect(m.check(25_000 + LATE_MS + CHECK_MS, TRAINING)).toBe(false);
    expect(watch(m, 25_000 + LATE_MS + 2 * CHECK_MS, 25_000 + LATE_MS + CHECK_MS + SILENCE_MS - 1)).toBeNull();
  });
});

describe('restart limit', () => {
  it('allows MAX_RESTARTS (3) within a minute, then refuses until the oldest is a minute old', () => {
    expect(MAX_RESTARTS).toBe(3);
    const r = new RestartLimit();
    expect([0, 10_000, 20_000].map((t) => r.take(t))).toEqual([true, true, true]);
    expect(r.take(30_000)).toBe(false);
    expect(r.take(RESTART_WINDOW_MS - 1)).toBe(false);
    expect(r.take(RESTART_WINDOW_MS)).toBe(true);
  });

  it('failures spread out are restarted without end; clear() forgets', () => {
    const r = new RestartLimit();
    for (let i = 0; i < 20; i++) expect(r.take(i * 25_000)).toBe(true);
    const s = new RestartLimit();
    for (let i = 0; i < 3; i++) s.take(i);
    expect(s.take(3)).toBe(false);
    s.clear();
    expect(s.take(4)).toBe(true);
  });
});

describe('notices', () => {
  const thrown: WorkerFailure = { kind: 'error', message: 'Uncaught Error: Deliberate crash (test hook)' };

  it('say what happened', () => {
    expect(describeFailure(thrown)).toBe('an error it did not catch: Uncaught Error: Deliberate crash (test hook)');
    expect(describeFailure({ kind: 'error', message: '' })).toBe('an error it did not catch');
    expect(describeFailure({ kind: 'messageerror' })).toBe('a message from it could not be read');
    expect(describeFailure({ kind: 'silent', ms: 30_400 })).toBe('it sent nothing for 30 seconds while training');
    expect(restartingNotice(thrown, true)).toEqual({
      tone: 'warning',
      text: 'The training worker stopped unexpectedly (an error it did not catch: Uncaught Error: Deliberate crash (test hook)); OptiPlay is restarting it and reopening your run from its last save…',
    });
    const gaveUp = gaveUpNotice({ kind: 'silent', ms: 31_000 });
    expect(gaveUp.tone).toBe('error');
    expect(gaveUp.text).toMatch(/^The training worker stopped unexpectedly again \(it sent nothing for 31 seconds while training\): 4 times within a minute, so OptiPlay stopped restarting it/);
    expect(gaveUp.text).toMatch(/Press Reset .* or reload the page/);
  });
});

describe('recovery', () => {
  const ready = (cause: 'new' | 'open', runId: number, step: number) => ({ type: 'ready', cause, runId, step, storeId: cause === 'open' ? 'saved-run' : 'fresh' }) as unknown as FromWorker;
  const status = (runId: number, step: number): FromWorker => ({ type: 'status', runId, running: false, step, epoch: 0, stepsPerSecond: 0 });
  const failure: WorkerFailure = { kind: 'error', message: 'boom' };

  it('holds the new worker\'s fresh run back until the saved run is reopened, then says from which step', () => {
    const r = new Recovery(failure, 'saved-run');
    for (const m of [ready('new', 1, 0), status(1, 0)]) expect(r.take(m)).toEqual({ deliver: [], notice: null, done: false });
    const loading: FromWorker = { type: 'loading', what: 'MNIST', loaded: 1, total: 2 };
    expect(r.take(loading).deliver).toEqual([loading]);
    const opened = ready('open', 2, 1240);
    const out = r.take(opened);
    expect(out.deliver).toEqual([opened]);
    expect(out.done).toBe(true);
    expect(out.notice).toEqual({
      tone: 'warning',
      text: 'The training worker stopped unexpectedly (an error it did not catch: boom); OptiPlay restarted it and reopened your run from its last save at step 1,240. It is paused: press Train to go on.',
    });
  });

  it('a save that cannot be opened lets the new run through, with the reason after it', () => {
    const r = new Recovery(failure, 'saved-run');
    r.take(ready('new', 1, 0));
    r.take(status(1, 0));
    const refused: FromWorker = { type: 'error', kind: 'file', message: 'This saved run was not found. The current run is kept.' };
    const out = r.take(refused);
    expect(out.deliver).toEqual([ready('new', 1, 0), status(1, 0), refused]);
    expect(out.done).toBe(true);
    expect(out.notice?.text).toMatch(/restarted it, but your run could not be reopened from its last save \(see below\), so a new run starts from step 0/);
  });

  it('a run never saved comes back as a new run; a worker that cannot start one says so', () => {
    const r = new Recovery({ kind: 'silent', ms: 30_000 }, null);
    expect(r.take(status(7, 3))).toEqual({ deliver: [status(7, 3)], notice: null, done: false });
    const out = r.take(ready('new', 1, 0));
    expect(out.done).toBe(true);
    expect(out.notice?.text).toMatch(/before your run was first saved; OptiPlay restarted it with a new run from step 0/);

    const s = new Recovery(failure, 'saved-run');
    const data: FromWorker = { type: 'error', kind: 'data', message: 'MNIST could not be loaded' };
    const failed = s.take(data);
    expect(failed.deliver).toEqual([data]);
    expect(failed.notice).toMatchObject({ tone: 'error' });
    expect(failed.notice?.text).toMatch(/no run could be started/);
  });
});
