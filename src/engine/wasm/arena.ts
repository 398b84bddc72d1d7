/**
 * One WebAssembly memory for the whole CPU engine (llm.c's one parameter arena): parameters, gradients,
 * optimizer state, the mask, the batch and every activation live in it, so kernels take byte offsets and
 * nothing is copied between steps. Shared (a SharedArrayBuffer) when threads are possible, so helper
 * threads (threads.ts) run kernels on the same memory. Allocation is a bump pointer, 16-byte aligned
 * (v128 loads); a `Block` is its offset and a Float32Array view over it. The memory grows in whole pages
 * when an allocation needs it: a shared memory never detaches its buffer, and views of a non-shared one are
 * re-made by `view()` after a growth, so callers keep Blocks and read `.f32` through `view` when in doubt.
 */

export const PAGE_BYTES = 65536;
/** At most 2 GiB (32,768 pages): byte offsets stay positive i32 in the kernels. */
export const MAX_PAGES = 32768;

export interface Block {
  /** Byte offset in the memory (a multiple of 16). */
  ptr: number;
  /** Floats. */
  length: number;
}

export interface Arena {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  /** A new zeroed block of `floats` floats. */
  alloc(floats: number): Block;
  /** The Float32Array over a block (valid until the next allocation of a non-shared memory). */
  f32(b: Block): Float32Array;
  /** Bytes handed out so far. */
  used(): number;
  /** Drops every block allocated after `mark` (a value of used()): scratch for one call. */
  reset(mark: number): void;
}

/** Whether this context can share memory with helper threads (SharedArrayBuffer exposed: cross-origin isolated page, or Node). */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const g = globalThis as { crossOriginIsolated?: boolean };
  return g.crossOriginIsolated !== false;
}

export function createArena(initialBytes = 16 * PAGE_BYTES, shared = canShareMemory()): Arena {
  const initial = Math.max(1, Math.ceil(initialBytes / PAGE_BYTES));
  const memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared } as WebAssembly.MemoryDescriptor);
  // offset 0 stays unused, so a null pointer (0) can mean "none" in a kernel's arguments
  let top = 16;
  const grow = (bytes: number) => {
    const have = memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.ceil((bytes - have) / PAGE_BYTES);
    if (have / PAGE_BYTES + pages > MAX_PAGES) throw new Error(`the CPU engine needs ${(bytes / 2 ** 30).toFixed(2)} GiB, more than its 2 GiB memory`);
    memory.grow(pages);
  };
  return {
    memory,
    shared,
    alloc(floats) {
      const ptr = top;
      const bytes = Math.ceil((floats * 4) / 16) * 16;
      grow(ptr + bytes);
      top = ptr + bytes;
      new Float32Array(memory.buffer, ptr, floats).fill(0);
      return { ptr, length: floats };
    },
    f32: (b) => new Float32Array(memory.buffer, b.ptr, b.length),
    used: () => top,
    reset(mark) {
      if (mark < 16 || mark > top) throw new Error(`arena reset to ${mark}, outside 16…${top}`);
      top = mark;
    },
  };
}
