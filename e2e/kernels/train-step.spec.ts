/**
 * A whole training step on the GPU backend against the CPU backend: same weights, same batches, same
 * learning rate; after N steps the parameters agree within 1e-4 + 1e-3·|θ| (float32 drift over steps).
 */
import { expect, test } from './harness';

const CASES = [
  { config: { dataset: 'spiral', hidden: [16, 16], activation: 'relu', loss: 'crossentropy', batchSize: 16, learningRate: 0.1 }, steps: 25 },
  { config: { dataset: 'xor', hidden: [7, 33, 3], activation: 'tanh', loss: 'mse', batchSize: 33, learningRate: 0.05 }, steps: 25 },
  { config: { dataset: 'sine', hidden: [33], activation: 'sigmoid', loss: 'mse', batchSize: 257, learningRate: 0.3 }, steps: 20 },
  { config: { dataset: 'circles', hidden: [], activation: 'linear', loss: 'crossentropy', batchSize: 5000, learningRate: 0.5 }, steps: 10 },
];

for (const c of CASES) {
  test(`train step parity: ${c.config.dataset} hidden [${c.config.hidden.join(',')}] ${c.config.activation} ${c.config.loss} batch ${c.config.batchSize}`, async ({ harness }) => {
    const r = await harness.run('trainSteps', { ...c, atol: 1e-4, rtol: 1e-3 });
    expect(r.paramChange, 'training moved the weights').toBeGreaterThan(1e-3);
    expect(r.params.violations, `params: worst ${JSON.stringify(r.params.worst)}`).toBe(0);
    expect(r.evaluation.violations, `evaluation: worst ${JSON.stringify(r.evaluation.worst)}`).toBe(0);
    expect(r.output.violations, `grid output: worst ${JSON.stringify(r.output.worst)}`).toBe(0);
  });
}
