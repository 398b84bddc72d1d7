/**
 * The Fuse lesson keeps its promises, trained here on the CPU engine through the Trainer as the worker
 * trains them: the lesson's run from seed 1 and from seed 2, 600 steps each (as a person saves them), then
 * what the Fuse area does with them (engine/strategies): their ensemble, the soup the area refuses
 * (no shared initialisation), and the interpolation path before and after aligning neurons. The measured
 * numbers are logged.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpuBackend';
import { loadMnistNode } from '../../engine/mnistNode';
import { setupRun } from '../../engine/run';
import { backendEvaluator, evaluationInit } from '../../engine/strategies/evaluate';
import { alphaGrid, ensemble, fusionProblem, interpolationPath } from '../../engine/strategies/fusion';
import { weightMatching } from '../../engine/strategies/weightMatching';
import { Trainer, type BackendFactory } from '../../engine/train/trainer';
import { LESSONS, lessonConfig, type PlaygroundLesson } from './lessons';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('the Fuse lesson', () => {
  const mnist = loadMnistNode();

  it('two seeds: the ensemble beats both members; the straight path between them has a barrier that aligning neurons lowers', async () => {
    const l = LESSONS.find((x) => x.id === 'fuse-seeds') as PlaygroundLesson;
    expect(l?.kind).toBe('playground');
    const config = lessonConfig(l);
    const runs = [];
    for (const seed of [config.seed, config.seed + 1]) {
      const t = await Trainer.create(setupRun({ ...config, seed }, mnist), cpu);
      for (let i = 0; i < 600; i++) t.doStep();
      runs.push({ spec: t.setup.init.spec, params: (await t.lanes[0].backend.readParams()).slice(), data: t.setup.data });
    }
    const [A, B] = runs;
    const { data } = A;
    const K = data.outputDim;
    const y = data.test.y;
    const ingredient = (name: string, seed: number) => ({ name, spec: A.spec, seed, data: 'MNIST', task: 'classification' as const });
    expect(fusionProblem('soup', [ingredient('seed 1', 1), ingredient('seed 2', 2)])).toMatch(/share an initialisation/);
    const evaluate = backendEvaluator(createCpuBackend(evaluationInit(A.spec, data)));
    const e = await ensemble([A.params, B.params], evaluate, y, K, 'mean');
    const raw = await interpolationPath(A.params, B.params, alphaGrid(11), evaluate, y, K);
    const m = weightMatching({ spec: A.spec, params: A.params }, { spec: B.spec, params: B.params }, 0);
    const aligned = await interpolationPath(A.params, m.params, alphaGrid(11), evaluate, y, K);
    const mid = (p: typeof raw) => p.points[5];
    console.log(
      `[lesson fuse] members ${e.members.map((s) => `${pct(s.accuracy)} (${s.errors} errors)`).join(', ')}; ensemble ${pct(e.ensemble.accuracy)} (${e.ensemble.errors} errors); ` +
        `barrier ${raw.barrier.toFixed(3)} (α = 0.5: loss ${mid(raw).loss.toFixed(3)}, ${pct(mid(raw).accuracy)}), after alignment ${aligned.barrier.toFixed(3)} (α = 0.5: loss ${mid(aligned).loss.toFixed(3)}, ${pct(mid(aligned).accuracy)}), ${m.sweeps} sweeps; ends ${raw.points[0].loss.toFixed(3)} / ${raw.points[10].loss.toFixed(3)}`,
    );
    expect(e.ensemble.errors).toBeLessThan(Math.min(...e.members.map((s) => s.errors)));
    expect(aligned.barrier).toBeLessThan(raw.barrier * 0.5);
    expect(mid(aligned).accuracy).toBeGreaterThan(mid(raw).accuracy);
  }, 300_000);
});
