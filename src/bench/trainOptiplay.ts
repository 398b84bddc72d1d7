/**
 * OptiPlay's training throughput through the playground's own Trainer (engine/train/trainer.ts) on its
 * real backends: steps are enqueued in chunks and at most one chunk waits behind the GPU, as the worker's
 * Session does.
 */
import type { BackendInit } from '../engine/backend';
import { createFastCpuBackend } from '../engine/wasm/wasmBackend';
import { Trainer, type BackendFactory } from '../engine/train/trainer';
import { createGpuBackend } from '../gpu/gpuBackend';
import { lenet, type Lenet } from './lenet';
import type { RunConfig } from '../engine/config';

/** Data augmentation as the reproduction trains with it: ±2-pixel shifts of the 28×28 digits (engine/strategies/augment.ts). */
export const AUGMENTED: Partial<RunConfig> = { dataset: 'mnist', augShift: 2 };
import { repsPerSecond, scale, type Rate } from './timing';

const CHUNK = 4;

/** A Trainer on the LeNet benchmark net, on the GPU (device given) or the CPU engine (null: the WebAssembly SIMD engine, as the page's). */
export function lenetTrainer(net: Lenet, device: GPUDevice | null, batch: number, settings: Partial<RunConfig> = {}): Promise<Trainer> {
  const factory: BackendFactory = {
    create: async (init: BackendInit) => ({ backend: device ? createGpuBackend(device, 'bench', init, batch) : await createFastCpuBackend(init) }),
  };
  return Trainer.create({ config: { ...net.config, ...settings }, data: net.init.data, init: net.init, gridSize: 0, sampler: net.batches }, factory);
}

/** Runs `steps` steps; resolves when the backend has finished them. */
export async function trainSteps(trainer: Trainer, steps: number): Promise<void> {
  let queued: Promise<void> | null = null;
  for (let s = 0; s < steps; ) {
    for (let c = 0; c < CHUNK && s < steps; c++, s++) trainer.doStep();
    const settled = trainer.settled();
    if (queued) await queued;
    queued = settled;
  }
  await queued;
}

async function checkTrains(trainer: Trainer, label: string): Promise<void> {
  const r = await trainer.evaluate(false);
  const loss = r?.points[0]?.trainLoss ?? NaN;
  if (!Number.isFinite(loss) || loss <= 0) throw new Error(`${label}: training loss is ${loss} after warm-up`);
}

/**
 * Samples per second of the GPU backend (device given) or of the CPU engine (null), after a warm-up;
 * `settings` on top of the net's config (e.g. MNIST's ±2-pixel shifts, AUGMENTED).
 */
export async function optiplayTraining(device: GPUDevice | null, batch: number, settings: Partial<RunConfig> = {}): Promise<Rate> {
  const trainer = await lenetTrainer(lenet(batch), device, batch, settings);
  const label = device ? 'optiplay' : 'optiplay-cpu';
  try {
    await trainSteps(trainer, device ? 8 : 2);
    await checkTrains(trainer, label);
    const rate = await repsPerSecond((reps) => trainSteps(trainer, reps), { targetMs: 1500, minReps: device ? 4 : 1, maxReps: 400 });
    return scale(rate, batch);
  } finally {
    trainer.destroy();
  }
}
