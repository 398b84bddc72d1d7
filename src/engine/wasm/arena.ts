/**
 * One WebAssembly memory for the whole CPU engine (llm.c's one parameter arena): parameters, gradients,
 * optimizer state, the mask, the batch and every activation live in it, so kernels take byte offsets and
 * nothing is copied between steps. Shared (a SharedArrayBuffer) when threads are possible, so helper
 * threads (threads.ts) run kernels on the same memory. Allocation is a bump pointer, 16-byte aligned
 * (v128 loads); a `Block` is its offset and a Float32Array view over it. The memory grows in whole pages
 * when an allocation needs it: a shared memory never detaches its buffer, and views of a non-shared one are
 * re-made by `f32()` after a growth. `arenaPtr` recognises a view of a shared memory made before a growth
 * (it sits on an older SharedArrayBuffer object); `onReset` tells blocks kept between calls of a reset.
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
  /** Calls `watcher` after every reset (blocks kept between calls re-allocate when a reset freed them). */
  onReset(watcher: (mark: number) => void): void;
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
  const watchers: Array<(mark: number) => void> = [];
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
      for (const w of watchers) w(mark);
    },
    onReset: (w) => void watchers.push(w),
  };
}

/** Per buffer object met: whether it is a view of an arena's (shared) memory. */
const sameMemory = new WeakMap<ArrayBufferLike, WebAssembly.Memory | null>();
let probeValue = 0x5eed;

/**
 * The byte pointer of a Float32Array that lives in `arena`, or null. A shared memory hands out a new
 * SharedArrayBuffer object after each growth while views made before stay valid, so a shared buffer that
 * is not the current one is probed once: a value written through it at byte 8 (bytes 0–15 of the arena
 * are never allocated) must show in the current buffer; both are restored at once.
 */
export function arenaPtr(arena: Arena, a: Float32Array): number | null {
  const buf = arena.memory.buffer;
  if (a.buffer === buf) return a.byteOffset;
  if (!arena.shared || typeof SharedArrayBuffer === 'undefined' || !(a.buffer instanceof SharedArrayBuffer) || a.buffer.byteLength > buf.byteLength || a.buffer.byteLength < 16) return null;
  let owner = sameMemory.get(a.buffer);
  if (owner === undefined) {
    const cur = new Uint32Array(buf, 8, 1), cand = new Uint32Array(a.buffer, 8, 1);
    const prevCur = cur[0], prevCand = cand[0];
    probeValue = (probeValue * 1103515245 + 12345) >>> 0;
    const v = probeValue === prevCur ? probeValue ^ 1 : probeValue;
    cand[0] = v;
    const same = cur[0] === v;
    cand[0] = prevCand;
    cur[0] = prevCur;
    owner = same ? arena.memory : null;
    sameMemory.set(a.buffer, owner);
  }
  return owner === arena.memory ? a.byteOffset : null;
}
