/**
 * Shared machinery of the WebAssembly elementwise kernels (optimizerKernels.ts, quantKernels.ts,
 * lossKernels.ts): a loop driver that runs one body twice — f32x4 over whole groups of 4 floats, then plain
 * f32 over the 0–3 left — so each formula is written once; a tiny expression compiler that emits the same
 * float32 operations in the same order as the TypeScript twins (no fused multiply-add, so results are
 * bit-identical); `bind`, which turns Float32Arrays into byte pointers of the arena; and `Scratch` outputs.
 *
 * Arrays: a view of the arena's memory is used in place (pointer = byteOffset; with a shared memory, views
 * made before a growth sit on an older SharedArrayBuffer object and are recognised too, see arenaPtr). Any
 * other array (a mask the caller built in JS, a test's array) is copied into arena scratch for the call and,
 * when the kernel writes it, copied back afterwards; the scratch is released when the call returns.
 * Output blocks (Scratch) follow the arena's resets (Arena.onReset).
 */
import { arenaPtr, type Arena } from './arena';
import type { Fn, Local, PlainOp, SimdOp } from './emit';

/** 'v': 4 lanes per step (v128), 's': one float per step (the tail). */
export type Mode = 'v' | 's';

export const STEP: Record<Mode, number> = { v: 16, s: 4 };

/**
 * for (i = 0; i < 4n; i += 16) body('v'); then for (; i < 4n; i += 4) body('s'). `i` is a BYTE index, so a
 * float of the array at pointer p is at p + i.
 */
export function emitLanes(f: Fn, n: Local, body: (mode: Mode, i: Local) => void): void {
  const i = f.local('i32');
  const nb = f.local('i32');
  f.get(n).i32(2).op('i32.shl').set(nb);
  f.for(i, () => f.i32(0), () => f.get(nb).i32(-16).op('i32.and'), 16, () => body('v', i));
  // i is already at the first float of the tail
  f.block().loop();
  f.get(i).get(nb).op('i32.ge_s').brIf(1);
  body('s', i);
  f.inc(i, 4).br(0).end().end();
}

/** An expression over named values: a local's name, a numeric constant, or [operator, ...operands]. */
export type Expr = string | number | [string, ...Expr[]];

