/** The metrics CSV: header, one row per history point in order, empty cells for missing values, exact numbers. */
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../train/metrics';
import { metricsCsv } from './metricsCsv';

const point = (p: Partial<MetricPoint>): MetricPoint => ({
  lane: 0, step: 10, epoch: 0.5, trainLoss: 0.7, testLoss: 0.8, totalLoss: 0.71, gradNorms: [0.1, 0.2], learningRate: 0.1, ...p,
});

/** A tiny CSV reader for the test: the export never quotes (all cells are numbers or empty). */
const parse = (text: string) => text.trimEnd().split('\n').map((line) => line.split(','));

describe('metricsCsv', () => {
  const history: MetricPoint[] = [
    point({ step: 50, trainAccuracy: 0.9, testAccuracy: 0.875, gradNorms: [1 / 3, 2e-9, 12345.678] }),
    point({ lane: 1, step: 50, epoch: 1 / 7, trainLoss: Math.PI, gradNorms: [0.5, 0.25] }),
    point({ step: 100, trainLoss: NaN, testLoss: Infinity, totalLoss: NaN, trainAccuracy: 0.5, testAccuracy: 0.25, learningRate: 1e-5 }),
  ];
  const rows = parse(metricsCsv(history));

  it('has a header with one grad_norm column per layer of the widest point, then one row per point', () => {
    expect(rows[0]).toEqual(['lane', 'step', 'epoch', 'train_loss', 'test_loss', 'total_loss', 'train_accuracy', 'test_accuracy', 'learning_rate', 'grad_norm_layer1', 'grad_norm_layer2', 'grad_norm_layer3']);
    expect(rows.length).toBe(1 + history.length);
    expect(rows.every((r) => r.length === 12)).toBe(true);
    expect(metricsCsv(history).endsWith('\n')).toBe(true);
  });

  it('round-trips every number exactly and leaves missing values empty', () => {
    const back = rows.slice(1).map((r) => r.map((c) => (c === '' ? undefined : Number(c))));
    history.forEach((p, i) => {
      const r = back[i];
      expect(r.slice(0, 9)).toEqual([p.lane, p.step, p.epoch, p.trainLoss, p.testLoss, p.totalLoss, p.trainAccuracy, p.testAccuracy, p.learningRate]);
      expect(r.slice(9)).toEqual([0, 1, 2].map((l) => p.gradNorms[l]));
    });
    expect(rows[2][6]).toBe('');
    expect(rows[2][11]).toBe('');
    expect(rows[3][3]).toBe('NaN');
  });

  it('is just the header for an empty history', () => {
    expect(metricsCsv([])).toBe('lane,step,epoch,train_loss,test_loss,total_loss,train_accuracy,test_accuracy,learning_rate\n');
  });
});
