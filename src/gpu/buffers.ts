/** Buffer creation helpers. Sizes are rounded up to 4 bytes; storage buffers are never empty. */
export const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
export const UNIFORM = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;

const roundUp = (n: number, m: number) => Math.max(m, Math.ceil(n / m) * m);

export function storageBuffer(device: GPUDevice, label: string, byteSize: number, data?: ArrayBufferView): GPUBuffer {
  const buffer = device.createBuffer({ label, size: roundUp(byteSize, 16), usage: STORAGE, mappedAtCreation: !!data });
  if (data) {
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
  }
  return buffer;
}

/** A uniform buffer holding 32-bit words (u32 unless the entry is marked as f32 with a float). */
export function uniformBuffer(device: GPUDevice, label: string, words: ArrayLike<number>): GPUBuffer {
  const buffer = device.createBuffer({ label, size: roundUp(words.length * 4, 16), usage: UNIFORM });
  device.queue.writeBuffer(buffer, 0, Uint32Array.from(words));
  return buffer;
}

/** A range of a buffer in floats, for binding one tensor of the parameter allocation. */
export function floatRange(buffer: GPUBuffer, offsetFloats: number, sizeFloats: number): GPUBufferBinding {
  return { buffer, offset: offsetFloats * 4, size: Math.max(4, sizeFloats * 4) };
}
