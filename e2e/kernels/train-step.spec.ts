/**
 * A whole training step on the GPU backend against the CPU backend: same weights, same batches, same
 * learning rate; after N steps the parameters agree within 1e-4 + 1e-3·|θ| (float32 drift over steps).
 * With parameter groups (engine/model/groups.ts): frozen layers (a prefix, and one between trainable
 * layers) stay bit-identical with zero gradient norms on the GPU, and lr factors match the CPU twin.
 * With distillation (soft targets): the step's loss is the distillation loss on the batch's teacher logits.
 */
import { expect, test } from './harness';

const CASES = [
  { config: { dataset: 'spiral', hidden: [16, 16], activation: 'relu', loss: 'crossentropy', batchSize: 16, learningRate: 0.1 }, steps: 25 },
  { config: { dataset: 'xor', hidden: [7, 33, 3], activation: 'tanh', loss: 'mse', batchSize: 33, learningRate: 0.05 }, steps: 25 },
  { config: { dataset: 'sine', hidden: [33], activation: 'sigmoid', loss: 'mse', batchSize: 257, learningRate: 0.3 }, steps: 20 },
  { config: { dataset: 'circles', hidden: [], activation: 'linear', loss: 'crossentropy', batchSize: 5000, learningRate: 0.5 }, steps: 10 },
  { config: { dataset: 'spiral', hidden: [16, 16], activation: 'relu', loss: 'crossentropy', batchSize: 16, learningRate: 0.01, optimizer: 'adam', schedule: 'warmup', warmupSteps: 10 }, steps: 25 },
  { config: { dataset: 'gaussians', hidden: [7], activation: 'tanh', loss: 'crossentropy', batchSize: 32, learningRate: 0.05, optimizer: 'momentum', nesterov: true, regularization: 'l2', regularizationRate: 0.01 }, steps: 25 },
  { config: { dataset: 'xor', hidden: [8, 8], activation: 'relu', loss: 'mse', batchSize: 64, learningRate: 0.01, optimizer: 'rmsprop', beta2: 0.99, centered: true, regularization: 'l1', regularizationRate: 0.001, schedule: 'cosine', totalSteps: 30 }, steps: 25 },
  { config: { dataset: 'line', hidden: [3], activation: 'sigmoid', loss: 'mse', batchSize: 16, learningRate: 0.01, optimizer: 'adamw', weightDecay: 0.1 }, steps: 25 },
  { config: { dataset: 'sine', hidden: [16], activation: 'tanh', loss: 'mse', batchSize: 16, learningRate: 0.05, optimizer: 'adagrad', epsilon: 1e-10, schedule: 'step', stepSize: 10, gamma: 0.5 }, steps: 25 },
];

for (const c of CASES) {
  test(`train step parity: ${c.config.dataset} hidden [${c.config.hidden.join(',')}] ${c.config.activation} ${c.config.loss} batch ${c.config.batchSize} ${'optimizer' in c.config ? c.config.optimizer : 'sgd'}`, async ({ harness }) => {
    const r = await harness.run('trainSteps', { ...c, atol: 1e-4, rtol: 1e-3 });
    expect(r.paramChange, 'training moved the weights').toBeGreaterThan(1e-3);
    expect(r.params.violations, `params: worst ${JSON.stringify(r.params.worst)}`).toBe(0);
    expect(r.evaluation.violations, `evaluation: worst ${JSON.stringify(r.evaluation.worst)}`).toBe(0);
    expect(r.output.violations, `grid output: worst ${JSON.stringify(r.output.worst)}`).toBe(0);
  });
}

const GROUP_CASES = [
  // fine-tuning: the first layer frozen, the transferred middle at lr × 0.1, the head at lr (Adam, odd widths)
  { config: { dataset: 'spiral', hidden: [13, 7], activation: 'relu', loss: 'crossentropy', batchSize: 33, learningRate: 0.02, optimizer: 'adam' }, steps: 20, groups: [{ frozen: true, lrFactor: 1 }, { frozen: false, lrFactor: 0.1 }, { frozen: false, lrFactor: 1 }] },
  // a frozen layer between trainable ones still passes the gradient down (momentum, L2)
  { config: { dataset: 'xor', hidden: [9, 5, 3], activation: 'tanh', loss: 'mse', batchSize: 17, learningRate: 0.05, optimizer: 'momentum', regularization: 'l2', regularizationRate: 0.01 }, steps: 20, groups: [{ frozen: false, lrFactor: 0.5 }, { frozen: true, lrFactor: 1 }, { frozen: false, lrFactor: 2 }, { frozen: false, lrFactor: 1 }] },
];

for (const c of GROUP_CASES) {
  test(`train step parity with parameter groups: ${c.config.dataset} hidden [${c.config.hidden.join(',')}] frozen ${c.groups.map((g, l) => (g.frozen ? l + 1 : '')).filter(String).join(',')}`, async ({ harness }) => {
    const r = await harness.run('trainSteps', { ...c, atol: 1e-4, rtol: 1e-3 });
    expect(r.paramChange, 'training moved the weights').toBeGreaterThan(1e-3);
    expect(r.frozenChanged, 'frozen layers that moved on the GPU').toEqual([]);
    expect(r.params.violations, `params: worst ${JSON.stringify(r.params.worst)}`).toBe(0);
    expect(r.evaluation.violations, `evaluation: worst ${JSON.stringify(r.evaluation.worst)}`).toBe(0);
  });
}

const DISTILL_CASES = [
  // a student learning from a teacher's logits at a high temperature, mostly from the soft targets (Adam, odd widths)
  { config: { dataset: 'spiral', hidden: [13, 7], activation: 'relu', loss: 'crossentropy', batchSize: 33, learningRate: 0.01, optimizer: 'adam' }, steps: 20, distill: { temperature: 20, alpha: 0.9 } },
  // T = 2.5, an even mix, SGD on another dataset
  { config: { dataset: 'gaussians', hidden: [9], activation: 'tanh', loss: 'crossentropy', batchSize: 17, learningRate: 0.1 }, steps: 20, distill: { temperature: 2.5, alpha: 0.5 } },
];

for (const c of DISTILL_CASES) {
  test(`train step parity with distillation: ${c.config.dataset} hidden [${c.config.hidden.join(',')}] T ${c.distill.temperature} alpha ${c.distill.alpha}`, async ({ harness }) => {
    const r = await harness.run('trainSteps', { ...c, atol: 1e-4, rtol: 1e-3 });
    expect(r.paramChange, 'training moved the weights').toBeGreaterThan(1e-3);
    expect(r.params.violations, `params: worst ${JSON.stringify(r.params.worst)}`).toBe(0);
    expect(r.evaluation.violations, `evaluation: worst ${JSON.stringify(r.evaluation.worst)}`).toBe(0);
  });
}
