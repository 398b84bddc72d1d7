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

/** The study's own Python: trial configs, the engine's generator, pruning, model size, the objective and main. */
const PY_STUDY = String.raw`def trial_config(params):
    """The base config with the trial's values written in, clamped as OptiPlay's field table does
    (engine/search/trialConfig.ts: 'width' sets every hidden layer, 'sparsity' prunes gradually by
    magnitude, 'bits' trains quantization-aware)."""
    c = dict(BASE)
    for name, v in params.items():
        lim = LIMITS[name]
        if 'options' in lim:
            if v not in lim['options']:
                fail(f'{name} cannot be {v!r} (one of {", ".join(lim["options"])})')
        else:
            v = min(lim['max'], max(lim['min'], float(v)))
            v = int(math.floor(v + 0.5)) if lim['int'] else v
        if name == 'width':
            c['hidden'] = [v] * max(1, len(BASE['hidden']))
        elif name == 'sparsity':
            c.update(PRUNE_SCHEDULE, prune=True, sparsity=v)
        elif name == 'bits':
            c.update(quantize=True, bits=v, quantMode='aware', layerBits=[])
        else:
            c[name] = v
    return c


class Rng:
    """OptiPlay's generator (engine/rng.ts): mulberry32 uniforms, Box-Muller normals."""

    def __init__(self, seed):
        self.a, self.spare = (int(seed) & 0xFFFFFFFF) ^ 0x9E3779B9, None

    def next(self):
        self.a = (self.a + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def normal(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        u = 0.0
        while u == 0.0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def permutation(self, n):
        """Fisher-Yates over 0..n-1, as engine/rng.ts shuffle."""
        a = list(range(n))
        for i in range(n - 1, 0, -1):
            j = int(self.next() * (i + 1))
            a[i], a[j] = a[j], a[i]
        return a


class BatchSampler:
    """OptiPlay's batch order (engine/sampler.ts): a seeded permutation per epoch cut into batches."""

    def __init__(self, n, seed):
        self.n, self.pos, self.rng = n, 0, Rng(seed * 48271 + 11)
        self.order = self.rng.permutation(n)

    def next(self, batch):
        if batch >= self.n:
            return torch.arange(self.n)
        if self.pos >= self.n:
            self.order, self.pos = self.rng.permutation(self.n), 0
        end = min(self.n, self.pos + batch)
        idx = torch.tensor(self.order[self.pos:end])
        self.pos = end
        if self.pos >= self.n:
            self.order, self.pos = self.rng.permutation(self.n), 0
        return idx


def spec_for(c):
    widths = [INPUT_DIM] + list(c['hidden']) + [OUTPUT_DIM]
    n = len(widths) - 1
    return {'inputDim': INPUT_DIM, 'layers': [{'inDim': widths[l], 'outDim': widths[l + 1], 'activation': 'linear' if l == n - 1 else c['activation']} for l in range(n)]}


def init_weights(model, seed):
    """OptiPlay's initialisation (engine/model): He normal for ReLU layers, LeCun normal otherwise, zero biases."""
    rng = Rng(seed * 7919 + 3)
    with torch.no_grad():
        for layer, act in zip(model.layers, model.activations):
            std = math.sqrt((2 if act == 'relu' else 1) / layer.in_features)
            w = [std * rng.normal() for _ in range(layer.weight.numel())]
            layer.weight.copy_(torch.tensor(w, dtype=torch.float32).reshape(layer.weight.shape))
            layer.bias.zero_()


def layer_groups(model, c):
    """Frozen layers (no update) and the transferred layers' rate factor, as engine/model/groups.ts."""
    layers = len(model.layers)
    frozen = max(0, min(layers - 1, int(c['frozenLayers'])))
    groups = []
    for l, layer in enumerate(model.layers):
        if l < frozen:
            layer.requires_grad_(False)
        else:
            groups.append({'params': [layer.weight, layer.bias], 'lr_factor': 1 if l == layers - 1 else c['transferLr']})
    return groups


def quant_of(c, layers):
    """The quantization in force (bits per layer: 'Bits per layer' where set, else 'Bits'), or None."""
    if not c['quantize']:
        return None
    lb = c['layerBits']
    bits = [lb[l] if l < len(lb) and lb[l] != 0 else c['bits'] for l in range(layers)]
    return {'bits': bits, 'scheme': c['quantScheme'], 'perChannel': c['granularity'] == 'per-channel', 'mode': c['quantMode']}


def prune_plan(c):
    """The pruning episode of a run that prunes from its start (engine/compressor.ts), or None."""
    if not c['prune']:
        return None
    gradual = c['pruneSchedule'] == 'gradual'
    return {'start': int(c['pruneStart']), 'gradual': gradual, 'every': max(1, int(c['pruneEvery'])),
            'intervals': int(math.floor(c['pruneSteps'] / c['pruneEvery'] + 0.5)) if gradual else 0,
            'final': c['sparsity'], 'scope': 'global' if c['pruneMethod'] == 'global-magnitude' else 'layer'}


def gradual_sparsity(t, p):
    """Zhu & Gupta's cubic schedule from 0 to the final sparsity (engine/pruneSchedule.ts)."""
    span = p['intervals'] * p['every']
    if t < p['start']:
        return 0.0
    if t >= p['start'] + span:
        return p['final']
    r = 1 - (t - p['start']) / span
    return p['final'] * (1 - r * r * r)


def magnitude_prune(model, masks, target, scope):
    """Prunes the smallest |w| (ties: the lower index) until each group (scope 'layer': every W; 'global': all
    W as one) has the target share pruned; biases are never pruned. True when weights were newly pruned."""
    layers = list(model.layers)
    groups = [[l] for l in range(len(layers))] if scope == 'layer' else [list(range(len(layers)))]
    newly = False
    with torch.no_grad():
        for g in groups:
            w = torch.cat([layers[l].weight.reshape(-1) for l in g])
            m = torch.cat([(masks[l] if masks[l] is not None else torch.ones_like(layers[l].weight)).reshape(-1) for l in g])
            n = w.numel()
            live = torch.nonzero(m != 0).reshape(-1)
            k = round(float(torch.tensor(target, dtype=torch.float32) * n)) - (n - live.numel())
            k = max(0, min(live.numel(), k))
            if k > 0:
                order = torch.sort(w[live].abs(), stable=True).indices
                m[live[order[:k]]] = 0
                newly = True
            at = 0
            for l in g:
                size = layers[l].weight.numel()
                masks[l] = m[at:at + size].reshape(layers[l].weight.shape).clone()
                layers[l].weight.mul_(masks[l])
                at += size
    return newly


def sparse_bits(positions, n, value_bits):
    """The smallest sparse encoding of the non-zero positions, in bits (engine/modelSize.ts sparseBits)."""
    best = n + positions.numel() * value_bits  # bitmap
    gaps = torch.diff(positions, prepend=positions.new_tensor([-1]))
    for p in range(1, 9):  # relative indices of p bits; a longer gap costs padding entries
        span = 2 ** p
        entries = int(((gaps + span - 1) // span).sum())
        best = min(best, entries * (value_bits + p))
    return best


def model_bytes(model, masks, quant):
    """The stored size now, as engine/modelSize.ts counts it: per layer the smaller of dense (bits per weight,
    a scale per tensor or row, an affine zero point) and sparse (when pruned); float32 biases."""
    total = 0
    for l, layer in enumerate(model.layers):
        out_dim, n = layer.weight.shape[0], layer.weight.numel()
        bits = quant['bits'][l] if quant else 32
        channels = out_dim if quant and quant['perChannel'] else 1
        side = 0 if bits == 32 else 4 * channels + (channels if quant['scheme'] == 'affine' and bits > 1 else 0)
        dense = math.ceil(bits * n / 8) + side + 4 * out_dim
        best = dense
        if masks[l] is not None:
            positions = torch.nonzero(masks[l].reshape(-1)).reshape(-1).cpu()
            best = min(dense, math.ceil(sparse_bits(positions, n, bits) / 8) + side + 4 * out_dim)
        total += best
    return total


class Run:
    """One trial's training run with one seed: the playground's Trainer for lane 0, in PyTorch."""

    def __init__(self, c, seed, data, dev):
        self.c, self.dev = c, dev
        (self.x, self.y), (self.test_x, self.test_y) = data
        self.model = MLP(spec_for(c))
        init_weights(self.model, seed)
        self.model.to(dev)
        self.initial = [p.detach().clone() for p in self.model.parameters()]
        self.opt = make_optimizer(layer_groups(self.model, c), c)
        layers = len(self.model.layers)
        self.masks, self.quant = [None] * layers, quant_of(c, layers)
        self.prune, self.last_event, self.pruned, self.rewound = prune_plan(c), -1, False, False
        self.batch = max(1, min(int(c['batchSize']), self.x.shape[0]))
        self.sampler = BatchSampler(self.x.shape[0], seed)
        self.t = 0
        if c['omitDigit'] != 'none' and c['biasShift'] != 0:  # the class bias shift, applied before the first step
            with torch.no_grad():
                self.model.layers[-1].bias[int(c['omitDigit'])] += c['biasShift']

    def compress(self):
        """The pruning event due before the step after t steps (one-shot at its start, or the gradual schedule)."""
        p = self.prune
        if p is None or self.t < p['start']:
            return
        index = min(p['intervals'], (self.t - p['start']) // p['every'])
        if index <= self.last_event:
            return
        self.last_event = index
        target = gradual_sparsity(p['start'] + index * p['every'], p) if p['gradual'] else p['final']
        if magnitude_prune(self.model, self.masks, target, p['scope']):
            self.pruned = True
        if index == p['intervals'] and self.c['rewind'] and self.pruned and not self.rewound:
            self.rewound = True  # lottery ticket: the initial weights x mask; the optimizer starts again
            with torch.no_grad():
                for p0, p1 in zip(self.model.parameters(), self.initial):
                    p0.copy_(p1)
                for layer, m in zip(self.model.layers, self.masks):
                    if m is not None:
                        layer.weight.mul_(m)
            self.opt = make_optimizer(layer_groups(self.model, self.c), self.c)

    def step(self):
        self.compress()
        train_step(self.model, self.opt, self.c, self.quant, self.masks, self.x, self.y, self.sampler.next(self.batch), self.t)
        self.t += 1

    def evaluate(self):
        """-> (objective, test loss) on the whole test set, with the weights the playground evaluates."""
        with torch.no_grad():
            out = self.model(self.test_x, quantized_weights(self.model, self.quant))
            if self.c['loss'] == 'crossentropy':
                loss = F.cross_entropy(out, self.test_y.argmax(dim=1)).item()
            else:
                loss = F.mse_loss(out, self.test_y).item()
            if OBJECTIVE == 'test-loss':
                return loss, loss
            acc = 100 * (out.argmax(dim=1) == self.test_y.argmax(dim=1)).float().mean().item()
        if OBJECTIVE == 'accuracy-at-size' and model_bytes(self.model, self.masks, self.quant) > SIZE_LIMIT_BYTES:
            acc = 0.0
        return acc, loss


def objective(trial, data, dev):
    c = trial_config(suggest(trial))
    seeds = [int(c['seed']) + j for j in range(SEEDS_PER_CONFIG)]
    trial.set_user_attr('seeds', seeds)
    runs = [Run(c, s, data, dev) for s in seeds]
    value = float('nan')
    for step in range(1, STEPS + 1):
        for run in runs:
            run.step()
        if step not in EVAL_STEPS:
            continue
        scores = [run.evaluate() for run in runs]
        value = sum(v for v, _ in scores) / len(scores)
        if not all(math.isfinite(v) and math.isfinite(loss) for v, loss in scores):
            trial.set_user_attr('error', f'the loss became non-finite by step {step}: the rate is too high for this model')
            return float('nan')  # Optuna records the trial as failed
        trial.report(value, step)
        if step < STEPS and trial.should_prune():
            raise optuna.TrialPruned()
    if OBJECTIVE == 'accuracy-at-size':
        trial.set_user_attr('bytes', model_bytes(runs[0].model, runs[0].masks, runs[0].quant))
    return value


def load_data(args, dev):
    """-> ((train x, train y), (test x, test y)) on the device; y one-hot (classes) or the value to predict."""
    if DATA is not None:
        t = lambda k, d: torch.tensor(DATA[k], dtype=torch.float32).reshape(-1, d).to(dev)
        return (t('train_x', INPUT_DIM), t('train_y', OUTPUT_DIM)), (t('test_x', INPUT_DIM), t('test_y', OUTPUT_DIM))
    here = [os.getcwd(), HERE]
    dirs = [args.data] if args.data else [os.path.join(b, d) for b in here for d in ('mnist', os.path.join('MNIST', 'raw'), 'data')]
    lo, hi = {'all': (0, 9), '0-4': (0, 4), '5-9': (5, 9)}[BASE['classes']]
    omit = -1 if BASE['omitDigit'] == 'none' else int(BASE['omitDigit'])  # left out of the training digits only
    if (lo, hi, omit) == (0, 9, -1):
        train = mnist(dirs, 'train', min(BASE['samples'], 60000))
        test = mnist(dirs, 't10k', min(10000, train[0].shape[0]))
    else:  # a transfer task's digits, in file order (engine/mnist.ts mnistClasses)
        def pick(split, total, out):
            x, y = mnist(dirs, split, total)
            label = y.argmax(dim=1)
            keep = (label >= lo) & (label <= hi) & (label != out)
            return x[keep], y[keep]
        tx, ty = pick('train', 60000, omit)
        n = min(BASE['samples'], tx.shape[0])
        train = (tx[:n], ty[:n])
        vx, vy = pick('t10k', 10000, -1)
        test = (vx[:min(vx.shape[0], n)], vy[:min(vx.shape[0], n)])
    return (train[0].to(dev), train[1].to(dev)), (test[0].to(dev), test[1].to(dev))


def main():
    ap = argparse.ArgumentParser(description='Run the OptiPlay study with Optuna (shared storage: many machines, one study).')
    ap.add_argument('--storage', default='sqlite:///optiplay-study.db', help='Optuna storage URL (default: sqlite:///optiplay-study.db)')
    ap.add_argument('--study-name', default=STUDY_NAME, help=f'default: {STUDY_NAME}')
    ap.add_argument('--n-trials', type=int, default=N_TRIALS, help=f'trials this process runs (default: {N_TRIALS})')
    ap.add_argument('--sampler-seed', type=int, help="default: the study's seed plus the trials already stored")
    ap.add_argument('--data', help='MNIST: folder with the IDX files (default: ./mnist, ./MNIST/raw, ./data)')
    ap.add_argument('--device', default='cpu')
    args = ap.parse_args()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dev = torch.device(args.device)
    data = load_data(args, dev)
    study = optuna.create_study(study_name=args.study_name, storage=args.storage, direction=DIRECTION,
                                pruner=make_pruner(), load_if_exists=True)
    before = len(study.get_trials(deepcopy=False))
    study.sampler = make_sampler(SAMPLER_SEED + before if args.sampler_seed is None else args.sampler_seed)
    print(f'study {args.study_name} ({study.direction.name.lower()}) in {args.storage}: {before} trials stored; running {args.n_trials} more')

    def said(study, t):
        value = 'none' if t.value is None else f'{t.value:.6g}'
        print(f'trial {t.number}: {t.state.name.lower()}, value {value}, params {json.dumps(t.params)}', flush=True)

    study.optimize(lambda t: objective(t, data, dev), n_trials=args.n_trials, callbacks=[said])
    trials = study.get_trials(deepcopy=False)
    count = lambda s: sum(1 for t in trials if t.state == s)
    S = optuna.trial.TrialState
    print(f'trials: {len(trials)} (complete {count(S.COMPLETE)}, pruned {count(S.PRUNED)}, failed {count(S.FAIL)})')
    if count(S.COMPLETE) == 0:
        print('best value: none (no trial completed)')
    else:
        print(f'best value: {study.best_value:.6g} params: {json.dumps(study.best_params)}')`;
