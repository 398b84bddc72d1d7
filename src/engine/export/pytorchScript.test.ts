/**
 * The PyTorch export, run for real: the generated script and the safetensors export written to a temp
 * folder with the MNIST IDX files, run with Debian's python3 + torch (OPTIPLAY_PYTHON overrides). It must
 * print the backend's test accuracy (same count of correct digits); with --train-steps it goes on training
 * and --save writes a file Import model reads. On toy data with full batches (no sampling), 20 more steps
 * in PyTorch land on the same weights as 20 more steps in the engine, for every optimizer, regularization,
 * schedule, and a pruned QAT model. Without torch the tests skip with a message, and fail under CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { validateConfig, type RunConfig } from '../config';
import type { QuantRecord } from '../checkpoint';
import { loadMnistNode, mnistDataDir } from '../mnistNode';
import { effectiveBatch, stepSettings } from '../run';
import { exportFiles } from './index';
import { checkpointFromSafetensors } from './safetensors';
import { trainedCheckpoint, type TrainedCheckpoint } from './testCheckpoint';

const PYTHON = process.env.OPTIPLAY_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
const hasTorch = probe.status === 0;
const why = `${PYTHON} with torch and numpy is needed for the PyTorch export tests (set OPTIPLAY_PYTHON to another interpreter): ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}`;
if (!hasTorch && !process.env.CI) console.warn(`Skipping the PyTorch export tests: ${why}`);

it.runIf(!hasTorch && !!process.env.CI)('has python3 with torch (required under CI)', () => {
  throw new Error(why);
});

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'optiplay-pytorch-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the run's .py and .safetensors into `into` and runs the script there; returns its stdout. */
function runScript(run: TrainedCheckpoint, into: string, args: string[]): string {
  mkdirSync(into, { recursive: true });
  const py = exportFiles(run.ckpt, 'pytorch'), st = exportFiles(run.ckpt, 'safetensors');
  writeFileSync(join(into, py.name), py.bytes);
  writeFileSync(join(into, st.name), st.bytes);
  const r = spawnSync(PYTHON, [py.name, ...args], { cwd: into, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${py.name} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

const accuracyLines = (out: string) => [...out.matchAll(/^test accuracy: (\d+\.\d\d)% \((\d+)\/(\d+)\)$/gm)].map((m) => ({ pct: Number(m[1]), correct: Number(m[2]), n: Number(m[3]) }));

describe.skipIf(!hasTorch)('PyTorch script on MNIST', () => {
  let run: TrainedCheckpoint;
  beforeAll(async () => {
    const config = validateConfig({ dataset: 'mnist', samples: 2000, hidden: [32], optimizer: 'adam', learningRate: 0.003, batchSize: 64 }).config;
    run = await trainedCheckpoint(config, 150, { mnist: loadMnistNode() });
  }, 30_000);

  it('prints the same test accuracy as the engine, reading the IDX files from ./mnist', () => {
    const at = join(dir, 'mnist-run');
    mkdirSync(at);
    symlinkSync(mnistDataDir(), join(at, 'mnist'));
    const out = runScript(run, at, []);
    const lines = accuracyLines(out);
    const engine = Math.round(run.evaluation.testAccuracy! * run.setup.data.test.n);
    console.log(`python: ${out.match(/^test accuracy.*$/m)![0]}; engine: ${engine}/${run.setup.data.test.n}`);
    expect(lines).toEqual([{ pct: Number(((100 * engine) / 2000).toFixed(2)), correct: engine, n: 2000 }]);
  }, 30_000);

  it('--train-steps 20 goes on training from .gz files and prints the accuracy again; --save writes a file Import model reads', () => {
    const gz = join(dir, 'gz');
    mkdirSync(gz);
    for (const f of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) {
      writeFileSync(join(gz, `${f}.gz`), gzipSync(readFileSync(join(mnistDataDir(), f)), { level: 1 }));
    }
    const out = runScript(run, join(dir, 'train-run'), ['--data', gz, '--train-steps', '20', '--test-count', '1000', '--save', 'more.safetensors']);
    const lines = accuracyLines(out);
    expect(lines.length).toBe(2);
    expect(lines.every((l) => l.n === 1000)).toBe(true);
    expect(lines[1].correct).toBeGreaterThan(700);
    expect(out).toMatch(/^trained 20 more steps \(adam, batch 64\); last batch loss [\d.e-]+$/m);
    const back = checkpointFromSafetensors(readFileSync(join(dir, 'train-run', 'more.safetensors')));
    expect(back.step).toBe(170);
    expect(back.optimizerSteps).toBe(170);
    expect(back.config).toEqual(run.ckpt.config);
    expect(back.state).not.toBeNull();
  }, 30_000);

  it('fails with a clear message when the MNIST files are not there', () => {
    expect(() => runScript(run, join(dir, 'no-data'), ['--data', join(dir, 'nowhere')])).toThrow(/MNIST file t10k-images-idx3-ubyte \(or t10k-images-idx3-ubyte.gz\) not found/);
  });
});

/** Full-batch toy runs: the batch is every training row in order, in the engine and in the script. */
describe.skipIf(!hasTorch)('PyTorch script continues training exactly as the engine does', () => {
  const base = { dataset: 'spiral', samples: 300, batchSize: 5000, hidden: [10, 6], activation: 'tanh', noise: 0.1 };
  const cases: Array<[string, Partial<RunConfig> & Record<string, unknown>, { prune?: number; quant?: QuantRecord }]> = [
    ['adam + L2 + cosine schedule', { optimizer: 'adam', learningRate: 0.02, regularization: 'l2', regularizationRate: 0.003, schedule: 'cosine', totalSteps: 50, minLrFactor: 0.1 }, {}],
    ['nesterov momentum with dampening + L1', { optimizer: 'momentum', learningRate: 0.05, momentum: 0.8, nesterov: true, dampening: 0.2, regularization: 'l1', regularizationRate: 0.001 }, {}],
    ['centered rmsprop + step schedule', { optimizer: 'rmsprop', learningRate: 0.003, beta2: 0.95, centered: true, schedule: 'step', stepSize: 15, gamma: 0.5 }, {}],
    ['adagrad + warm-up', { optimizer: 'adagrad', learningRate: 0.05, epsilon: 1e-10, schedule: 'warmup', warmupSteps: 50, activation: 'relu' }, {}],
    ['adamw, sigmoid, MSE', { optimizer: 'adamw', learningRate: 0.01, weightDecay: 0.1, activation: 'sigmoid', loss: 'mse' }, {}],
    ['sgd on 1-D regression (sine)', { dataset: 'sine', optimizer: 'sgd', learningRate: 0.1 }, {}],
    ['adam, 50% pruned, 4-bit per-channel affine QAT', { optimizer: 'adam', learningRate: 0.01 }, { prune: 0.5, quant: { bits: [4, 4, 8], scheme: 'affine', perChannel: true, mode: 'aware' } }],
  ];

  it.each(cases)('%s', async (name, extra, options) => {
    const config = validateConfig({ ...base, ...extra }).config;
    const run = await trainedCheckpoint(config, 40, options);
    const at = join(dir, name.replace(/\W+/g, '-'));
    const out = runScript(run, at, ['--train-steps', '20', '--save', 'after.safetensors']);
    // Before training: the stored weights give the engine's numbers.
    const n = run.setup.data.test.n;
    if (run.setup.data.task === 'classification') expect(accuracyLines(out)[0].correct).toBe(Math.round(run.evaluation.testAccuracy! * n));
    else expect(Number(out.match(/^test MSE: (\S+) \(n=(\d+)\)$/m)![1])).toBeCloseTo(run.evaluation.testLoss, 5);
    // 20 more steps in the engine, same settings and clocks.
    for (let s = 40; s < 60; s++) run.backend.step(run.setup.sampler.next(effectiveBatch(config, run.setup.data)), stepSettings(config, s));
    const engine = await run.backend.readParams();
    const back = checkpointFromSafetensors(readFileSync(join(at, 'after.safetensors')));
    expect(back.step).toBe(60);
    let diff = 0, moved = 0;
    for (let i = 0; i < engine.length; i++) {
      diff = Math.max(diff, Math.abs(engine[i] - back.params[i]));
      moved = Math.max(moved, Math.abs(engine[i] - run.ckpt.lanes[0].params[i]));
    }
    console.log(`${name}: max |engine − torch| after 20 steps ${diff.toExponential(2)} (weights moved up to ${moved.toExponential(2)})`);
    expect(moved).toBeGreaterThan(1e-3);
    expect(diff).toBeLessThanOrEqual(1e-5);
    if (options.prune) expect(Array.from(back.params).filter((v, i) => run.ckpt.compressor.mask![i] === 0 && v !== 0)).toEqual([]);
  }, 30_000);
});
