/**
 * Test helper: a real trained Checkpoint without the Trainer — setupRun + the CPU backend + stepSettings,
 * `steps` steps of the config's optimizer, then (optionally) a pruning mask and weight quantization set
 * on the backend, as the Compressor would. The record holds what the backend holds (params and optimizer
 * state read back after the last step), so the backend's own evaluation is the reference for exports.
 */
import type { Checkpoint, QuantRecord } from '../checkpoint';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from '../checkpoint';
import type { Evaluation, TrainingBackend } from '../backend';
import type { RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { MnistRaw } from '../mnist';
import { pruneGroups } from '../ops/prune';
import { quantPlan, quantSegmentsForLayout } from '../ops/quantize';
import { effectiveBatch, regularizationTerm, setupRun, stepSettings, type RunSetup } from '../run';
import { learningRateAt } from '../schedules';
import type { MetricPoint } from '../train/metrics';

export interface TrainedCheckpoint {
  ckpt: Checkpoint;
  setup: RunSetup;
  /** The backend after training, mask and quantization set: `evaluate` gives the reference numbers. */
  backend: TrainingBackend;
  /** The backend's evaluation of the final weights. */
  evaluation: Evaluation;
}

export interface TrainOptions {
  mnist?: MnistRaw;
  /** After training: prune this share of every layer's weights by magnitude (a fixed mask, as the Compressor sets). */
  prune?: number;
  /** After training: quantize the weights like this (evaluation then sees the fake-quantized weights). */
  quant?: QuantRecord;
  /** Evaluate every this many steps into the history (default: 50). */
  evalEvery?: number;
}

function metricPoint(config: RunConfig, step: number, epoch: number, e: Evaluation): MetricPoint {
  return {
    lane: 0, step, epoch, trainLoss: e.trainLoss, testLoss: e.testLoss,
    totalLoss: e.trainLoss + regularizationTerm(config, e.paramSumSq, e.paramSumAbs),
    ...(e.trainAccuracy !== undefined ? { trainAccuracy: e.trainAccuracy, testAccuracy: e.testAccuracy } : {}),
    gradNorms: e.gradNorms, learningRate: learningRateAt(config.learningRate, Math.max(0, step - 1), config),
  };
}

/** Trains `steps` steps of `config` on the CPU and returns the run as a Checkpoint (see the file comment). */
export async function trainedCheckpoint(config: RunConfig, steps: number, options: TrainOptions = {}): Promise<TrainedCheckpoint> {
  const setup = setupRun(config, options.mnist);
  const { spec, layout } = setup.init;
  const backend = createCpuBackend(setup.init);
  const history: MetricPoint[] = [];
  const every = options.evalEvery ?? 50;
  const evaluate = async () => (await backend.evaluate(false))!.evaluation;
  for (let s = 0; s < steps; s++) {
    backend.step(setup.sampler.next(effectiveBatch(config, setup.data)), stepSettings(config, s));
    if ((s + 1) % every === 0 && s + 1 < steps) history.push(metricPoint(config, s + 1, setup.sampler.epoch, await evaluate()));
  }
  let mask: Float32Array<ArrayBuffer> | null = null;
  if (options.prune !== undefined) {
    const segments = layout.layers.map(({ W }) => ({ offset: W.offset, size: W.size }));
    mask = new Float32Array(await backend.magnitudeMask(pruneGroups(segments, options.prune, 'layer')));
    backend.setMask(mask);
  }
  const quant = options.quant ?? null;
  if (quant) backend.setQuantization({ plan: quantPlan(quantSegmentsForLayout(layout, quant.bits, quant.scheme, quant.perChannel)), mode: quant.mode });
  const evaluation = await evaluate();
  history.push(metricPoint(config, steps, setup.sampler.epoch, evaluation));
  const { params, state } = await backend.readState();
  const ckpt: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config,
    step: steps,
    sampler: setup.sampler.state(),
    lanes: [{ config, spec, params, state, optimizerSince: 0, scheduleSince: 0, diverged: false, lastGradNorms: null }],
    compressor: {
      baseSpec: spec,
      initial: new Float32Array(setup.init.params),
      mask,
      episode: null,
      quantKey: JSON.stringify(quant),
      quant,
      lastMethod: mask ? 'magnitude' : null,
      rewoundAt: null,
    },
    history,
    savedAt: 0,
  };
  return { ckpt, setup, backend, evaluation };
}
