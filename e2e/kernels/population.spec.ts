/**
 * The GPU population (shaders/population.wgsl, gpu/population.ts) against its CPU twin
 * (engine/population/cpuPopulation.ts) on odd shapes: 3 inputs, hidden [5, 7], 3 outputs, T = 5 slots
 * (one never used, one cleared mid-run, one refilled mid-run), B = 13 with a trial at 9 rows per step and
 * the epochs' smaller last batches (42 training rows), every optimizer (sgd, momentum + Nesterov, RMSprop
 * centered, Adagrad, Adam, AdamW), L1 and L2, MSE and softmax cross-entropy, 20 steps; and a case with
 * widths that are multiples of 4 (hidden [8, 12], B = 16), where the matmul reads vec4s.
 *
 * Tolerances, as the single-run train-step parity (train-step.spec.ts): parameters within
 * 1e-4 + 1e-3·|θ| (float32 on the GPU against float64 sums on the CPU, drifting over the steps); losses
 * at 10× that; accuracies within one row of each split (a row whose top two outputs are within rounding
 * may flip). The CPU population equals single CPU runs bit for bit (also in the unit test); the GPU
 * population equals single GPU backends within the parameters' tolerance. Idle slots never move.
 */
import type { PopulationCase } from '../../src/harness/populationCases';
import { expect, test } from './harness';

const TOL = { atol: 1e-4, rtol: 1e-3 };
const base = { hidden: [5, 7], samples: 60, slots: 5, batch: 13, maxTrainRows: 30, ...TOL };

const CROSS_ENTROPY: PopulationCase = {
  ...base,
  loss: 'crossentropy',
  activation: 'relu',
  singleGpu: true,
  trials: [
    { config: { seed: 1, optimizer: 'sgd', learningRate: 0.2, batchSize: 13, regularization: 'l1', regularizationRate: 0.01 }, slot: 0, start: 0, steps: 20 },
    { config: { seed: 2, optimizer: 'momentum', nesterov: true, momentum: 0.9, learningRate: 0.05, batchSize: 9, regularization: 'l2', regularizationRate: 0.01 }, slot: 1, start: 0, steps: 20 },
    { config: { seed: 3, optimizer: 'rmsprop', centered: true, beta2: 0.99, learningRate: 0.01, batchSize: 13 }, slot: 2, start: 0, steps: 8 },
    // refills slot 2: its optimizer state starts again from zero
    { config: { seed: 4, optimizer: 'adam', learningRate: 0.01, batchSize: 13 }, slot: 2, start: 8, steps: 12 },
    // cleared at step 12: it must not move after
    { config: { seed: 5, optimizer: 'adamw', learningRate: 0.02, weightDecay: 0.1, batchSize: 13, schedule: 'cosine', totalSteps: 30 }, slot: 4, start: 0, steps: 12 },
  ],
};

const MSE: PopulationCase = {
  ...base,
  // evaluation in chunks of 13 rows per slot: 30 training rows = 13 + 13 + 4, 18 test rows = 13 + 5
  rows: 13,
  loss: 'mse',
  activation: 'tanh',
  trials: [
    { config: { seed: 1, optimizer: 'adagrad', learningRate: 0.05, epsilon: 1e-10, batchSize: 13, regularization: 'l1', regularizationRate: 0.001 }, slot: 0, start: 0, steps: 20 },
    { config: { seed: 1, optimizer: 'adam', learningRate: 0.01, batchSize: 9, regularization: 'l2', regularizationRate: 0.01 }, slot: 2, start: 0, steps: 20 },
    { config: { seed: 6, optimizer: 'rmsprop', beta2: 0.9, learningRate: 0.005, batchSize: 13 }, slot: 3, start: 2, steps: 18 },
    { config: { seed: 7, optimizer: 'sgd', learningRate: 0.1, batchSize: 13, schedule: 'step', stepSize: 5, gamma: 0.5 }, slot: 4, start: 0, steps: 20 },
  ],
};

