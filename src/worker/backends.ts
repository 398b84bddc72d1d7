/**
 * Picks the backend for a run. prepare() decides, before the run is built, between WebGPU (when an adapter
 * exists and the model fits its limits) and the CPU engine: the faster of the two on a few real steps of
 * the run's model, or the person's choice (backendRace.ts); create() then builds what was decided (the CPU
 * with a notice saying why when WebGPU cannot be used). Keeps one device across runs and reports a lost
 * device once; the next create() asks for a new adapter and device (the CPU only when none comes back).
 * speed() measures the backend the person's choice points to, on the device it would use
 * (deviceSpeed.ts), before a run is built.
 */
import { BackendLimitError, type BackendInit, type TrainingBackend } from '../engine/backend';
import { createFastCpuBackend } from '../engine/wasm/wasmBackend';
import type { RunSetup } from '../engine/run';
import { adapterName, checkAdapterLimits, deviceFits, findAdapter, requestDevice, type GpuNeeds } from '../gpu/device';
import { createGpuBackend } from '../gpu/gpuBackend';
import { acquireData, evalRows, largestBuffer, releaseData } from '../gpu/network';
import { createGpuPopulation } from '../gpu/population';
import { createCpuPopulation } from '../engine/population/cpuPopulation';
import type { PopulationBackend, PopulationInit } from '../engine/population/types';
import { BackendPicker, RACE_MAX_FLOPS, decide, trialOf, type BackendChoice, type BackendKind, type BackendReport, type Decision, type PickInput } from './backendRace';
import { cpuSpeed, gpuSpeed, type Alone } from './deviceSpeed';

export interface Chosen {
  backend: TrainingBackend;
  /** Why the CPU is used, when WebGPU cannot be. */
  notice?: string;
}

export interface BackendChooser {
  /**
   * Decides the backend of the run `setup` builds next (create() then builds it): the person's choice, or
   * the faster on a few of the run's steps (timed once per model shape, batch size and adapter; not for a
   * step over RACE_MAX_FLOPS). `alone` gives the race the device to itself (a run training on it holds its steps).
   */
  prepare(setup: Pick<RunSetup, 'config' | 'data' | 'init'>, flopsPerStep: number, alone?: <T>(measure: () => Promise<T>) => Promise<T>): Promise<Decision>;
  /**
   * A backend for the model: the one prepare() decided for its shape and batch size, else the one the run
   * trains on. Throws BackendLimitError when WebGPU was asked for and the model does not fit it.
   */
  create(init: BackendInit, batch: number): Promise<Chosen>;
  /**
   * The population a run's race lanes train on (engine/train/raceLanes.ts), after create() made lane 0's
   * backend: on lane 0's GPU device, sharing its data upload, or the CPU twin when lane 0 is on the CPU.
   * Throws BackendLimitError when it does not fit the device (the Trainer then makes a backend per lane).
   */
  createPopulation(init: PopulationInit): Promise<PopulationBackend>;
  /**
   * FLOP/s of the backend the person's choice points to (WebGPU unless it is the CPU or unavailable),
   * measured once per backend (null: unknown). Gets the device create() will then use; a failure to get one
   * is left for create() to report. `alone` gives a GPU measurement the device to itself.
   */
  speed(init: BackendInit, batch: number, alone?: Alone): Promise<number | null>;
  /** The figures and the choice of the last run prepared (as create() followed it), for the status details. */
  report(): BackendReport | undefined;
  /** The person's Backend choice (backendRace.ts), for the runs prepared from now on. */
  prefer(choice: BackendChoice): void;
  readonly choice: BackendChoice;
  /** After this, every run uses the CPU with this reason. */
  useCpu(reason: string): void;
  /** Tests: destroys the device as if the browser had lost it (reported like a real loss). False when none is in use. */
  loseDevice(): boolean;
}

/** The CPU engine (the one place it is made: the WebAssembly engine, made asynchronously, comes in here). */
const makeCpu = (init: BackendInit): Promise<TrainingBackend> => createFastCpuBackend(init);

