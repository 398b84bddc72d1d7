/**
 * `optiplay-auto`: the backend the page chooses for the person (worker/backendRace.ts), measured like the
 * others. The race runs as the worker runs it at the start of a run (a few timed steps of this model and
 * batch on WebGPU and on the CPU engine, the faster wins), then the winner's throughput is measured with
 * the same warm-up and timing as the `optiplay` and `optiplay-cpu` rows. The row records which backend
 * won and both race figures.
 */
import { createGpuBackend } from '../gpu/gpuBackend';
import { createFastCpuBackend } from '../engine/wasm/wasmBackend';
import { decide, race, trialOf, type BackendKind } from '../worker/backendRace';
import { lenet } from './lenet';
import { optiplayTraining } from './trainOptiplay';
import type { Rate } from './timing';

export interface AutoRate extends Rate {
  chosen: BackendKind;
  /** The race's samples/s per backend. */
  race: { webgpu: number | null; cpu: number | null };
}

export async function autoTraining(device: GPUDevice, batch: number): Promise<AutoRate> {
  const net = lenet(batch);
  const setup = { config: net.config, data: net.init.data, init: net.init };
  const readings = await race([
    { kind: 'cpu', make: () => createFastCpuBackend(net.init) },
    { kind: 'webgpu', make: () => createGpuBackend(device, 'bench-auto', net.init, batch) },
  ], trialOf(setup));
  const { kind } = decide('auto', readings, null);
  const rate = await optiplayTraining(kind === 'webgpu' ? device : null, batch);
  return { ...rate, chosen: kind, race: { webgpu: readings.webgpu, cpu: readings.cpu } };
}
