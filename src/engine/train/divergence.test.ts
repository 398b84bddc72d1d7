import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { laneConfig, regularizationTerm } from '../run';
import { describeDivergence, divergenceLayer, laneLabel, toPoint } from './divergence';

const ev = { trainLoss: 0.5, testLoss: 0.6, gradNorms: [1, 2], paramSumSq: 8, paramSumAbs: 4, testAccuracy: 0.9, trainAccuracy: 0.95 };

describe('metric points', () => {
  it('total loss adds λ·Σθ²/2 for L2 and λ·Σ|θ| for L1', () => {
    const c = defaultConfig();
    expect(toPoint(0, 10, 1, 0.1, c, ev)!.totalLoss).toBe(0.5);
    expect(toPoint(0, 10, 1, 0.1, { ...c, regularization: 'l2', regularizationRate: 0.1 }, ev)!.totalLoss).toBeCloseTo(0.5 + 0.4, 12);
    expect(toPoint(0, 10, 1, 0.1, { ...c, regularization: 'l1', regularizationRate: 0.1 }, ev)!.totalLoss).toBeCloseTo(0.5 + 0.4, 12);
    expect(regularizationTerm({ regularization: 'l2', regularizationRate: 0.5 }, 3, 100)).toBe(0.75);
  });

  it('a non-finite loss gives no point', () => {
    expect(toPoint(0, 1, 0, 0.1, defaultConfig(), { ...ev, trainLoss: NaN })).toBeNull();
    expect(toPoint(0, 1, 0, 0.1, defaultConfig(), { ...ev, testLoss: Infinity })).toBeNull();
  });
});

describe('divergence', () => {
  it('names the layer whose gradient went non-finite first', () => {
    expect(divergenceLayer([1, 1, 1], [1, NaN, 2])).toBe(1);
  });
  it('when every layer is gone, names the one with the largest gradient just before', () => {
    expect(divergenceLayer([0.1, 50, 3], [NaN, NaN, NaN])).toBe(1);
  });
  it('the message names the layer and suggests a smaller learning rate', () => {
    const m = describeDivergence(0, 120, { ...defaultConfig(), learningRate: 10 }, null, [0.1, 50, 3], [NaN, NaN, NaN]);
    expect(m).toMatch(/step 120/);
    expect(m).toMatch(/layer 2/);
    expect(m).toMatch(/smaller learning rate/);
    expect(m).toMatch(/paused/);
  });
});

describe('race lanes', () => {
  it('a lane takes its optimizer reference defaults and its own rate, and shares the rest', () => {
    const main = { ...defaultConfig(), regularization: 'l2' as const, epsilon: 1e-3 };
    const lane = laneConfig(main, { optimizer: 'adagrad', learningRate: 0.05 });
    expect(lane.optimizer).toBe('adagrad');
    expect(lane.learningRate).toBe(0.05);
    expect(lane.epsilon).toBe(1e-10);
    expect(lane.regularization).toBe('l2');
    expect(lane.hidden).toEqual(main.hidden);
    expect(laneLabel(lane)).toBe('Adagrad · lr 0.05');
  });
});
