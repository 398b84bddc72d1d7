/// <reference lib="webworker" />
/**
 * The Sweep page's worker: owns one study (engine/search/sweep.ts) on populations of trials — WebGPU
 * (gpu/population.ts) when an adapter is found, else the CPU twin with a notice saying why; trials that
 * prune or quantize on single-run backends of the same device — and posts
 * its progress at most every PROGRESS_MS. The study trains in chunks of about CHUNK_MS between which
 * messages (Stop sweep) are taken. On 2-D data each finished trial's decision boundary is drawn here,
 * on the CPU, from its final weights.
 */
import { outputGrid } from '../../engine/datasets';
import { forward } from '../../engine/fastNetwork';
import type { MnistRaw } from '../../engine/mnist';
import { createCpuBackend } from '../../engine/cpuBackend';
import { createCpuPopulation } from '../../engine/population/cpuPopulation';
import type { PopulationInit } from '../../engine/population/types';
import { GRID_2D } from '../../engine/run';
import { Sweep, type FinalWeights, type PopulationFactory } from '../../engine/search/sweep';
import { loadMnist, mnistAssetUrl } from '../../data/loadMnist';
import { adapterName, findAdapter, requestDevice } from '../../gpu/device';
import { createGpuBackend } from '../../gpu/gpuBackend';
import { createGpuPopulation } from '../../gpu/population';
import type { BackendFactory } from '../../engine/train/trainer';
import { MnistSource } from '../../worker/dataLoader';
import type { BoundaryThumb, FromSweep, ToSweep } from './sweepProtocol';

const PROGRESS_MS = 250;
const CHUNK_MS = 60;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromSweep, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

let assetBase: string | null = null;
const mnist = new MnistSource(
  (progress) => loadMnist(mnistAssetUrl(assetBase ?? scope.location.href), progress),
  (loaded, total) => post({ type: 'loading', what: 'MNIST', loaded, total }),
);

let study: { sweep: Sweep; generation: number; started: number; stopped: boolean } | null = null;
let generation = 0;
let gpu: { device: GPUDevice; name: string } | null = null;
let cpuReason: string | null = null;

/** The GPU device while WebGPU works (asked for once; the page is told which backend trains, once). */
async function device(): Promise<{ device: GPUDevice; name: string } | null> {
  if (!cpuReason && !gpu) {
    const found = await findAdapter();
    if ('reason' in found) cpuReason = found.reason;
    else {
      try {
        const dev = await requestDevice(found.adapter, { largestBuffer: 0 });
        dev.lost.then((info) => {
          if (info.reason === 'destroyed') return;
          gpu = null;
          cpuReason = `The GPU device was lost${info.message ? ` (${info.message})` : ''}`;
          post({ type: 'error', message: `${cpuReason}. Start the sweep again to train it on the CPU.` });
        });
        gpu = { device: dev, name: adapterName(found.adapter) };
        post({ type: 'backend', kind: 'webgpu', name: gpu.name });
      } catch (e) {
        cpuReason = `WebGPU failed to start (${(e as Error).message})`;
      }
    }
    if (cpuReason) post({ type: 'backend', kind: 'cpu', name: 'CPU', notice: `${cpuReason}, so the sweep trains on the CPU: the same math, only slower.` });
  }
  return cpuReason ? null : gpu;
}

/** Populations: WebGPU while it works, else the CPU twin. */
const factory: PopulationFactory = {
  async create(init: PopulationInit) {
    const g = await device();
    return g ? createGpuPopulation(g.device, init) : createCpuPopulation(init);
  },
};

/** Single-run backends for the trials that prune or quantize (engine/search/soloTrial.ts). */
const backends: BackendFactory = {
  async create(init, batch) {
    const g = await device();
    return { backend: g ? createGpuBackend(g.device, g.name, init, batch) : createCpuBackend(init) };
  },
};

scope.onmessage = (e: MessageEvent<ToSweep>) => {
  const msg = e.data;
  if (msg.type === 'stop') {
    if (study) {
      study.stopped = true;
      study.sweep.stop();
    }
    return;
  }
  if (msg.forceCpu && !cpuReason) cpuReason = 'The page asked for the CPU (?backend=cpu)';
  if (msg.assetBase) assetBase = msg.assetBase;
  void start(msg.base, msg.settings).catch((err: unknown) => post({ type: 'error', message: (err as Error).message ?? String(err) }));
};

