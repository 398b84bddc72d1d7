/** The CPU backend: the same training step as the GPU, in plain TypeScript (also runs in Node). */
import { segmentSummary, type BackendInit, type Evaluation, type Snapshot, type TrainingBackend } from './backend';
import { forward, lossAndGradient } from './fastNetwork';
import { gatherRows } from './ops/gather';
import { histogram } from './ops/histogram';
import { accuracy, lossAndGrad } from './ops/loss';
import { optimizerStep } from './optimizers';

export function createCpuBackend(init: BackendInit): TrainingBackend {
  const { spec, layout, data, loss } = init;
  const params = init.params.slice();
  let grads = new Float32Array(layout.totalFloats);
  const state = [new Float32Array(layout.totalFloats), new Float32Array(layout.totalFloats)];
  /** Statistics per segment [W_0 … W_{L-1}, b_0 … b_{L-1}], as the GPU's statistics kernel lays them out. */
  const segmentStats = (values: Float32Array) => [...layout.layers.map(({ W }) => W), ...layout.layers.map(({ b }) => b)].map((t) => histogram(values.subarray(t.offset, t.offset + t.size)));
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
    step(batch, { hyper, t }) {
      const X = gatherRows(data.train.x, batch, inDim);
      const T = gatherRows(data.train.y, batch, outDim);
      grads = lossAndGradient(spec, layout, params, X, T, batch.length, loss).grads;
      optimizerStep(params, grads, state, hyper, t);
    },
    evaluate(withSnapshot) {
      const tr = evalSplit(data.train.x, data.train.y, evalTrainRows);
      const te = evalSplit(data.test.x, data.test.y, data.test.n);
      const stats = segmentStats(params);
      const evaluation: Evaluation = { trainLoss: tr.loss, testLoss: te.loss, ...segmentSummary(stats, segmentStats(grads), layout.layers.length) };
      if (data.task === 'classification') {
        evaluation.trainAccuracy = tr.acc;
        evaluation.testAccuracy = te.acc;
      }
      let snapshot: Snapshot | undefined;
      if (withSnapshot) {
        const acts = forward(spec, layout, params, init.grid, init.gridRows);
        snapshot = {
          histograms: stats.slice(0, layout.layers.length),
          output: acts[acts.length - 1],
        };
      }
      return Promise.resolve({ evaluation, snapshot });
    },
    resetOptimizerState: () => state.forEach((s) => s.fill(0)),
    settled: () => Promise.resolve(),
    readParams: () => Promise.resolve(params.slice()),
    destroy() {},
  };
}
