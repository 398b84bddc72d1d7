import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import { setupRun } from '../engine/run';
import { Trainer, type BackendFactory } from '../engine/train/trainer';
import type { FromWorker } from './protocol';
import { HEARTBEAT_MS, STUCK_MS, Session } from './session';

/**
 * A device the test finishes by hand: the CPU engine computes at once, but settled() (the loop's "the steps
 * so far are done") resolves only when the test finishes those steps, as a heavy model's step on a slow GPU
 * does; an evaluation comes back evalMs later (so the cadence measures a cost).
 */
function slowDevice(evalMs = 0) {
  const waiting: Array<{ resolve: () => void; upTo: number }> = [];
  let submitted = 0;
  let finished = 0;
  let open = false;
  const release = () => {
    for (const w of waiting.filter((x) => open || x.upTo <= finished)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  };
  const factory: BackendFactory = {
    create: async (init) => {
      const backend = createCpuBackend(init);
      return {
        backend: {
          ...backend,
          step: (batch, settings) => {
            submitted++;
            backend.step(batch, settings);
          },
          settled: () => (open ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ resolve, upTo: submitted }))),
          evaluate: (snapshot) => backend.evaluate(snapshot)?.then((r) => new Promise<typeof r>((resolve) => setTimeout(() => resolve(r), evalMs))) ?? null,
        },
      };
    },
  };
  return {
    factory,
    /** Steps submitted to the device and not finished. */
    get inFlight() {
      return submitted - finished;
    },
    /** Finishes the oldest step on the device. */
    finishStep() {
      if (finished < submitted) finished++;
      release();
    },
    /** Finishes every step so far; `forever`: and all that come after. */
    finish(forever = false) {
      open ||= forever;
      finished = submitted;
      release();
    },
  };
}

async function session(factory: BackendFactory) {
  const config = validateConfig({ dataset: 'spiral', samples: 200, hidden: [8], batchSize: 16 }).config;
  const trainer = await Trainer.create(setupRun(config), factory);
  const posted: FromWorker[] = [];
  return { s: new Session(1, trainer, null, (msg) => posted.push(msg)), trainer, posted };
}

const statuses = (posted: FromWorker[]) => posted.filter((m): m is Extract<FromWorker, { type: 'status' }> => m.type === 'status');
const ticks = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

afterEach(() => vi.useRealTimers());

describe('a session and its device', () => {
  it('Pause is posted at once while steps are on the device, and no step is queued after it', async () => {
    const device = slowDevice();
    const { s, trainer, posted } = await session(device.factory);
    s.setRunning(true);
    await ticks();
    const queued = trainer.step;
    expect(queued).toBeGreaterThan(0);
    const pausing = s.pause();
    expect(statuses(posted).at(-1)).toMatchObject({ running: false, step: queued, stepsPerSecond: 0 });
    device.finish(true);
    await pausing;
    await ticks();
    expect(trainer.step).toBe(queued);
    // the pause's evaluation is in the history, at the step it stopped at
    expect(trainer.history.at(-1)?.step).toBe(queued);
    s.stop();
  });

  it('Pause then Train while a step is on the device leaves one loop, not two', async () => {
    const device = slowDevice();
    const { s, trainer } = await session(device.factory);
    s.setRunning(true);
    await ticks();
    s.setRunning(false);
    s.setRunning(true);
    const before = trainer.step;
    // the new loop queues two chunks of one step (the time per step is not known yet) and waits; the old
    // one, woken by the same finish, must not queue its own
    device.finish();
    await ticks();
    expect(trainer.step - before).toBe(2);
    s.stop();
    device.finish(true);
  });

  it('keeps no step queued behind a step slower than a chunk\'s budget, so a Pause leaves one to finish', async () => {
    vi.useFakeTimers();
    const device = slowDevice(50);
    const { s, trainer } = await session(device.factory);
    s.setRunning(true);
    const inFlight: number[] = [];
    for (let i = 0; i < 12; i++) {
      await vi.advanceTimersByTimeAsync(1000); // a step takes a second
      inFlight.push(device.inFlight);
      device.finishStep();
    }
    await vi.advanceTimersByTimeAsync(10);
    // two chunks of one step while the time per step is unknown, then one at a time
    expect(inFlight.slice(0, 2)).toEqual([2, 2]);
    expect(inFlight.slice(-6)).toEqual([1, 1, 1, 1, 1, 1]);
    const at = trainer.step;
    s.setRunning(false);
    device.finish(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(trainer.step).toBe(at);
    s.stop();
  });

  it('holds its steps while the device is measured, then trains on', async () => {
    const device = slowDevice();
    device.finish(true);
    const { s, trainer } = await session(device.factory);
    s.setRunning(true);
    await ticks();
    const during = await s.quietWhile(async () => {
      const at = trainer.step;
      await ticks(20);
      return trainer.step - at;
    });
    expect(during).toBe(0);
    const after = trainer.step;
    await ticks(20);
    expect(trainer.step).toBeGreaterThan(after);
    s.stop();
  });

  it('measures once the work on the device is done when it is not training', async () => {
    const device = slowDevice();
    const { s } = await session(device.factory);
    const measured = s.quietWhile(async () => 'measured');
    await expect(Promise.race([measured, ticks(5).then(() => 'waiting')])).resolves.toBe('waiting');
    device.finish(true);
    await expect(measured).resolves.toBe('measured');
  });

  it('while it waits on the device it posts its last status every HEARTBEAT_MS, until the work looks stuck', async () => {
    vi.useFakeTimers();
    const device = slowDevice();
    const { s, posted } = await session(device.factory);
    s.setRunning(true);
    await vi.advanceTimersByTimeAsync(10);
    const before = statuses(posted).length;
    const last = statuses(posted).at(-1);
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_MS);
    const beats = statuses(posted).slice(before);
    expect(beats.length).toBe(3);
    expect(beats.every((m) => JSON.stringify(m) === JSON.stringify(last))).toBe(true);
    // no progress for STUCK_MS: silence, so the page's watchdog can restart a stuck worker
    await vi.advanceTimersByTimeAsync(STUCK_MS);
    const n = statuses(posted).length;
    await vi.advanceTimersByTimeAsync(4 * HEARTBEAT_MS);
    expect(statuses(posted).length).toBe(n);
    s.stop();
  });
});
