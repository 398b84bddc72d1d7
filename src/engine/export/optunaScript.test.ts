/**
 * The Optuna export, run for real: the generated script of a small spiral study runs 3 trials under
 * Debian's python3 with optuna and torch (OPTIPLAY_PYTHON overrides) into a sqlite storage, and a second
 * run on the same storage continues the same study (Optuna's shared storage: 6 trials). A TPE study of the
 * test loss is minimized; a one-point grid trial lands on the engine's own accuracy (the script ports the
 * engine's initialisation and batch order). Without optuna or torch the tests that run Python skip with a
 * message, and fail under CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../config';
import { trialConfig } from '../search/trialConfig';
import type { SearchParam, StudyRecord, StudySettings } from '../search/types';
import { createCpuBackend } from '../cpuBackend';
import { setupRun } from '../run';
import { Trainer } from '../train/trainer';
import { evaluationSteps, minResource, optunaScript, optunaScriptName } from './optunaScript';
import { trainedCheckpoint } from './testCheckpoint';

const PYTHON = process.env.OPTIPLAY_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import torch, optuna; print(torch.__version__, optuna.__version__)'], { encoding: 'utf8', timeout: 60_000 });
const hasOptuna = probe.status === 0;
const why = `${PYTHON} with torch and optuna is needed for the Optuna export tests (set OPTIPLAY_PYTHON to another interpreter; Debian: apt install python3-optuna python3-torch): ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}`;
if (!hasOptuna && !process.env.CI) console.warn(`Skipping the Optuna export tests: ${why}`);

it.runIf(!hasOptuna && !!process.env.CI)('has python3 with torch and optuna (required under CI)', () => {
  throw new Error(why);
});

const base = validateConfig({ dataset: 'spiral', samples: 300, hidden: [8, 8], regularization: 'l2', batchSize: 16, seed: 3 }).config;
const settings: StudySettings = {
  space: [
    { name: 'learningRate', dist: { kind: 'float', low: 1e-3, high: 1, log: true } },
    { name: 'regularizationRate', dist: { kind: 'float', low: 1e-5, high: 1e-1, log: true } },
  ],
  method: 'random',
  earlyStopping: 'asha',
  trials: 3,
  stepsPerTrial: 60,
  objective: 'test-accuracy',
  sizeLimitBytes: 4096,
  seedsPerConfig: 1,
  samplerSeed: 7,
  gridPoints: 4,
};
const study = (over: Partial<StudySettings> = {}, direction: StudyRecord['direction'] = 'maximize'): StudyRecord => ({
  format: 'optiplay-study', version: 1, base, settings: { ...settings, ...over }, direction, trials: [],
});

describe('optunaScript (text)', () => {
  it('holds the search space, sampler, pruner, direction and the rung steps', () => {
    const text = optunaScript(study());
    expect(text).toContain("params[\"learningRate\"] = trial.suggest_float(\"learningRate\", 0.001, 1, log=True)");
    expect(text).toContain("params[\"regularizationRate\"] = trial.suggest_float(\"regularizationRate\", 0.00001, 0.1, log=True)");
    expect(text).toContain('optuna.samplers.RandomSampler(seed=seed)');
    expect(text).toContain('optuna.pruners.SuccessiveHalvingPruner(min_resource=7, reduction_factor=3)');
    expect(text).toContain('DIRECTION = "maximize"');
    expect(minResource(60)).toBe(7);
    expect(evaluationSteps(study())).toEqual([5, 7, 10, 15, 20, 21, 25, 30, 35, 40, 45, 50, 55, 60]);
    expect(optunaScriptName(study())).toBe('optiplay-study-spiral-random.py');
    // one copy of the training Python: the PyTorch export's step, not a second one
    expect(text.match(/^def train_step\(/gm)).toHaveLength(1);
  });

  it('writes TPE, grid, Hyperband and the size objective as Optuna spells them', () => {
    expect(optunaScript(study({ method: 'tpe' }))).toContain('optuna.samplers.TPESampler(seed=seed, n_startup_trials=10, n_ei_candidates=24)');
    const grid = optunaScript(study({ method: 'grid', gridPoints: 3, space: [settings.space[0], { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam'] } }] }));
    expect(grid).toContain('optuna.samplers.GridSampler({"learningRate": [0.001, 0.0316227766017, 1], "optimizer": ["sgd", "adam"]}, seed=seed)');
    expect(grid).toContain('params["optimizer"] = trial.suggest_categorical("optimizer", ["sgd", "adam"])');
    expect(optunaScript(study({ earlyStopping: 'hyperband' }))).toContain('optuna.pruners.HyperbandPruner(min_resource=7, max_resource=60, reduction_factor=3)');
    expect(optunaScript(study({ earlyStopping: 'none' }))).toContain('optuna.pruners.NopPruner()');
    expect(optunaScript(study({ objective: 'accuracy-at-size', sizeLimitBytes: 500 }))).toContain('SIZE_LIMIT_BYTES = 500');
  });

  it('refuses what it cannot export, in a sentence', () => {
    expect(() => optunaScript({ ...study(), base: { ...base, dataset: 'csv' } })).toThrow(/needs the table/);
    expect(() => optunaScript({ ...study(), base: { ...base, prune: true, pruneMethod: 'neuron-l2' } })).toThrow(/prunes weights by magnitude only/);
    expect(() => optunaScript({ ...study(), base: validateConfig({ ...base, dataset: 'sine' }).config })).toThrow(/objective must be the test loss/);
    expect(() => optunaScript(study({ space: [{ name: 'optimizer', dist: { kind: 'categorical', choices: ['lbfgs'] } }] }))).toThrow(/optimizer cannot take the value "lbfgs"/);
  });
});

describe.skipIf(!hasOptuna)('Optuna script run with python3', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'optiplay-optuna-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the study's script under its own name (optiplay-study-….py) and runs it; returns stdout. */
  function run(record: StudyRecord, args: string[]): string {
    const name = optunaScriptName(record);
    writeFileSync(join(dir, name), optunaScript(record));
    const r = spawnSync(PYTHON, [name, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  }
  const summary = (out: string) => {
    const m = out.match(/^trials: (\d+) \(complete (\d+), pruned (\d+), failed (\d+)\)$/m);
    expect(m, out).not.toBeNull();
    return { total: Number(m![1]), complete: Number(m![2]), pruned: Number(m![3]), failed: Number(m![4]) };
  };
  const best = (out: string) => {
    const m = out.match(/^best value: (\S+) params: (\{.*\})$/m);
    expect(m, out).not.toBeNull();
    return { value: Number(m![1]), params: JSON.parse(m![2]) as Record<string, number> };
  };
  const trialLines = (out: string) => [...out.matchAll(/^trial (\d+): (complete|pruned|fail), value (\S+), params (\{.*\})$/gm)].map((m) => ({ n: Number(m[1]), state: m[2], value: Number(m[3]) }));

  it('runs 3 trials of random search with ASHA into sqlite; a second run on the same storage continues the study (6 trials)', () => {
    const storage = `sqlite:///${join(dir, 's.db')}`;
    const first = run(study(), ['--n-trials', '3', '--storage', storage]);
    console.log(first.trim());
    expect(first).toMatch(/^study optiplay-spiral-random \(maximize\) in .*: 0 trials stored; running 3 more$/m);
    expect(summary(first)).toMatchObject({ total: 3, failed: 0 });
    expect(summary(first).complete).toBeGreaterThanOrEqual(1); // the first trial has nothing to lose to
    const b = best(first);
    const complete = trialLines(first).filter((t) => t.state === 'complete');
    expect(b.value).toBeCloseTo(Math.max(...complete.map((t) => t.value)), 3);
    expect(b.value).toBeGreaterThan(40); // two interleaved spirals: chance is 50%
    expect(b.value).toBeLessThanOrEqual(100);
    expect(b.params.learningRate).toBeGreaterThanOrEqual(1e-3);
    expect(b.params.learningRate).toBeLessThanOrEqual(1);
    expect(b.params.regularizationRate).toBeGreaterThanOrEqual(1e-5);
    expect(b.params.regularizationRate).toBeLessThanOrEqual(0.1);

    const second = run(study(), ['--n-trials', '3', '--storage', storage]);
    expect(second).toMatch(/: 3 trials stored; running 3 more$/m);
    expect(summary(second).total).toBe(6);
    expect(trialLines(second).map((t) => t.n)).toEqual([3, 4, 5]);
    expect(best(second).value).toBeGreaterThanOrEqual(b.value);
  }, 60_000);

  it('minimizes the test loss with TPE (two seeds per configuration)', () => {
    const out = run(study({ method: 'tpe', objective: 'test-loss', earlyStopping: 'hyperband', trials: 6, seedsPerConfig: 2 }, 'minimize'), ['--storage', `sqlite:///${join(dir, 't.db')}`]);
    console.log(out.trim());
    expect(out).toMatch(/^study optiplay-spiral-tpe \(minimize\) in /m);
    expect(summary(out)).toMatchObject({ total: 3, failed: 0 }); // 6 trials = 3 configurations × 2 seeds
    const complete = trialLines(out).filter((t) => t.state === 'complete');
    const b = best(out);
    expect(b.value).toBeCloseTo(Math.min(...complete.map((t) => t.value)), 4);
    expect(b.value).toBeGreaterThan(0);
    expect(b.value).toBeLessThan(2); // cross-entropy of two classes starts near ln 2
  }, 60_000);

  it('a trial that prunes and quantizes (Sparsity, Bits) prunes gradually and trains quantization-aware, as the sweep’s Trainer does', async () => {
    const space: SearchParam[] = [
      { name: 'sparsity', dist: { kind: 'categorical', choices: [0.8] } },
      { name: 'bits', dist: { kind: 'categorical', choices: [4] } },
    ];
    const record = study({ method: 'grid', earlyStopping: 'none', trials: 1, objective: 'test-loss', space }, 'minimize');
    expect(optunaScript(record)).toContain('PRUNE_SCHEDULE = {"pruneMethod": "magnitude", "pruneSchedule": "gradual", "pruneStart": 0, "pruneSteps": 50, "pruneEvery": 5, "rewind": False}');
    const out = run(record, ['--storage', `sqlite:///${join(dir, 'c.db')}`]);
    const config = trialConfig(base, { sparsity: 0.8, bits: 4 }, settings.stepsPerTrial);
    const t = await Trainer.create(setupRun(config), { create: async (init) => ({ backend: createCpuBackend(init) }) });
    for (let i = 0; i < settings.stepsPerTrial; i++) {
      if (t.compressionDue()) await t.compress();
      t.doStep();
    }
    const engine = (await t.evaluate(false))!.points[0].testLoss;
    const script = best(out).value;
    console.log(`sparsity 0.8, 4 bits, test loss after ${settings.stepsPerTrial} steps: script ${script}, engine ${engine}`);
    expect(script).toBeCloseTo(engine, 3);
    t.destroy();
  }, 60_000);

  it('a trial of the base seed lands on the engine’s test loss (same initial weights, batches and steps)', async () => {
    const record = study({ method: 'grid', earlyStopping: 'none', trials: 1, objective: 'test-loss', space: [{ name: 'learningRate', dist: { kind: 'categorical', choices: [0.3] } }] }, 'minimize');
    const out = run(record, ['--storage', `sqlite:///${join(dir, 'g.db')}`]);
    const engine = await trainedCheckpoint(trialConfig(base, { learningRate: 0.3 }, settings.stepsPerTrial), settings.stepsPerTrial);
    const script = best(out).value;
    console.log(`one grid trial, test loss after ${settings.stepsPerTrial} steps: script ${script}, engine ${engine.evaluation.testLoss}`);
    expect(engine.evaluation.testLoss).toBeLessThan(0.69); // it trained
    expect(script).toBeCloseTo(engine.evaluation.testLoss, 4);
  }, 60_000);
});
