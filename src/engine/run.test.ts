import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { LIVE_FIELDS, type RunConfig } from './config';
import { COMPRESSION_FIELDS, SNAPSHOT_PARAMS_MAX_FLOATS, compressionChanged, optimizerStateChanges, setupRun, stepSettings } from './run';

describe('step settings', () => {
  it('t counts from 1 after the optimizer state was last zeroed, the schedule from the run start', () => {
    const c = { ...defaultConfig(), schedule: 'step' as const, stepSize: 10, gamma: 0.5, learningRate: 0.4 };
    expect(stepSettings(c, 0).t).toBe(1);
    expect(stepSettings(c, 25).t).toBe(26);
    const s = stepSettings(c, 25, 20);
    expect(s.t).toBe(6);
    expect(s.hyper.learningRate).toBeCloseTo(0.1, 12); // 0.4 · 0.5² at step 25
  });

  it('only a new optimizer (or centered RMSprop on/off) changes what the state means', () => {
    const c = defaultConfig();
    expect(optimizerStateChanges(c, { ...c, optimizer: 'adam' })).toBe(true);
    expect(optimizerStateChanges({ ...c, optimizer: 'rmsprop' }, { ...c, optimizer: 'rmsprop', centered: true })).toBe(true);
    expect(optimizerStateChanges(c, { ...c, learningRate: 0.5, momentum: 0.5, beta1: 0.8 })).toBe(false);
  });
});

describe('compression settings', () => {
  it('a change of any pruning or quantization field counts, other live fields do not', () => {
    const c = defaultConfig();
    expect(compressionChanged(c, { ...c })).toBe(false);
    expect(compressionChanged(c, { ...c, learningRate: 0.5, batchSize: 3 })).toBe(false);
    expect(compressionChanged(c, { ...c, prune: true })).toBe(true);
    expect(compressionChanged(c, { ...c, layerBits: [4, 32, 0] })).toBe(true);
    expect(compressionChanged({ ...c, layerBits: [4] }, { ...c, layerBits: [4] })).toBe(false); // equal lists, new arrays
  });
  it('every compression field is live (no rebuild)', () => {
    for (const k of COMPRESSION_FIELDS) expect(LIVE_FIELDS.has(k as keyof RunConfig)).toBe(true);
  });
});

describe('run setup', () => {
  it('toy data has an output grid and no snapshot extras', () => {
    const s = setupRun(defaultConfig());
    expect(s.init.gridRows).toBe(48 * 48);
    expect(s.init.snapshotExtras).toBe(false);
  });
  it('snapshots carry the effective parameters for models up to SNAPSHOT_PARAMS_MAX_FLOATS (LeNet-300-100 included)', () => {
    expect(setupRun(defaultConfig()).init.snapshotParams).toBe(true);
    const lenet = setupRun({ ...defaultConfig(), hidden: [300, 100] });
    expect(lenet.init.snapshotParams).toBe(true);
    const wide = setupRun({ ...defaultConfig(), hidden: [600, 600] });
    expect(wide.init.layout.totalFloats).toBeGreaterThan(SNAPSHOT_PARAMS_MAX_FLOATS);
    expect(wide.init.snapshotParams).toBe(false);
  });
  it('MNIST uses the loaded digits, draws no output grid and asks for snapshot extras', () => {
    const px = 4;
    const split = (n: number) => ({ n, images: Uint8Array.from({ length: n * px }, (_, i) => i % 256), labels: Uint8Array.from({ length: n }, (_, i) => i % 10) });
    const raw = { rows: 2, cols: 2, train: split(30), test: split(25) };
    const s = setupRun({ ...defaultConfig(), dataset: 'mnist', samples: 20, hidden: [5] }, raw);
    expect(s.data.train.n).toBe(20);
    expect(s.data.test.n).toBe(20); // min(10,000, samples) test digits
    expect(s.init.spec.layers.map((l) => [l.inDim, l.outDim])).toEqual([[4, 5], [5, 10]]);
    expect(s.init.gridRows).toBe(0);
    expect(s.gridSize).toBe(0);
    expect(s.init.grid.length).toBe(0);
    expect(s.init.snapshotExtras).toBe(true);
    expect(() => setupRun({ ...defaultConfig(), dataset: 'mnist' })).toThrow(/not loaded/);
  });
});
