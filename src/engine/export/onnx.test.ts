/**
 * The ONNX export run by onnxruntime-web (the runtime people load it with) in Node: on a trained MNIST
 * model, a 50%-pruned 4-bit per-channel affine variant, every activation on toy data and a regression,
 * the runtime's outputs match the engine's forward pass within 1e-4 and give the same number of correct
 * test examples as the CPU backend's evaluation. The file's own fields (IR version, opset, producer,
 * doc_string, initializers) are read back with the protobuf reader.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { validateConfig, type RunConfig } from '../config';
import { forward } from '../fastNetwork';
import { loadMnistNode } from '../mnistNode';
import type { MnistRaw } from '../mnist';
import { accuracy } from '../ops/loss';
import { exportModel } from './exportModel';
import { ONNX_INPUT, ONNX_OUTPUT, onnxFromCheckpoint } from './onnx';
import { readFields, type ProtoField } from './protobuf';
import { trainedCheckpoint, type TrainedCheckpoint } from './testCheckpoint';

ort.env.wasm.numThreads = 1;

async function runOnnx(bytes: Uint8Array, x: Float32Array, n: number, features: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual([ONNX_INPUT]);
  expect(session.outputNames).toEqual([ONNX_OUTPUT]);
  const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x.subarray(0, n * features), [n, features]) });
  await session.release();
  return out[ONNX_OUTPUT].data as Float32Array;
}

const maxDiff = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** Runs the export of `run` on its test split and checks it against the backend and the engine's forward pass. */
async function checkAgainstEngine(run: TrainedCheckpoint): Promise<{ diff: number; correct: number; n: number }> {
  const { ckpt, setup, backend, evaluation } = run;
  const { test } = setup.data;
  const { spec, layout, params } = exportModel(ckpt);
  const logits = await runOnnx(onnxFromCheckpoint(ckpt).bytes, test.x, test.n, spec.inputDim);
  const outDim = spec.layers[spec.layers.length - 1].outDim;
  expect(logits.length).toBe(test.n * outDim);
  // Independent reference: the backend's own raw test outputs (its mask and quantization, its forward pass).
  const snap = (await backend.evaluate(true))!.snapshot!;
  const engine = snap.testOutput ?? forward(spec, layout, params, test.x, test.n)[spec.layers.length];
  const diff = Math.max(maxDiff(logits, engine), maxDiff(logits, forward(spec, layout, params, test.x, test.n)[spec.layers.length]));
  expect(diff).toBeLessThanOrEqual(1e-4);
  const correct = Math.round(accuracy(logits, test.y, test.n, outDim) * test.n);
  if (evaluation.testAccuracy !== undefined) expect(correct).toBe(Math.round(evaluation.testAccuracy * test.n));
  return { diff, correct, n: test.n };
}

const field = (fields: ProtoField[], n: number) => fields.filter((f) => f.field === n).map((f) => f.value);
const text = (v: bigint | Uint8Array) => new TextDecoder().decode(v as Uint8Array);

