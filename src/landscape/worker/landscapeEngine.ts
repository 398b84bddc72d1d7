/**
 * Picks the Landscape page's race engine: WebGPU when an adapter and device can be had, else the CPU
 * twins with a notice saying why. A lost device is reported once; the caller then asks for the CPU.
 */
import { createCpuRace } from '../../engine/cpuRace';
import type { RaceEngine } from '../../engine/race';
import { adapterName, findAdapter } from '../../gpu/device';
import { createGpuRace } from '../../gpu/landscapeRace';

export interface ChosenEngine {
  engine: RaceEngine;
  /** Why the CPU is used, when it is. */
  notice?: string;
}

const CPU_SUFFIX = 'so the landscape runs on the CPU: the same math (the CPU twins of the kernels), only slower.';

export function cpuEngine(reason: string): ChosenEngine {
  return { engine: createCpuRace(), notice: `${reason}, ${CPU_SUFFIX}` };
}

export async function chooseEngine(onLost: (reason: string) => void, onGpuError: (message: string) => void): Promise<ChosenEngine> {
  const found = await findAdapter();
  if ('reason' in found) return cpuEngine(found.reason);
  try {
    const device = await found.adapter.requestDevice({ label: 'OptiPlay landscape' });
    device.lost.then((info) => {
      if (info.reason !== 'destroyed') onLost(`The GPU device was lost${info.message ? ` (${info.message})` : ''}`);
    });
    device.onuncapturederror = (ev) => onGpuError(`GPU error: ${ev.error.message}`);
    return { engine: createGpuRace(device, adapterName(found.adapter)) };
  } catch (e) {
    return cpuEngine(`WebGPU failed to start (${(e as Error).message})`);
  }
}
