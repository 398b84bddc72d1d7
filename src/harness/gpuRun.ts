/** Small helpers for running one kernel outside a training step: upload, dispatch, read back. */
import { storageBuffer } from '../gpu/buffers';
import { encodeDispatches, type Dispatch } from '../gpu/pipelines';

export function upload(device: GPUDevice, data: Float32Array | Uint32Array, label = 'input'): GPUBuffer {
  return storageBuffer(device, label, data.byteLength, data);
}

export function zeros(device: GPUDevice, floats: number, label = 'output'): GPUBuffer {
  return storageBuffer(device, label, floats * 4);
}

export async function run(device: GPUDevice, dispatches: Dispatch[]): Promise<void> {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, dispatches);
  pass.end();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
}

export async function readFloats(device: GPUDevice, buffer: GPUBuffer, floats: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: Math.max(4, floats * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, 0, staging, 0, Math.max(4, floats * 4));
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0, floats * 4));
  staging.destroy();
  return out;
}

export interface Comparison {
  count: number;
  maxAbsErr: number;
  /** Elements where |gpu − cpu| > atol + rtol·|cpu|. */
  violations: number;
  /** Largest |cpu| value, so a test can tell the check was not over all-zeros. */
  maxRef: number;
  worst: { index: number; gpu: number; cpu: number } | null;
}

export function compare(gpu: ArrayLike<number>, cpu: ArrayLike<number>, atol: number, rtol: number): Comparison {
  let maxAbsErr = 0, violations = 0, maxRef = 0;
  let worst: Comparison['worst'] = null;
  if (gpu.length !== cpu.length) return { count: -1, maxAbsErr: Infinity, violations: Math.max(gpu.length, cpu.length), maxRef: 0, worst: null };
  for (let i = 0; i < cpu.length; i++) {
    const err = Math.abs(gpu[i] - cpu[i]);
    maxRef = Math.max(maxRef, Math.abs(cpu[i]));
    if (!(err <= atol + rtol * Math.abs(cpu[i]))) violations++;
    if (!(err <= maxAbsErr)) {
      maxAbsErr = Number.isNaN(err) ? Infinity : err;
      worst = { index: i, gpu: gpu[i], cpu: cpu[i] };
    }
  }
  return { count: cpu.length, maxAbsErr, violations, maxRef, worst };
}
