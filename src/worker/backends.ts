/**
 * Picks the backend for a run: WebGPU when an adapter exists and the model fits its limits, else the
 * CPU engine with a notice saying why. Keeps one device across runs and reports a lost device once; the
 * next create() asks for a new adapter and device (the CPU only when none comes back). speed() measures
 * the backend create() would pick, on the device it would use (deviceSpeed.ts), before a run is built.
 */
import { BackendLimitError, type BackendInit, type TrainingBackend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpuBackend';
import { adapterName, checkAdapterLimits, deviceFits, findAdapter, requestDevice, type GpuNeeds } from '../gpu/device';
import { createGpuBackend } from '../gpu/gpuBackend';
import { acquireData, evalRows, largestBuffer, releaseData } from '../gpu/network';
import { createGpuPopulation } from '../gpu/population';
import { createCpuPopulation } from '../engine/population/cpuPopulation';
import type { PopulationBackend, PopulationInit } from '../engine/population/types';
import { cpuSpeed, gpuSpeed, type Alone } from './deviceSpeed';

export interface Chosen {
  backend: TrainingBackend;
  /** Why the CPU is used, when it is. */
  notice?: string;
}

export interface BackendChooser {
  /** Throws BackendLimitError when the model does not fit the GPU. */
  create(init: BackendInit, batch: number): Promise<Chosen>;
  /**
   * The population a run's race lanes train on (engine/train/raceLanes.ts), after create() made lane 0's
   * backend: on lane 0's GPU device, sharing its data upload, or the CPU twin when lane 0 is on the CPU.
   * Throws BackendLimitError when it does not fit the device (the Trainer then makes a backend per lane).
   */
  createPopulation(init: PopulationInit): Promise<PopulationBackend>;
  /**
   * FLOP/s of the backend create(init, batch) would pick, measured once per backend (null: unknown). Gets
   * the device create() will then use; a failure to get one is left for create() to report. `alone`
   * gives a GPU measurement the device to itself (the run training on it holds its steps).
   */
  speed(init: BackendInit, batch: number, alone?: Alone): Promise<number | null>;
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

  const needs = (init: BackendInit, batch: number): GpuNeeds => ({ largestBuffer: largestBuffer(init, Math.max(evalRows(init), batch)) });

  return {
    async create(init, batch) {
      if (!cpuReason) {
        try {
          const g = await device(needs(init, batch));
          if (g) return { backend: createGpuBackend(g.device, g.name, init, batch) };
        } catch (e) {
          if (e instanceof BackendLimitError) throw e;
          cpuReason = `WebGPU failed to start (${(e as Error).message})`;
        }
      }
      return { backend: createCpuBackend(init), notice: `${cpuReason}, ${CPU_SUFFIX}` };
    },
    async createPopulation(init) {
      // never a new device here: lane 0 trains on the one in use
      const g = cpuReason ? null : gpu;
      if (!g) return createCpuPopulation(init);
      const data = init.data.length === 1 ? acquireData(g.device, init.data[0]) : undefined;
      try {
        const population = createGpuPopulation(g.device, init, { data });
        if (!data) return population;
        let held = true;
        return {
          ...population,
          destroy() {
            population.destroy();
            if (held) releaseData(g.device, init.data[0]);
            held = false;
          },
        };
      } catch (e) {
        if (data) releaseData(g.device, init.data[0]);
        throw e;
      }
    },
    async speed(init, batch, alone) {
      if (!cpuReason) {
        try {
          const g = await device(needs(init, batch));
          if (g) return await gpuSpeed(g.device, g.name, init.spec.layers[0].activation, alone);
        } catch {
          return null;
        }
      }
      return cpuSpeed();
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
