/**
 * A small WebAssembly binary writer, so the CPU engine's kernels are produced from this project's own
 * source in the page (no prebuilt binary, no toolchain): a module imports one memory ("env"."memory",
 * shared when threads are on) and exports functions whose bodies are written instruction by instruction
 * (`Fn`). Only what the kernels use is here: i32/f32/f64 scalars, v128 (SIMD128 and relaxed SIMD's
 * f32x4.relaxed_madd), blocks, loops and memory access. The binary format: webassembly.github.io/spec
 * (5. Binary Format); SIMD opcodes from the SIMD128 proposal, relaxed ones from the relaxed-SIMD proposal.
 */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
const VAL: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128. */
function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number, out: number[]): void {
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const vec = (items: number[][]): number[] => {
  const out: number[] = [];
  uleb(items.length, out);
  for (const it of items) for (const b of it) out.push(b);
  return out;
};
const section = (id: number, body: number[]): number[] => {
  const out = [id];
  uleb(body.length, out);
  return out.concat(body);
};

/** Plain opcodes (no immediates), by their text-format names. */
const OPS = {
  unreachable: 0x00, nop: 0x01, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b,
  'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'f32.eq': 0x5b, 'f32.ne': 0x5c, 'f32.lt': 0x5d, 'f32.gt': 0x5e, 'f32.le': 0x5f, 'f32.ge': 0x60,
  'f64.eq': 0x61, 'f64.ne': 0x62, 'f64.lt': 0x63, 'f64.gt': 0x64, 'f64.le': 0x65, 'f64.ge': 0x66,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e, 'i32.rem_u': 0x70,
  'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73, 'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76,
  'f32.abs': 0x8b, 'f32.neg': 0x8c, 'f32.ceil': 0x8d, 'f32.floor': 0x8e, 'f32.trunc': 0x8f, 'f32.nearest': 0x90,
  'f32.sqrt': 0x91, 'f32.add': 0x92, 'f32.sub': 0x93, 'f32.mul': 0x94, 'f32.div': 0x95, 'f32.min': 0x96,
  'f32.max': 0x97, 'f32.copysign': 0x98,
  'f64.abs': 0x99, 'f64.neg': 0x9a, 'f64.floor': 0x9c, 'f64.nearest': 0x9e, 'f64.sqrt': 0x9f, 'f64.add': 0xa0,
  'f64.sub': 0xa1, 'f64.mul': 0xa2, 'f64.div': 0xa3, 'f64.min': 0xa4, 'f64.max': 0xa5,
  'i32.trunc_f32_s': 0xa8, 'i32.trunc_f64_s': 0xaa, 'f32.convert_i32_s': 0xb2, 'f32.convert_i32_u': 0xb3,
  'f32.demote_f64': 0xb6, 'f64.convert_i32_s': 0xb7, 'f64.convert_i32_u': 0xb8, 'f64.promote_f32': 0xbb,
  'i32.reinterpret_f32': 0xbc, 'f32.reinterpret_i32': 0xbe,
} as const;
export type PlainOp = keyof typeof OPS;

/** SIMD opcodes without immediates (prefix 0xfd, then the LEB128 number). */
const SIMD = {
  'i8x16.swizzle': 14, 'i32x4.splat': 17, 'f32x4.splat': 19, 'f64x2.splat': 20,
  'f32x4.eq': 65, 'f32x4.ne': 66, 'f32x4.lt': 67, 'f32x4.gt': 68, 'f32x4.le': 69, 'f32x4.ge': 70,
  'v128.not': 77, 'v128.and': 78, 'v128.andnot': 79, 'v128.or': 80, 'v128.xor': 81, 'v128.bitselect': 82,
  'v128.any_true': 83,
  'f32x4.ceil': 103, 'f32x4.floor': 104, 'f32x4.trunc': 105, 'f32x4.nearest': 106,
  'i32x4.abs': 160, 'i32x4.neg': 161, 'i32x4.all_true': 163, 'i32x4.bitmask': 164,
  'i32x4.shl': 171, 'i32x4.shr_s': 172, 'i32x4.shr_u': 173, 'i32x4.add': 174, 'i32x4.sub': 177, 'i32x4.mul': 181,
  'i32x4.min_s': 182, 'i32x4.max_s': 184, 'i32x4.eq': 55, 'i32x4.gt_s': 59,
  'f32x4.abs': 224, 'f32x4.neg': 225, 'f32x4.sqrt': 227, 'f32x4.add': 228, 'f32x4.sub': 229, 'f32x4.mul': 230,
  'f32x4.div': 231, 'f32x4.min': 232, 'f32x4.max': 233, 'f32x4.pmin': 234, 'f32x4.pmax': 235,
  'i32x4.trunc_sat_f32x4_s': 248, 'f32x4.convert_i32x4_s': 250,
  'f32x4.relaxed_madd': 261, 'f32x4.relaxed_nmadd': 262,
  // f64x2, for kernels that must match float64 twins (elementwise activation backward)
  'f32x4.demote_f64x2_zero': 94, 'f64x2.promote_low_f32x4': 95, 'f64x2.add': 240, 'f64x2.sub': 241, 'f64x2.mul': 242, 'f64x2.div': 243,
} as const;
export type SimdOp = keyof typeof SIMD;

/** Memory instructions: [prefix or null, opcode, natural alignment log2]. */
const MEM = {
  'i32.load': [null, 0x28, 2], 'f32.load': [null, 0x2a, 2], 'f64.load': [null, 0x2b, 3], 'i32.load8_u': [null, 0x2d, 0],
  'i32.store': [null, 0x36, 2], 'f32.store': [null, 0x38, 2], 'f64.store': [null, 0x39, 3], 'i32.store8': [null, 0x3a, 0],
  'v128.load': [0xfd, 0, 4], 'v128.load32_splat': [0xfd, 9, 2], 'v128.store': [0xfd, 11, 4], 'v128.load32_zero': [0xfd, 92, 2],
  'v128.load64_zero': [0xfd, 93, 3],
} as const;
export type MemOp = keyof typeof MEM;

/** A local variable (parameters first, then declared locals). */
export interface Local {
  index: number;
  type: ValType;
}

/** One function's body, written in order; structured control flow via block/loop/if … end. */
export class Fn {
  readonly code: number[] = [];
  readonly params: Local[];
  private readonly extra: ValType[] = [];
  constructor(readonly name: string, paramTypes: ValType[], readonly results: ValType[]) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }
  /** Declares a new local of `type`. */
  local(type: ValType): Local {
    this.extra.push(type);
    return { index: this.params.length + this.extra.length - 1, type };
  }
  op(name: PlainOp): this {
    this.code.push(OPS[name]);
    return this;
  }
  simd(name: SimdOp): this {
    this.code.push(0xfd);
    uleb(SIMD[name], this.code);
    return this;
  }
  /** f32x4.extract_lane / replace_lane with a lane index. */
  lane(name: 'f32x4.extract_lane' | 'f32x4.replace_lane' | 'i32x4.extract_lane', lane: number): this {
    this.code.push(0xfd);
    uleb(name === 'f32x4.extract_lane' ? 31 : name === 'f32x4.replace_lane' ? 32 : 27, this.code);
    this.code.push(lane);
    return this;
  }
  /** A load or store; `offset` in bytes is added to the address on the stack. */
  mem(name: MemOp, offset = 0): this {
    const [prefix, opcode, align] = MEM[name];
    if (prefix !== null) {
      this.code.push(prefix);
      uleb(opcode, this.code);
    } else this.code.push(opcode);
    uleb(align, this.code);
    uleb(offset, this.code);
    return this;
  }
  get(l: Local): this {
    this.code.push(0x20);
    uleb(l.index, this.code);
    return this;
  }
  set(l: Local): this {
    this.code.push(0x21);
    uleb(l.index, this.code);
    return this;
  }
  tee(l: Local): this {
    this.code.push(0x22);
    uleb(l.index, this.code);
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41);
    sleb(v, this.code);
    return this;
  }
  f32(v: number): this {
    this.code.push(0x43, ...new Uint8Array(Float32Array.of(v).buffer));
    return this;
  }
  f64(v: number): this {
    this.code.push(0x44, ...new Uint8Array(Float64Array.of(v).buffer));
    return this;
  }
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  if(): this {
    this.code.push(0x04, 0x40);
    return this;
  }
  else(): this {
    this.code.push(0x05);
    return this;
  }
  end(): this {
    this.code.push(0x0b);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(depth, this.code);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(depth, this.code);
    return this;
  }
  call(fn: number): this {
    this.code.push(0x10);
    uleb(fn, this.code);
    return this;
  }
  /** local += step (i32). */
  inc(l: Local, step: number): this {
    return this.get(l).i32(step).op('i32.add').set(l);
  }
  /**
   * for (i = from; i < bound; i += step) body — `from` and `bound` emit an i32 each; the body must leave
   * the stack as it found it. Nothing runs when from ≥ bound (signed compare).
   */
  for(i: Local, from: () => void, bound: () => void, step: number, body: () => void): this {
    from();
    this.set(i).block().loop();
    this.get(i);
    bound();
    this.op('i32.ge_s').brIf(1);
    body();
    this.inc(i, step).br(0).end().end();
    return this;
  }
  /** The function body in binary (locals, code, end). */
  encode(): number[] {
    const groups: number[][] = [];
    for (const t of this.extra) {
      const last = groups[groups.length - 1];
      if (last && last[1] === VAL[t]) last[0]++;
      else groups.push([1, VAL[t]]);
    }
    const body = vec(groups.map(([n, t]) => { const o: number[] = []; uleb(n, o); o.push(t); return o; })).concat(this.code, [0x0b]);
    const out: number[] = [];
    uleb(body.length, out);
    return out.concat(body);
  }
}

