import { describe, expect, it } from 'vitest';
import { BackendLimitError, type TrainingBackend } from '../engine/backend';
import { validateConfig } from '../engine/config';
import { setupRun } from '../engine/run';
import {
  BACKEND_CHOICES, BUDGET_MS, BackendPicker, MIN_TIMED_MS, TIMED_STEPS, WARMUP_STEPS, decide, race, samplesPerSecond, trialOf,
  type BackendKind, type Contender, type PickInput, type Trial,
} from './backendRace';

/** A clock the fake backends advance: each step costs its backend's ms, the first ones more (a compile). */
function fakeWorld() {
  let t = 0;
  const made: Record<BackendKind, number> = { webgpu: 0, cpu: 0 };
  let alive = 0;
  let mostAlive = 0;
  const contender = (kind: BackendKind, msPerStep: number, firstMs = msPerStep): Contender & { steps: number; destroyed: number } => {
    const c = {
      kind,
      steps: 0,
      destroyed: 0,
      make(): TrainingBackend {
        made[kind]++;
        alive++;
        mostAlive = Math.max(mostAlive, alive);
        let own = 0;
        const backend: Partial<TrainingBackend> = {
          info: { kind, name: kind },
          step: () => {
            t += own++ === 0 ? firstMs : msPerStep;
            c.steps++;
          },
          settled: () => Promise.resolve(),
          destroy: () => {
            alive--;
            c.destroyed++;
          },
        };
        return backend as TrainingBackend;
      },
    };
    return c;
  };
  return { now: () => t, made, contender, mostAlive: () => mostAlive };
}

const trial: Trial = { batch: 32, step: (i) => ({ rows: Uint32Array.from({ length: 32 }, (_, r) => (r + i) % 100), settings: { hyper: {} as never, t: i + 1 } }) };

const input = (w: ReturnType<typeof fakeWorld>, gpuMs: number, cpuMs: number, key = 'spiral b32 on SwiftShader'): PickInput => ({
  key,
  trial,
  cpu: w.contender('cpu', cpuMs),
  gpu: w.contender('webgpu', gpuMs, 500),
});

describe('timing a backend on the run’s steps', () => {
  it('leaves the warm-up (the GPU’s compile) out and reads samples/s off the timed steps', async () => {
    const w = fakeWorld();
    const c = w.contender('webgpu', 10, 800);
    const sps = await samplesPerSecond(c.make() as TrainingBackend, trial, w.now);
    // 10 ms a step at batch 32: 3,200 samples/s, whatever the 800 ms first step cost
    expect(sps).toBeCloseTo(3200, 6);
    expect(c.steps).toBeGreaterThanOrEqual(WARMUP_STEPS + TIMED_STEPS);
  });

  it('keeps a round queued, as the training loop does: a device’s round-trip latency is not counted', async () => {
    // a GPU-like device: 2 ms of work a step, run in order; settled() answers 30 ms after the work ends
    let clock = 0;
    let deviceFree = 0;
    const gpu: Partial<TrainingBackend> = {
      step: () => void (deviceFree = Math.max(deviceFree, clock) + 2),
      settled: () => {
        const at = deviceFree + 30;
        return new Promise<void>((resolve) => setTimeout(() => ((clock = Math.max(clock, at)), resolve()), 0));
      },
    };
    const sps = await samplesPerSecond(gpu as TrainingBackend, trial, () => clock);
    // 500 steps/s at batch 32 is 16,000 samples/s; waiting out each round would read well under half that
    expect(sps).toBeGreaterThan(16_000 * 0.8);
    expect(sps).toBeLessThanOrEqual(16_000 * 1.001);
  });

  it('stops after TIMED_STEPS steps once MIN_TIMED_MS passed, or at BUDGET_MS for slow steps', async () => {
    const w = fakeWorld();
    const fast = w.contender('cpu', 0.01);
    await samplesPerSecond(fast.make() as TrainingBackend, trial, w.now);
    // tiny steps repeat until MIN_TIMED_MS of them were timed, not much longer
    const timedMs = (fast.steps - WARMUP_STEPS) * 0.01;
    expect(timedMs).toBeGreaterThanOrEqual(MIN_TIMED_MS);
    expect(timedMs).toBeLessThan(BUDGET_MS);
    const slow = w.contender('webgpu', 200);
    await samplesPerSecond(slow.make() as TrainingBackend, trial, w.now);
    // a round of 1 then one of 2 steps: 600 ms past the warm-up, the budget spent, 2 steps timed
    expect(slow.steps - WARMUP_STEPS).toBe(3);
  });
});

