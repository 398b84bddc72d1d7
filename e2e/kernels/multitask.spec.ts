/**
 * shaders/multitask.wgsl against its CPU twins (engine/strategies/multitask.ts) on odd shapes:
 *   heads_loss_grad  M ∈ {1, 7, 65, 300} rows, heads of 10 + 2, 3 + 5 and 2 + 2 classes (plus 0 or 3 columns
 *                    no head owns), weights (1, 1), (0.7, 2.5), (1, 0) and (0, 1);
 *   trunk_dots, pcgrad_combine  totals 1, 257, 4099 and 70,001 floats with the trunk ending inside
 *                    (n < total) or at the end, gradients that conflict, agree, or one of them zero.
 * Tolerance: |gpu − cpu| ≤ 1e-5 + 1e-4·|cpu| for dZ and PCGrad's sum (float32 exp/log and products on the
 * GPU against float64 on the CPU); the per-head loss sums and the three dot products at 10× (float32 sums
 * of up to 70,001 products against float64 ones); correct counts and the exact zeros of a weight-0 head
 * or an unowned column exactly.
 * Training steps (gpu/multitaskStep.ts wired into the GPU backend): a two-head model 7→13→(10 + 2) and
 * 7→13→9→(10 + 2), 33-row batches, random second-task bits (so the task gradients conflict on some steps),
 * plain Σ w_k L_k and PCGrad (one with the first layer frozen), 12–15 steps, GPU backend against CPU backend
 * with 64-row evaluation chunks (splits of 301 and 131 rows span several): parameters within
 * 1e-4 + 1e-3·|θ| (float32 drift over steps, as e2e/kernels/train-step.spec.ts); the losses (Σ w_k L_k and
 * each head's), Σθ², Σ|θ| and gradient norms at 10×; accuracies within one row of the test split (an argmax
 * tie may fall the other way); the conflict cosine on the last batch within 1e-3.
 */
import { expect, test } from './harness';

const TOL = { atol: 1e-5, rtol: 1e-4 };

test('heads_loss_grad: Σ w_k CE_k over each head’s softmax, per-head losses and correct counts', async ({ harness }) => {
  let worst = 0;
  for (const M of [1, 7, 65, 300]) {
    for (const [C1, C2, gap] of [[10, 2, 0], [3, 5, 3], [2, 2, 0]]) {
      for (const [w1, w2] of [[1, 1], [0.7, 2.5], [1, 0], [0, 1]]) {
        const what = `M=${M} heads ${C1}+${C2} (+${gap}) w=(${w1}, ${w2})`;
        const r = await harness.run('multitaskLoss', { M, C1, C2, gap, w1, w2, seed: M * 31 + C1 * 7 + C2 + w2 * 10, ...TOL });
        expect(r.finite, `${what} finite`).toBe(true);
        expect(r.grad.count, what).toBe(M * (C1 + C2 + gap));
        expect(r.grad.violations, `${what} dZ worst ${JSON.stringify(r.grad.worst)}`).toBe(0);
        expect(r.grad.maxRef, `${what} dZ is not all zeros`).toBeGreaterThan(0);
        expect(r.loss.violations, `${what} head losses ${JSON.stringify(r.loss.worst)}`).toBe(0);
        expect(r.correct.violations, `${what} correct counts ${JSON.stringify(r.correct.worst)}`).toBe(0);
        expect(r.zerosExact, `${what} a weight-0 head and unowned columns get exactly 0`).toBe(true);
        worst = Math.max(worst, r.grad.maxAbsErr);
      }
    }
  }
  test.info().annotations.push({ type: 'max |gpu − cpu|', description: `dZ ${worst}` });
});

