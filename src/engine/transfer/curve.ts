/**
 * The Transfer chart's experiment (REFERENCE.md "Transfer learning"): target test accuracy against the
 * number of target training examples (100, 300, 1,000, 3,000: the first n rows of the run's training
 * split), for three starts, each trained the same CURVE_STEPS steps on the same batches from the same seed:
 *   scratch   the seed's fresh weights;
 *   finetune  the source run's weights (Re-initialise head and Transfer blend as chosen), every layer training;
 *   frozen    the same start with the trunk frozen (every layer but the head).
 * Runs on whatever backend the caller gives (the worker: the CPU, beside the GPU run) and yields between
 * trainings; `cancelled` stops it early.
 */
import type { RunConfig } from '../config';
import type { LaneRecord } from '../checkpoint';
import type { RunSetup } from '../run';
import { BatchSampler } from '../sampler';
import { Trainer, type BackendFactory } from '../train/trainer';
import { freshHead, transferParams, type TransferOptions } from './start';

export const CURVE_EXAMPLES = [100, 300, 1000, 3000] as const;
export const CURVE_STEPS = 150;
export const CURVE_METHODS = ['scratch', 'finetune', 'frozen'] as const;
export type CurveMethod = (typeof CURVE_METHODS)[number];

/** One row: accuracies 0..1 (null: not measured yet). */
export interface CurvePoint {
  examples: number;
  scratch: number | null;
  finetune: number | null;
  frozen: number | null;
}

/** The example counts the run's training split allows (every listed count it holds, else all of it). */
export function curveExamples(trainRows: number): number[] {
  const fits = CURVE_EXAMPLES.filter((n) => n <= trainRows);
  return fits.length > 0 ? [...fits] : [trainRows];
}

/** The setup trained on its first `n` training rows only (same test split, a fresh sampler from the seed). */
export function firstRows(setup: RunSetup, n: number): RunSetup {
  const { train, inputDim, outputDim } = setup.data;
  const sub = { x: train.x.subarray(0, n * inputDim), y: train.y.subarray(0, n * outputDim), n }; // [n, inputDim], [n, outputDim]
  const data = { ...setup.data, train: sub };
  const config: RunConfig = { ...setup.config, race: [], batchSize: Math.min(setup.config.batchSize, n) };
  return { ...setup, config, data, sampler: new BatchSampler(n, config.seed), init: { ...setup.init, data, softTargets: undefined } };
}

/** Test accuracy (0..1) of `method` started on `setup` after CURVE_STEPS steps. */
async function trainOne(setup: RunSetup, method: CurveMethod, source: { lanes: ReadonlyArray<Pick<LaneRecord, 'spec' | 'params'>> }, options: TransferOptions, factory: BackendFactory, steps: number): Promise<number> {
  const layers = setup.init.spec.layers.length;
  const config: RunConfig = { ...setup.config, frozenLayers: method === 'frozen' ? layers - 1 : 0, transferLr: 1 };
  const s = { ...setup, config };
  const t = method === 'scratch'
    ? await Trainer.create(s, factory)
    : await Trainer.fromWeights(s, setup.init.spec, transferParams(source, setup.init.spec, setup.init.params, options, freshHead(setup.init.spec, setup.config.seed)), factory);
  try {
    for (let i = 0; i < steps; i++) t.doStep();
    await t.settled();
    for (;;) {
      const pending = t.evaluate(false);
      if (pending) return (await pending).points[0]?.testAccuracy ?? 0;
      await t.settled();
    }
  } finally {
    t.destroy();
  }
}

/**
 * Fills the chart row by row: `onPoint` gets every row so far after each training. Throws a sentence when
 * the source's model is not the run's; resolves with what was measured (all of it unless cancelled).
 */
export async function transferCurve(
  setup: RunSetup,
  source: { lanes: ReadonlyArray<Pick<LaneRecord, 'spec' | 'params'>> },
  options: TransferOptions,
  factory: BackendFactory,
  onPoint: (points: CurvePoint[], done: number, total: number) => void,
  cancelled: () => boolean = () => false,
  steps = CURVE_STEPS,
): Promise<CurvePoint[]> {
  transferParams(source, setup.init.spec, setup.init.params, options); // refuses a source of another shape before any training
  const counts = curveExamples(setup.data.train.n);
  const points: CurvePoint[] = counts.map((examples) => ({ examples, scratch: null, finetune: null, frozen: null }));
  const total = counts.length * CURVE_METHODS.length;
  let done = 0;
  for (const point of points) {
    const sub = firstRows(setup, point.examples);
    for (const method of CURVE_METHODS) {
      if (cancelled()) return points;
      point[method] = await trainOne(sub, method, source, options, factory, steps);
      done++;
      onPoint(points.map((p) => ({ ...p })), done, total);
      await new Promise((resolve) => setTimeout(resolve, 0)); // the worker's other work goes on between trainings
    }
  }
  return points;
}
