/**
 * safetensors: the byte layout (8-byte length, space-padded JSON header, 8-byte aligned data start),
 * encode → decode round trips, the OptiPlay model file read back for Import model (masters, mask,
 * quantization, optimizer state, toy data), and clear errors for truncated, garbled and foreign files.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { paramLayout } from '../model';
import { stateSlots } from '../optimizers';
import { exportModel } from './exportModel';
import { checkpointFromSafetensors, decodeSafetensors, encodeSafetensors, safetensorsFromCheckpoint, type SafeTensor } from './safetensors';
import { trainedCheckpoint } from './testCheckpoint';

const spiral = validateConfig({ dataset: 'spiral', samples: 300, hidden: [9, 5], optimizer: 'adam', learningRate: 0.02, batchSize: 16 }).config;

describe('safetensors encode/decode', () => {
  const tensors: Array<[string, SafeTensor]> = [
    ['a', { dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, -2.5, 3e-7, 0, -0, Math.PI]) }],
    ['b.scalar_like', { dtype: 'F32', shape: [1], data: Float32Array.from([NaN]) }],
    ['empty', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) }],
    ['m', { dtype: 'U8', shape: [5], data: Uint8Array.from([1, 0, 1, 1, 0]) }],
  ];
  const meta = { format: 'test', 'ünïcode': 'värde "quoted"' };

  it('writes the spec layout: u64 LE header length, JSON header padded with spaces to 8 bytes, then the data', () => {
    const bytes = encodeSafetensors(tensors, meta);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual(meta);
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header.m).toEqual({ dtype: 'U8', shape: [5], data_offsets: [28, 33] });
    expect(bytes.length).toBe(8 + n + 33);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 4, true)).toBe(-2.5);
  });

  it('round-trips tensors (bit for bit, -0 and NaN included), shapes, dtypes and metadata', () => {
    const back = decodeSafetensors(encodeSafetensors(tensors, meta));
    expect(back.metadata).toEqual(meta);
    expect([...back.tensors.keys()]).toEqual(tensors.map(([k]) => k));
    for (const [name, t] of tensors) {
      const got = back.tensors.get(name)!;
      expect(got.dtype).toBe(t.dtype);
      expect(got.shape).toEqual(t.shape);
      expect(Array.from(got.data)).toEqual(Array.from(t.data));
    }
    expect(Object.is(back.tensors.get('a')!.data[4], -0)).toBe(true);
  });

  it('says what is wrong with a truncated, garbled or inconsistent file', () => {
    const good = encodeSafetensors(tensors, meta);
    const n = Number(new DataView(good.buffer).getBigUint64(0, true));
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(/only 5 bytes long/);
    expect(() => decodeSafetensors(good.subarray(0, 8 + n + 10))).toThrow(/ends at byte .* \(the file is truncated\)/);
    expect(() => decodeSafetensors(good.subarray(0, 40))).toThrow(/header claims \d+ bytes/);
    const garbled = good.slice();
    garbled[8 + 15] = 0x2c; // {"__metadata__"," …: a comma where the colon was
    expect(() => decodeSafetensors(garbled)).toThrow(/header is not valid JSON/);
    const notJson = good.slice();
    notJson[8] = 0x5b;
    expect(() => decodeSafetensors(notJson)).toThrow(/does not start with "\{"/);
    expect(() => decodeSafetensors(new TextEncoder().encode('<!doctype html><html>…</html>'))).toThrow(/Cannot read the safetensors file/);
    const extra = new Uint8Array(good.length + 4);
    extra.set(good);
    expect(() => decodeSafetensors(extra)).toThrow(/4 bytes after the last tensor/);
    const bf16 = encodeSafetensors([], {});
    const h = new TextEncoder().encode('{"x":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}');
    const f = new Uint8Array(8 + h.length + 2);
    new DataView(f.buffer).setBigUint64(0, BigInt(h.length), true);
    f.set(h, 8);
    expect(bf16.length).toBe(8 + 24); // {"__metadata__":{}} padded to 24 bytes
    expect(() => decodeSafetensors(f)).toThrow(/dtype "BF16"; OptiPlay reads F32 and U8/);
  });
});

describe('the OptiPlay model file', () => {
  it('holds the effective weights under PyTorch names, the metadata, optimizer state and the toy data', async () => {
    const { ckpt, setup } = await trainedCheckpoint(spiral, 60);
    const file = decodeSafetensors(safetensorsFromCheckpoint(ckpt).bytes);
    const model = exportModel(ckpt);
    model.weights.forEach(({ W, b }, l) => {
      expect(file.tensors.get(`layers.${l}.weight`)!.shape).toEqual([model.spec.layers[l].outDim, model.spec.layers[l].inDim]);
      expect(Array.from(file.tensors.get(`layers.${l}.weight`)!.data)).toEqual(Array.from(W));
      expect(Array.from(file.tensors.get(`layers.${l}.bias`)!.data)).toEqual(Array.from(b));
    });
    expect(file.metadata).toMatchObject({ format: 'optiplay', step: '60', optimizer_steps: '60', quantization: 'none', weights: 'effective', task: 'classification' });
    expect(JSON.parse(file.metadata.config)).toEqual(ckpt.config);
    expect(JSON.parse(file.metadata.spec)).toEqual(ckpt.lanes[0].spec);
    expect(stateSlots(spiral)).toBe(2);
    expect(Array.from(file.tensors.get('optim.state1.layers.1.weight')!.data)).toEqual(Array.from(ckpt.lanes[0].state[1].subarray(paramLayout(model.spec).layers[1].W.offset).subarray(0, 5 * 9)));
    expect(file.tensors.get('data.test_x')!.shape).toEqual([setup.data.test.n, 2]);
    expect(Array.from(file.tensors.get('data.train_y')!.data)).toEqual(Array.from(setup.data.train.y));
    expect([...file.tensors.keys()].some((k) => k.startsWith('master.') || k.startsWith('mask.'))).toBe(false);
  });

  it('reads back as the run (Import model): config, spec, master params, step, optimizer state', async () => {
    const { ckpt } = await trainedCheckpoint(spiral, 60);
    ckpt.lanes[0].scheduleSince = 25; // a fine-tuning branch restarted the schedule at step 25
    const back = checkpointFromSafetensors(safetensorsFromCheckpoint(ckpt).bytes);
    expect(back.scheduleSteps).toBe(35);
    expect(back.config).toEqual(ckpt.config);
    expect(back.corrections).toEqual([]);
    expect(back.spec).toEqual(ckpt.lanes[0].spec);
    expect(Array.from(back.params)).toEqual(Array.from(ckpt.lanes[0].params));
    expect(back.step).toBe(60);
    expect(back.optimizerSteps).toBe(60);
    expect(Array.from(back.state![0])).toEqual(Array.from(ckpt.lanes[0].state[0]));
    expect(Array.from(back.state![1])).toEqual(Array.from(ckpt.lanes[0].state[1]));
    expect(back.mask).toBeNull();
    expect(back.quant).toBeNull();
  });

  it('a pruned, quantized run keeps its float masters, mask and quantization record; the weights are the fake-quantized ones', async () => {
    const quant = { bits: [3, 32, 8], scheme: 'symmetric' as const, perChannel: false, mode: 'aware' as const };
    const { ckpt } = await trainedCheckpoint(spiral, 60, { prune: 0.4, quant });
    const bytes = safetensorsFromCheckpoint(ckpt).bytes;
    const file = decodeSafetensors(bytes);
    const model = exportModel(ckpt);
    expect(model.quantized).toBe(true);
    expect(Array.from(file.tensors.get('layers.0.weight')!.data)).toEqual(Array.from(model.weights[0].W));
    expect(new Set(file.tensors.get('layers.0.weight')!.data).size).toBeLessThanOrEqual(7); // 3-bit symmetric: 7 levels
    expect(file.tensors.get('mask.layers.2.weight')!.dtype).toBe('U8');
    expect(JSON.parse(file.metadata.quantization)).toEqual(quant);
    const back = checkpointFromSafetensors(bytes);
    expect(Array.from(back.params)).toEqual(Array.from(ckpt.lanes[0].params));
    expect(Array.from(back.mask!)).toEqual(Array.from(ckpt.compressor.mask!));
    expect(back.quant).toEqual(quant);
  });

  it('refuses a file that is not an OptiPlay export, or whose tensors do not fit its model, with a clear message', async () => {
    expect(() => checkpointFromSafetensors(encodeSafetensors([], { format: 'pt' }))).toThrow(/not exported by OptiPlay/);
    const { ckpt } = await trainedCheckpoint(spiral, 2);
    const file = decodeSafetensors(safetensorsFromCheckpoint(ckpt).bytes);
    const reencode = (edit: (t: Map<string, SafeTensor>, m: Record<string, string>) => void) => {
      const t = new Map(file.tensors), m = { ...file.metadata };
      edit(t, m);
      return () => checkpointFromSafetensors(encodeSafetensors(t, m));
    };
    expect(reencode((t) => t.delete('layers.1.bias'))).toThrow(/tensor layers.1.bias is missing/);
    expect(reencode((t) => t.set('layers.0.weight', { dtype: 'F32', shape: [2, 9], data: new Float32Array(18) }))).toThrow(/layers.0.weight is F32 \[2,9\], expected F32 \[9,2\]/);
    expect(reencode((_, m) => (m.spec = '{"inputDim":2,"layers":[]'))).toThrow(/"spec" metadata is not valid JSON/);
    expect(reencode((_, m) => (m.config = JSON.stringify({ ...ckpt.config, dataset: 'mnist' })))).toThrow(/maps 2 inputs to 2 outputs, but mnist needs 784 → 10/);
    expect(reencode((_, m) => (m.quantization = '{"bits":[9]}'))).toThrow(/quantization record/);
    // A config from a newer or edited file is validated, and the corrections are reported.
    const fixed = reencode((_, m) => (m.config = JSON.stringify({ ...ckpt.config, learningRate: 99 })))();
    expect(fixed.config.learningRate).toBe(10);
    expect(fixed.corrections.map((c) => c.field)).toEqual(['learningRate']);
  });
});
