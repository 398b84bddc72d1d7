/**
 * A minimal Protocol Buffers wire-format writer (and reader, for checks): varints, length-delimited
 * fields (strings, bytes, nested messages) and packed repeated floats / varints — what the ONNX encoder
 * needs. https://protobuf.dev/programming-guides/encoding/
 *
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. A key is (field << 3) | wire type.
 * Negative int32/int64 values are written as 10-byte two's-complement varints, as protobuf does.
 */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

const utf8 = new TextEncoder();

/** Appends the varint of an integer (−2^63 ≤ v < 2^64; safe integers or bigint). */
function pushVarint(out: number[], value: number | bigint): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`protobuf varint: ${value} is not a safe integer`);
  let v = typeof value === 'bigint' ? value : BigInt(value);
  if (v < 0n) v += 1n << 64n;
  if (v < 0n || v >= 1n << 64n) throw new Error(`protobuf varint: ${value} is out of the 64-bit range`);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

/** Builds one message; fields are written in call order. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array | number[]): this {
    const b = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }

  private key(field: number, wire: number): number[] {
    if (!(Number.isInteger(field) && field >= 1 && field < 2 ** 29)) throw new Error(`protobuf: bad field number ${field}`);
    const out: number[] = [];
    pushVarint(out, field * 8 + wire);
    return out;
  }

  /** int32, int64, uint64, bool or enum field. */
  varint(field: number, value: number | bigint | boolean): this {
    const out = this.key(field, WIRE.varint);
    pushVarint(out, typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return this.push(out);
  }

  /** float field (fixed32, little-endian IEEE 754). */
  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.push(this.key(field, WIRE.fixed32)).push(b);
  }

  /** bytes field, or a nested message given as its encoded bytes or its writer. */
  bytes(field: number, value: Uint8Array | ProtoWriter): this {
    const body = value instanceof ProtoWriter ? value.finish() : value;
    const head = this.key(field, WIRE.bytes);
    pushVarint(head, body.length);
    return this.push(head).push(body);
  }

  /** string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** Nested message. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const w = new ProtoWriter();
    build(w);
    return this.bytes(field, w);
  }

  /** repeated float [packed = true]: one length-delimited field of little-endian float32s. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(values.length * 4);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    return this.bytes(field, b);
  }

  /** repeated int32/int64 [packed = true]: one length-delimited field of varints. */
  packedVarints(field: number, values: ArrayLike<number>): this {
    const out: number[] = [];
    for (let i = 0; i < values.length; i++) pushVarint(out, values[i]);
    return this.bytes(field, Uint8Array.from(out));
  }

  /** The encoded message. */
  finish(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** One field as read back: varints as bigint, fixed32/fixed64 as raw bytes, length-delimited as bytes. */
export interface ProtoField {
  field: number;
  wire: number;
  value: bigint | Uint8Array;
}

/** Reads the top level of a message (nested messages stay bytes: read them again). Throws on malformed input. */
export function readFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let v = 0n, shift = 0n;
    for (;;) {
      if (at >= bytes.length) throw new Error('protobuf: truncated varint');
      const b = bytes[at++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
      if (shift > 63n) throw new Error('protobuf: varint longer than 10 bytes');
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw new Error('protobuf: truncated field');
    return bytes.subarray(at, (at += n));
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n), wire = Number(key & 7n);
    if (field === 0) throw new Error('protobuf: field number 0');
    if (wire === WIRE.varint) fields.push({ field, wire, value: varint() });
    else if (wire === WIRE.fixed64) fields.push({ field, wire, value: take(8) });
    else if (wire === WIRE.fixed32) fields.push({ field, wire, value: take(4) });
    else if (wire === WIRE.bytes) fields.push({ field, wire, value: take(Number(varint())) });
    else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
  return fields;
}
