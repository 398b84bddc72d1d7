/**
 * A population's shape, shared by both backends: the checks on its init and on a step's arguments, and
 * (for the GPU) the workspace rows per slot and the size of every buffer it allocates.
 */
import type { PopulationInit } from './types';

/** Throws unless the population's shapes agree: every dataset of the spec's widths and of the same sizes. */
export function checkPopulationInit(init: PopulationInit): void {
  const { spec, data, trials, batch } = init;
  if (!(Number.isInteger(trials) && trials >= 1)) throw new Error(`a population needs at least one slot, got ${trials}`);
  if (!(Number.isInteger(batch) && batch >= 1)) throw new Error(`a population's batch must be a positive integer, got ${batch}`);
  if (data.length === 0) throw new Error('a population needs at least one dataset');
  const d0 = data[0];
  const outDim = spec.layers[spec.layers.length - 1].outDim;
  for (const d of data) {
    if (d.inputDim !== spec.inputDim || d.outputDim !== outDim) throw new Error(`every dataset must map ${spec.inputDim} inputs to ${outDim} outputs, got ${d.inputDim} → ${d.outputDim}`);
    if (d.train.n !== d0.train.n || d.test.n !== d0.test.n) throw new Error(`every dataset must have the same split sizes (${d0.train.n}/${d0.test.n}), got ${d.train.n}/${d.test.n}`);
  }
}

/** Checks a step's arguments against the population's shape. */
export function checkStepArgs(init: PopulationInit, rows: Uint32Array, rowCounts: Uint32Array, settings: ReadonlyArray<unknown>): void {
  const { trials: T, batch: B } = init;
  if (rows.length !== T * B) throw new Error(`step rows must hold trials × batch = ${T * B} indices, got ${rows.length}`);
  if (rowCounts.length !== T || settings.length !== T) throw new Error(`step needs one row count and one settings entry per slot (${T})`);
  for (let s = 0; s < T; s++) if (rowCounts[s] > B) throw new Error(`slot ${s}: ${rowCounts[s]} rows, more than the batch ${B}`);
}

/** Bytes one evaluation chunk's widest activation may take across all slots (GPU). */
export const EVAL_CHUNK_BYTES = 32 * 2 ** 20;

/** Values per slot one 1-D dispatch may cover: 65535 workgroups (WebGPU's default per dimension) of 64. */
export const MAX_ROW_VALUES = 65535 * 64;

/**
 * Workspace rows per slot: the batch, or more (evaluation then runs in fewer chunks) while a chunk's widest
 * activation over all slots stays under EVAL_CHUNK_BYTES and a slot's widest rows under MAX_ROW_VALUES.
 */
export function populationRows(init: PopulationInit): number {
  const d = init.data[0];
  const widest = Math.max(init.spec.inputDim, ...init.spec.layers.map((l) => l.outDim));
  const cap = Math.max(1, Math.min(Math.floor(EVAL_CHUNK_BYTES / (4 * widest * init.trials)), Math.floor(MAX_ROW_VALUES / widest)));
  return Math.max(init.batch, Math.min(Math.max(d.test.n, d.train.n), cap));
}

/** The buffers a population allocates, in bytes (for the limits check and the message). */
export function populationBuffers(init: PopulationInit, rows = populationRows(init)): Array<[string, number]> {
  const { spec, layout, data, trials: T } = init;
  const d = data[0];
  const widest = Math.max(spec.inputDim, ...spec.layers.map((l) => l.outDim));
  return [
    ['training inputs', 4 * data.length * d.train.x.length],
    ['test inputs', 4 * data.length * d.test.x.length],
    ['training targets', 4 * data.length * d.train.y.length],
    ['test targets', 4 * data.length * d.test.y.length],
    ['parameters', 4 * T * layout.totalFloats],
    ['activations', 4 * T * rows * widest],
    ['row statistics', 8 * T * Math.max(d.train.n, d.test.n)],
  ];
}