describe('choosing the backend', () => {
  it('trains on the faster one, timing each alone and destroying both', async () => {
    const w = fakeWorld();
    const picker = new BackendPicker(w.now);
    const [cpu, gpu] = [w.contender('cpu', 1), w.contender('webgpu', 4, 500)];
    const d = await picker.pick({ key: 'k', trial, cpu, gpu });
    expect(d.kind).toBe('cpu');
    expect(d.notice).toBeUndefined();
    expect(d.report.speeds.cpu).toBeCloseTo(32_000, 6);
    expect(d.report.speeds.webgpu).toBeCloseTo(8_000, 6);
    expect(d.report.text).toBe('WebGPU 8,000 samples/s · CPU 32,000 samples/s — using the CPU engine (the faster here)');
    expect(w.mostAlive(), 'never two backends at once (no doubled GPU memory)').toBe(1);
    expect([cpu.destroyed, gpu.destroyed]).toEqual([1, 1]);

    const w2 = fakeWorld();
    const gpuFaster = await new BackendPicker(w2.now).pick(input(w2, 1, 4));
    expect(gpuFaster.kind).toBe('webgpu');
    expect(gpuFaster.report.text).toMatch(/— using WebGPU \(the faster here\)$/);
  });

  it('times a model once per key: a Reset of the same run is not timed again', async () => {
    const w = fakeWorld();
    const picker = new BackendPicker(w.now);
    await picker.pick(input(w, 4, 1));
    const again = await picker.pick(input(w, 4, 1));
    expect(w.made).toEqual({ webgpu: 1, cpu: 1 });
    expect(again.kind).toBe('cpu');
    await picker.pick(input(w, 4, 1, 'lenet b128 on SwiftShader'));
    expect(w.made, 'another model or batch size is timed').toEqual({ webgpu: 2, cpu: 2 });
  });

  it('follows the person’s choice, without timing, and shows the figures already taken', async () => {
    const w = fakeWorld();
    const picker = new BackendPicker(w.now);
    picker.choice = 'webgpu';
    const untimed = await picker.pick(input(w, 4, 1, 'other'));
    expect(untimed.kind).toBe('webgpu');
    expect(w.made).toEqual({ webgpu: 0, cpu: 0 });
    expect(untimed.report.text).toBe('WebGPU not timed · CPU not timed — using WebGPU (your choice)');

    picker.choice = 'auto';
    expect((await picker.pick(input(w, 4, 1))).kind).toBe('cpu');
    picker.choice = 'webgpu';
    const chosen = await picker.pick(input(w, 4, 1));
    expect(chosen.kind).toBe('webgpu');
    expect(chosen.report.choice).toBe('webgpu');
    expect(chosen.report.text).toBe('WebGPU 8,000 samples/s · CPU 32,000 samples/s — using WebGPU (your choice)');
    picker.choice = 'cpu';
    expect((await picker.pick(input(w, 1, 4, 'gpu-fast'))).kind).toBe('cpu');
  });

  it('falls back to the CPU with a notice when the model does not fit the GPU', async () => {
    const w = fakeWorld();
    const tooBig: Contender = { kind: 'webgpu', make: () => { throw new BackendLimitError('This model needs a 300 MiB GPU buffer, but SwiftShader allows at most 128 MiB.'); } };
    const d = await new BackendPicker(w.now).pick({ key: 'big', trial, cpu: w.contender('cpu', 5), gpu: tooBig });
    expect(d.kind).toBe('cpu');
    expect(d.notice).toBe('This model needs a 300 MiB GPU buffer, but SwiftShader allows at most 128 MiB, so OptiPlay trains on the CPU: the same math, only slower.');
    expect(d.report.webgpu).toBe(false);
    expect(d.report.text).toMatch(/^WebGPU unavailable · CPU 6,400 samples\/s — using the CPU engine \(the model does not fit WebGPU here\)$/);

    // found before any backend is made (the device's limits), and whatever the person chose
    const picker = new BackendPicker(w.now);
    picker.choice = 'webgpu';
    const limited = await picker.pick({ key: 'big2', trial, cpu: w.contender('cpu', 5), gpu: { unavailable: 'This model needs a 300 MiB GPU buffer', limit: true } });
    expect([limited.kind, limited.notice]).toEqual(['cpu', 'This model needs a 300 MiB GPU buffer, so OptiPlay trains on the CPU: the same math, only slower.']);
  });

  it('uses the CPU with the reason when there is no WebGPU, and WebGPU untimed for a step too heavy to time', async () => {
    const w = fakeWorld();
    const none = await new BackendPicker(w.now).pick({ key: 'k', trial, cpu: w.contender('cpu', 1), gpu: { unavailable: 'WebGPU is present but no GPU adapter was found', limit: false } });
    expect([none.kind, none.notice]).toEqual(['cpu', 'WebGPU is present but no GPU adapter was found, so OptiPlay trains on the CPU: the same math, only slower.']);
    expect(none.report.text).toBe('WebGPU unavailable · CPU not timed — using the CPU engine (WebGPU is not available here)');
    const heavy = await new BackendPicker(w.now).pick({ ...input(w, 4, 1), trial: null });
    expect(heavy.kind).toBe('webgpu');
    expect(w.made).toEqual({ webgpu: 0, cpu: 0 });
    expect(heavy.report.text).toMatch(/using WebGPU \(a step too heavy to time\)$/);
  });

  it('trains on the CPU when WebGPU fails while timed, and never lets a failure escape', async () => {
    const w = fakeWorld();
    const broken: Contender = { kind: 'webgpu', make: () => { throw new Error('device lost'); } };
    const readings = await race([w.contender('cpu', 1), broken], trial, w.now);
    expect(readings).toEqual({ webgpu: null, cpu: expect.any(Number) as number });
    expect(decide('auto', readings, null).kind).toBe('cpu');
  });

  it('lists the three choices under one set of labels', () => {
    expect(BACKEND_CHOICES.map((c) => c.label)).toEqual(['Automatic (fastest)', 'WebGPU', 'CPU']);
  });

  it('times the run’s own batches and settings without moving the run’s sampler', () => {
    const setup = setupRun(validateConfig({ dataset: 'spiral', batchSize: 10 }).config);
    const before = setup.sampler.state();
    const a = trialOf(setup);
    const b = trialOf(setup);
    const first = a.step(0);
    expect(a.batch).toBe(10);
    expect(first.rows.length).toBe(10);
    expect(Array.from(b.step(0).rows)).toEqual(Array.from(first.rows));
    expect(Array.from(first.rows), 'the run’s first batch').toEqual(Array.from(setup.sampler.next(10)));
    expect(first.settings.hyper.learningRate).toBe(setup.config.learningRate);
    expect(a.step(1).settings.t).toBe(2);
    expect(before.pos).toBe(0);
  });
});
