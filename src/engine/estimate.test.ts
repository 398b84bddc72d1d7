import { describe, expect, it } from 'vitest';
import { validateConfig } from './config';
import { REFUSE_STEP_MS, SLOW_STEP_MS, TIMED_FLOPS, estimateRun, judgeRun, memoryText, memoryVerdict, runVerdict, stepTimeVerdict, stepTimeWarning } from './estimate';
import { modelSpecFor } from './model';

const MNIST = { inputDim: 784, outputDim: 10 };

describe('what a run will ask of the machine', () => {
  it('counts the parts: LeNet-300-100 on all of MNIST is light', () => {
    const { config } = validateConfig({ dataset: 'mnist', samples: 60000, hidden: [300, 100], batchSize: 128, optimizer: 'adam', learningRate: 0.001 });
    const e = estimateRun(config, modelSpecFor(config, MNIST), { train: 60000, test: 10000 });
    const weights = 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10; // 266,610
    expect(e.bytes.weights).toBe(4 * weights * 4);
    expect(e.bytes.data).toBe(70000 * 794 * 4);
    expect(e.bytes.activations).toBe(3 * 128 * (784 + 300 + 100 + 10) * 4);
    expect(e.flopsPerStep).toBe(6 * 128 * (784 * 300 + 300 * 100 + 100 * 10));
    expect(memoryVerdict(e)).toBeNull();
    expect(memoryText(e)).toMatch(/^\d+ MB \(data 222 MB, weights and optimizer state 4 MB, /);
  });

  it('refuses six layers of 1,024 on all of MNIST with four lanes at batch 5,000, with the figures', () => {
    const race = [{ optimizer: 'sgd', learningRate: 0.1 }, { optimizer: 'adam', learningRate: 0.001 }, { optimizer: 'rmsprop', learningRate: 0.01 }];
    const { config, corrections } = validateConfig({ dataset: 'mnist', samples: 60000, hidden: [1024, 1024, 1024, 1024, 1024, 1024], batchSize: 5000, race });
    expect(corrections).toEqual([]);
    const e = estimateRun(config, modelSpecFor(config, MNIST), { train: 60000, test: 10000 });
    expect(e.lanes).toBe(4);
    const verdict = memoryVerdict(e);
    expect(verdict?.refuse).toBe(true);
    expect(verdict?.message).toMatch(/^This run would need about 2\.\d GB \(data 222 MB, weights and optimizer state \d+ MB, activations 1\.\d GB, evaluation \d+ MB\), more than a browser tab can safely hold \(2\.0 GB\)/);
  });

  it('warns about a heavy run it still starts', () => {
    const { config } = validateConfig({ dataset: 'mnist', samples: 60000, hidden: [1024, 1024, 1024], batchSize: 2000 });
    const verdict = memoryVerdict(estimateRun(config, modelSpecFor(config, MNIST), { train: 60000, test: 10000 }));
    expect(verdict?.refuse).toBe(false);
    expect(verdict?.message).toMatch(/^This run needs about \d+ MB .*Pause answers between steps\.$/);
  });

  it('says a slow step with its figures once measured', () => {
    expect(stepTimeWarning(40, 1e9)).toBeNull();
    expect(stepTimeWarning(NaN, 1e9)).toBeNull();
    expect(stepTimeWarning(4300, 21.5e9)).toBe('Each training step takes about 4.3 s on this device (21.5 GFLOP a step at 5.0 GFLOP/s). Pause waits for the step under way; a smaller batch or model trains faster.');
  });
});

describe("a step's time before training, at the device's measured speed", () => {
  const mnist = (q: Record<string, unknown>, rows = { train: 60000, test: 10000 }) => {
    const { config } = validateConfig({ dataset: 'mnist', samples: rows.train, ...q });
    return estimateRun(config, modelSpecFor(config, MNIST), rows);
  };
  // the heavy link of e2e/heavy.spec.ts: 34.9 GFLOP a step; LeNet-300-100 at batch 128: 0.2 GFLOP
  const heavy = mnist({ hidden: [1024, 1024, 1024], batchSize: 2000, optimizer: 'adam', learningRate: 0.001 });
  const lenet = mnist({ hidden: [300, 100], batchSize: 128 });

  it('knows the batch it costed', () => {
    expect(heavy.batch).toBe(2000);
    expect(heavy.flopsPerStep).toBe(6 * 2000 * (784 * 1024 + 1024 * 1024 * 2 + 1024 * 10));
    expect(mnist({ hidden: [16], batchSize: 512 }, { train: 100, test: 100 }).batch).toBe(100);
  });

  it('warns with the figures when a step takes a second or more', () => {
    const v = stepTimeVerdict(heavy, 8.1e9);
    expect(v?.refuse).toBe(false);
    expect(v?.message).toBe('Each training step will take about 4.3 s on this device (34.9 GFLOP a step at 8.1 GFLOP/s, measured). Pause stops after the step under way; a smaller batch or model trains faster.');
  });

  it('says nothing about a quick step, nor when the speed is unknown', () => {
    expect(stepTimeVerdict(lenet, 8.1e9)).toBeNull();
    expect(stepTimeVerdict(heavy, null)).toBeNull();
    expect(stepTimeVerdict(heavy, 0)).toBeNull();
    expect(stepTimeVerdict(heavy, NaN)).toBeNull();
    expect(stepTimeVerdict(heavy, Infinity)).toBeNull();
  });

  it('refuses, with the figures and the bound, a step longer than REFUSE_STEP_MS', () => {
    const v = stepTimeVerdict(heavy, 1e9);
    expect(v?.refuse).toBe(true);
    expect(v?.message).toBe('Each training step would take about 35 s on this device (34.9 GFLOP a step at 1.0 GFLOP/s, measured), longer than the 10 s a step may take here, so it was not started. Use fewer or narrower layers, fewer race lanes or a smaller batch.');
    expect(stepTimeVerdict(heavy, 0.1e9)?.message).toMatch(/^Each training step would take about 5\.8 min on this device/);
  });

  it('draws its lines at SLOW_STEP_MS and REFUSE_STEP_MS, the bound well under the 30 s watchdog', () => {
    const at = (ms: number) => (heavy.flopsPerStep / ms) * 1000;
    expect(stepTimeVerdict(heavy, at(SLOW_STEP_MS - 1))).toBeNull();
    expect(stepTimeVerdict(heavy, at(SLOW_STEP_MS + 1))?.refuse).toBe(false);
    expect(stepTimeVerdict(heavy, at(REFUSE_STEP_MS))?.refuse).toBe(false);
    expect(stepTimeVerdict(heavy, at(REFUSE_STEP_MS + 1))?.refuse).toBe(true);
    expect(REFUSE_STEP_MS).toBeLessThanOrEqual(30_000 / 3);
  });

  it('joins the memory and time warnings; a refusal says only why', () => {
    const both = runVerdict(heavy, 8.1e9);
    expect(both?.refuse).toBe(false);
    expect(both?.message).toMatch(/^This run needs about \d+ MB .*Pause answers between steps\. Each training step will take about 4\.3 s on this device \(34\.9 GFLOP a step at 8\.1 GFLOP\/s, measured\)/);
    expect(runVerdict(heavy, null)).toEqual(memoryVerdict(heavy));
    const slow = runVerdict(heavy, 1e9);
    expect(slow?.refuse).toBe(true);
    expect(slow?.message).toMatch(/^Each training step would take about 35 s/);
    expect(runVerdict(lenet, 8.1e9)).toBeNull();
    const race = [{ optimizer: 'sgd', learningRate: 0.1 }, { optimizer: 'adam', learningRate: 0.001 }, { optimizer: 'rmsprop', learningRate: 0.01 }];
    const tooBig = mnist({ hidden: [1024, 1024, 1024, 1024, 1024, 1024], batchSize: 5000, race });
    expect(runVerdict(tooBig, 1e9)).toEqual(memoryVerdict(tooBig));
    const light = mnist({ hidden: [1024, 1024, 1024], batchSize: 1000 }, { train: 1000, test: 1000 });
    expect(memoryVerdict(light)).toBeNull();
    expect(runVerdict(light, 1e9)).toEqual(stepTimeVerdict(light, 1e9));
    expect(runVerdict(light, 1e12)).toBeNull();
  });

  it('measures the device only when a step could take a second and the memory allows the run', async () => {
    const asked: string[] = [];
    const speed = (name: string, flopsPerSecond: number | null) => async () => (asked.push(name), flopsPerSecond);
    expect(await judgeRun(heavy, speed('heavy', 8.1e9))).toEqual(runVerdict(heavy, 8.1e9));
    expect(await judgeRun(heavy, speed('heavy, unknown', null))).toEqual(memoryVerdict(heavy));
    // LeNet-300-100 is timed (0.2 GFLOP a step) and light; the default spiral run is not timed
    expect(lenet.flopsPerStep).toBeGreaterThan(TIMED_FLOPS);
    expect(await judgeRun(lenet, speed('lenet', 8.1e9))).toBeNull();
    const { config } = validateConfig({});
    const spiral = estimateRun(config, modelSpecFor(config, { inputDim: 2, outputDim: 2 }), { train: config.samples, test: config.samples });
    expect(spiral.flopsPerStep).toBeLessThan(TIMED_FLOPS / 50);
    expect(await judgeRun(spiral, speed('spiral', 1))).toBeNull();
    const race = [{ optimizer: 'sgd', learningRate: 0.1 }, { optimizer: 'adam', learningRate: 0.001 }, { optimizer: 'rmsprop', learningRate: 0.01 }];
    const tooBig = mnist({ hidden: [1024, 1024, 1024, 1024, 1024, 1024], batchSize: 5000, race });
    expect(await judgeRun(tooBig, speed('too big', 1e9))).toEqual(memoryVerdict(tooBig));
    expect(asked).toEqual(['heavy', 'heavy, unknown', 'lenet']);
  });
});
