/**
 * Pooled MAP_READ staging buffers (the webgpu-samples habit): the step loop copies results into a free
 * staging buffer inside its own command buffer and asks for the mapping afterwards; nothing waits on it.
 * When every buffer is still in flight, `acquire` returns null and the caller skips this readback.
 */
export class ReadbackPool {
  private readonly free: GPUBuffer[] = [];
  private readonly all: GPUBuffer[] = [];
  private destroyed = false;

  constructor(device: GPUDevice, readonly byteSize: number, count: number) {
    for (let i = 0; i < count; i++) {
      const b = device.createBuffer({ label: `readback ${i}`, size: Math.max(16, Math.ceil(byteSize / 4) * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      this.free.push(b);
      this.all.push(b);
    }
  }

  acquire(): GPUBuffer | null {
    if (this.destroyed) return null;
    return this.free.pop() ?? null;
  }

  /** Call after the submit that fills `buffer`: resolves with a copy of its bytes and returns it to the pool. */
  async read(buffer: GPUBuffer): Promise<ArrayBuffer> {
    try {
      await buffer.mapAsync(GPUMapMode.READ);
      const copy = buffer.getMappedRange().slice(0);
      buffer.unmap();
      return copy;
    } finally {
      this.free.push(buffer);
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const b of this.all) b.destroy();
  }
}
