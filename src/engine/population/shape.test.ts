/** A population's shape checks and its GPU sizing (workspace rows, buffer sizes for the limits check). */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../datasets';
import { modelSpecFor, paramLayout } from '../model';
import { checkPopulationInit, checkStepArgs, EVAL_CHUNK_BYTES, MAX_ROW_VALUES, populationBuffers, populationRows } from './shape';
import type { PopulationInit } from './types';

function data(train: number, test: number, inputDim = 784, outputDim = 10): Dataset {
  const split = (n: number) => ({ x: new Float32Array(n * inputDim), y: new Float32Array(n * outputDim), n });
  return { name: 'mnist', task: 'classification', inputDim, outputDim, train: split(train), test: split(test), bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 } };
}

function lenetInit(trials: number, batch: number, d: Dataset[] = [data(4096, 256)]): PopulationInit {
  const spec = modelSpecFor({ hidden: [300, 100], activation: 'relu' }, d[0]);
  return { spec, layout: paramLayout(spec), loss: 'crossentropy', data: d, trials, batch };
}

describe('population shape', () => {
  it('workspace rows: every split in one chunk when it fits, else capped by the chunk budget and the dispatch size, never under the batch', () => {
    const small = lenetInit(8, 128, [data(300, 100)]);
    expect(populationRows(small)).toBe(300);
    const big = lenetInit(8, 128);
    expect(populationRows(big)).toBe(Math.floor(EVAL_CHUNK_BYTES / (4 * 784 * 8)));
    expect(populationRows(lenetInit(1, 32, [data(60000, 10000)])), 'one slot: the gather dispatch bounds it').toBe(Math.floor(MAX_ROW_VALUES / 784));
    expect(populationRows(lenetInit(64, 2000)), 'the batch wins').toBe(2000);
  });

  it('buffer sizes grow with the trials and the datasets', () => {
    const one = Object.fromEntries(populationBuffers(lenetInit(1, 128)));
    const many = Object.fromEntries(populationBuffers(lenetInit(8, 128, [data(4096, 256), data(4096, 256)])));
    expect(many.parameters).toBe(8 * one.parameters);
    expect(one.parameters).toBe(4 * paramLayout(lenetInit(1, 1).spec).totalFloats);
    expect(many['training inputs']).toBe(2 * one['training inputs']);
    expect(one['training inputs']).toBe(4 * 4096 * 784);
    expect(many['row statistics']).toBe(8 * 8 * 4096);
  });

  it('rejects inconsistent inits and steps', () => {
    expect(() => checkPopulationInit(lenetInit(0, 16))).toThrow(/at least one slot/);
    expect(() => checkPopulationInit(lenetInit(2, 0))).toThrow(/batch/);
    expect(() => checkPopulationInit({ ...lenetInit(2, 16), data: [] })).toThrow(/at least one dataset/);
    expect(() => checkPopulationInit(lenetInit(2, 16, [data(100, 10), data(100, 10, 784, 5)]))).toThrow(/784 inputs to 10 outputs/);
    expect(() => checkPopulationInit(lenetInit(2, 16, [data(100, 10), data(100, 11)]))).toThrow(/same split sizes/);
    const init = lenetInit(2, 4);
    expect(() => checkStepArgs(init, new Uint32Array(8), new Uint32Array([4, 0]), [null, null])).not.toThrow();
    expect(() => checkStepArgs(init, new Uint32Array(8), new Uint32Array([4]), [null, null])).toThrow(/per slot/);
    expect(() => checkStepArgs(init, new Uint32Array(8), new Uint32Array([5, 0]), [null, null])).toThrow(/more than the batch/);
  });
});
