/**
 * Journey: after some training on a small MNIST run, prune 90% of the weights at once, then quantize to
 * 4 bits, live. The first layer's histogram shows the spike at zero, the model-size readout drops at
 * each step and the accuracy-vs-size scatter gets a point per configuration. The LeNet-300-100 preset
 * sets the controls.
 */
import { test, expect } from './support/fixtures';

const LINK = 'data=mnist&n=2000&hidden=32&opt=adam&lr=0.002&batch=64';

test('prune 90% one-shot, then quantize to 4 bits: zeros, smaller model, more scatter points', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  await playground.goto(LINK);
  await expect(playground.status).toHaveText(/^WebGPU\b/, { timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.openArea('Compress');
  await expect(playground.modelSizeReadout).toHaveText(/float32 \(nothing compressed\)$/);
  const dense = await playground.modelSize();
  expect(dense.float32, '(784·32 + 32·10) weights and 42 biases as float32').toBeCloseTo(4 * (784 * 32 + 32 * 10 + 42), -3);

  await playground.train();
  await expect.poll(() => playground.testAccuracy(), { timeout: 120_000 }).toBeGreaterThan(60);
  const before = await playground.zeroBinShare(1);
  expect(before, 'before pruning, few weights sit in the bin at 0').toBeLessThan(50);

  // Prune: one-shot, 90%, per-layer magnitude.
  await (await playground.field('Pruning schedule')).selectOption({ label: 'One-shot' });
  await playground.setSlider('Sparsity', 90);
  await (await playground.field('Prune')).check();
  await expect
    .poll(() => playground.zeroBinShare(1), { message: 'share of layer 1 weights in the zero bin', timeout: 60_000 })
    .toBeGreaterThanOrEqual(90);
  await expect.poll(async () => (await playground.modelSize()).ratio, { message: 'float32 / stored after pruning (90% sparse float32 values plus a relative index: about 8.2×)', timeout: 30_000 }).toBeGreaterThanOrEqual(7);
  const pruned = await playground.modelSize();
  await expect(playground.readout('Sparsity overall')).toHaveText(/^(89|9\d)\.\d%$/);

  // Quantize the surviving weights to 4 bits.
  await playground.setSlider('Bits', 4);
  await (await playground.field('Quantize')).check();
  await expect
    .poll(async () => (await playground.modelSize()).stored, { message: 'stored bytes after 4-bit quantization', timeout: 30_000 })
    .toBeLessThan(pruned.stored * 0.5);
  const quantized = await playground.modelSize();
  console.log(
    `[compression] dense ${dense.float32} B; pruned 90%: ${pruned.stored} B (${pruned.ratio}×); + 4-bit: ${quantized.stored} B (${quantized.ratio}×); ` +
      `zero bin of layer 1: ${await playground.zeroBinShare(1)}%; accuracy now ${await playground.testAccuracy()}%`,
  );
  await expect.poll(() => playground.configurationsTried(), { message: 'points in Accuracy vs size' }).toBeGreaterThanOrEqual(2);
  // the scatter redraws once on screen (charts scrolled away wait)
  await (await playground.panel('Accuracy vs size')).scrollIntoViewIfNeeded();
  await expect.poll(() => playground.section('Accuracy vs size').locator('.recharts-scatter-symbol').count()).toBeGreaterThanOrEqual(2);
  await playground.pause();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('the LeNet-300-100 preset sets the controls', async ({ playground }) => {
  await playground.goto('data=xor&hidden=4&opt=sgd&lr=0.3&batch=8');
  await playground.openArea('Data & model');
  await playground.presetButton.click();
  await expect(playground.dataset).toHaveValue('mnist');
  await expect(playground.neurons(1)).toHaveValue('300');
  await expect(playground.neurons(2)).toHaveValue('100');
  await expect(playground.hiddenLayers).toHaveValue('2');
  await expect(playground.control('Samples')).toHaveValue('60000');
  await expect(playground.control('Samples')).toHaveAttribute('max', '60000');
  await playground.openArea('Train');
  await expect(playground.control('Optimizer')).toHaveValue('adam');
  await expect(playground.learningRate).toHaveValue('0.001');
  await expect(playground.batchSize).toHaveValue('128');
  expect(playground.urlParams().get('hidden')).toBe('300,100');
});

test('pruning half the neurons by L2 norm narrows the hidden layers, and the Sparsity panel says so', async ({ playground, pageErrors }) => {
  await playground.goto('data=spiral&hidden=16,16&opt=adam&lr=0.01&batch=16');
  await expect(playground.status).toHaveText(/^WebGPU\b/);
  await playground.waitForFirstMetrics();
  await playground.openArea('Compress');
  await expect(playground.layerWidthsReadout).toHaveText('2 → 16 → 16 → 2');
  await playground.train();
  await playground.waitForStep(100);
  await (await playground.field('Pruning method')).selectOption({ label: 'Neurons by L2 norm' });
  await (await playground.field('Pruning schedule')).selectOption({ label: 'One-shot' });
  await playground.setSlider('Sparsity', 50);
  await (await playground.field('Prune')).check();
  // Half of each hidden layer's neurons go; the output layer never shrinks.
  await expect(playground.layerWidthsReadout).toHaveText('2 → 8 → 8 → 2', { timeout: 60_000 });
  await expect(playground.section('Weights').locator('figcaption').first()).toContainText('(2→8)');
  await expect.poll(async () => (await playground.modelSize()).ratio).toBeGreaterThan(2);
  // Training goes on with the smaller network.
  const at = await playground.currentStep();
  await playground.waitForStep(at + 50);
  await playground.pause();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
