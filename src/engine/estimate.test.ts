import { describe, expect, it } from 'vitest';
import { validateConfig } from './config';
import { estimateRun, memoryText, memoryVerdict, stepTimeWarning } from './estimate';
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
