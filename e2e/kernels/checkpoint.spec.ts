/**
 * Checkpoints on WebGPU: 25 steps, checkpoint, restore on a fresh backend, 25 steps equals 50 straight
 * steps (and the CPU engine's 50) within the train-step parity tolerance, 1e-4 + 1e-3·|θ|, for the
 * parameters and both optimizer state arrays of every lane; with a race, and with gradual pruning and
 * 4-bit quantization-aware training crossing the checkpoint, and with neuron pruning before it.
 */
import { expect, test } from './harness';

const CASES = [
  { name: 'Adam, cosine schedule, a race of SGD and RMSprop', config: { dataset: 'spiral', hidden: [16, 16], optimizer: 'adam', learningRate: 0.01, batchSize: 16, schedule: 'cosine', totalSteps: 50, race: ['sgd:0.1', 'rmsprop:0.01'] } },
  { name: 'gradual magnitude pruning and 4-bit QAT across the checkpoint', config: { dataset: 'xor', hidden: [33, 7], activation: 'tanh', optimizer: 'momentum', momentum: 0.9, learningRate: 0.05, batchSize: 32, prune: true, sparsity: 0.6, pruneSchedule: 'gradual', pruneStart: 10, pruneSteps: 30, pruneEvery: 5, quantize: true, bits: 4, quantMode: 'aware' } },
  { name: 'neuron pruning before the checkpoint', config: { dataset: 'circles', hidden: [16, 8], optimizer: 'adam', learningRate: 0.01, batchSize: 16, prune: true, sparsity: 0.5, pruneMethod: 'neuron-l2', pruneSchedule: 'one-shot', pruneStart: 10 } },
];

for (const c of CASES) {
  test(`checkpoint and restore on WebGPU continue the run: ${c.name}`, async ({ harness }) => {
    const r = await harness.run('checkpointResume', { config: c.config, steps: 25, atol: 1e-4, rtol: 1e-3 });
    expect(r.steps).toEqual([50, 50, 50]);
    expect(r.masksEqual).toBe(true);
    expect(r.resumedVsStraight.violations, `resumed vs straight: worst ${JSON.stringify(r.resumedVsStraight.worst)}`).toBe(0);
    expect(r.resumedVsCpu.violations, `resumed vs CPU: worst ${JSON.stringify(r.resumedVsCpu.worst)}`).toBe(0);
    if (c.name.startsWith('neuron')) expect(r.widths).toEqual([8, 4, 2]);
  });
}
