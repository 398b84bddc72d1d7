/**
 * Adapter and device: asks the adapter for the limits a model needs (requiredLimits) and refuses, with a
 * message a person can act on, a model that exceeds what the adapter offers.
 */
import { BackendLimitError } from '../engine/backend';

export interface GpuNeeds {
  /** Largest single buffer, in bytes (every buffer is bound whole or in ranges as storage). */
  largestBuffer: number;
}

export function adapterName(adapter: GPUAdapter): string {
  const info = adapter.info;
  const name = info.description || [info.vendor, info.architecture].filter(Boolean).join(' ');
  return name || 'WebGPU adapter';
}

/** The adapter, or the reason there is none (shown to the user). */
export async function findAdapter(): Promise<{ adapter: GPUAdapter } | { reason: string }> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { reason: 'WebGPU is not available in this browser (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { reason: 'WebGPU is present but no GPU adapter was found' };
    return { adapter };
  } catch (e) {
    return { reason: `WebGPU could not find an adapter (${(e as Error).message})` };
  }
}

const MiB = (n: number) => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 0)} MiB`;

/** Throws BackendLimitError when the adapter cannot hold a model with these needs. */
export function checkAdapterLimits(adapter: GPUAdapter, needs: GpuNeeds): void {
  const lim = adapter.limits;
  const allowed = Math.min(lim.maxStorageBufferBindingSize, lim.maxBufferSize);
  if (needs.largestBuffer > allowed) {
    throw new BackendLimitError(
      `This model needs a ${MiB(needs.largestBuffer)} GPU buffer, but ${adapterName(adapter)} allows at most ${MiB(allowed)}. ` +
        'Use fewer or narrower layers, fewer samples or a smaller batch.',
    );
  }
}

/**
 * Throws BackendLimitError when a device (already created, perhaps with default limits) cannot hold a
 * model with these needs: creating the buffers would otherwise fail with a validation error instead.
 */
export function checkDeviceLimits(device: GPUDevice, needs: GpuNeeds, name: string): void {
  const allowed = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (needs.largestBuffer > allowed) {
    throw new BackendLimitError(
      `This model needs a ${MiB(needs.largestBuffer)} GPU buffer, but the ${name} device was created with at most ${MiB(allowed)} per buffer. ` +
        'Use fewer or narrower layers, fewer samples or a smaller batch.',
    );
  }
}

/** True when a device created earlier already has the limits these needs require. */
export function deviceFits(device: GPUDevice, needs: GpuNeeds): boolean {
  return needs.largestBuffer <= Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
}

/** Features the kernels use where the adapter has them: 'subgroups' (kernels/matmul.ts on a CPU emulation). */
export function optionalFeatures(adapter: GPUAdapter): GPUFeatureName[] {
  // (the cast: tfjs-core's older @webgpu/types, which the benchmark pulls in, declares a GPUFeatureName without it)
  return adapter.features.has('subgroups') ? ['subgroups' as GPUFeatureName] : [];
}

/** Requests a device with the limits these needs require (never more than the adapter offers). */
export async function requestDevice(adapter: GPUAdapter, needs: GpuNeeds): Promise<GPUDevice> {
  checkAdapterLimits(adapter, needs);
  const lim = adapter.limits;
  // Ask for at least the spec defaults, more only when the model needs it.
  const bytes = Math.max(needs.largestBuffer, 128 * 2 ** 20);
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: Math.min(lim.maxStorageBufferBindingSize, bytes),
    maxBufferSize: Math.min(lim.maxBufferSize, Math.max(bytes, 256 * 2 ** 20)),
  };
  return adapter.requestDevice({ label: 'OptiPlay', requiredLimits, requiredFeatures: optionalFeatures(adapter) });
}