export interface MemorySpec {
  /** Pages of 64 KiB. */
  initial: number;
  maximum: number;
  shared: boolean;
}

/** Builds a module importing memory "env"."memory" and exporting every function added. */
export class ModuleBuilder {
  private readonly fns: Fn[] = [];
  constructor(private readonly memory: MemorySpec) {}
  /** A new exported function; its index (for `call`) is fns.length before the push. */
  fn(name: string, params: ValType[], results: ValType[] = []): Fn {
    const f = new Fn(name, params, results);
    this.fns.push(f);
    return f;
  }
  indexOf(f: Fn): number {
    return this.fns.indexOf(f);
  }
  encode(): Uint8Array<ArrayBuffer> {
    const types = this.fns.map((f) => [0x60, ...vec(f.params.map((p) => [VAL[p.type]])), ...vec(f.results.map((t) => [VAL[t]]))]);
    const { initial, maximum, shared } = this.memory;
    const limits: number[] = [shared ? 0x03 : 0x01];
    uleb(initial, limits);
    uleb(maximum, limits);
    const imports = vec([[...name('env'), ...name('memory'), 0x02, ...limits]]);
    const funcs = vec(this.fns.map((_, i) => { const o: number[] = []; uleb(i, o); return o; }));
    const exports = vec(this.fns.map((f, i) => { const o = [...name(f.name), 0x00]; uleb(i, o); return o; }));
    const code = vec(this.fns.map((f) => f.encode()));
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    return new Uint8Array(header.concat(section(1, vec(types)), section(2, imports), section(3, funcs), section(7, exports), section(10, code)));
  }
}

function name(s: string): number[] {
  const b = utf8(s);
  const out: number[] = [];
  uleb(b.length, out);
  return out.concat(b);
}
