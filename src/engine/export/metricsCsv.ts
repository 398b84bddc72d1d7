/**
 * The run's metric history (checkpoint.history, every evaluation of every lane) as CSV, one row per
 * MetricPoint, in history order. Columns:
 *   lane, step, epoch, train_loss, test_loss, total_loss, train_accuracy, test_accuracy, learning_rate,
 *   grad_norm_layer1 … grad_norm_layerK   (K = the most layers any point has)
 * Accuracies are shares 0…1. A missing value (accuracy of a regression run, a layer a narrower lane does
 * not have) is an empty cell. Numbers are written in JavaScript's shortest round-trip form, so parsing a
 * cell gives back the exact float64 (NaN and ±Infinity as "NaN", "Infinity", "-Infinity").
 */
import type { MetricPoint } from '../train/metrics';

const FIXED_COLUMNS = ['lane', 'step', 'epoch', 'train_loss', 'test_loss', 'total_loss', 'train_accuracy', 'test_accuracy', 'learning_rate'] as const;

const cell = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** The header columns for `layers` gradient-norm columns. */
export function metricsCsvColumns(layers: number): string[] {
  return [...FIXED_COLUMNS, ...Array.from({ length: layers }, (_, l) => `grad_norm_layer${l + 1}`)];
}

/** CSV text (header row, then one row per point; "\n" line ends, a final newline). */
export function metricsCsv(history: readonly MetricPoint[]): string {
  const layers = history.reduce((k, p) => Math.max(k, p.gradNorms.length), 0);
  const rows = [metricsCsvColumns(layers).join(',')];
  for (const p of history) {
    const fixed = [p.lane, p.step, p.epoch, p.trainLoss, p.testLoss, p.totalLoss, p.trainAccuracy, p.testAccuracy, p.learningRate];
    rows.push([...fixed, ...Array.from({ length: layers }, (_, l) => p.gradNorms[l])].map(cell).join(','));
  }
  return rows.join('\n') + '\n';
}
