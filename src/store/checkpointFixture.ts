/**
 * Test fixture (unit tests only, never imported by the app): a small, valid checkpoint record built the
 * way the Trainer builds one — a 2 → 3 → 2 spiral model with seeded parameters, optionally a race lane,
 * a sampler mid-epoch and a short lane-0 history.
 */
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from '../engine/checkpoint';
import { validateConfig, type DatasetName, type RaceLane } from '../engine/config';
import { initParams, modelSpecFor, paramLayout } from '../engine/model';
import { laneConfig } from '../engine/run';
import type { MetricPoint } from '../engine/train/metrics';

export interface FixtureOptions {
  dataset?: DatasetName;
  step?: number;
  savedAt?: number;
  /** Race lanes (lanes 1…) besides the main run. */
  race?: RaceLane[];
  /** Lane-0 test accuracies, one evaluation each (every 10 steps); none: regression-like points. */
  accuracies?: number[];
  /** Lane-0 test losses, one evaluation each (every 10 steps); default 1, 0.5, 0.25. */
  losses?: number[];
}

export function point(lane: number, step: number, testLoss: number, testAccuracy?: number): MetricPoint {
  const p: MetricPoint = { lane, step, epoch: step / 10, trainLoss: testLoss * 0.9, testLoss, totalLoss: testLoss * 0.9, gradNorms: [0.5, 0.25], learningRate: 0.03 };
  if (testAccuracy !== undefined) p.testAccuracy = testAccuracy;
  return p;
}

export function fixtureCheckpoint(o: FixtureOptions = {}): Checkpoint {
  const race = o.race ?? [];
  const { config, corrections } = validateConfig({ dataset: o.dataset ?? 'spiral', hidden: [3], race });
  if (corrections.length > 0) throw new Error(corrections[0].message);
  const spec = modelSpecFor(config, { inputDim: 2, outputDim: o.dataset === 'mnist' ? 10 : 2 });
  const layout = paramLayout(spec);
  const params = new Float32Array(initParams(spec, layout, config.seed));
  const configs = [config, ...race.map((l) => laneConfig(config, l))];
  const losses = o.losses ?? [1, 0.5, 0.25];
  const history = losses.map((loss, i) => point(0, 10 * (i + 1), loss, o.accuracies?.[i]));
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config,
    step: o.step ?? 10 * losses.length,
    sampler: { n: 8, order: Uint32Array.from([3, 1, 4, 0, 5, 2, 7, 6]), pos: 3, epochsDone: 1, rng: { a: 123456789, spare: null } },
    lanes: configs.map((c, i) => ({
      config: c,
      spec,
      params: params.map((v) => v * (i + 1)),
      state: [new Float32Array(layout.totalFloats).fill(0.01), new Float32Array(layout.totalFloats).fill(0.02)],
      optimizerSince: 0,
      scheduleSince: 0,
      diverged: false,
      lastGradNorms: i === 0 ? [0.5, 0.25] : null,
    })),
    compressor: { baseSpec: spec, initial: params.slice(), mask: null, episode: null, quantKey: '', quant: null, lastMethod: null, rewoundAt: null },
    history,
    savedAt: o.savedAt ?? Date.UTC(2024, 11, 6, 14, 3),
  };
}
