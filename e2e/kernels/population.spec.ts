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
 * The same cases with every matmul block size forced (4, 8, 16, 32 outputs a side, float and vec4 loads),
 * populations of 1, 3 and 16 trials of widths [13, 17] at batch 11 with the default tilings, and the
 * fused step (shaders/population_step.wgsl, the default for these small networks) in each of its modes
 * against the step's dispatch list.
 */
import type { PopulationCase } from '../../src/harness/populationCases';
import type { PopulationStatsCase } from '../../src/harness/populationStatsCases';
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

// every register block of the matmul (shaders/population_matmul.wgsl main4 … main32v), forced on odd widths
// (float-by-float loads) and on widths that are multiples of 4 (vec4 loads, the last k of an odd batch float by float)
const BLOCKS: Array<[string, PopulationCase]> = [
  ['cross-entropy, relu, 8-wide blocks', { ...CROSS_ENTROPY, tiling: { block: 8, WG: 4 } }],
  ['cross-entropy, relu, 16-wide blocks', { ...CROSS_ENTROPY, tiling: { block: 16, WG: 4 } }],
  ['MSE, tanh, 32-wide blocks, workgroups of 64', { ...MSE, tiling: { block: 32, WG: 64 } }],
  ['vec4 widths, sigmoid, 4-wide blocks', { ...VEC4, tiling: { block: 4, WG: 4 } }],
  ['vec4 widths, sigmoid, 16-wide blocks', { ...VEC4, tiling: { block: 16, WG: 4 } }],
  ['vec4 widths, sigmoid, 32-wide blocks', { ...VEC4, tiling: { block: 32, WG: 4 } }],
];

const OPTIMIZERS = [
  { optimizer: 'sgd', learningRate: 0.2 },
  { optimizer: 'adam', learningRate: 0.01 },
  { optimizer: 'momentum', momentum: 0.9, learningRate: 0.05 },
  { optimizer: 'rmsprop', learningRate: 0.01 },
] as const;
/** n trials in n slots, odd widths [13, 17] and batch 11, each with its own seed and an optimizer in turn; the last one ends early. */
const many = (n: number, optimizers: ReadonlyArray<Record<string, unknown>> = OPTIMIZERS): PopulationCase => ({
  ...base,
  hidden: [13, 17],
  slots: n,
  batch: 11,
  loss: 'crossentropy',
  activation: 'relu',
  singleGpu: n <= 3,
  trials: Array.from({ length: n }, (_, i) => ({ config: { seed: 20 + i, batchSize: 11, ...optimizers[i % optimizers.length] }, slot: i, start: 0, steps: i === n - 1 && n > 1 ? 12 : 16 })),
});
// the default tilings (populationShapes.ts pickPopTiling) with 1, 3 and 16 slots: narrow blocks for one
// slot, wide ones for many; 16 slots of one optimizer compile it in (shaders/population.wgsl VARIANT)
const SLOTS: Array<[string, PopulationCase]> = [
  ['1 trial', many(1)],
  ['3 trials', many(3)],
  ['16 trials', many(16)],
  ['16 Adam trials', many(16, [OPTIMIZERS[1]])],
  // widths [64, 64]: parameters fill over 90% of a slot's vec4s, so the update runs over all of them (DENSE).
  // Not against single GPU runs: at these widths and an 11-row batch the single run's dW reads a row past
  // the batch (shaders/matmul.wgsl main16v/main32v with TRANS_A and K % 4 ≠ 0); the CPU checks stand.
  ['3 trials, dense update', { ...many(3, [OPTIMIZERS[1], { optimizer: 'adamw', learningRate: 0.01, weightDecay: 0.1 }, OPTIMIZERS[2]]), hidden: [64, 64], singleGpu: false }],
];

// the step's two paths: the fused step (shaders/population_step.wgsl; by default on these small networks,
// in the device's mode: lane on a CPU emulation, group on a GPU), each mode forced, and the step's
// dispatch list (with a forced tiling above, or forced here with the default tilings)
const STEPS: Array<[string, PopulationCase]> = [
  ['cross-entropy, relu, fused group mode', { ...CROSS_ENTROPY, fused: 'group' }],
  ['MSE, tanh, fused group mode', { ...MSE, fused: 'group' }],
  ['16 trials, fused group mode', { ...many(16), fused: 'group' }],
  ['cross-entropy, relu, fused lane mode', { ...CROSS_ENTROPY, fused: 'lane' }],
  ['16 trials, fused lane mode', { ...many(16), fused: 'lane' }],
  ['1 trial, unfused', { ...many(1), fused: false }],
  ['16 trials, unfused', { ...many(16), fused: false }],
];

