import { describe, expect, it } from 'vitest';
import { LENET_PRESET, defaultConfig, validateConfig, type RunConfig } from '../../engine/config';
import { MNIST_LEARNING_RATES, maxSamples, switchDataset } from './datasetSwitch';

const apply = (c: RunConfig, d: RunConfig['dataset']) => validateConfig({ ...c, ...switchDataset(c, d) });

describe('switching datasets', () => {
  it('to MNIST: all digits, a LeNet-sized net, an MNIST rate for the optimizer, no corrections', () => {
    const c = { ...defaultConfig(), optimizer: 'adam' as const, learningRate: 0.05 };
    const { config, corrections } = apply(c, 'mnist');
    expect(corrections).toEqual([]);
    expect(config).toMatchObject({ dataset: 'mnist', samples: 60000, hidden: [300, 100], learningRate: MNIST_LEARNING_RATES.adam, loss: 'crossentropy' });
    expect(config.batchSize).toBeGreaterThanOrEqual(64);
  });

  it('keeps a network that is already wider, and a regression loss becomes cross-entropy', () => {
    const c = { ...defaultConfig(), dataset: 'sine' as const, loss: 'mse' as const, hidden: [512, 256, 64] };
    expect(apply(c, 'mnist').config).toMatchObject({ hidden: [512, 256, 64], loss: 'crossentropy', learningRate: MNIST_LEARNING_RATES.sgd });
  });

  it('back to a toy set: no more than 5000 samples and a toy-sized net, without corrections', () => {
    const mnist = validateConfig({ ...defaultConfig(), ...LENET_PRESET }).config;
    const { config, corrections } = apply(mnist, 'spiral');
    expect(corrections).toEqual([]);
    expect(config.samples).toBeLessThanOrEqual(5000);
    expect(config).toMatchObject({ dataset: 'spiral', hidden: [16, 16], learningRate: 0.001 });
    expect(apply(mnist, 'line').config.loss).toBe('mse');
  });

  it('between toy sets only the loss follows the task', () => {
    const c = defaultConfig();
    expect(switchDataset(c, 'xor')).toEqual({ dataset: 'xor', loss: 'crossentropy' });
    expect(switchDataset(c, 'sine')).toEqual({ dataset: 'sine', loss: 'mse' });
    expect(switchDataset(c, 'spiral')).toEqual({});
    expect([maxSamples('mnist'), maxSamples('xor')]).toEqual([60000, 5000]);
  });
});
