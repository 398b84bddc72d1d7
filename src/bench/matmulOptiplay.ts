/**
 * OptiPlay's matmul kernel (gpu/kernels/matmul.ts) timed the way a training step uses it: `reps`
 * dispatches recorded in one compute pass, one submit, then wait for the queue.
 *   plain:   C = A·B, A [M,K], B [K,N]                 (the square rows)
 *   forward: Y = relu(X·Wᵀ + b), X [M,K], W [N,K]     (the LeNet rows: the real layer kernel)
 */
import { storageBuffer, uniformBuffer } from '../gpu/buffers';
import { matmulDispatch } from '../gpu/kernels/matmul';
import { encodeDispatches } from '../gpu/pipelines';
import { checkSample, transpose, type MatmulProblem } from './reference';
import { repsPerSecond, scale, type Rate } from './timing';

export type MatmulForm = 'plain' | 'forward';

async function readBack(device: GPUDevice, src: GPUBuffer, floats: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: floats * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, 0, staging, 0, floats * 4);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return out;
}

/** GFLOP/s (2·M·K·N per product) after a warm-up and a sampled correctness check. */
export async function optiplayMatmul(device: GPUDevice, p: MatmulProblem, form: MatmulForm): Promise<Rate> {
  const { M, K, N } = p;
  const forward = form === 'forward';
  const own: GPUBuffer[] = [];
  const keep = (b: GPUBuffer) => (own.push(b), b);
  const A = keep(storageBuffer(device, 'bench A', M * K * 4, p.A));
  const B = keep(storageBuffer(device, 'bench B', K * N * 4, forward ? transpose(p.B, K, N) : p.B));
  const bias = keep(storageBuffer(device, 'bench bias', N * 4));
  const C = keep(storageBuffer(device, 'bench C', M * N * 4));
  const dims = keep(uniformBuffer(device, 'bench dims', [M, K, N, 0]));
  const d = matmulDispatch(device, forward ? { transB: true, bias: true, act: 'relu', K } : { K }, { dims, A, B, bias, aux: bias, C }, M, N);
  const run = async (reps: number) => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (let i = 0; i < reps; i++) encodeDispatches(pass, [d]);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  try {
    await run(2);
    checkSample(p, await readBack(device, C, M * N), `optiplay ${form} ${M}x${K}x${N}`, forward ? (z) => Math.max(z, 0) : undefined);
    const rate = await repsPerSecond(run, { minReps: 2 });
    return scale(rate, (2 * M * K * N) / 1e9);
  } finally {
    own.forEach((b) => b.destroy());
  }
}
