/**
 * The Optuna export of a study: a standalone Python 3 script (optuna ≥ 3.1, torch ≥ 1.13) that recreates
 * the study outside the browser, so a sweep that outgrows one machine runs on many with Optuna's shared
 * RDB storage (every machine runs the script with the same --storage URL and --study-name).
 *
 * Same study: the search space (suggest_float/suggest_int with log=…, suggest_categorical; the space's
 * parameter names), the sampler (TPESampler(seed, n_startup_trials=10, n_ei_candidates=24), RandomSampler,
 * GridSampler over the same grid points as grid.ts), the pruner (SuccessiveHalvingPruner or HyperbandPruner
 * with reduction factor 3 and the sweep's first rung; NopPruner), the direction and the objective. The
 * objective trains the trial's run (trialConfig.ts semantics: the base config with the trial's values,
 * clamped to the config field table's ranges) with the PyTorch export's network, optimizer, schedule,
 * regularization, quantization and training step (pythonParts.ts: one copy of that Python), reports the
 * objective at the evaluation steps (the sweep's rungs and its regular grid) through trial.report /
 * trial.should_prune, and returns it. Initial weights and batch order come from a Python port of the
 * engine's generator (rng.ts, sampler.ts), so a trial whose seed is the base seed starts from the
 * playground's weights and sees the playground's batches.
 *
 * Data: MNIST from the IDX files (--data DIR); generated and CSV data are the base run's, embedded (built
 * here with setupRun(record.base)): toy data depends on the run's seed, and the script always trains on the
 * base seed's data (a swept seed changes the initial weights and batch order only).
 */
import { FIELDS } from '../config';
import type { CsvSource } from '../data/csvSource';
import { isNeuronMethod } from '../compressionView';
import { setupRun } from '../run';
import { gridAxis } from '../search/grid';
import { evaluationPlan, firstRung } from '../search/sweep';
import { PARAM_FIELD, pruneSchedule } from '../search/trialConfig';
import type { SearchParam, StudyRecord } from '../search/types';
import { PY_STUDY } from './optunaPython';
import { PY_CONSTANTS, PY_FAIL, PY_MLP, PY_MNIST, PY_QUANTIZE, PY_TRAINING, pythonJoin } from './pythonParts';

export interface OptunaScriptOptions {
  /** A 'csv' study: the user's table its base run was built from (the record holds only the config). */
  csv?: CsvSource;
}

/** Successive halving's reduction factor (REFERENCE.md: eta = 3). */
export const REDUCTION_FACTOR = 3;

/** The first rung in steps, as the sweep sets it (engine/search/sweep.ts firstRung). */
export const minResource = firstRung;

/** The steps at which a trial is evaluated and reports: r·3^k below the last step (every rung of ASHA and Hyperband), and the sweep's evaluation grid. */
export function evaluationSteps(record: Pick<StudyRecord, 'settings'>): number[] {
  const { stepsPerTrial: steps, earlyStopping } = record.settings;
  const rungs: number[] = [];
  if (earlyStopping !== 'none') for (let r = minResource(steps); r < steps; r *= REDUCTION_FACTOR) rungs.push(r);
  return evaluationPlan(steps, rungs);
}

/** "optiplay-study-spiral-tpe.py" */
export function optunaScriptName(record: Pick<StudyRecord, 'base' | 'settings'>): string {
  return `optiplay-study-${record.base.dataset}-${record.settings.method}.py`;
}

/** A value as a Python literal (None, True/False, numbers, strings, lists, dicts). */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} cannot be written into the script`);
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(', ')}}`;
  throw new Error(`a ${typeof v} cannot be written into the script`);
}

/** Float32 values as short Python numbers (9 significant digits round-trip a float32), wrapped at `perLine`. */
function pyFloats(a: Float32Array, perLine = 16): string {
  const items = Array.from(a, (x) => String(Number(x.toPrecision(9))));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push('    ' + items.slice(i, i + perLine).join(', ') + ',');
  return `[\n${lines.join('\n')}\n]`;
}

/** The field table's limits for each swept parameter: [min, max, 'int' | 'number'] or the enum's options. */
function fieldLimits(space: readonly SearchParam[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of space) {
    const key = PARAM_FIELD[p.name];
    const f = FIELDS.find((x) => x.key === key);
    if (!f) throw new Error(`the config has no field for the sweep parameter ${p.name}`);
    const k = f.kind;
    if (k.type === 'enum') out[p.name] = { options: [...k.options] };
    else if (k.type === 'number') out[p.name] = { min: k.min, max: k.max, int: false };
    else if (k.type === 'int' || k.type === 'intList') out[p.name] = { min: k.min, max: k.max, int: true };
    else throw new Error(`the sweep parameter ${p.name} sets ${key}, which the Optuna export cannot vary`);
  }
  return out;
}