// widths that are multiples of 4: the vec4 load paths of the matmul (VA, VB, VK, VKB) and a 16-row batch
const VEC4: PopulationCase = {
  ...base,
  hidden: [8, 12],
  batch: 16,
  loss: 'crossentropy',
  activation: 'sigmoid',
  singleGpu: true,
  trials: [
    { config: { seed: 8, optimizer: 'adam', learningRate: 0.02, batchSize: 16, regularization: 'l2', regularizationRate: 0.01 }, slot: 0, start: 0, steps: 20 },
    { config: { seed: 9, optimizer: 'momentum', momentum: 0.8, dampening: 0.1, learningRate: 0.1, batchSize: 12 }, slot: 2, start: 0, steps: 20 },
    { config: { seed: 10, optimizer: 'rmsprop', beta2: 0.95, learningRate: 0.01, batchSize: 16, regularization: 'l1', regularizationRate: 0.001 }, slot: 3, start: 5, steps: 15 },
  ],
};

for (const [name, c] of [['cross-entropy, relu', CROSS_ENTROPY], ['MSE, tanh', MSE], ['vec4 widths, sigmoid', VEC4]] as const) {
  test(`population parity (${name}): GPU population = CPU population = single runs, idle slots untouched`, async ({ harness }) => {
    const r = await harness.run('population', c);
    expect(r.results.length).toBe(c.trials.length);
    if (c.batch === 13) expect(r.rowCounts, 'full batches, the 9-row trial, epoch ends (42 = 3·13 + 3 = 4·9 + 6) and idle slots').toEqual(expect.arrayContaining([0, 3, 6, 9, 13]));
    const worst = { params: 0, losses: 0, single: 0 };
    for (const t of r.results) {
      const what = `trial ${t.trial} (${JSON.stringify(c.trials[t.trial].config)})`;
      expect(t.paramChange, `${what} trained`).toBeGreaterThan(1e-3);
      expect(t.cpuExact, `${what}: CPU population = single CPU run, bit for bit`).toBe(true);
      expect(t.params.violations, `${what} params: worst ${JSON.stringify(t.params.worst)}, max |Δ| ${t.params.maxAbsErr}`).toBe(0);
      expect(t.losses.violations, `${what} losses: worst ${JSON.stringify(t.losses.worst)}`).toBe(0);
      expect(t.correctDiff, `${what} correct rows`).toBeLessThanOrEqual(1);
      if (c.singleGpu) expect(t.gpuSingle?.violations, `${what} vs a single GPU run: worst ${JSON.stringify(t.gpuSingle?.worst)}`).toBe(0);
      worst.params = Math.max(worst.params, t.params.maxAbsErr);
      worst.losses = Math.max(worst.losses, t.losses.maxAbsErr);
      worst.single = Math.max(worst.single, t.gpuSingle?.maxAbsErr ?? 0);
    }
    expect(r.idle.length, 'the idle slots checked').toBeGreaterThan(0);
    for (const s of r.idle) {
      expect(s.unchanged, `idle slot ${s.slot} kept its parameters`).toBe(true);
      expect(s.evalNull, `idle slot ${s.slot} evaluates to null`).toBe(true);
    }
    test.info().annotations.push({ type: 'max |gpu − cpu|', description: JSON.stringify(worst) });
  });
}

test('a population too large for the device is refused with a BackendLimitError that says what to change', async ({ harness }) => {
  const r = await harness.run('populationLimit', { trials: 2000 });
  expect(r.threw).toBe(true);
  expect(r.name).toBe('BackendLimitError');
  expect(r.message).toMatch(/A population of 2000 trials needs [\d.]+ MiB of parameters in one GPU buffer, but this device allows at most [\d.]+ MiB\. Use fewer trials/);
  const fits = await harness.run('populationLimit', { trials: 4 });
  expect(fits.threw, fits.message).toBe(false);
});
