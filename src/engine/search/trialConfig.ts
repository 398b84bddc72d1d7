/**
 * A trial's run: the study's base config with the trial's parameter values written in, validated by the
 * one field table (engine/config.ts), so a trial is an ordinary playground run (Load into playground opens
 * exactly this config). 'width' sets every hidden layer (one layer of that width when the base has none);
 * 'sparsity' turns on gradual magnitude pruning to that share (pruneSchedule below); 'bits' turns on
 * quantization-aware training at that width.
 */
import { validateConfig } from '../config';
import type { RunConfig } from '../runConfig';
import type { ParamValues, SweepParamName } from './types';

/** The run-config field each sweep parameter writes ('width' writes `hidden`). */
export const PARAM_FIELD: Record<SweepParamName, keyof RunConfig> = {
  learningRate: 'learningRate',
  batchSize: 'batchSize',
  regularizationRate: 'regularizationRate',
  seed: 'seed',
  optimizer: 'optimizer',
  momentum: 'momentum',
  beta1: 'beta1',
  beta2: 'beta2',
  width: 'hidden',
  sparsity: 'sparsity',
  bits: 'bits',
};

/**
 * How a swept sparsity is reached in a trial of `stepsPerTrial` steps: Zhu & Gupta's gradual magnitude
 * pruning (REFERENCE.md "Pruning") from step 0, in ten events, reaching the target at three quarters of the
 * steps, so the last quarter recovers with the mask fixed.
 */
export function pruneSchedule(stepsPerTrial: number): Pick<RunConfig, 'pruneMethod' | 'pruneSchedule' | 'pruneStart' | 'pruneSteps' | 'pruneEvery' | 'rewind'> {
  const pruneEvery = Math.max(1, Math.round((0.75 * stepsPerTrial) / 10));
  return { pruneMethod: 'magnitude', pruneSchedule: 'gradual', pruneStart: 0, pruneSteps: 10 * pruneEvery, pruneEvery, rewind: false };
}

/**
 * The run a study sweeps, from the playground's: what a population trains (engine/population/types.ts) —
 * no race, no pruning or quantization, no frozen layers, no stop step, no augmentation, one head — so a trial
 * opened in the playground trains exactly as it did in the sweep.
 */
export function sweepBase(config: RunConfig): RunConfig {
  // a population gathers plain batches: no data augmentation (engine/strategies/augment.ts) either
  const noAugment = { augShift: 0, augRotation: 0, augNoise: 0, augJitter: 0, augMixup: 0 };
  // and trains one head (engine/strategies/multitask*.ts is the playground's)
  const oneHead = { secondTask: 'none' as const, taskWeight: 1, pcgrad: false };
  return validateConfig({ ...config, race: [], prune: false, quantize: false, frozenLayers: 0, transferLr: 1, biasShift: 0, stopAt: 0, ...noAugment, ...oneHead }).config;
}

/** What sweepBase turns off, in words (null: nothing), for the Sweep page. */
export function sweepBaseChanges(config: RunConfig): string | null {
  const off = [
    config.race.length > 0 && 'the race',
    config.prune && 'pruning',
    config.quantize && 'quantization',
    config.frozenLayers > 0 && 'frozen layers',
    (config.augShift > 0 || config.augRotation > 0 || config.augNoise > 0 || config.augJitter > 0 || config.augMixup > 0) && 'data augmentation',
    config.secondTask !== 'none' && 'the second task',
  ].filter(Boolean);
  return off.length ? `A sweep trains plain runs: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off in its trials.` : null;
}

/** The trial's complete config: base ⊕ params, clamped like any other config. */
export function trialConfig(base: RunConfig, params: ParamValues, stepsPerTrial: number): RunConfig {
  const asked: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(params) as Array<[SweepParamName, number | string]>) {
    if (value === undefined) continue;
    if (name === 'width') asked.hidden = (base.hidden.length ? base.hidden : [0]).map(() => Number(value));
    else if (name === 'sparsity') Object.assign(asked, pruneSchedule(stepsPerTrial), { prune: true, sparsity: Number(value) });
    else if (name === 'bits') Object.assign(asked, { quantize: true, bits: Number(value), quantMode: 'aware', layerBits: [] });
    else asked[PARAM_FIELD[name]] = value;
  }
  return validateConfig(asked).config;
}
