/**
 * The benchmark's own GPU device for OptiPlay: the limits the app asks for (gpu/device.ts) plus the
 * timestamp-query feature where the adapter offers it (for the per-kernel profile only; no kernel
 * depends on it).
 */
import { adapterName, findAdapter, optionalFeatures } from '../gpu/device';

export interface BenchDevice {
  device: GPUDevice;
  name: string;
  timestamps: boolean;
}

export async function benchDevice(): Promise<BenchDevice> {
  const found = await findAdapter();
  if ('reason' in found) throw new Error(found.reason);
  const { adapter } = found;
  const timestamps = adapter.features.has('timestamp-query');
  const bytes = 256 * 2 ** 20;
  const device = await adapter.requestDevice({
    label: 'OptiPlay bench',
    requiredFeatures: [...(timestamps ? ['timestamp-query' as const] : []), ...optionalFeatures(adapter)],
    requiredLimits: {
      maxStorageBufferBindingSize: Math.min(adapter.limits.maxStorageBufferBindingSize, bytes),
      maxBufferSize: Math.min(adapter.limits.maxBufferSize, bytes),
    },
  });
  return { device, name: adapterName(adapter), timestamps };
}
