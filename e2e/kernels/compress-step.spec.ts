/**
 * Pruning and quantization in the training loop, GPU backend vs CPU backend (and the engine ops): masks
 * from magnitudeMask, masked training, quantization-aware training, post-training quantization, neuron
 * scores and the snapshot extras, on odd shapes. Parameters agree within 1e-4 + 1e-3·|θ| after the steps
 * (the tolerance of the train-step parity suite), evaluations and outputs within ten times that; masks,
 * masked zeros and quantization levels exactly.
 */
import type { CompressCases } from '../../src/harness/compressCases';
import { expect, test } from './harness';

const TOL = { atol: 1e-4, rtol: 1e-3 };
type R = Awaited<ReturnType<CompressCases['compressSteps']>>;

function expectParity(r: R) {
  expect(r.paramChange, 'training moved the weights').toBeGreaterThan(1e-3);
  expect(r.params.violations, `params: worst ${JSON.stringify(r.params.worst)} (max err ${r.params.maxAbsErr})`).toBe(0);
  expect(r.evaluation.violations, `evaluation: worst ${JSON.stringify(r.evaluation.worst)}`).toBe(0);
  expect(r.output.violations, `grid output: worst ${JSON.stringify(r.output.worst)}`).toBe(0);
  expect(r.histograms.violations, `histogram ranges: worst ${JSON.stringify(r.histograms.worst)}`).toBe(0);
  expect(r.histMoved, 'weights in another histogram bin').toBeLessThanOrEqual(Math.max(2, r.histTotal * 0.01));
  console.log(JSON.stringify({ params: r.params.maxAbsErr, evaluation: r.evaluation.maxAbsErr, output: r.output.maxAbsErr, testOutput: r.testOutput?.maxAbsErr, snapshotParams: r.snapshotParams?.maxAbsErr, histMoved: r.histMoved, sparsity: r.sparsity, levels: r.levels }));
}

test('mask at 70% from magnitudeMask + Adam: masks agree, masked weights and state stay exactly 0 (chunked evaluation)', async ({ harness }) => {
  const r = await harness.run('compressSteps', {
    config: { dataset: 'spiral', hidden: [13, 7], activation: 'relu', loss: 'crossentropy', batchSize: 19, learningRate: 0.01, optimizer: 'adam' },
    evalChunkRows: 64,
    warmup: 10,
    prune: { amount: 0.7, scope: 'layer' },
    steps: 20,
    rewindSteps: 5,
    unmaskedSteps: 5,
    ...TOL,
  });
  expect(r.mask!.violations, 'GPU mask vs CPU backend mask').toBe(0);
  expect(r.maskDirect!.violations, 'GPU mask vs ops/prune.ts magnitudePrune').toBe(0);
  expect(r.sparsity).toBeGreaterThan(0.68);
  expect(r.sparsity).toBeLessThan(0.72);
  expect(r.maskedNonZero, 'masked weights that are not exactly +0').toBe(0);
  expectParity(r);
  // Lottery-ticket rewind: setParams writes the start weights with the mask applied and zeroes the state.
  expect(r.rewound!.atRewind.violations, 'setParams applies the mask at once').toBe(0);
  expect(r.rewound!.params.violations, `after the rewind: worst ${JSON.stringify(r.rewound!.params.worst)}`).toBe(0);
  expect(r.rewound!.maskedNonZero).toBe(0);
  // After the mask is dropped, Adam restarts those entries from m = v = 0 on both backends: any state left
  // non-zero under the mask on the GPU would show as a mismatch here.
  expect(r.unmasked!.regrown, 'unmasked weights move again').toBeGreaterThan(0);
  expect(r.unmasked!.params.violations, `after unmasking: worst ${JSON.stringify(r.unmasked!.params.worst)}`).toBe(0);
});