test('trunk_dots and pcgrad_combine: PCGrad over the trunk, the plain sum over the heads', async ({ harness }) => {
  let worst = 0;
  for (const total of [1, 257, 4099, 70001]) {
    for (const n of [...new Set([Math.max(1, Math.floor(total * 0.8) + 1), total])]) {
      for (const kind of ['conflict', 'agree', 'zero'] as const) {
        const what = `total=${total} n=${n} ${kind}`;
        const r = await harness.run('multitaskPcgrad', { total, n, kind, seed: total + n + kind.length, ...TOL });
        expect(r.finite, `${what} finite`).toBe(true);
        if (kind === 'conflict' && n > 1) expect(r.cpuDot, `${what} conflicts`).toBeLessThan(0);
        if (kind === 'agree' && n > 1) expect(r.cpuDot, `${what} agrees`).toBeGreaterThan(0);
        expect(r.dots.violations, `${what} dots worst ${JSON.stringify(r.dots.worst)}`).toBe(0);
        expect(r.summed.count, what).toBe(total);
        expect(r.summed.violations, `${what} summed worst ${JSON.stringify(r.summed.worst)}`).toBe(0);
        worst = Math.max(worst, r.summed.maxAbsErr);
      }
    }
  }
  test.info().annotations.push({ type: 'max |gpu − cpu|', description: `PCGrad sum ${worst}` });
});

const TRAIN = { inputDim: 7, classes: 10, trainRows: 301, testRows: 131, batch: 33, evalChunkRows: 64, atol: 1e-4, rtol: 1e-3 };
const TRAIN_CASES = [
  { name: '7→13→(10+2) Σ w_k L_k, SGD', hidden: [13], steps: 15, tasks: { weights: [1, 2.5], pcgrad: false }, config: { activation: 'tanh', optimizer: 'sgd', learningRate: 0.1 }, seed: 5 },
  { name: '7→13→(10+2) PCGrad, Adam', hidden: [13], steps: 15, tasks: { weights: [1, 2.5], pcgrad: true }, config: { activation: 'relu', optimizer: 'adam', learningRate: 0.01 }, seed: 6 },
  {
    name: '7→13→9→(10+2) PCGrad, first layer frozen, momentum',
    hidden: [13, 9],
    steps: 12,
    tasks: { weights: [0.7, 1], pcgrad: true },
    config: { activation: 'tanh', optimizer: 'momentum', learningRate: 0.05 },
    groups: [{ frozen: true, lrFactor: 1 }, { frozen: false, lrFactor: 0.5 }, { frozen: false, lrFactor: 1 }],
    seed: 7,
  },
];

for (const c of TRAIN_CASES) {
  test(`multi-task training steps on the GPU backend match the CPU backend: ${c.name}`, async ({ harness }) => {
    const r = await harness.run('multitaskTrainSteps', { ...TRAIN, ...c });
    expect(r.backend).toBe('webgpu');
    expect(r.paramChange, 'training moved the weights').toBeGreaterThan(1e-3);
    if (c.tasks.pcgrad) expect(r.conflictSteps, 'steps where PCGrad projected').toBeGreaterThan(0);
    expect(r.params.violations, `params: worst ${JSON.stringify(r.params.worst)}`).toBe(0);
    expect(r.evaluation.count, 'Σ w_k L_k, 2 heads × 2 splits, Σθ², Σ|θ|, gradient norms').toBe(2 + 4 + 2 + c.hidden.length + 1);
    expect(r.evaluation.violations, `evaluation: worst ${JSON.stringify(r.evaluation.worst)}`).toBe(0);
    expect(r.accuracy.violations, `accuracies: worst ${JSON.stringify(r.accuracy.worst)}`).toBe(0);
    expect(r.gpuConflict, 'a conflict cosine on the last batch').not.toBeNull();
    expect(r.conflict.violations, `conflict: gpu ${r.gpuConflict} cpu ${r.cpuConflict}`).toBe(0);
    test.info().annotations.push({ type: 'max |gpu − cpu|', description: `params ${r.params.maxAbsErr}, cosine ${r.conflict.maxAbsErr}, conflicting steps ${r.conflictSteps}/${c.steps}` });
  });
}
