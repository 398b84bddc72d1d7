/**
 * This device's arithmetic speed (FLOP/s), measured once per backend, so the worker can say a step's time
 * before the run's buffers are allocated (engine/estimate.ts judgeRun, which asks only for a step that
 * could take a second).
 *
 * WebGPU: the training's own matmul kernel (gpu/kernels/matmul.ts) as a forward layer uses it, a
 * GPU_SIDE-wide layer with the run's activation: run once on a thin inner dimension, which compiles the
 * pipeline (cached per device: the run's own wide layers reuse it), then timed from submit to
 * onSubmittedWorkDone with as many products in one pass as last TARGET_MS, TIMED_RUNS times, keeping the
 * fastest. CPU: the CPU engine's matmul (engine/ops/fastMatmul.ts) on CPU_SIDE³, the same way. On
 * SwiftShader (this 2-core machine) the compile takes 0.8–1.9 s, which the run would spend on its first
 * evaluation anyway, and the two timed runs 90–350 ms (a product is 0.27 GFLOP: 40–170 ms at the 1.6–6.4
 * GFLOP/s read as other work came and went); a fast GPU repeats the product up to MAX_REPS times (a lower
 * bound on its speed, which is all the verdicts need).
 *
 * A run training on the same device holds its steps while the device is measured (`alone`).
 * Readings are cached by backend and adapter name: a new device on the same adapter (after a loss, or
 * with larger limits for a larger model) is as fast, and is not measured again while a run trains on it.
 * A measurement that fails or takes over GIVE_UP_MS gives null, kept too: nothing is said before
 * training (the measured slow-step warning still comes, worker/session.ts).
 */
import type { Activation } from '../engine/config';
import { fastLinearForward } from '../engine/ops/fastMatmul';
import { matmulDispatch } from '../gpu/kernels/matmul';
import { encodeDispatches, type Dispatch } from '../gpu/pipelines';

/** M = K = N of the GPU product: 2·512³ = 0.27 GFLOP. */
export const GPU_SIDE = 512;
/** M = K = N of the CPU product: 2·128³ = 4.2 MFLOP. */
export const CPU_SIDE = 128;
/** A timed run lasts at least this long (repetitions grow until it does). */
export const TARGET_MS = 30;
/** Timed runs at that length; the fastest counts (a run can lose time to a collection or another tab). */
export const TIMED_RUNS = 2;
export const MAX_REPS = 256;
/** A measurement not done by then gives null (a device this slow to compile and run it is not judged). */
export const GIVE_UP_MS = 10_000;

const readings = new Map<string, Promise<number | null>>();

/**
 * FLOP/s from `time(reps)`, the ms that `reps` products of `flops` each take: repetitions grow until a
 * run lasts TARGET_MS (or reaches MAX_REPS), then the fastest of TIMED_RUNS such runs counts. Null when a
 * reading is not a positive finite time.
 */
export async function timeRepetitions(flops: number, time: (reps: number) => Promise<number> | number): Promise<number | null> {
  let reps = 1;
  let best = 0;
  for (let timed = 0; timed < TIMED_RUNS; ) {
    const ms = await time(reps);
    if (!(ms > 0) || !Number.isFinite(ms)) return null;
    if (ms < TARGET_MS && reps < MAX_REPS) {
      // aim 20% past the target, at least doubling
      reps = Math.min(MAX_REPS, Math.max(reps * 2, Math.ceil((reps * 1.2 * TARGET_MS) / ms)));
      continue;
    }
    best = Math.max(best, (reps * flops) / (ms / 1000));
    timed++;
  }
  return best;
}

/** The reading cached under `key`, measured by `measure` the first time (null when it fails or overruns). */
function cached(key: string, measure: () => Promise<number | null>): Promise<number | null> {
  let r = readings.get(key);
  if (!r) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overrun = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), GIVE_UP_MS)));
    r = Promise.race([Promise.resolve().then(measure).catch(() => null), overrun]).finally(() => clearTimeout(timer));
    readings.set(key, r);
  }
  return r;
}

/** Runs a measurement with the device to itself (a run training on it holds its steps meanwhile). */
export type Alone = (measure: () => Promise<number | null>) => Promise<number | null>;

/**
 * This GPU's matmul speed in FLOP/s (once per adapter name), or null; `act`: the run's first layer's.
 * `alone` wraps the measurement (a run training beside it would be timed too: on SwiftShader the toy
 * spiral run halved the reading).
 */
export function gpuSpeed(device: GPUDevice, adapterName: string, act: Activation, alone: Alone = (m) => m()): Promise<number | null> {
  return cached(`webgpu:${adapterName}`, () => alone(() => measureGpu(device, act)));
}

/** The CPU engine's matmul speed in FLOP/s (once per worker), or null. */
export function cpuSpeed(): Promise<number | null> {
  return cached('cpu', measureCpu);
}

async function measureGpu(device: GPUDevice, act: Activation): Promise<number | null> {
  const n = GPU_SIDE;
  // (gpu/buffers.ts reads GPUBufferUsage when loaded, and this module loads in Node for its tests)
  const buffer = (label: string, size: number, usage = GPUBufferUsage.STORAGE) => device.createBuffer({ label, size, usage });
  const dims = (label: string, words: number[]) => {
    const u = buffer(label, 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(u, 0, Uint32Array.from(words));
    return u;
  };
  // X: [n, n], W: [n, n] (out × in), bias: [n], Y: [n, n]; all zero (the speed does not depend on the values)
  const x = buffer('speed X', n * n * 4);
  const w = buffer('speed W', n * n * 4);
  const y = buffer('speed Y', n * n * 4);
  const bias = buffer('speed bias', n * 4);
  const full = dims('speed dims', [n, n, n, 0]);
  const thin = dims('speed dims (compile)', [n, 4, n, 0]);
  const layer = (d: GPUBuffer): Dispatch => matmulDispatch(device, { transB: true, bias: true, act, K: n }, { dims: d, A: x, B: w, bias, aux: bias, C: y }, n, n);
  const run = async (d: Dispatch, reps: number): Promise<number> => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    encodeDispatches(pass, new Array<Dispatch>(reps).fill(d));
    pass.end();
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  try {
    await run(layer(thin), 1);
    const d = layer(full);
    return await timeRepetitions(2 * n ** 3, (reps) => run(d, reps));
  } finally {
    [x, w, y, bias, full, thin].forEach((b) => b.destroy());
  }
}

function measureCpu(): Promise<number | null> {
  const n = CPU_SIDE;
  // X: [n, n], W: [n, n] (out × in), b: [n]
  const x = new Float32Array(n * n).fill(0.5);
  const w = new Float32Array(n * n).fill(0.25);
  const b = new Float32Array(n);
  const once = () => fastLinearForward(x, w, b, n, n, n, 'relu');
  once();
  return timeRepetitions(2 * n ** 3, (reps) => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) once();
    return performance.now() - t0;
  });
}