test('global mask at 50% with momentum, 3 hidden layers of odd widths', async ({ harness }) => {
  const r = await harness.run('compressSteps', {
    config: { dataset: 'xor', hidden: [11, 5, 3], activation: 'tanh', loss: 'mse', batchSize: 33, learningRate: 0.05, optimizer: 'momentum', regularization: 'l2', regularizationRate: 0.01 },
    warmup: 5,
    prune: { amount: 0.5, scope: 'global' },
    steps: 20,
    unmaskedSteps: 3,
    ...TOL,
  });
  expect(r.mask!.violations).toBe(0);
  expect(r.maskDirect!.violations).toBe(0);
  expect(r.maskedNonZero).toBe(0);
  expectParity(r);
  expect(r.unmasked!.params.violations).toBe(0);
});

test('QAT 4-bit symmetric per channel with SGD', async ({ harness }) => {
  const r = await harness.run('compressSteps', {
    config: { dataset: 'gaussians', hidden: [9], activation: 'tanh', loss: 'crossentropy', batchSize: 21, learningRate: 0.1 },
    extras: true,
    warmup: 5,
    quant: { bits: 4, scheme: 'symmetric', perChannel: true, mode: 'aware' },
    steps: 20,
    ...TOL,
  });
  expectParity(r);
  expect(r.snapshotParams!.violations, `effective params: worst ${JSON.stringify(r.snapshotParams!.worst)}`).toBe(0);
  expect(r.levels, 'levels per channel (narrow 4-bit range)').toBeLessThanOrEqual(15);
  expect(r.levels).toBeGreaterThan(2);
});

test('QAT 3-bit affine per tensor with a 50% mask', async ({ harness }) => {
  const r = await harness.run('compressSteps', {
    config: { dataset: 'xor', hidden: [11, 6], activation: 'relu', loss: 'mse', batchSize: 17, learningRate: 0.05, optimizer: 'momentum' },
    extras: true,
    warmup: 10,
    prune: { amount: 0.5, scope: 'layer' },
    quant: { bits: 3, scheme: 'affine', perChannel: false, mode: 'aware' },
    steps: 20,
    ...TOL,
  });
  expect(r.mask!.violations).toBe(0);
  expect(r.maskedNonZero, 'masked masters').toBe(0);
  expect(r.maskedNonZeroSnapshot, 'masked effective weights (quantizing 0 gives 0)').toBe(0);
  expectParity(r);
  expect(r.snapshotParams!.violations, `effective params: worst ${JSON.stringify(r.snapshotParams!.worst)}`).toBe(0);
  expect(r.levels, 'levels per tensor (3-bit)').toBeLessThanOrEqual(8);
});

test('PTQ 2-bit: evaluation and snapshots quantized, training float', async ({ harness }) => {
  const r = await harness.run('compressSteps', {
    config: { dataset: 'circles', hidden: [10], activation: 'relu', loss: 'crossentropy', batchSize: 23, learningRate: 0.01, optimizer: 'adam' },
    extras: true,
    testRows: 37,
    warmup: 15,
    quant: { bits: 2, scheme: 'symmetric', perChannel: false, mode: 'post-training' },
    steps: 10,
    ...TOL,
  });
  expectParity(r);
  expect(r.snapshotParams!.violations).toBe(0);
  expect(r.levels, 'levels per tensor (narrow 2-bit: −s, 0, s)').toBeLessThanOrEqual(3);
  expect(r.testOutput!.violations).toBe(0);
});

for (const scope of ['layer', 'global'] as const) {
  test(`magnitudeMask with ties at the threshold on top of an existing mask (${scope})`, async ({ harness }) => {
    const r = await harness.run('maskTies', { config: { dataset: 'spiral', hidden: [13, 7], activation: 'relu' }, amount: 0.6, scope, preMask: 0.2, seed: 5 });
    expect(r.ties, 'ties at the threshold').toBeGreaterThan(0);
    expect(r.preMasked).toBeGreaterThan(0);
    expect(r.vsOps.violations, `vs ops/prune.ts: worst ${JSON.stringify(r.vsOps.worst)}`).toBe(0);
    expect(r.vsCpu.violations, `vs CPU backend: worst ${JSON.stringify(r.vsCpu.worst)}`).toBe(0);
    expect(r.weightsMasked.violations, 'setMask zeroed the weights at once, magnitudeMask left them').toBe(0);
    expect(r.negativeZeros).toBe(0);
  });
}