/** One `params[...] = trial.suggest_…(…)` line per parameter, in the space's order. */
function suggestLines(space: readonly SearchParam[]): string {
  return space
    .map(({ name, dist: d }) => {
      const n = JSON.stringify(name);
      if (d.kind === 'categorical') return `    params[${n}] = trial.suggest_categorical(${n}, ${pyLiteral(d.choices)})`;
      if (d.kind === 'int') return `    params[${n}] = trial.suggest_int(${n}, ${Math.round(d.low)}, ${Math.round(d.high)}, log=${pyLiteral(d.log)})`;
      return `    params[${n}] = trial.suggest_float(${n}, ${pyLiteral(d.low)}, ${pyLiteral(d.high)}, log=${pyLiteral(d.log)})`;
    })
    .join('\n');
}

function samplerCode(record: StudyRecord): string {
  const { method, space, gridPoints } = record.settings;
  if (method === 'tpe') return 'optuna.samplers.TPESampler(seed=seed, n_startup_trials=10, n_ei_candidates=24)';
  if (method === 'random') return 'optuna.samplers.RandomSampler(seed=seed)';
  const grid = Object.fromEntries(space.map((p) => [p.name, gridAxis(p.dist, gridPoints)]));
  return `optuna.samplers.GridSampler(${pyLiteral(grid)}, seed=seed)`;
}

function prunerCode(record: StudyRecord): string {
  const { earlyStopping, stepsPerTrial } = record.settings;
  const r = minResource(stepsPerTrial);
  if (earlyStopping === 'asha') return `optuna.pruners.SuccessiveHalvingPruner(min_resource=${r}, reduction_factor=${REDUCTION_FACTOR})`;
  if (earlyStopping === 'hyperband') return `optuna.pruners.HyperbandPruner(min_resource=${r}, max_resource=${stepsPerTrial}, reduction_factor=${REDUCTION_FACTOR})`;
  return 'optuna.pruners.NopPruner()';
}

/** Why the study cannot be exported (a sentence), or null. */
function exportProblem(record: StudyRecord, options: OptunaScriptOptions): string | null {
  const { base, settings } = record;
  if (base.dataset === 'csv' && !options.csv) return 'A study on a CSV table needs the table to export: pass it as options.csv.';
  if (base.prune && isNeuronMethod(base.pruneMethod)) return `The Optuna export prunes weights by magnitude only; this study prunes neurons (${base.pruneMethod}).`;
  for (const p of settings.space) {
    if (p.dist.kind !== 'categorical') continue;
    const limits = fieldLimits([p])[p.name] as { options?: string[] };
    const bad = p.dist.choices.find((c) => (limits.options ? !limits.options.includes(String(c)) : typeof c !== 'number'));
    if (bad !== undefined) return `${p.name} cannot take the value ${JSON.stringify(bad)}.`;
  }
  return null;
}

/**
 * The script's text. Throws an Error with a sentence when the study cannot be exported (a CSV study
 * without its table, neuron pruning, a choice the config cannot take, accuracy on regression data).
 */
