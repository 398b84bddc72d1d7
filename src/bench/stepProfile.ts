/**
 * Where a training step's time goes. Dispatches and submits are counted by wrapping the compute pass
 * and the queue while the real backend trains; GPU time per kernel family comes from timestamp queries
 * around each dispatch of the same step (network.ts's dispatch list, each in its own pass).
 */
import type { RunConfig } from '../engine/config';
import { stepSettings } from '../engine/run';
import { writeOptimizerUniforms } from '../gpu/kernels/optimizer';
import { createRunBuffers, createWorkspace, releaseRunBuffers, trainStepDispatches, updateDispatch } from '../gpu/network';
import { encodeDispatches } from '../gpu/pipelines';
import { kernelFamily } from './kernelFamily';
import { lenet } from './lenet';
import type { StepProfile } from './results';
import { lenetTrainer, trainSteps } from './trainOptiplay';

const bump = (m: Record<string, number>, k: string, v = 1) => void (m[k] = (m[k] ?? 0) + v);

/** Counts dispatches (by family) and submits while `f` runs. */
async function counted(f: () => Promise<void>): Promise<{ dispatches: Record<string, number>; total: number; submits: number }> {
  const pass = GPUComputePassEncoder.prototype, queue = GPUQueue.prototype;
  const { setPipeline, dispatchWorkgroups } = pass, { submit } = queue;
  const out = { dispatches: {} as Record<string, number>, total: 0, submits: 0 };
  let family = '';
  pass.setPipeline = function (this: GPUComputePassEncoder, p: GPUComputePipeline) {
    family = kernelFamily(p.label);
    return setPipeline.call(this, p);
  };
  pass.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...a: Parameters<typeof dispatchWorkgroups>) {
    out.total++;
    bump(out.dispatches, family);
    return dispatchWorkgroups.apply(this, a);
  };
  queue.submit = function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
    out.submits++;
    return submit.call(this, buffers);
  };
  try {
    await f();
  } finally {
    Object.assign(pass, { setPipeline, dispatchWorkgroups });
    queue.submit = submit;
  }
  return out;
}

/** GPU milliseconds per step by family: each dispatch of one step in its own timestamped pass, averaged over `reps` steps. */
async function gpuTimes(device: GPUDevice, batch: number, reps: number): Promise<Record<string, number>> {
  const net = lenet(batch);
  const rb = createRunBuffers(device, net.init);
  const ws = createWorkspace(device, net.init, batch);
  const { list, uniforms } = trainStepDispatches(device, net.init, rb, ws, batch);
  const { hyper } = stepSettings(net.config, 0);
  const all = [...list, updateDispatch(device, net.init, rb, hyper)];
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * all.length });
  const resolve = device.createBuffer({ size: 16 * all.length, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 16 * all.length, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const ms: Record<string, number> = {};
  try {
    for (let r = 0; r < reps + 1; r++) {
      device.queue.writeBuffer(ws.idx, 0, net.batches.next(batch));
      writeOptimizerUniforms(device, rb.optimizerUniform, hyper, r + 1, net.init.layout.totalFloats);
      const enc = device.createCommandEncoder();
      all.forEach((d, i) => {
        const pass = enc.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
        encodeDispatches(pass, [d]);
        pass.end();
      });
      enc.resolveQuerySet(querySet, 0, 2 * all.length, resolve, 0);
      enc.copyBufferToBuffer(resolve, 0, read, 0, 16 * all.length);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const t = new BigInt64Array(read.getMappedRange().slice(0));
      read.unmap();
      if (r === 0) continue; // warm-up
      all.forEach((d, i) => bump(ms, kernelFamily(d.pipeline.label), Number(t[2 * i + 1] - t[2 * i]) / 1e6 / reps));
    }
    return ms;
  } finally {
    [resolve, read, ...uniforms, ...ws.buffers].forEach((b) => b.destroy());
    releaseRunBuffers(device, net.init.data, rb);
    querySet.destroy();
  }
}

/**
 * Dispatches per training step of the GPU backend on the LeNet benchmark net (`settings` on top of its
 * config, e.g. augmentation), counted over a few steps after a warm-up: the figure the training rows
 * carry as `dispatches_per_step`.
 */
export async function stepDispatches(device: GPUDevice, batch: number, settings: Partial<RunConfig> = {}): Promise<number> {
  const trainer = await lenetTrainer(lenet(batch), device, batch, settings);
  const steps = 4;
  try {
    await trainSteps(trainer, 2);
    const c = await counted(() => trainSteps(trainer, steps));
    return Number((c.total / steps).toFixed(2));
  } finally {
    trainer.destroy();
  }
}

export async function profileStep(device: GPUDevice, timestamps: boolean, batch: number): Promise<StepProfile> {
  const trainer = await lenetTrainer(lenet(batch), device, batch);
  const steps = 8;
  try {
    await trainSteps(trainer, 2);
    const c = await counted(() => trainSteps(trainer, steps));
    const t0 = performance.now();
    await trainSteps(trainer, steps);
    const stepMs = (performance.now() - t0) / steps;
    const per = (v: number) => Number((v / steps).toFixed(2));
    const dispatches = Object.fromEntries(Object.entries(c.dispatches).map(([k, v]) => [k, per(v)]));
    const gpuMs = timestamps ? await gpuTimes(device, batch, 5) : null;
    return { batch, dispatchesPerStep: per(c.total), submitsPerStep: per(c.submits), stepMs: Number(stepMs.toFixed(2)), gpuMs, dispatches };
  } finally {
    trainer.destroy();
  }
}
