/** The Multi-task area's rows and text alternatives. */
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../engine/train/metrics';
import { conflictRows, conflictSummary, formatCosine, headRows, headsSummary } from './summaries';

const point = (lane: number, step: number, acc: [number, number], conflict?: number | null): MetricPoint => ({
  lane, step, epoch: 0, trainLoss: 1, testLoss: 1, totalLoss: 1, gradNorms: [], learningRate: 0.01,
  heads: acc.map((a) => ({ trainLoss: 1, testLoss: 1, trainAccuracy: a, testAccuracy: a })),
  ...(conflict !== undefined ? { conflict } : {}),
});

const lanes = [
  [point(0, 0, [0.1, 0.5], 0.4), point(0, 50, [0.8, 0.9], -0.1), point(0, 100, [0.85, 0.92], 0.05)],
  [point(1, 0, [0.1, 0.5]), point(1, 100, [0.83, 0.5])],
  [point(2, 0, [0.1, 0.5]), point(2, 100, [0.1, 0.88])],
];

describe('multi-task summaries', () => {
  it('rows: each head with both tasks and alone, per step', () => {
    expect(headRows(lanes)).toEqual([
      { step: 0, both0: 0.1, alone0: 0.1, both1: 0.5, alone1: 0.5 },
      { step: 50, both0: 0.8, alone0: null, both1: 0.9, alone1: null },
      { step: 100, both0: 0.85, alone0: 0.83, both1: 0.92, alone1: 0.88 },
    ]);
    expect(conflictRows([point(0, 0, [0, 0], null), point(0, 5, [0, 0], -0.25)])).toEqual([{ step: 0, cosine: null }, { step: 5, cosine: -0.25 }]);
  });

  it('say the latest accuracies and the cosine, with how often it went below zero', () => {
    expect(headsSummary(lanes, ['Digit', 'Parity'])).toBe('Test accuracy at step 100: Digit 85.0% with both tasks, 83.0% alone; Parity 92.0% with both tasks, 88.0% alone.');
    expect(conflictSummary(lanes[0], ['Digit', 'Parity'])).toBe(
      'Gradient conflict between Digit and Parity: cosine 0.05 at step 100 (0.40 at step 0); below zero (the tasks pull the trunk apart) at 1 of 3 evaluations.',
    );
    expect(conflictSummary([], ['Digit', 'Parity'])).toBe('Gradient conflict: no cosine yet.');
    expect(formatCosine(-0.123)).toBe('−0.12');
  });
});