const BINARY = ['add', 'sub', 'mul', 'div', 'min', 'max', 'eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const;
const UNARY = ['sqrt', 'abs', 'neg', 'nearest'] as const;

/**
 * Emits expressions in one mode. `vars` maps names to locals of the mode's type (v128 or f32); in 'v' mode
 * a name missing from `vars` is looked up in `scalars` (f32 parameters) and splatted.
 */
export class Emitter {
  constructor(
    readonly f: Fn,
    readonly mode: Mode,
    readonly vars: Record<string, Local>,
    readonly scalars: Record<string, Local> = {},
  ) {}

  private op(name: string): void {
    if (this.mode === 'v') this.f.simd(`f32x4.${name}` as SimdOp);
    else this.f.op(`f32.${name}` as PlainOp);
  }

  const(x: number): void {
    this.f.f32(x);
    if (this.mode === 'v') this.f.simd('f32x4.splat');
  }

  name(n: string): void {
    const l = this.vars[n] ?? this.scalars[n];
    if (!l) throw new Error(`elementwise kernel: no value named ${n}`);
    this.f.get(l);
    if (l.type === 'f32' && this.mode === 'v') this.f.simd('f32x4.splat');
  }

  /** Pushes e: f32x4 in 'v' mode, f32 in 's' mode; comparisons push a lane mask (v) or an i32 (s). */
  emit(e: Expr): void {
    if (typeof e === 'number') return this.const(e);
    if (typeof e === 'string') return this.name(e);
    const [op, ...args] = e;
    if ((BINARY as readonly string[]).includes(op) || (UNARY as readonly string[]).includes(op)) {
      args.forEach((a) => this.emit(a));
      return this.op(op);
    }
    switch (op) {
      case 'select': {
        // ['select', a, b, cond]: cond ? a : b, lane by lane (no arithmetic on the chosen values)
        const [a, b, c] = args;
        this.emit(a);
        this.emit(b);
        this.emit(c);
        if (this.mode === 'v') this.f.simd('v128.bitselect');
        else this.f.op('select');
        return;
      }
      case 'zeroWhere': {
        // ['zeroWhere', e, cond]: +0 where cond (a lane mask / i32), else e unchanged
        if (this.mode === 'v') {
          this.emit(args[0]);
          this.emit(args[1]);
          this.f.simd('v128.andnot');
        } else {
          this.f.f32(0);
          this.emit(args[0]);
          this.emit(args[1]);
          this.f.op('select');
        }
        return;
      }
      case 'and': {
        this.emit(args[0]);
        this.emit(args[1]);
        if (this.mode === 'v') this.f.simd('v128.and');
        else this.f.op('i32.and');
        return;
      }
      case 'sign': {
        // Math.sign: ±1 with x's sign where |x| > 0, else x itself (±0 stays ±0, NaN stays NaN)
        const x = args[0];
        if (this.mode === 'v') {
          this.const(1);
          this.emit(x);
          this.const(-0);
          this.f.simd('v128.and').simd('v128.or');
        } else {
          this.f.f32(1);
          this.emit(x);
          this.f.op('f32.copysign');
        }
        this.emit(x);
        this.emit(['gt', ['abs', x], 0]);
        if (this.mode === 'v') this.f.simd('v128.bitselect');
        else this.f.op('select');
        return;
      }
    }
    throw new Error(`elementwise kernel: unknown operator ${op}`);
  }

  /** Stores the top of the stack (already computed) into local `name`. */
  set(name: string): void {
    this.f.set(this.vars[name]);
  }

  /** name = e. */
  let(name: string, e: Expr): void {
    this.emit(e);
    this.set(name);
  }

  /** Loads the float(s) at ptr + i into local `name`. */
  load(name: string, ptr: Local, i: Local): void {
    this.f.get(ptr).get(i).op('i32.add').mem(this.mode === 'v' ? 'v128.load' : 'f32.load');
    this.set(name);
  }

  /** Stores e at ptr + i. */
  store(ptr: Local, i: Local, e: Expr): void {
    this.f.get(ptr).get(i).op('i32.add');
    this.emit(e);
    this.f.mem(this.mode === 'v' ? 'v128.store' : 'f32.store');
  }
}

/** Declares one local per name, of the mode's type. */
export function localsFor(f: Fn, mode: Mode, names: string[]): Record<string, Local> {
  const out: Record<string, Local> = {};
  for (const n of names) out[n] = f.local(mode === 'v' ? 'v128' : 'f32');
  return out;
}

/** The pointers of one kernel call's arrays and outputs; `done()` copies staged outputs back and frees the staging. */
export interface Bound {
  /** Byte pointers of the arrays, in the order given. */
  ptrs: number[];
  /** Byte pointers of the scratch outputs, in the order given. */
  outs: number[];
  done(): void;
}

/**
 * Binds a kernel call's arrays ([array, written by the kernel]) to arena pointers: arena views in place,
 * others copied into scratch (and copied back by done() when written); `outputs` are Scratch blocks sized
 * for this call. Pointers of arena views are taken before anything is allocated, because an allocation that
 * grows a non-shared memory detaches every existing view: after bind, use the pointers (and fresh views of
 * arena.memory.buffer), never the caller's views.
 */
export function bind(arena: Arena, arrays: Array<[Float32Array, boolean]>, outputs: Array<[Scratch, number]> = []): Bound {
  const ptrs = arrays.map(([a]) => arenaPtr(arena, a) ?? -1);
  const outs = outputs.map(([s, floats]) => s.alloc(floats));
  const mark = arena.used();
  const back: Array<{ from: number; to: Float32Array }> = [];
  arrays.forEach(([a, written], k) => {
    if (ptrs[k] >= 0) return;
    const b = arena.alloc(a.length);
    new Float32Array(arena.memory.buffer, b.ptr, a.length).set(a);
    ptrs[k] = b.ptr;
    if (written) back.push({ from: b.ptr, to: a });
  });
  return {
    ptrs,
    outs,
    done() {
      for (const { from, to } of back) to.set(new Float32Array(arena.memory.buffer, from, to.length));
      arena.reset(mark);
    },
  };
}

/**
 * A block of the arena kept between calls for an output the kernel family returns (lossAndGrad's grad,
 * steGradient's result): re-allocated when a call needs more, or when the arena was reset below the block's
 * end since (a caller's per-step frame: mark, allocate, call, reset — the block is then taken afresh at the
 * top of the arena at the next call, so it never overlaps what the caller allocated). The returned view is
 * valid until the next call of the same kernel or a reset of the arena below it.
 */
export class Scratch {
  private ptr = 0;
  private cap = 0;
  private end = 0;
  constructor(private readonly arena: Arena, private readonly bytesPerItem = 4) {
    arena.onReset((mark) => {
      if (mark < this.end) this.cap = this.end = 0;
    });
  }
  /** The block's byte pointer, with room for `items` items. */
  alloc(items: number): number {
    if (items > this.cap) {
      const b = this.arena.alloc(Math.ceil((Math.max(items, 4) * this.bytesPerItem) / 4));
      this.ptr = b.ptr;
      this.cap = (b.length * 4) / this.bytesPerItem;
      this.end = b.ptr + b.length * 4;
    }
    return this.ptr;
  }
  /** A fresh view of the first `floats` floats. */
  view(floats: number): Float32Array {
    return new Float32Array(this.arena.memory.buffer, this.alloc(floats), floats);
  }
}

/** Instantiates a finished module on the arena's memory. */
export async function instantiate(bytes: Uint8Array<ArrayBuffer>, arena: Arena): Promise<WebAssembly.Exports> {
  const mod = await WebAssembly.compile(bytes);
  const inst = await WebAssembly.instantiate(mod, { env: { memory: arena.memory } });
  return inst.exports;
}