/** What prepare() decides is looked up by the model's shape, its loss and the batch size. */
const shapeKey = (init: BackendInit, batch: number) => JSON.stringify([init.spec, init.loss, batch]);

export function createBackendChooser(onDeviceLost: (message: string) => void, onGpuError: (message: string) => void): BackendChooser {
  let cpuReason: string | null = null;
  let gpu: { device: GPUDevice; name: string } | null = null;
  /** A device being destroyed by loseDevice(): its loss is reported although its reason reads 'destroyed'. */
  let simulated: GPUDevice | null = null;
  const picker = new BackendPicker();
  /** prepare()'s decisions by shapeKey; the backend the last create() made. */
  const plans = new Map<string, Decision>();
  let lastKind: BackendKind | null = null;
  /** The last decision (the run being built: its lanes of another shape, and the Fuse area's models, follow it). */
  let latest: Decision | null = null;

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

  /** The GPU for this model, or why not (no adapter, failed to start: cpuReason; does not fit: limit). */
  async function gpuFor(init: BackendInit, batch: number): Promise<{ device: GPUDevice; name: string } | { unavailable: string; limit: boolean }> {
    if (!cpuReason) {
      try {
        const g = await device(needs(init, batch));
        if (g) return g;
      } catch (e) {
        if (e instanceof BackendLimitError) return { unavailable: e.message.replace(/\.$/, ''), limit: true };
        cpuReason = `WebGPU failed to start (${(e as Error).message})`;
      }
    }
    return { unavailable: cpuReason ?? 'WebGPU is not available here', limit: false };
  }

  return {
    get choice() {
      return picker.choice;
    },
    async prepare(setup, flopsPerStep, alone) {
      const { init } = setup;
      const trial = trialOf(setup);
      const g = await gpuFor(init, trial.batch);
      const input: PickInput = {
        key: `${shapeKey(init, trial.batch)} on ${'name' in g ? g.name : 'no GPU'}`,
        trial: flopsPerStep > RACE_MAX_FLOPS ? null : trial,
        cpu: { kind: 'cpu', make: () => makeCpu(init) },
        gpu: 'device' in g ? { kind: 'webgpu', make: () => createGpuBackend(g.device, g.name, init, trial.batch) } : g,
      };
      const decision = await picker.pick(input, alone);
      plans.set(shapeKey(init, trial.batch), decision);
      latest = decision;
      return decision;
    },
    async create(init, batch) {
      const plan = plans.get(shapeKey(init, batch)) ?? latest ?? undefined;
      const kind = plan?.kind ?? lastKind ?? (picker.choice === 'cpu' ? 'cpu' : 'webgpu');
      if (kind === 'webgpu' && !cpuReason) {
        try {
          const g = await device(needs(init, batch));
          if (g) {
            lastKind = 'webgpu';
            return { backend: createGpuBackend(g.device, g.name, init, batch) };
          }
        } catch (e) {
          if (e instanceof BackendLimitError) throw e;
          cpuReason = `WebGPU failed to start (${(e as Error).message})`;
        }
      }
      lastKind = 'cpu';
      if (kind === 'webgpu' || (cpuReason && !plan?.notice)) {
        // WebGPU was meant but could not be had: the figures say so too
        const redo = decide(picker.choice, { webgpu: null, cpu: plan?.report.speeds.cpu ?? null }, cpuReason ?? 'WebGPU is not available here');
        plans.set(shapeKey(init, batch), redo);
        latest = redo;
        return { backend: await makeCpu(init), notice: redo.notice };
      }
      return { backend: await makeCpu(init), ...(plan?.notice ? { notice: plan.notice } : {}) };
    },
    async createPopulation(init) {
      // never a new device here: lane 0 trains on the one in use
      const g = cpuReason || lastKind === 'cpu' ? null : gpu;
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
      if (!cpuReason && picker.choice !== 'cpu') {
        try {
          const g = await device(needs(init, batch));
          if (g) return await gpuSpeed(g.device, g.name, init.spec.layers[0].activation, alone);
        } catch {
          return null;
        }
      }
      return cpuSpeed();
    },
    report() {
      return latest?.report;
    },
    prefer(choice) {
      picker.choice = choice;
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