export function optunaScript(record: StudyRecord, options: OptunaScriptOptions = {}): string {
  const problem = exportProblem(record, options);
  if (problem) throw new Error(problem);
  const { base, settings } = record;
  const isMnist = base.dataset === 'mnist';
  let dataBlock = 'DATA = None  # MNIST: read from the IDX files (--data DIR)';
  let dims = { inputDim: 784, outputDim: 10, task: 'classification' as string };
  if (!isMnist) {
    const { data } = setupRun(base, undefined, options.csv);
    dims = { inputDim: data.inputDim, outputDim: data.outputDim, task: data.task };
    dataBlock = [
      `# The base run's data (${data.name}, seed ${base.seed}): ${data.train.n} training and ${data.test.n} test rows,`,
      `# x [n, ${data.inputDim}] and y [n, ${data.outputDim}] row-major (${data.task === 'classification' ? 'one-hot' : 'the value to predict'}).`,
      'DATA = {',
      `    'train_x': ${pyFloats(data.train.x).replace(/\n/g, '\n    ')},`,
      `    'train_y': ${pyFloats(data.train.y).replace(/\n/g, '\n    ')},`,
      `    'test_x': ${pyFloats(data.test.x).replace(/\n/g, '\n    ')},`,
      `    'test_y': ${pyFloats(data.test.y).replace(/\n/g, '\n    ')},`,
      '}',
    ].join('\n');
  }
  if (settings.objective !== 'test-loss' && dims.task === 'regression') {
    throw new Error('This study’s data has a number to predict, not a class: its objective must be the test loss.');
  }
  const configs = Math.max(1, Math.ceil(settings.trials / settings.seedsPerConfig));
  const studyName = `optiplay-${base.dataset}-${settings.method}`;
  const space = settings.space.map((p) => `${p.name} ${p.dist.kind === 'categorical' ? `in ${JSON.stringify(p.dist.choices)}` : `${p.dist.kind} ${p.dist.low}…${p.dist.high}${p.dist.log ? ' (log)' : ''}`}`);
  const objectiveText = { 'test-accuracy': 'test accuracy (%)', 'test-loss': 'test loss', 'accuracy-at-size': `test accuracy (%), 0 for a model over ${settings.sizeLimitBytes} bytes` }[settings.objective];
  const scriptName = optunaScriptName(record);
  const doc = (s: string) => s.replace(/\\/g, '/').replace(/"""/g, "'''");
  return String.raw`#!/usr/bin/env python3
"""OptiPlay study: ${doc(`${settings.method} search over ${space.join(', ')}`)};
${doc(`${record.direction} ${objectiveText}`)} after ${settings.stepsPerTrial} steps, ${settings.earlyStopping === 'none' ? 'no early stopping' : settings.earlyStopping === 'asha' ? 'successive halving (ASHA)' : 'Hyperband'}.
Base run: ${doc(`${base.dataset}, hidden ${JSON.stringify(base.hidden)} (${base.activation}), ${base.optimizer}, batch ${base.batchSize}, seed ${base.seed}`)}.

Recreates the study exported from the OptiPlay Sweep page with Optuna: the same search space, sampler,
pruner, direction and objective. Each trial builds the base run's network in PyTorch with the trial's
values, trains it ${settings.stepsPerTrial} steps, reports the objective at the evaluation steps (trial.report;
a pruned trial raises optuna.TrialPruned) and returns it.

    python3 ${scriptName} [--storage URL] [--study-name NAME] [--n-trials N]
        [--sampler-seed N] [--data DIR] [--device cpu]

Many machines, one study: give every machine the same --storage (an RDB URL Optuna can share, such as
postgresql://user:pass@host/db or mysql://...; the default sqlite:///optiplay-study.db is one machine's
file) and --study-name; each runs its --n-trials and they share the results. Running again with the same
storage continues the study. Give each machine its own --sampler-seed (by default the study's seed plus
the number of trials already stored), or random search repeats the same draws.

Seeds: the initial weights and the batch order come from the trial's seed with OptiPlay's own generator
(mulberry32 and Box-Muller, ported below), so a trial with the base seed starts from the playground's
weights and sees its batches. ${isMnist ? 'The data are the first MNIST digits, as in the playground.' : `The data are the base run's (seed ${base.seed}), embedded at the end of this file:
OptiPlay generates toy data from the run's seed, and this script always trains on the base seed's data,
so a swept seed changes the weights and batch order but not the data.`}${settings.seedsPerConfig > 1 ? `
Each configuration trains with ${settings.seedsPerConfig} seeds (seed, seed + 1, ...) side by side and reports their mean.` : ''}

Needs Python 3, optuna >= 3.1 and PyTorch >= 1.13 (Debian: apt install python3-optuna python3-torch).${isMnist ? `
MNIST is read from the standard IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; .gz works too) in --data DIR, by default ./mnist,
./MNIST/raw or ./data.` : ''}
"""
import argparse, gzip, json, math, os, struct, sys

import optuna
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
${PY_CONSTANTS}
STUDY_NAME = ${JSON.stringify(studyName)}
DIRECTION = ${JSON.stringify(record.direction)}
OBJECTIVE = ${JSON.stringify(settings.objective)}
SIZE_LIMIT_BYTES = ${settings.sizeLimitBytes}
STEPS = ${settings.stepsPerTrial}
# the steps at which a trial is evaluated and reports (every rung, a regular grid, the last step)
EVAL_STEPS = ${pyLiteral(evaluationSteps(record))}
N_TRIALS = ${configs}  # configurations (the study's ${settings.trials} trials${settings.seedsPerConfig > 1 ? ` over ${settings.seedsPerConfig} seeds each` : ''})
SEEDS_PER_CONFIG = ${settings.seedsPerConfig}
SAMPLER_SEED = ${settings.samplerSeed}
INPUT_DIM, OUTPUT_DIM, TASK = ${dims.inputDim}, ${dims.outputDim}, ${JSON.stringify(dims.task)}
# the base run (OptiPlay's config; every field the search space leaves out is this)
BASE = ${pyLiteral(base)}
# the config field table's range (or options) of each swept field: trial values are clamped to it
LIMITS = ${pyLiteral(fieldLimits(settings.space))}
# a swept sparsity is reached by gradual magnitude pruning on this schedule (engine/search/trialConfig.ts)
PRUNE_SCHEDULE = ${pyLiteral(pruneSchedule(settings.stepsPerTrial))}


def suggest(trial):
    """The trial's values, one per parameter of the search space (OptiPlay's names)."""
    params = {}
${suggestLines(settings.space) || '    pass'}
    return params


def make_sampler(seed):
    return ${samplerCode(record)}


def make_pruner():
    return ${prunerCode(record)}


${pythonJoin(PY_FAIL, PY_MLP, PY_QUANTIZE, PY_MNIST, PY_TRAINING, PY_STUDY)}

${dataBlock}


if __name__ == '__main__':
    main()
`;
}
