/**
 * Tests only (pages opened with ?test-hooks): a census of the GPU buffers the worker holds, so a browser test
 * can show that hours of training keep GPU memory flat (e2e/long-run.spec.ts). Installed by wrapping
 * GPUDevice.prototype.createBuffer and GPUBuffer.prototype.destroy before the first device is requested;
 * each buffer counts from its creation until its first destroy(). A buffer dropped without destroy() stays
 * counted (its GPU memory waits on the garbage collector, which is the kind of leak this looks for); buffers
 * that die with their device (GPUDevice.destroy()) also stay counted, so read it within one device's life.
 *
 *   const census = installBufferCensus({ device: GPUDevice.prototype, buffer: GPUBuffer.prototype });
 *   census.counts()  → { created, destroyed, live, liveBytes }
 */

export interface CensusCounts {
  /** Buffers created, and destroyed (each counted once), since the census was installed. */
  created: number;
  destroyed: number;
  /** created − destroyed, and the bytes of those buffers (their `size`). */
  live: number;
  liveBytes: number;
}

/** Counts buffers in and out. Holds them weakly: a dropped buffer can still be collected. */
export class BufferCensus {
  private readonly sizes = new WeakMap<object, number>();
  private made = 0;
  private gone = 0;
  private bytes = 0;

  created(buffer: object, size: number): void {
    if (this.sizes.has(buffer)) return;
    this.sizes.set(buffer, size);
    this.made++;
    this.bytes += size;
  }

  /** A buffer destroyed: counted out once, however often destroy() is called; unknown buffers are ignored. */
  destroyed(buffer: object): void {
    const size = this.sizes.get(buffer);
    if (size === undefined || size < 0) return;
    this.sizes.set(buffer, -1);
    this.gone++;
    this.bytes -= size;
  }

  counts(): CensusCounts {
    return { created: this.made, destroyed: this.gone, live: this.made - this.gone, liveBytes: this.bytes };
  }
}

/** The two prototypes wrapped (GPUDevice.prototype, GPUBuffer.prototype in a browser; fakes in unit tests). */
export interface CensusTargets {
  device: { createBuffer(descriptor: { size: number }): object };
  buffer: { destroy(): void };
}

const installed = new WeakMap<object, BufferCensus>();

/** Wraps createBuffer and destroy once per pair of prototypes and returns their census (the same one if asked again). */
export function installBufferCensus(targets: CensusTargets): BufferCensus {
  const existing = installed.get(targets.device);
  if (existing) return existing;
  const census = new BufferCensus();
  const create = targets.device.createBuffer;
  const destroy = targets.buffer.destroy;
  targets.device.createBuffer = function (this: unknown, descriptor: { size: number }) {
    const buffer = create.call(this, descriptor);
    census.created(buffer, descriptor.size);
    return buffer;
  };
  targets.buffer.destroy = function (this: object) {
    census.destroyed(this);
    return destroy.call(this);
  };
  installed.set(targets.device, census);
  return census;
}

/** The census of this worker's WebGPU, installed on first call; null where the worker has no WebGPU. */
export function webgpuCensus(): BufferCensus | null {
  if (typeof GPUDevice === 'undefined' || typeof GPUBuffer === 'undefined') return null;
  return installBufferCensus({ device: GPUDevice.prototype as unknown as CensusTargets['device'], buffer: GPUBuffer.prototype });
}
