/** The CPU backend: the same training step as the GPU, in plain TypeScript (also runs in Node). */
import type { BackendInit, Evaluation, Snapshot, TrainingBackend } from './backend';
import { forward, lossAndGradient } from './network';
import { gatherRows } from './ops/gather';
import { histogram } from './ops/histogram';
import { accuracy, lossAndGrad } from './ops/loss';
import { sgdUpdate } from './ops/sgd';

export function createCpuBackend(init: BackendInit): TrainingBackend {
  const { spec, layout, data, loss } = init;
  const params = init.params.slice();
  const inDim = data.inputDim, outDim = data.outputDim;
  const evalTrainRows = Math.min(data.train.n, init.maxEvalRows);

  const evalSplit = (x: Float32Array, y: Float32Array, M: number) => {
    const acts = forward(spec, layout, params, x.subarray(0, M * inDim), M);
    const Z = acts[acts.length - 1];
    const yM = y.subarray(0, M * outDim);
    return { loss: lossAndGrad(Z, yM, M, outDim, loss).loss, acc: accuracy(Z, yM, M, outDim) };
  };

  return {
    info: { kind: 'cpu', name: 'CPU' },
    step(batch, lr) {
      const X = gatherRows(data.train.x, batch, inDim);
      const T = gatherRows(data.train.y, batch, outDim);
      const { grads } = lossAndGradient(spec, layout, params, X, T, batch.length, loss);
      sgdUpdate(params, grads, lr);
    },
    evaluate(withSnapshot) {
      const tr = evalSplit(data.train.x, data.train.y, evalTrainRows);
      const te = evalSplit(data.test.x, data.test.y, data.test.n);
      const evaluation: Evaluation = { trainLoss: tr.loss, testLoss: te.loss };
      if (data.task === 'classification') {
        evaluation.trainAccuracy = tr.acc;
        evaluation.testAccuracy = te.acc;
      }
      let snapshot: Snapshot | undefined;
      if (withSnapshot) {
        const acts = forward(spec, layout, params, init.grid, init.gridRows);
        snapshot = {
          histograms: layout.layers.map(({ W }) => histogram(params.subarray(W.offset, W.offset + W.size))),
          output: acts[acts.length - 1],
        };
      }
      return Promise.resolve({ evaluation, snapshot });
    },
    settled: () => Promise.resolve(),
    readParams: () => Promise.resolve(params.slice()),
    destroy() {},
  };
}
