/** The protobuf writer against hand-computed wire bytes (protobuf.dev's encoding examples), and read back. */
import { describe, expect, it } from 'vitest';
import { ProtoWriter, readFields } from './protobuf';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('protobuf writer', () => {
  it('writes varints: 150 in field 1 is 08 96 01; 300 is ac 02; 0 is one byte; 2^63−1 is nine bytes', () => {
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('08 96 01');
    expect(hex(new ProtoWriter().varint(2, 300).finish())).toBe('10 ac 02');
    expect(hex(new ProtoWriter().varint(1, 0).finish())).toBe('08 00');
    expect(new ProtoWriter().varint(1, (1n << 63n) - 1n).finish().length).toBe(1 + 9);
    expect(hex(new ProtoWriter().varint(1, true).finish())).toBe('08 01');
  });

  it('writes negative int64 as ten-byte two\'s complement (−1 → ff … ff 01)', () => {
    expect(hex(new ProtoWriter().varint(1, -1).finish())).toBe('08 ff ff ff ff ff ff ff ff ff 01');
    expect(readFields(new ProtoWriter().varint(1, -2).finish())[0].value).toBe((1n << 64n) - 2n);
  });

  it('writes strings and nested messages length-delimited ("testing" in field 2: 12 07 74 65 73 74 69 6e 67)', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('12 07 74 65 73 74 69 6e 67');
    expect(hex(new ProtoWriter().message(3, (m) => m.varint(1, 150)).finish())).toBe('1a 03 08 96 01');
    expect(hex(new ProtoWriter().string(1, 'é').finish())).toBe('0a 02 c3 a9');
  });

  it('writes packed repeated fields: varints [3, 270, 86942] → 22 06 03 8e 02 9e a7 05; floats as little-endian float32', () => {
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toBe('22 06 03 8e 02 9e a7 05');
    expect(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish())).toBe('22 08 00 00 80 3f 00 00 00 c0');
    expect(hex(new ProtoWriter().float(2, 0.5).finish())).toBe('15 00 00 00 3f');
  });

  it('reads back what it wrote, field by field, and refuses truncated input and bad field numbers', () => {
    const bytes = new ProtoWriter().varint(1, 7).string(8, 'W1').packedFloats(4, [0.25]).float(9, 3).finish();
    const fields = readFields(bytes);
    expect(fields.map((f) => [f.field, f.wire])).toEqual([[1, 0], [8, 2], [4, 2], [9, 5]]);
    expect(fields[0].value).toBe(7n);
    expect(new TextDecoder().decode(fields[1].value as Uint8Array)).toBe('W1');
    expect(() => readFields(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => new ProtoWriter().varint(0, 1)).toThrow(/bad field number/);
    expect(() => new ProtoWriter().varint(1, 1.5)).toThrow(/not a safe integer/);
  });
});