for (const quantAware of [undefined, { bits: 3, scheme: 'symmetric' as const }]) {
  test(`neuronScores l2 and activity on every layer${quantAware ? ' under QAT' : ''}`, async ({ harness }) => {
    const layers = await harness.run('neuronScores', { config: { dataset: 'spiral', hidden: [13, 7], activation: 'relu', batchSize: 16, learningRate: 0.1 }, warmup: 10, rows: 37, quantAware, seed: 3, ...TOL });
    expect(layers).toHaveLength(3);
    for (const l of layers) {
      expect(l.l2VsCpu.violations, `layer ${l.layer} l2 vs CPU`).toBe(0);
      expect(l.l2VsOps.violations, `layer ${l.layer} l2 vs ops`).toBe(0);
      expect(l.activityVsCpu.violations, `layer ${l.layer} activity vs CPU: worst ${JSON.stringify(l.activityVsCpu.worst)}`).toBe(0);
      if (l.activityVsOps) expect(l.activityVsOps.violations, `layer ${l.layer} activity vs ops`).toBe(0);
      expect(l.l2VsOps.maxRef).toBeGreaterThan(0);
      expect(l.activityVsCpu.maxRef).toBeGreaterThan(0);
    }
    console.log(JSON.stringify(layers.map((l) => [l.l2VsCpu.maxAbsErr, l.activityVsCpu.maxAbsErr])));
  });
}

for (const gridRows of [5, 0]) {
  test(`snapshot extras on a 7-5-3 net with 13 test rows, ${gridRows} grid rows, mask and 5-bit QAT`, async ({ harness }) => {
    const r = await harness.run('compressSteps', {
      config: { hidden: [5], activation: 'tanh', loss: 'crossentropy', batchSize: 11, learningRate: 0.1, optimizer: 'adam' },
      shape: { inputDim: 7, outputDim: 3, train: 50, test: 13, gridRows },
      extras: true,
      warmup: 5,
      prune: { amount: 0.3, scope: 'layer' },
      quant: { bits: 5, scheme: 'affine', perChannel: true, mode: 'aware' },
      steps: 15,
      ...TOL,
    });
    expect(r.testRows).toBe(13);
    expect(r.outputLength).toBe(gridRows * 3);
    expect(r.testOutput!.count).toBe(13 * 3);
    expect(r.testOutput!.violations, `test outputs: worst ${JSON.stringify(r.testOutput!.worst)}`).toBe(0);
    expect(r.snapshotParamsLength).toBe(r.totalFloats);
    expect(r.snapshotParams!.violations).toBe(0);
    expect(r.maskedNonZeroSnapshot).toBe(0);
    expectParity(r);
  });
}

test('MNIST-sized data: refused on a default-limits device, trained and evaluated on 10,000 test rows with requested limits', async ({ harness }) => {
  test.setTimeout(300_000);
  const r = await harness.run('mnistScale', {
    config: { hidden: [32], activation: 'relu', loss: 'crossentropy', batchSize: 64, learningRate: 0.05 },
    shape: { inputDim: 784, outputDim: 10, train: 60000, test: 10000, gridRows: 0 },
    extras: true,
    steps: 5,
    ...TOL,
  });
  console.log(JSON.stringify(r));
  expect(r.largestBuffer).toBe(60000 * 784 * 4);
  if (r.largestBuffer > r.defaultLimit) {
    expect(r.refusal?.name).toBe('BackendLimitError');
    expect(r.refusal?.message).toMatch(/needs a 179 MiB GPU buffer/);
  }
  expect(r.deviceLimit).toBeGreaterThanOrEqual(r.largestBuffer);
  expect(r.gpuError).toBeNull();
  expect(r.testRows).toBe(10000);
  expect(r.testOutput.count).toBe(100000);
  expect(r.testOutput.violations, `test outputs: worst ${JSON.stringify(r.testOutput.worst)}`).toBe(0);
  expect(r.evaluation.violations).toBe(0);
  expect(r.params.violations).toBe(0);
});
