import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../engine/checkpoint';
import { OPTIMIZERS } from '../engine/config';
import { paramLayout } from '../engine/model';
import { fixtureCheckpoint, point } from './checkpointFixture';
import { validateCheckpoint } from './validateCheckpoint';

/** The problem reported for a copy of the fixture changed by `edit`. */
function problemAfter(edit: (c: Checkpoint & Record<string, unknown>) => void): string {
  const c = fixtureCheckpoint({ race: [{ optimizer: 'adam', learningRate: 0.001 }] }) as Checkpoint & Record<string, unknown>;
  edit(c);
  const r = validateCheckpoint(c);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
}

describe('validateCheckpoint', () => {
  it('accepts a record as the Trainer writes it, race lanes of every optimizer included', () => {
    const race = OPTIMIZERS.slice(0, 3).map((optimizer) => ({ optimizer, learningRate: 0.01 }));
    const c = fixtureCheckpoint({ race, accuracies: [0.5, 0.7, 0.9] });
    const r = validateCheckpoint(c);
    expect(r).toEqual({ ok: true, checkpoint: c });
    for (const optimizer of OPTIMIZERS) expect(validateCheckpoint(fixtureCheckpoint({ race: [{ optimizer, learningRate: 0.01 }] })).ok).toBe(true);
  });

  it('accepts non-finite losses in the history (a run that diverged)', () => {
    const c = fixtureCheckpoint();
    c.history.push({ ...point(0, 40, NaN), trainLoss: Infinity });
    c.lanes[0].diverged = true;
    expect(validateCheckpoint(c).ok).toBe(true);
  });

  it('rejects anything that is not an OptiPlay run record', () => {
    for (const v of [null, 3, 'run', [], {}]) expect(validateCheckpoint(v).ok).toBe(false);
    expect(problemAfter((c) => (c.format = 'other' as never))).toBe('the record is not an OptiPlay run (format "other")');
  });

  it('tells a newer version apart from an unknown one', () => {
    expect(problemAfter((c) => (c.version = 2 as never))).toMatch(/newer OptiPlay \(version 2\); reload/);
    expect(problemAfter((c) => (c.version = 'x' as never))).toBe('the record has an unknown version (x)');
  });

  it('checks every parameter-shaped array against the layout of its lane', () => {
    expect(problemAfter((c) => (c.lanes[0].params = c.lanes[0].params.slice(1)))).toBe('lanes[0].params has 255 numbers; the model needs 256');
    expect(problemAfter((c) => (c.lanes[1].state[1] = new Float32Array(3)))).toBe('lanes[1].state[1] has 3 numbers; the model needs 256');
    expect(problemAfter((c) => (c.lanes[0].params = Array.from(c.lanes[0].params) as never))).toBe('lanes[0].params must be a Float32Array');
    expect(problemAfter((c) => (c.compressor.initial = new Float32Array(64)))).toMatch(/^compressor.initial has 64 numbers/);
    expect(problemAfter((c) => (c.compressor.mask = new Float32Array(10)))).toMatch(/^compressor.mask has 10 numbers/);
  });

  it('checks that the model spec chains layer to layer', () => {
    expect(problemAfter((c) => (c.lanes[0].spec = { ...c.lanes[0].spec, layers: [c.lanes[0].spec.layers[0], { inDim: 4, outDim: 2, activation: 'linear' }] }))).toBe(
      'lanes[0].spec.layers[1].inDim is 4; the layer before gives 3',
    );
    expect(problemAfter((c) => (c.lanes[0].spec = { inputDim: 2, layers: [] }))).toMatch(/^lanes\[0\].spec.layers must be a list of 1 to/);
    expect(problemAfter((c) => (c.lanes[0].spec.layers[0].activation = 'gelu' as never))).toMatch(/^lanes\[0\].spec.layers\[0\].activation must be one of relu/);
  });

  it('checks the built model against the model now', () => {
    const narrower = (c: Checkpoint) => ({ ...c.lanes[0].spec, layers: c.lanes[0].spec.layers.map((l, i) => (i === 0 ? { ...l, outDim: 2 } : { ...l, inDim: 2 })) });
    // neuron pruning narrows lane 0 below the built model: fine
    const pruned = fixtureCheckpoint();
    pruned.lanes[0].spec = narrower(pruned);
    const n = paramLayout(pruned.lanes[0].spec).totalFloats;
    pruned.compressor.initial = new Float32Array(n);
    pruned.lanes[0].params = new Float32Array(n);
    pruned.lanes[0].state = [new Float32Array(n), new Float32Array(n)];
    expect(validateCheckpoint(pruned).ok).toBe(true);
    // a model now wider than it was built is not
    expect(problemAfter((c) => (c.compressor.baseSpec = narrower(c)))).toBe('compressor.baseSpec does not match the model it was built from');
  });

  it('wants whole, finite counts', () => {
    expect(problemAfter((c) => (c.step = NaN))).toBe('step must be a whole number from 0 to 9007199254740991, not NaN');
    expect(problemAfter((c) => (c.step = 2.5))).toMatch(/^step must be a whole number/);
    expect(problemAfter((c) => (c.savedAt = Infinity))).toBe('savedAt must be a finite number, not Infinity');
    expect(problemAfter((c) => (c.sampler.pos = 9))).toBe('sampler.pos must be a whole number from 0 to 8, not 9');
    expect(problemAfter((c) => (c.sampler.order = new Uint32Array(7)))).toBe('sampler.order must be a Uint32Array of 8 row indices');
    expect(problemAfter((c) => (c.lanes[0].optimizerSince = -1))).toMatch(/^lanes\[0\].optimizerSince must be a whole number/);
  });

  it('checks the settings of every lane through the config table', () => {
    expect(problemAfter((c) => (c.config.learningRate = 'fast' as never))).toMatch(/^config are not valid settings \(Learning rate: "fast" is not a number/);
    expect(problemAfter((c) => ((c.lanes[1].config as unknown as Record<string, unknown>).colour = 'red'))).toMatch(/^lanes\[1\].config are not valid settings \(Unknown setting "colour"/);
  });

  it('checks the history and the compressor fields', () => {
    expect(problemAfter((c) => c.history.push(point(2, 40, 1)))).toBe('history[3].lane must be a whole number from 0 to 1, not 2');
    expect(problemAfter((c) => ((c.history[0] as unknown as Record<string, unknown>).gradNorms = 'x'))).toBe('history[0].gradNorms must be a list of numbers');
    expect(problemAfter((c) => (c.compressor.lastMethod = 'random' as never))).toMatch(/^compressor.lastMethod must be one of magnitude/);
    expect(problemAfter((c) => (c.compressor.quant = { bits: [4, 4], scheme: 'odd' as never, perChannel: true, mode: 'aware' }))).toMatch(/^compressor.quant.scheme must be one of symmetric, affine/);
    expect(problemAfter((c) => (c.lanes = []))).toMatch(/^lanes must be a list of 1 to 4 models/);
  });

  it('never throws, whatever it is given', () => {
    const hostile = { format: 'optiplay-run', version: 1, get config(): never { throw new Error('boom'); } };
    expect(validateCheckpoint(hostile)).toEqual({ ok: false, problem: 'the record could not be read (boom)' });
  });
});
