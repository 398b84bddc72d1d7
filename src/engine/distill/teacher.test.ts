/** The teacher's test accuracy (argmax of its logits against the labels) and the epochs a first run may train. */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { setupRun } from '../run';
import { clampEpochs, teacherAccuracy } from './teacher';

describe('a teacher', () => {
  it('scores by its argmax, a one-layer model whose logit is x₀ being right exactly where x₀ decides', () => {
    const s = setupRun(validateConfig({ dataset: 'gaussians', samples: 200, hidden: [] }).config);
    const params = new Float32Array(s.init.params.length);
    const { W } = s.init.layout.layers[0]; // [2 outputs, 2 inputs]: class 1 gets x₀, class 0 gets −x₀
    params[W.offset] = -1;
    params[W.offset + 2] = 1;
    const teacher = { spec: s.init.spec, params };
    const { test } = s.data;
    let right = 0;
    for (let r = 0; r < test.n; r++) if ((test.x[r * 2] > 0 ? 1 : 0) === (test.y[r * 2 + 1] > 0 ? 1 : 0)) right++;
    expect(teacherAccuracy(teacher, s.data)).toBeCloseTo(right / test.n, 10);
    expect(teacherAccuracy(teacher, { ...s.data, task: 'regression' })).toBe(0);
  });

  it('trains first for 0.1 to 20 epochs', () => {
    expect(clampEpochs(0)).toBe(0.1);
    expect(clampEpochs(3)).toBe(3);
    expect(clampEpochs(99)).toBe(20);
    expect(clampEpochs(NaN)).toBe(0.1);
  });
});
