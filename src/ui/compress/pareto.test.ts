import { describe, expect, it } from 'vitest';
import type { CompressionView } from '../../worker/protocol';
import { float32Bytes, formatBytes, formatRatio, prunedShare, sizeReadout } from './compressionFormat';
import { paretoFront, pointKey, upsertPoint } from './pareto';

const view = (label: string, best: number, testAccuracy?: number, widths = [784, 32, 10]): CompressionView => ({
  layers: [],
  total: { float32: 101_640, dense: best, sparse: null, best },
  sparsity: 0,
  widths,
  label,
  testAccuracy,
});

describe('Pareto front', () => {
  it('keeps exactly the points no other point beats on both size and accuracy, by size', () => {
    const pts = [
      { id: 'a', bytes: 100, accuracy: 0.9 },
      { id: 'b', bytes: 50, accuracy: 0.95 }, // dominates a
      { id: 'c', bytes: 10, accuracy: 0.7 },
      { id: 'd', bytes: 20, accuracy: 0.7 }, // same accuracy as c but larger: dominated
      { id: 'e', bytes: 200, accuracy: 0.97 },
      { id: 'f', bytes: 10, accuracy: 0.6 }, // same size as c, less accurate
    ];
    expect(paretoFront(pts).map((p) => p.id)).toEqual(['c', 'b', 'e']);
  });

  it('handles empty input, one point and exact duplicates', () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([{ bytes: 5, accuracy: 0.5 }])).toHaveLength(1);
    expect(paretoFront([{ bytes: 5, accuracy: 0.5 }, { bytes: 5, accuracy: 0.5 }])).toHaveLength(1);
  });
});

describe('session scatter bookkeeping', () => {
  it('updates the point of a configuration while it trains and adds one per new configuration', () => {
    let pts = upsertPoint([], 'mnist', 10, view('dense float32', 101_640, 0.5));
    pts = upsertPoint(pts, 'mnist', 20, view('dense float32', 101_640, 0.8));
    expect(pts).toHaveLength(1);
    expect(pts[0]).toMatchObject({ accuracy: 0.8, step: 20, key: pointKey('mnist', [784, 32, 10], 'dense float32') });
    pts = upsertPoint(pts, 'mnist', 30, view('90% magnitude', 11_000, 0.79));
    pts = upsertPoint(pts, 'mnist', 40, view('dense float32', 101_640, 0.7, [784, 16, 10]));
    expect(pts.map((p) => p.label)).toEqual(['dense float32', '90% magnitude', 'dense float32']);
    pts = upsertPoint(pts, 'spiral', 40, view('dense float32', 101_640, 0.7, [784, 16, 10]));
    expect(pts).toHaveLength(4);
  });

  it('ignores evaluations without a test accuracy and returns the same array when nothing changed', () => {
    const one = upsertPoint([], 'mnist', 10, view('dense float32', 100, 0.5));
    expect(upsertPoint(one, 'sine', 11, view('dense float32', 100))).toBe(one);
    expect(upsertPoint(one, 'mnist', 10, view('dense float32', 100, 0.5))).toBe(one);
  });

  it('keeps at most `max` configurations, dropping the oldest', () => {
    let pts = upsertPoint([], 'xor', 0, view('a', 10, 0.5));
    pts = upsertPoint(pts, 'xor', 0, view('b', 10, 0.5), 2);
    pts = upsertPoint(pts, 'xor', 0, view('c', 10, 0.5), 2);
    expect(pts.map((p) => p.label)).toEqual(['b', 'c']);
  });
});

describe('byte formatting', () => {
  it('uses decimal units with 3 significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(33_210)).toBe('33.2 kB');
    expect(formatBytes(999_600)).toBe('1 MB');
    expect(formatBytes(1_066_440)).toBe('1.07 MB');
    expect(formatBytes(NaN)).toBe('—');
  });

  it('writes the readout with the ratio of float32 to stored bytes', () => {
    expect(formatRatio(1_066_440, 33_200)).toBe('32.1×');
    expect(formatRatio(1_000_000, 5_000)).toBe('200×');
    const v = view('90% magnitude', 33_200);
    v.total.float32 = 1_066_440;
    expect(sizeReadout(v)).toBe('Model size: 1.07 MB float32 → 33.2 kB stored (32.1× smaller)');
    expect(sizeReadout(view('dense float32', 101_640))).toBe('Model size: 102 kB float32 (nothing compressed)');
    // Neuron pruning: the reference is the model as built (2→16→16→2: 354 parameters), not the narrower one.
    expect(float32Bytes([2, 16, 16, 2])).toBe(4 * 354);
    const narrow = { ...view('50% of neurons (L2)', 424), widths: [2, 8, 8, 2] };
    narrow.total.float32 = 424;
    expect(sizeReadout(narrow)).toBe('Model size: 424 B float32 (nothing compressed)');
    expect(sizeReadout(narrow, [2, 16, 16, 2])).toBe('Model size: 1.42 kB float32 → 424 B stored (3.3× smaller)');
    expect(prunedShare({ weights: 200, nonzeros: 20 })).toBeCloseTo(0.9);
    expect(prunedShare({ weights: 0, nonzeros: 0 })).toBe(0);
  });
});
