import { describe, expect, it } from 'vitest';
import { randomSampler } from './random';
import { trialOf } from './testTrials';
import { gamma, N_STARTUP_TRIALS, observations, splitObservations, tpeSampler } from './tpe';
import type { ParamValues, Sampler, SearchSpace, Trial } from './types';

const lrSpace: SearchSpace = [{ name: 'learningRate', dist: { kind: 'float', low: 1e-5, high: 1, log: true } }];
/** Best at lr = 1e-2, value 0. */
const quadratic = (p: ParamValues) => -((Math.log10(p.learningRate as number) + 2) ** 2);

function study(sampler: Sampler, objective: (p: ParamValues) => number, n: number): Trial[] {
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) {
    const p = sampler.ask(trials)!;
    trials.push(trialOf(i, p, objective(p)));
  }
  return trials;
}
const bestOf = (ts: Trial[]) => Math.max(...ts.map((t) => t.value!));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const nearOptimum = (ts: Trial[]) => ts.filter((t) => Math.abs(Math.log10(t.params.learningRate as number) + 2) < 0.5).length / ts.length;

describe('TPE pieces', () => {
  it('gamma(n) = min(⌈0.1 n⌉, 25)', () => {
    expect([1, 10, 11, 20, 21, 100, 250, 251, 1000].map(gamma)).toEqual([1, 1, 2, 2, 3, 10, 25, 25, 25]);
  });

  it('observations: complete and pruned trials only; the split ranks complete first, then pruned by step and value', () => {
    const trials: Trial[] = [
      trialOf(0, {}, 0.5),
      trialOf(1, {}, null, 'pruned', { intermediate: [{ step: 3, value: 0.9 }, { step: 9, value: 0.95 }] }),
      trialOf(2, {}, 0.7),
      trialOf(3, {}, null, 'running', { intermediate: [{ step: 3, value: 0.99 }] }),
      trialOf(4, {}, null, 'failed'),
      trialOf(5, {}, null, 'pruned', { intermediate: [{ step: 3, value: 0.99 }] }),
      trialOf(6, {}, null, 'pruned'),
    ];
    const obs = observations(trials, 'maximize');
    expect(obs.map((o) => o.trial.id)).toEqual([0, 1, 2, 5, 6]);
    const order = (n: number) => splitObservations(obs, n).below.map((o) => o.trial.id);
    expect(order(1)).toEqual([2]);
    expect(order(2)).toEqual([0, 2]); // chronological within the group
    expect(order(3)).toEqual([0, 1, 2]); // the pruned trial that got further comes before the one at step 3
    expect(order(4)).toEqual([0, 1, 2, 5]);
    // Minimizing flips the order of values.
    expect(splitObservations(observations(trials, 'minimize'), 1).below.map((o) => o.trial.id)).toEqual([0]);
  });
});

describe('tpeSampler', () => {
  it('asks random configurations for the first 10 trials, then its own', () => {
    const tpe = study(tpeSampler(lrSpace, 4, 'maximize'), quadratic, 12);
    const rnd = study(randomSampler(lrSpace, 4), quadratic, 12);
    expect(tpe.slice(0, N_STARTUP_TRIALS).map((t) => t.params)).toEqual(rnd.slice(0, N_STARTUP_TRIALS).map((t) => t.params));
    expect(tpe[10].params).not.toEqual(rnd[10].params);
  });

  it('is deterministic per seed', () => {
    const a = study(tpeSampler(lrSpace, 7, 'maximize'), quadratic, 25).map((t) => t.params);
    expect(study(tpeSampler(lrSpace, 7, 'maximize'), quadratic, 25).map((t) => t.params)).toEqual(a);
    expect(study(tpeSampler(lrSpace, 8, 'maximize'), quadratic, 25).map((t) => t.params)).not.toEqual(a);
  });

  it('on −(log10 lr + 2)², beats random search’s median best in 40 trials and concentrates near 1e-2', () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
    const randomBests = seeds.map((s) => bestOf(study(randomSampler(lrSpace, 100 + s), quadratic, 40)));
    const tpeRuns = seeds.map((s) => study(tpeSampler(lrSpace, s, 'maximize'), quadratic, 40));
    for (const run of tpeRuns) expect(bestOf(run)).toBeGreaterThan(median(randomBests));
    // Trials 30–39: within half a decade of the optimum far more often than random's 1 in 5.
    const late = tpeRuns.map((run) => nearOptimum(run.slice(30)));
    expect(late.reduce((s, x) => s + x, 0) / late.length).toBeGreaterThan(0.4);
    for (const f of late) expect(f).toBeGreaterThanOrEqual(0.3);
  });

  it('minimizes when asked to (the same objective negated)', () => {
    const run = study(tpeSampler(lrSpace, 3, 'minimize'), (p) => -quadratic(p), 40);
    expect(nearOptimum(run.slice(30))).toBeGreaterThanOrEqual(0.3);
    expect(Math.min(...run.map((t) => t.value!))).toBeLessThan(0.05);
  });

  it('learns a categorical and an int, each independently, and keeps them in their spaces', () => {
    const space: SearchSpace = [
      { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam', 'rmsprop', 'momentum'] } },
      { name: 'width', dist: { kind: 'int', low: 1, high: 64, log: false } },
    ];
    const f = (p: ParamValues) => (p.optimizer === 'adam' ? 1 : 0) - Math.abs((p.width as number) - 48) / 64;
    const run = study(tpeSampler(space, 11, 'maximize'), f, 50);
    for (const t of run) {
      expect(space[0].dist.kind === 'categorical' && space[0].dist.choices).toContain(t.params.optimizer);
      expect(Number.isInteger(t.params.width)).toBe(true);
      expect(t.params.width as number).toBeGreaterThanOrEqual(1);
      expect(t.params.width as number).toBeLessThanOrEqual(64);
    }
    const late = run.slice(30);
    expect(late.filter((t) => t.params.optimizer === 'adam').length).toBeGreaterThanOrEqual(12);
    expect(median(late.map((t) => Math.abs((t.params.width as number) - 48)))).toBeLessThan(12);
  });

  it('learns from pruned trials by their last value', () => {
    // Only pruned trials: TPE still leaves the start-up phase and heads for the best ones.
    const sampler = tpeSampler(lrSpace, 5, 'maximize');
    const trials: Trial[] = [];
    for (let i = 0; i < 40; i++) {
      const p = sampler.ask(trials)!;
      trials.push(trialOf(i, p, null, 'pruned', { intermediate: [{ step: 3, value: quadratic(p) }] }));
    }
    expect(nearOptimum(trials.slice(30))).toBeGreaterThanOrEqual(0.3);
  });
});
