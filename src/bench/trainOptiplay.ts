/**
 * OptiPlay's training throughput through its real backends (the TrainingBackend the worker drives):
 * steps are enqueued in chunks and at most one chunk waits behind the GPU, as in trainer.worker.ts.
 */
import type { TrainingBackend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpuBackend';
import { stepSettings } from '../engine/run';
import { createGpuBackend } from '../gpu/gpuBackend';
import { lenet, type Lenet } from './lenet';
import { repsPerSecond, scale, type Rate } from './timing';

const CHUNK = 4;

/** Runs `steps` steps; resolves when the backend has finished them. */
export async function trainSteps(backend: TrainingBackend, net: Lenet, batch: number, steps: number, done: { n: number }): Promise<void> {
  let queued: Promise<void> | null = null;
  for (let s = 0; s < steps; ) {
    for (let c = 0; c < CHUNK && s < steps; c++, s++) backend.step(net.batches.next(batch), stepSettings(net.config, done.n++));
    const settled = backend.settled();
    if (queued) await queued;
    queued = settled;
  }
  await queued;
}

async function checkTrains(backend: TrainingBackend, label: string): Promise<void> {
  const r = await backend.evaluate(false);
  const loss = r?.evaluation.trainLoss ?? NaN;
  if (!Number.isFinite(loss) || loss <= 0) throw new Error(`${label}: training loss is ${loss} after warm-up`);
}

/** Samples per second of the GPU backend (device given) or of the CPU engine (null), after a warm-up. */
export async function optiplayTraining(device: GPUDevice | null, batch: number): Promise<Rate> {
  const net = lenet(batch);
  const backend = device ? createGpuBackend(device, 'bench', net.init, batch) : createCpuBackend(net.init);
  const label = device ? 'optiplay' : 'optiplay-cpu';
  const done = { n: 0 };
  try {
    await trainSteps(backend, net, batch, device ? 8 : 2, done);
    await checkTrains(backend, label);
    const rate = await repsPerSecond((reps) => trainSteps(backend, net, batch, reps, done), { targetMs: 1500, minReps: device ? 4 : 1, maxReps: 400 });
    return scale(rate, batch);
  } finally {
    backend.destroy();
  }
}