async function start(base: Extract<ToSweep, { type: 'start' }>['base'], settings: Extract<ToSweep, { type: 'start' }>['settings']): Promise<void> {
  const gen = ++generation;
  study?.sweep.destroy();
  study = null;
  let raw: MnistRaw | undefined;
  if (base.dataset === 'mnist') raw = await mnist.get();
  if (base.dataset === 'csv') throw new Error('A sweep on your own CSV table is not offered on this page: its data lives in the playground tab. Sweep a generated dataset or MNIST.');
  const sweep = await Sweep.create(base, settings, factory, { keepFinal: true, backends }, raw);
  if (gen !== generation) return sweep.destroy();
  study = { sweep, generation: gen, started: performance.now(), stopped: false };
  await run(study);
}

async function run(s: NonNullable<typeof study>): Promise<void> {
  let lastPost = 0;
  let steps = 1;
  let rate = 0;
  let prevSteps = 0;
  let prevAt = performance.now();
  while (s.generation === generation && !s.sweep.done()) {
    const t0 = performance.now();
    await s.sweep.advance(steps);
    const ms = performance.now() - t0;
    steps = Math.max(1, Math.min(500, Math.round(ms > 0 ? (steps * CHUNK_MS) / ms : steps * 2)));
    thumbs(s.sweep.takeFinals());
    const now = performance.now();
    if (now - lastPost > PROGRESS_MS) {
      const done = s.sweep.trials.reduce((a, t) => a + t.steps, 0);
      if (now - prevAt > 500) {
        const r = ((done - prevSteps) * 1000) / (now - prevAt);
        rate = rate === 0 ? r : rate + 0.3 * (r - rate);
        prevSteps = done;
        prevAt = now;
      }
      report(s, rate);
      lastPost = now;
    }
    await new Promise((r) => setTimeout(r, 0)); // let Stop sweep in
  }
  if (s.generation === generation) {
    thumbs(s.sweep.takeFinals());
    report(s, rate);
  }
}

function report(s: NonNullable<typeof study>, stepsPerSecond: number): void {
  const { sweep } = s;
  const record = sweep.record();
  const rungs: Record<number, number[]> = {};
  for (const t of sweep.trials) rungs[t.id] = sweep.rungs(t).filter((r) => r < sweep.settings.stepsPerTrial);
  const per = sweep.settings.stepsPerTrial;
  const stepsLeft = s.stopped ? 0 : sweep.running().reduce((a, t) => a + per - t.steps, 0) + Math.max(0, sweep.settings.trials - sweep.trials.length) * per;
  post({ type: 'progress', progress: { record, rungs, done: sweep.done(), stopped: s.stopped, elapsedMs: performance.now() - s.started, stepsPerSecond, stepsLeft } });
}

/** Each finished 2-D trial's output on the output grid (the playground's picture, small). */
function thumbs(finals: FinalWeights[]): void {
  const out: BoundaryThumb[] = [];
  for (const f of finals) {
    if (f.data.inputDim !== 2 || f.data.task !== 'classification') continue;
    const grid = outputGrid(f.data, GRID_2D); // x: [size², 2]
    const Z = forward(f.spec, f.layout, f.params, grid.x, grid.rows).at(-1)!; // [size², classes]
    const k = f.data.outputDim;
    // [size²]: P(class 1) for two classes (softmax of the two logits), else the predicted class
    const values = new Float32Array(grid.rows);
    for (let i = 0; i < grid.rows; i++) {
      if (k === 2) {
        values[i] = 1 / (1 + Math.exp(Z[i * 2] - Z[i * 2 + 1]));
        continue;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (Z[i * k + c] > Z[i * k + best]) best = c;
      values[i] = best;
    }
    out.push({ id: f.trial.id, size: grid.size, values, classes: k });
  }
  if (out.length) post({ type: 'thumbs', thumbs: out }, out.map((t) => t.values.buffer));
}