for (const [name, c] of [['cross-entropy, relu', CROSS_ENTROPY], ['MSE, tanh', MSE], ['vec4 widths, sigmoid', VEC4], ...BLOCKS, ...SLOTS, ...STEPS] as const) {
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

/**
 * Per-slot statistics and state for the race's lanes (shaders/population_stats.wgsl, gpu/populationSlots.ts
 * against engine/population/slotStats.ts): gradient norms per layer of the last step, Σθ², Σ|θ|, and a
 * slot's parameters and optimizer state read, loaded (edited midway) and zeroed. Odd shapes: a 37 × 29
 * layer (1,073 weights, strided by the 64 invocations of a workgroup, with a ragged end), 3 inputs and 3
 * outputs, T = 4 (slot 3 never used), a slot refilled after an edit; tolerances as above.
 */
const STATS_CASES: Array<[string, PopulationStatsCase]> = [
  ['cross-entropy, relu, 37 × 29', {
    ...base, hidden: [37, 29], slots: 4, editAt: 8, resetSlot: 1, loss: 'crossentropy', activation: 'relu',
    trials: [
      { config: { seed: 1, optimizer: 'adam', learningRate: 0.01, batchSize: 13, regularization: 'l2', regularizationRate: 0.01 }, slot: 0, start: 0, steps: 16 },
      { config: { seed: 2, optimizer: 'momentum', nesterov: true, momentum: 0.9, learningRate: 0.02, batchSize: 9 }, slot: 1, start: 0, steps: 16 },
      { config: { seed: 3, optimizer: 'sgd', learningRate: 0.1, batchSize: 13 }, slot: 2, start: 0, steps: 10 },
      { config: { seed: 4, optimizer: 'momentum', momentum: 0.9, learningRate: 0.05, batchSize: 13, regularization: 'l1', regularizationRate: 0.001 }, slot: 2, start: 10, steps: 6 },
    ],
  }],
  ['MSE, tanh, chunked evaluation', {
    ...base, rows: 13, slots: 4, editAt: 5, resetSlot: 0, loss: 'mse', activation: 'tanh',
    trials: [
      { config: { seed: 5, optimizer: 'adagrad', learningRate: 0.05, batchSize: 13 }, slot: 0, start: 0, steps: 12 },
      { config: { seed: 7, optimizer: 'rmsprop', centered: true, learningRate: 0.005, batchSize: 9 }, slot: 1, start: 0, steps: 12 },
      { config: { seed: 6, optimizer: 'adamw', learningRate: 0.02, weightDecay: 0.1, batchSize: 9 }, slot: 2, start: 2, steps: 10 },
    ],
  }],
];

for (const [name, c] of STATS_CASES) {
  test(`population slot statistics and state (${name}): GPU = CPU twin, edits land on their slot, idle slots null`, async ({ harness }) => {
    const r = await harness.run('populationStats', c);
    expect(r.results.length).toBe(c.trials.length);
    expect(r.edited, 'slot states edited and loaded midway').toBeGreaterThan(0);
    expect(r.reset, 'one slot’s optimizer state zeroed midway').toBe(true);
    for (const t of r.results) {
      const what = `trial ${t.trial} in slot ${t.slot}`;
      expect(t.minGradNorm, `${what} stepped`).toBeGreaterThan(0);
      expect(t.stats.count, `${what}: ${c.hidden.length + 1} gradient norms, Σθ², Σ|θ|`).toBe(c.hidden.length + 3);
      expect(t.stats.violations, `${what} statistics: worst ${JSON.stringify(t.stats.worst)}`).toBe(0);
      expect(t.state.violations, `${what} parameters and optimizer state: worst ${JSON.stringify(t.state.worst)}`).toBe(0);
    }
    expect(r.idle, 'slot 3 never held a trial').toContain(3);
    expect(r.idleNull, 'idle slots give no statistics').toBe(true);
  });
}

/**
 * The race as a preset of a population (engine/train/raceLanes.ts) on WebGPU: lane 0 on a GPU backend and
 * the race's lanes as one GPU population's slots (sharing lane 0's data upload), 25 steps, checkpoint,
 * restore, 25 steps, against one CPU backend per lane for 50 steps: every lane's evaluations (losses, total
 * loss, gradient norms, every 5 steps) within 10× and its parameters and optimizer state within the
 * train-step tolerance above.
 */
test('the race on one GPU population: metrics per lane and a checkpoint round trip agree with a CPU backend per lane', async ({ harness }) => {
  const config = { dataset: 'spiral', hidden: [16, 7], optimizer: 'adam', learningRate: 0.01, batchSize: 16, regularization: 'l2', regularizationRate: 0.01, schedule: 'cosine', totalSteps: 50, race: ['sgd:0.1', 'rmsprop:0.01', 'momentum:0.05'] };
  const r = await harness.run('raceOnPopulation', { config, steps: 25, every: 5, ...TOL });
  expect(r.populations, 'one population of 3 slots per Trainer (made, then restored)').toEqual([3, 3]);
  expect(r.names).toEqual(['harness', 'WebGPU population', 'WebGPU population', 'WebGPU population']);
  expect(r.points, 'ten evaluations on every lane').toEqual([10, 10, 10, 10]);
  r.metrics.forEach((m, lane) => expect(m.violations, `lane ${lane} metrics: worst ${JSON.stringify(m.worst)}`).toBe(0));
  r.state.forEach((s, lane) => expect(s.violations, `lane ${lane} state: worst ${JSON.stringify(s.worst)}`).toBe(0));
});

test('the race leaves its GPU population for a backend per lane when frozen layers are switched on mid-run, and trains on as the CPU does', async ({ harness }) => {
  const config = { dataset: 'spiral', hidden: [16, 7], optimizer: 'adam', learningRate: 0.01, batchSize: 16, race: ['sgd:0.1', 'adagrad:0.05'] };
  const r = await harness.run('raceOnPopulation', { config, steps: 20, every: 5, change: { frozenLayers: 1 }, ...TOL });
  expect(r.populations, 'made, then restored; none after the switch').toEqual([2, 2]);
  expect(r.names, 'every lane on a GPU backend of its own').toEqual(['harness', 'harness', 'harness']);
  expect(r.points).toEqual([8, 8, 8]);
  r.metrics.forEach((m, lane) => expect(m.violations, `lane ${lane} metrics: worst ${JSON.stringify(m.worst)}`).toBe(0));
  r.state.forEach((s, lane) => expect(s.violations, `lane ${lane} state: worst ${JSON.stringify(s.worst)}`).toBe(0));
});
