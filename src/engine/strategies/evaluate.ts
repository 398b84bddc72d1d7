/**
 * Evaluating fused models on a backend (fusion.ts's Evaluator): a backend built for evaluation only holds
 * one model's parameters and the test split; each model to score is set with setParams and evaluated
 * with a snapshot, whose `testOutput` (BackendInit.snapshotExtras) is the test split's logits. The same
 * code runs on the GPU backend in the worker and on the CPU backend in Node; nothing else is read back.
 */
import type { BackendInit, TrainingBackend } from '../backend';
import type { Dataset } from '../datasets';
import { paramLayout, type ModelSpec } from '../model';
import type { Evaluator } from './fusion';

/**
 * A backend init that evaluates `spec` on `data`'s test split: no training rows to speak of (one test row
 * stands in, never stepped on), no train-loss rows, one grid row, the test logits read back.
 */
export function evaluationInit(spec: ModelSpec, data: Dataset, params?: Float32Array): BackendInit {
  const layout = paramLayout(spec);
  const one = { x: data.test.x.slice(0, data.inputDim), y: data.test.y.slice(0, data.outputDim), n: 1 };
  return {
    spec,
    layout,
    params: params ?? new Float32Array(layout.totalFloats),
    data: { ...data, train: one },
    loss: 'crossentropy',
    grid: new Float32Array(data.inputDim),
    gridRows: 1,
    maxEvalRows: 1,
    snapshotExtras: true,
  };
}

/** The test split's logits ([test.n, K]) of each parameter array, on `backend` (built from evaluationInit). */
export function backendEvaluator(backend: TrainingBackend): Evaluator {
  return async (params) => {
    backend.setParams(params);
    for (;;) {
      const pending = backend.evaluate(true);
      if (!pending) {
        await backend.settled(); // too many readbacks in flight: wait for them, then ask again
        continue;
      }
      const out = (await pending).snapshot?.testOutput;
      if (!out) throw new Error('The backend did not return the test outputs.');
      return out;
    }
  };
}
