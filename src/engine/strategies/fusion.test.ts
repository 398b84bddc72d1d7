/**
 * Fusion on small spiral networks, scored on the CPU backend through the same Evaluator the worker uses:
 * an ensemble of identical members is the member, a uniform soup of identical runs is that run, a greedy
 * soup never scores below its best member held out (and leaves a useless member out), the interpolation
 * path's ends are the two runs, and unfusable choices get sentences.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { setupRun, type RunSetup } from '../run';
import { trainedSpiral } from './spiralNets';
import { backendEvaluator, evaluationInit } from './evaluate';
import { alphaGrid, barrierOf, ensemble, ensembleOf, fusionProblem, greedySoup, interpolationPath, softmaxRows, uniformSoup, type Ingredient } from './fusion';

const cpuEvaluator = (setup: RunSetup) => backendEvaluator(createCpuBackend(evaluationInit(setup.init.spec, setup.data)));

describe('fusion', () => {
  const a = trainedSpiral(1);
  const b = trainedSpiral(2);
  const { data } = a.setup;
  const K = data.outputDim;
  const evaluate = cpuEvaluator(a.setup);

  it('an ensemble of identical members is that member, by mean and by vote', async () => {
    for (const rule of ['mean', 'vote'] as const) {
      const r = await ensemble([a.params, a.params, a.params], evaluate, data.test.y, K, rule);
      expect(r.ensemble.errors).toBe(r.members[0].errors);
      expect(r.ensemble.loss).toBeCloseTo(r.members[0].loss, 5);
    }
  });

  it('an ensemble averages probabilities, and a vote follows the majority', () => {
    const z1 = new Float32Array([5, 0, 0]), z2 = new Float32Array([0, 5, 0]), z3 = new Float32Array([0, 4.9, 0]);
    const mean = ensembleOf([z1, z2], 1, 3, 'mean').probs;
    const p1 = softmaxRows(z1, 1, 3), p2 = softmaxRows(z2, 1, 3);
    for (let k = 0; k < 3; k++) expect(mean[k]).toBeCloseTo((p1[k] + p2[k]) / 2, 6);
    expect(ensembleOf([z1, z2, z3], 1, 3, 'vote').predicted?.[0]).toBe(1);
  });

  it('a uniform soup of identical runs is that run', () => {
    expect(Array.from(uniformSoup([a.params, a.params, a.params]))).toEqual(Array.from(a.params));
    const mid = uniformSoup([a.params, b.params]);
    expect(mid[3]).toBeCloseTo((a.params[3] + b.params[3]) / 2, 6);
  });

  it('a greedy soup never scores below its best member held out, and leaves out a member that hurts', async () => {
    const broken = a.params.map((v, i) => (i % 2 ? v * -3 : v * 5));
    const heldOut = { from: 0, to: Math.floor(data.test.n / 2) };
    const g = await greedySoup([b.params, broken, a.params], evaluate, data.test.y, K, heldOut);
    const best = Math.max(...g.memberHeldOut);
    expect(g.tried[0].heldOut).toBe(best);
    expect(g.tried.filter((t) => t.kept).every((t) => t.heldOut >= best)).toBe(true);
    expect(g.kept).not.toContain(1);
    const soupAcc = g.tried.filter((t) => t.kept).at(-1)!.heldOut;
    expect(soupAcc).toBeGreaterThanOrEqual(best);
  });

  it('the interpolation path starts at A and ends at B; the barrier is its peak over the mean of its ends', async () => {
    const path = await interpolationPath(a.params, b.params, alphaGrid(5), evaluate, data.test.y, K);
    const [ra, rb] = (await ensemble([a.params, b.params], evaluate, data.test.y, K, 'mean')).members;
    expect(path.points.map((p) => p.alpha)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(path.points[0].loss).toBeCloseTo(ra.loss, 6);
    expect(path.points[4].accuracy).toBeCloseTo(rb.accuracy, 10);
    expect(path.barrier).toBeCloseTo(Math.max(...path.points.map((p) => p.loss)) - (ra.loss + rb.loss) / 2, 6);
    expect(barrierOf([{ alpha: 0, loss: 1, accuracy: 0 }, { alpha: 0.5, loss: 3, accuracy: 0 }, { alpha: 1, loss: 2, accuracy: 0 }])).toBe(1.5);
  });

  it('says why runs cannot be fused', () => {
    const spec = a.setup.init.spec;
    const run = (name: string, over: Partial<Ingredient> = {}): Ingredient => ({ name, spec, seed: 1, data: 'Spiral', task: 'classification', ...over });
    expect(fusionProblem('ensemble', [run('one')])).toMatch(/at least two/);
    expect(fusionProblem('ensemble', [run('one'), run('two', { seed: 5 })])).toBeNull();
    expect(fusionProblem('ensemble', [run('one'), run('two', { data: 'MNIST' })])).toMatch(/“two” was trained on MNIST/);
    const wide = setupRun(validateConfig({ dataset: 'spiral', hidden: [32] }).config).init.spec;
    expect(fusionProblem('ensemble', [run('one'), run('wide', { spec: wide })])).toBeNull();
    expect(fusionProblem('interpolate', [run('one'), run('wide', { spec: wide })])).toMatch(/Different layouts .* cannot be fused/);
    expect(fusionProblem('soup', [run('one'), run('two', { seed: 2 })])).toMatch(/share an initialisation \(same seed and layout\)/);
    expect(fusionProblem('interpolate', [run('one'), run('two', { seed: 2 })])).toBeNull();
    expect(fusionProblem('soup', [run('one'), run('two', { task: 'regression' })])).toMatch(/predicts a number/);
    expect(fusionProblem('ensemble', Array.from({ length: 6 }, (_, i) => run(`r${i}`)))).toMatch(/at most 5/);
  });
});
