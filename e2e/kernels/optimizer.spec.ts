/**
 * shaders/optimizer.wgsl against its CPU twin (engine/optimizers.ts) and against the independent float64
 * reference (engine/optimizerReference.ts): every optimizer and variant, odd lengths, 24 steps each with
 * the uniforms rewritten every step.
 *
 * Tolerances (an element passes when |gpu − expected| ≤ atol·max|expected| + rtol·|expected|, per array):
 *  - GPU vs twin: atol 1e-6, rtol 1e-5. Both store float32; WGSL allows a few ulp in sqrt and division
 *    and may fuse multiply-adds, so the two differ by a few float32 roundings per step.
 *  - GPU vs float64 reference: atol 3e-6, rtol 1e-5: the float32 storage of θ and the state (≈ 6e-8
 *    per rounding) over 24 steps, on arrays whose scale is O(1).
 */
import type { OptimizerName, OptimizerHyper } from '../../src/engine/optimizers';
import type { OptimizerResult } from '../../src/harness/optimizerCases';
import { expect, test, type Harness } from './harness';

const SIZES = [1, 7, 257, 65537];
const STEPS = 24;
const TOL = { atol: 1e-6, rtol: 1e-5, refAtol: 3e-6, refRtol: 1e-5 };

interface Variant {
  optimizer: OptimizerName;
  hyper?: Partial<OptimizerHyper>;
  withMask?: boolean;
}

function expectClean(r: OptimizerResult, n: number, what: string) {
  for (const [against, c] of [['twin', r.twin], ['reference', r.reference]] as const) {
    expect(c.params.count, `${what} params vs ${against}`).toBe(n);
    expect(c.params.violations, `${what} params vs ${against} ${JSON.stringify(c.params.worst)} maxAbsErr ${c.params.maxAbsErr}`).toBe(0);
    expect(c.states.length, `${what} state arrays`).toBe(r.slots);
    c.states.forEach((s, k) => {
      expect(s.count, `${what} state${k} vs ${against}`).toBe(n);
      expect(s.maxRef, `${what} state${k} is not all zeros`).toBeGreaterThan(0);
      expect(s.violations, `${what} state${k} vs ${against} ${JSON.stringify(s.worst)} maxAbsErr ${s.maxAbsErr}`).toBe(0);
    });
  }
  expect(r.moved, `${what} moved θ`).toBeGreaterThan(1e-4);
  expect(r.maskedNonzero, `${what} pruned entries stay exactly +0`).toBe(0);
  expect(r.grads.count, `${what} gradient`).toBe(n);
  expect(r.grads.violations, `${what} gradient left as the applied one ${JSON.stringify(r.grads.worst)}`).toBe(0);
}

async function checkAll(harness: Harness, variants: Variant[]) {
  for (const v of variants) {
    for (const n of SIZES) {
      const what = `${v.optimizer} ${JSON.stringify(v.hyper ?? {})}${v.withMask ? ' masked' : ''} n=${n}`;
      const r = await harness.run('optimizer', { optimizer: v.optimizer, n, steps: STEPS, hyper: v.hyper, withMask: v.withMask, seed: n + 11, ...TOL });
      expectClean(r, n, what);
      if (v.withMask && n > 1) expect(r.masked, `${what} has pruned entries`).toBeGreaterThan(0);
    }
  }
}

test('SGD and momentum: plain, L1, L2, first momentum step, Nesterov, dampening', async ({ harness }) => {
  await checkAll(harness, [
    { optimizer: 'sgd' },
    { optimizer: 'sgd', hyper: { regularization: 'l2', regularizationRate: 0.3 } },
    { optimizer: 'sgd', hyper: { regularization: 'l1', regularizationRate: 0.05 } },
    { optimizer: 'momentum' },
    { optimizer: 'momentum', hyper: { nesterov: true } },
    { optimizer: 'momentum', hyper: { dampening: 0.3 } },
    { optimizer: 'momentum', hyper: { nesterov: true, dampening: 0.5, regularization: 'l2', regularizationRate: 0.1 } },
  ]);
});

test('RMSprop (plain, centered, large ε) and Adagrad (plain, L2, large ε)', async ({ harness }) => {
  await checkAll(harness, [
    { optimizer: 'rmsprop' },
    { optimizer: 'rmsprop', hyper: { centered: true } },
    { optimizer: 'rmsprop', hyper: { centered: true, regularization: 'l1', regularizationRate: 0.01 } },
    { optimizer: 'rmsprop', hyper: { epsilon: 0.1, beta2: 0.9 } },
    { optimizer: 'adagrad' },
    { optimizer: 'adagrad', hyper: { regularization: 'l2', regularizationRate: 0.5 } },
    { optimizer: 'adagrad', hyper: { epsilon: 0.5 } },
  ]);
});

test('Adam (plain, coupled L2, large ε) and AdamW (default, large decoupled decay, with L1)', async ({ harness }) => {
  await checkAll(harness, [
    { optimizer: 'adam' },
    { optimizer: 'adam', hyper: { regularization: 'l2', regularizationRate: 0.1 } },
    { optimizer: 'adam', hyper: { epsilon: 0.05, beta1: 0.5, beta2: 0.9, learningRate: 0.05 } },
    { optimizer: 'adamw' },
    { optimizer: 'adamw', hyper: { weightDecay: 5, learningRate: 0.02 } },
    { optimizer: 'adamw', hyper: { weightDecay: 0.1, regularization: 'l1', regularizationRate: 0.01 } },
  ]);
});

test('masked (pruned) entries keep θ, every state and the gradient exactly 0 for every optimizer', async ({ harness }) => {
  await checkAll(harness, [
    { optimizer: 'sgd', withMask: true, hyper: { regularization: 'l1', regularizationRate: 0.05 } },
    { optimizer: 'momentum', withMask: true, hyper: { nesterov: true } },
    { optimizer: 'rmsprop', withMask: true, hyper: { centered: true } },
    { optimizer: 'adagrad', withMask: true },
    { optimizer: 'adam', withMask: true, hyper: { regularization: 'l2', regularizationRate: 0.1 } },
    { optimizer: 'adamw', withMask: true },
  ]);
});
