/** fastNetwork.ts gives network.ts's loss, gradients and outputs. */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES } from './config';
import * as fast from './fastNetwork';
import { initParams, modelSpecFor, paramLayout } from './model';
import * as plain from './network';
import { createRng } from './rng';

function expectMatch(actual: Float32Array, expected: Float32Array, what: string) {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (err > 1e-4 * Math.abs(expected[i]) + 1e-7) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe.each(LOSSES)('fastNetwork matches network (%s)', (loss) => {
  it.each(ACTIVATIONS)('%s hidden layers, 7-33-5-3 at batch 13', (activation) => {
    const spec = modelSpecFor({ hidden: [33, 5], activation }, { inputDim: 7, outputDim: 3 });
    const layout = paramLayout(spec);
    const params = initParams(spec, layout, 11);
    // Non-zero biases so the bias path is exercised too.
    const rng = createRng(5);
    layout.layers.forEach(({ b }) => { for (let i = 0; i < b.size; i++) params[b.offset + i] = 0.1 * rng.normal(); });
    const M = 13;
    const X = Float32Array.from({ length: M * 7 }, () => rng.normal());
    const T = new Float32Array(M * 3);
    for (let m = 0; m < M; m++) T[m * 3 + rng.int(3)] = 1;

    const acts = fast.forward(spec, layout, params, X, M);
    plain.forward(spec, layout, params, X, M).forEach((a, l) => expectMatch(acts[l], a, `acts[${l}]`));

    const got = fast.lossAndGradient(spec, layout, params, X, T, M, loss);
    const want = plain.lossAndGradient(spec, layout, params, X, T, M, loss);
    expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-6 * Math.abs(want.loss));
    expectMatch(got.grads, want.grads, 'grads');
    expectMatch(got.output, want.output, 'output');
  });
});

describe('fastNetwork on an MNIST-sized net', () => {
  it('784-300-100-10 at batch 32 matches network', () => {
    const spec = modelSpecFor({ hidden: [300, 100], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
    const layout = paramLayout(spec);
    const params = initParams(spec, layout, 3);
    const rng = createRng(9);
    const M = 32;
    const X = Float32Array.from({ length: M * 784 }, () => rng.next());
    const T = new Float32Array(M * 10);
    for (let m = 0; m < M; m++) T[m * 10 + rng.int(10)] = 1;
    const got = fast.lossAndGradient(spec, layout, params, X, T, M, 'crossentropy');
    const want = plain.lossAndGradient(spec, layout, params, X, T, M, 'crossentropy');
    expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-6 * want.loss);
    expectMatch(got.grads, want.grads, 'grads');
  });
});
