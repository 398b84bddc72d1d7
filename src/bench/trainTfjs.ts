/**
 * TensorFlow.js training throughput: tf.sequential 784-300-100-10 (relu, linear output) with Adam
 * (learning rate 1e-3) and softmax cross-entropy, OptiPlay's initial weights, model.trainOnBatch on the
 * same batches of the same data. trainOnBatch is what a training loop with live metrics calls (it
 * returns the loss of each step). The wasm backend runs threaded (tfjsWasm.ts); its thread count goes
 * into the row (`tfjs_wasm_threads`).
 */
import { denseWeights, lenet } from './lenet';
import { tfWith, type TfBackend } from './peers';
import type { BenchResult } from './results';
import { tfjsWasmThreads } from './tfjsWasm';
import { repsPerSecond, scale, type Rate } from './timing';

export async function tfjsTraining(backend: TfBackend, batch: number): Promise<Rate> {
  const tf = await tfWith(backend);
  const net = lenet(batch);
  const { data } = net.init;
  const model = tf.sequential();
  denseWeights(net.init).forEach((w, l, all) => {
    const layer = tf.layers.dense({ units: w.outDim, inputShape: [w.inDim], activation: l === all.length - 1 ? 'linear' : 'relu' });
    model.add(layer);
    layer.setWeights([tf.tensor2d(w.kernel, [w.inDim, w.outDim]), tf.tensor1d(w.bias)]);
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  // the batches OptiPlay's sampler draws, gathered up front (32 of them, used in turn)
  const batches = Array.from({ length: 32 }, () => {
    const idx = net.batches.next(batch);
    const x = new Float32Array(batch * 784), y = new Float32Array(batch * 10);
    idx.forEach((r, i) => {
      x.set(data.train.x.subarray(r * 784, (r + 1) * 784), i * 784);
      y.set(data.train.y.subarray(r * 10, (r + 1) * 10), i * 10);
    });
    return { x: tf.tensor2d(x, [batch, 784]), y: tf.tensor2d(y, [batch, 10]) };
  });
  let next = 0;
  const steps = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const b = batches[next++ % batches.length];
      const loss = await model.trainOnBatch(b.x, b.y);
      if (!Number.isFinite(loss as number)) throw new Error(`tfjs-${backend}: loss ${String(loss)}`);
    }
  };
  try {
    await steps(3);
    const rate = await repsPerSecond(steps, { targetMs: 1500, minReps: 2, maxReps: 400 });
    return scale(rate, batch);
  } finally {
    batches.forEach((b) => tf.dispose([b.x, b.y]));
    model.dispose();
  }
}

/** The threads tfjs-wasm ran on, into the row `name` (`tfjs_wasm_threads`) and the log. */
export function recordTfjsWasmThreads(res: BenchResult, name: string, log: (s: string) => void): void {
  const threads = tfjsWasmThreads();
  const row = res.rows.find((r) => r.name === name);
  if (row && threads !== null) row.tfjs_wasm_threads = threads;
  log(`${name} tfjs-wasm: ${threads ?? 'unknown'} thread(s)`);
}
