/**
 * Transfer learning's pieces: the MNIST digit subsets (a transfer task's data), the start from a source
 * run (weights copied, head re-initialised, the blend θ_target + α·θ_source, a model that does not fit
 * refused in words), the config fields that drive frozen layers and rates live, and saved runs written
 * before those fields existed.
 */
import { describe, expect, it } from 'vitest';
import { configFromHash, configToHash, validateConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import { mnistClasses, type MnistRaw } from '../mnist';
import { paramLayout } from '../model';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import { validateCheckpoint } from '../../store/validateCheckpoint';
import { transferParams } from './start';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

/** A small MNIST stand-in: 4×4 images whose label is written in their first pixel. */
function fakeMnist(nTrain: number, nTest: number): MnistRaw {
  const split = (n: number) => {
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const images = new Uint8Array(n * 16);
    labels.forEach((l, i) => images.fill(l * 25, i * 16, i * 16 + 16));
    return { images, labels, n };
  };
  return { train: split(nTrain), test: split(nTest), rows: 4, cols: 4 };
}

describe('MNIST digit subsets', () => {
  it('keep only the task’s digits, in file order, with their images, and are the same object each time', () => {
    const raw = fakeMnist(100, 40);
    const low = mnistClasses(raw, '0-4');
    expect(low.train.n).toBe(50);
    expect([...low.train.labels].every((l) => l <= 4)).toBe(true);
    expect(low.train.images[16 * 3]).toBe(low.train.labels[3] * 25);
    expect(mnistClasses(raw, '5-9').test.n).toBe(20);
    expect(mnistClasses(raw, '0-4')).toBe(low);
    expect(mnistClasses(raw, 'all')).toBe(raw);
  });
});

describe('a transferred start', () => {
  const config = validateConfig({ dataset: 'spiral', hidden: [6, 5], seed: 3 }).config;
  const target = setupRun(config).init;
  const source = { lanes: [{ spec: target.spec, params: Float32Array.from({ length: target.layout.totalFloats }, (_, i) => (i % 13) / 13) }] };

  it('copies the source, re-initialises the head, or blends θ_target + α·θ_source', () => {
    const { layout, params: initial, spec } = target;
    const head = layout.layers[2];
    const copy = transferParams(source, spec, initial, { reinitHead: false, blend: null });
    expect(Array.from(copy)).toEqual(Array.from(source.lanes[0].params));
    const fresh = transferParams(source, spec, initial, { reinitHead: true, blend: null });
    expect(Array.from(fresh.subarray(head.W.offset, head.W.offset + head.W.size))).toEqual(Array.from(initial.subarray(head.W.offset, head.W.offset + head.W.size)));
    expect(fresh[layout.layers[0].W.offset + 1]).toBe(source.lanes[0].params[layout.layers[0].W.offset + 1]);
    const blend = transferParams(source, spec, initial, { reinitHead: false, blend: 0.25 });
    const i = layout.layers[1].W.offset + 2;
    expect(blend[i]).toBeCloseTo(initial[i] + 0.25 * source.lanes[0].params[i], 6);
  });

  it('refuses a source whose model is not the target’s, saying both', () => {
    const other = setupRun(validateConfig({ dataset: 'spiral', hidden: [7] }).config).init;
    expect(() => transferParams({ lanes: [{ spec: other.spec, params: other.params.slice() }] }, target.spec, target.params, { reinitHead: true, blend: null }))
      .toThrow(/2 → 7 → 2\) is not this run's \(2 → 6 → 5 → 2\)/);
    expect(paramLayout(other.spec).totalFloats).not.toBe(target.layout.totalFloats);
  });
});

describe('transfer settings in the config', () => {
  it('round-trip through the link, clamp, and apply live to every layer but the head', async () => {
    const { config, corrections } = configFromHash('data=mnist&cls=5-9&frz=9&tlr=0.1');
    expect(config.classes).toBe('5-9');
    expect(config.frozenLayers).toBe(6);
    expect(corrections.map((c) => c.field)).toEqual(['frozenLayers']);
    expect(configFromHash(configToHash(config)).config).toEqual(config);

    const c = validateConfig({ dataset: 'spiral', hidden: [8, 8], batchSize: 8, optimizer: 'adam', learningRate: 0.01 }).config;
    const t = await Trainer.create(setupRun(c), cpu);
    expect(t.configure({ ...c, frozenLayers: 2, transferLr: 0.5 }).rebuild, 'frozen layers apply live').toBe(false);
    const before = await t.lanes[0].backend.readParams();
    for (let i = 0; i < 10; i++) t.doStep();
    const after = await t.lanes[0].backend.readParams();
    const { W: W0 } = t.setup.init.layout.layers[0];
    const { W: W2 } = t.setup.init.layout.layers[2];
    expect(after.subarray(W0.offset, W0.offset + W0.size)).toEqual(before.subarray(W0.offset, W0.offset + W0.size));
    expect(after.subarray(W2.offset, W2.offset + W2.size)).not.toEqual(before.subarray(W2.offset, W2.offset + W2.size));
  });

  it('saved runs written before the transfer fields existed still open, with the defaults', async () => {
    const c = validateConfig({ dataset: 'spiral', hidden: [4], batchSize: 8 }).config;
    const t = await Trainer.create(setupRun(c), cpu);
    t.doStep();
    const ckpt = structuredClone(await t.checkpoint()) as unknown as { config: Record<string, unknown>; lanes: Array<{ config: Record<string, unknown> }> };
    for (const conf of [ckpt.config, ckpt.lanes[0].config]) for (const k of ['classes', 'frozenLayers', 'transferLr']) delete conf[k];
    const check = validateCheckpoint(ckpt);
    expect(check.ok).toBe(true);
    if (check.ok) expect([check.checkpoint.config.classes, check.checkpoint.config.frozenLayers, check.checkpoint.lanes[0].config.transferLr]).toEqual(['all', 0, 1]);
    delete (ckpt.config as Record<string, unknown>).seed;
    expect(validateCheckpoint(ckpt).ok, 'a field that always existed is still required').toBe(false);
  });
});

describe('the transfer reproduction', () => {
  it('pre-trains on 0–4 and learns 5–9 three ways, a row per fraction, accuracies on the 5–9 test digits', async () => {
    const { runTransfer } = await import('./reproduce');
    const raw = fakeMnist(400, 100);
    const r = await runTransfer(raw, {
      hidden: [8], seeds: [2, 3], sourceSeed: 5, optimizer: 'adam', learningRate: 0.01, batchSize: 32, sourceEpochs: 2, fractions: [0.1, 1], targetEpochs: 40, longerEpochs: 80,
    });
    expect(r.rows.map((row) => [row.fraction, row.digits, row.epochs, row.steps])).toEqual([[0.1, 20, 40, 40], [1, 200, 40, 250]]);
    expect([r.longer?.fraction, r.longer?.steps]).toEqual([0.1, 80]);
    expect(r.test_digits, 'every fraction is tested on all 50 test digits 5–9').toBe(50);
    expect(r.per_seed.map((s) => s.seed)).toEqual([2, 3]);
    for (const row of r.rows) for (const m of ['scratch', 'finetune', 'frozen'] as const) expect(row[m]).toBeGreaterThanOrEqual(0);
    const [a, b] = r.per_seed.map((s) => s.rows[1].scratch);
    expect(r.rows[1].scratch, 'rows are the seeds\' means').toBeCloseTo((a + b) / 2, 9);
    // the digits are trivially separable by their first pixel: all of them are learnt from all 200 digits
    expect(r.rows[1].scratch).toBeGreaterThan(50);
    expect(r.configs.target.classes).toBe('5-9');
    expect(r.configs.target.frozenLayers).toBe(1);
  });
});
