import { describe, expect, it } from 'vitest';
import type { SweepParamName } from '../../engine/search/types';
import { formatExponent, formatObjective, formatParamValue, isFinished, paramLabel, stateLabel, trialValue } from './format';

describe('paramLabel', () => {
  it('takes the playground labels from the field table, and says Width for width', () => {
    const names: SweepParamName[] = ['learningRate', 'regularizationRate', 'batchSize', 'width', 'seed', 'optimizer', 'momentum', 'beta1', 'beta2'];
    expect(names.map(paramLabel)).toEqual(['Learning rate', 'Regularization rate', 'Batch size', 'Width', 'Seed', 'Optimizer', 'Momentum', 'Beta1', 'Beta2']);
  });
});

describe('formatParamValue', () => {
  it('writes rates in exponent form', () => {
    expect(formatExponent(0.0032)).toBe('3.2e-3');
    expect(formatExponent(0.1)).toBe('1.0e-1');
    expect(formatExponent(12000)).toBe('1.2e4');
    expect(formatParamValue('learningRate', 0.0032)).toBe('3.2e-3');
    expect(formatParamValue('regularizationRate', 0.00001)).toBe('1.0e-5');
  });

  it('uses exponents for any log-uniform float, plain numbers otherwise', () => {
    expect(formatParamValue('momentum', 0.0123, { kind: 'float', low: 0.001, high: 0.5, log: true })).toBe('1.2e-2');
    expect(formatParamValue('momentum', 0.9)).toBe('0.9');
    expect(formatParamValue('beta2', 0.999)).toBe('0.999');
    expect(formatParamValue('beta1', 0.85)).toBe('0.85');
    expect(formatParamValue('width', 1024)).toBe('1,024');
    expect(formatParamValue('batchSize', 32)).toBe('32');
    expect(formatParamValue('seed', 123456)).toBe('123456');
  });

  it('names optimizers as the controls do, and dashes a missing value', () => {
    expect(formatParamValue('optimizer', 'adamw')).toBe('AdamW');
    expect(formatParamValue('optimizer', 'sgd')).toBe('SGD');
    expect(formatParamValue('width', undefined)).toBe('—');
  });
});

describe('formatObjective', () => {
  it('shows accuracies as percentages and losses to 4 digits', () => {
    expect(formatObjective(92.5, 'test-accuracy')).toBe('92.5%');
    expect(formatObjective(50, 'accuracy-at-size')).toBe('50.0%');
    expect(formatObjective(0.123456, 'test-loss')).toBe('0.1235');
    expect(formatObjective(0.00001234, 'test-loss')).toBe('1.23e-5');
    expect(formatObjective(null, 'test-loss')).toBe('—');
    expect(formatObjective(Number.NaN)).toBe('NaN');
  });
});

describe('trial states', () => {
  it('says where a pruned trial stopped', () => {
    expect(stateLabel({ state: 'pruned', steps: 1500 })).toBe('pruned at step 1,500');
    expect(stateLabel({ state: 'running', steps: 3 })).toBe('running');
    expect(isFinished({ state: 'failed' })).toBe(true);
    expect(isFinished({ state: 'running' })).toBe(false);
  });

  it('takes the final value, else the last intermediate value', () => {
    expect(trialValue({ value: 0.8, intermediate: [] })).toBe(0.8);
    expect(trialValue({ value: null, intermediate: [{ step: 10, value: 0.4 }, { step: 20, value: 0.6 }] })).toBe(0.6);
    expect(trialValue({ value: null, intermediate: [] })).toBeNull();
  });
});
