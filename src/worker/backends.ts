/**
 * Picks the backend for a run: WebGPU when an adapter exists and the model fits its limits, else the
 * CPU engine with a notice saying why. Keeps one device across runs and reports a lost device once; the
 * next create() asks for a new adapter and device (the CPU only when none comes back).
 */
import { BackendLimitError, type BackendInit, type TrainingBackend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpuBackend';
import { adapterName, checkAdapterLimits, deviceFits, findAdapter, requestDevice, type GpuNeeds } from '../gpu/device';
import { createGpuBackend } from '../gpu/gpuBackend';
import { evalRows, largestBuffer } from '../gpu/network';

export interface Chosen {
  backend: TrainingBackend;
  /** Why the CPU is used, when it is. */
  notice?: string;
}

export interface BackendChooser {
  /** Throws BackendLimitError when the model does not fit the GPU. */
  create(init: BackendInit, batch: number): Promise<Chosen>;
  /** After this, every run uses the CPU with this reason. */
  useCpu(reason: string): void;
  /** Tests: destroys the device as if the browser had lost it (reported like a real loss). False when none is in use. */
  loseDevice(): boolean;
}

const CPU_SUFFIX = 'so OptiPlay trains on the CPU: the same math, only slower.';

export function createBackendChooser(onDeviceLost: (message: string) => void, onGpuError: (message: string) => void): BackendChooser {
  let cpuReason: string | null = null;
  let gpu: { device: GPUDevice; name: string } | null = null;
  /** A device being destroyed by loseDevice(): its loss is reported although its reason reads 'destroyed'. */
  let simulated: GPUDevice | null = null;

  async function device(needs: GpuNeeds) {
    if (gpu && deviceFits(gpu.device, needs)) return gpu;
    const found = await findAdapter();
    if ('reason' in found) {
      cpuReason = found.reason;
      return null;
    }
    checkAdapterLimits(found.adapter, needs);
    const dev = await requestDevice(found.adapter, needs);
    const name = adapterName(found.adapter);
    gpu?.device.destroy();
    gpu = { device: dev, name };
    dev.lost.then((info) => {
      if ((info.reason === 'destroyed' && simulated !== dev) || gpu?.device !== dev) return;
      gpu = null;
      onDeviceLost(`The GPU device was lost${info.message && simulated !== dev ? ` (${info.message})` : simulated === dev ? ' (destroyed on purpose, as a test)' : ''}`);
    });
    dev.onuncapturederror = (ev) => onGpuError(`GPU error: ${ev.error.message}`);
    return gpu;
  }

  return {
    async create(init, batch) {
      if (!cpuReason) {
        const rows = Math.max(evalRows(init), batch);
        try {
          const g = await device({ largestBuffer: largestBuffer(init, rows) });
          if (g) return { backend: createGpuBackend(g.device, g.name, init, batch) };
        } catch (e) {
          if (e instanceof BackendLimitError) throw e;
          cpuReason = `WebGPU failed to start (${(e as Error).message})`;
        }
      }
      return { backend: createCpuBackend(init), notice: `${cpuReason}, ${CPU_SUFFIX}` };
    },
    useCpu(reason) {
      cpuReason = reason;
    },
    loseDevice() {
      if (!gpu) return false;
      simulated = gpu.device;
      gpu.device.destroy();
      return true;
    },
  };
}