describe('ONNX export on MNIST (784-32-10 relu, Adam, 150 steps on 2000 digits)', () => {
  let mnist: MnistRaw;
  let config: RunConfig;
  beforeAll(() => {
    mnist = loadMnistNode();
    config = validateConfig({ dataset: 'mnist', samples: 2000, hidden: [32], optimizer: 'adam', learningRate: 0.003, batchSize: 64 }).config;
  });

  it('onnxruntime-web gives the engine\'s logits (≤ 1e-4) and the same correct digits as the backend', async () => {
    const run = await trainedCheckpoint(config, 150, { mnist });
    const r = await checkAgainstEngine(run);
    expect(r.n).toBe(2000);
    expect(r.correct / r.n).toBeGreaterThan(0.8); // it really trained
    console.log(`MNIST float: ${r.correct}/${r.n} correct, max |logit diff| ${r.diff.toExponential(2)}`);
  }, 30_000);

  it('a 50%-pruned, 4-bit per-channel affine model exports its fake-quantized weights, zeros kept, and says so', async () => {
    const quant = { bits: [4, 4], scheme: 'affine' as const, perChannel: true, mode: 'post-training' as const };
    const run = await trainedCheckpoint(config, 150, { mnist, prune: 0.5, quant });
    const r = await checkAgainstEngine(run);
    console.log(`MNIST pruned+4-bit: ${r.correct}/${r.n} correct, max |logit diff| ${r.diff.toExponential(2)}`);
    const { bytes, note } = onnxFromCheckpoint(run.ckpt);
    expect(note).toMatch(/fake-quantized float32/);
    expect(note).toMatch(/50\.0% of the weights are pruned/);
    const model = readFields(bytes);
    expect(text(field(model, 6)[0])).toContain(note);
    // Initializer W1: half its entries exactly 0, at most 16 distinct values per row (4 bits).
    const graph = readFields(field(model, 7)[0] as Uint8Array);
    const w1 = graph.filter((f) => f.field === 5).map((f) => readFields(f.value as Uint8Array)).find((t) => text(field(t, 8)[0]) === 'W1')!;
    const raw = field(w1, 4)[0] as Uint8Array;
    const values = new Float32Array(raw.slice().buffer);
    expect(values.length).toBe(32 * 784);
    expect(values.filter((v) => v === 0).length).toBeGreaterThanOrEqual(0.5 * values.length);
    expect(new Set(values.subarray(0, 784)).size).toBeLessThanOrEqual(16);
  }, 30_000);

  it('writes the ModelProto fields ONNX needs: IR 7, opset "" 13, producer OptiPlay, a graph input [N, 784] and output [N, 10]', async () => {
    const run = await trainedCheckpoint(config, 1, { mnist });
    const model = readFields(onnxFromCheckpoint(run.ckpt).bytes);
    expect(field(model, 1)).toEqual([7n]);
    const opset = readFields(field(model, 8)[0] as Uint8Array);
    expect(text(field(opset, 1)[0])).toBe('');
    expect(field(opset, 2)).toEqual([13n]);
    expect(text(field(model, 2)[0])).toBe('OptiPlay');
    const graph = readFields(field(model, 7)[0] as Uint8Array);
    const ops = field(graph, 1).map((n) => text(field(readFields(n as Uint8Array), 4)[0]));
    expect(ops).toEqual(['Gemm', 'Relu', 'Gemm']);
    const dims = (vi: Uint8Array) => {
      const type = readFields(field(readFields(vi), 2)[0] as Uint8Array);
      const tensor = readFields(field(type, 1)[0] as Uint8Array);
      expect(field(tensor, 1)).toEqual([1n]); // FLOAT
      return field(readFields(field(tensor, 2)[0] as Uint8Array), 1).map((d) => readFields(d as Uint8Array)[0]).map((f) => (f.field === 2 ? text(f.value) : Number(f.value)));
    };
    expect(dims(field(graph, 11)[0] as Uint8Array)).toEqual(['N', 784]);
    expect(dims(field(graph, 12)[0] as Uint8Array)).toEqual(['N', 10]);
  });
});

describe('ONNX export on toy data', () => {
  const toy = (extra: Partial<RunConfig>) =>
    validateConfig({ dataset: 'spiral', samples: 400, hidden: [12, 8], optimizer: 'adam', learningRate: 0.02, batchSize: 32, ...extra }).config;

  it.each(['tanh', 'relu', 'sigmoid', 'linear'] as const)('2-D spiral with %s hidden layers matches the engine', async (activation) => {
    const r = await checkAgainstEngine(await trainedCheckpoint(toy({ activation }), 200));
    expect(r.diff).toBeLessThanOrEqual(1e-4);
  });

  it('a model without hidden layers (one Gemm, input to logits) matches the engine', async () => {
    const run = await trainedCheckpoint(toy({ dataset: 'gaussians', hidden: [] }), 50);
    expect(run.ckpt.lanes[0].spec.layers.length).toBe(1);
    await checkAgainstEngine(run);
  });

  it('a tanh spiral model trained to good accuracy keeps every correct point', async () => {
    const run = await trainedCheckpoint(toy({ activation: 'tanh', hidden: [16, 16], noise: 0 }), 600);
    const r = await checkAgainstEngine(run);
    expect(r.correct / r.n).toBeGreaterThan(0.7);
  });

  it('a 1-D regression (sine, MSE) gives the engine\'s predictions', async () => {
    const run = await trainedCheckpoint(validateConfig({ dataset: 'sine', samples: 300, hidden: [16], activation: 'tanh', optimizer: 'adam', learningRate: 0.01 }).config, 200);
    const r = await checkAgainstEngine(run);
    expect(r.diff).toBeLessThanOrEqual(1e-4);
  });
});
