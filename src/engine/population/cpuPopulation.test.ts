/**
 * The CPU population against single CPU runs: every slot of a population trains as createCpuBackend does
 * on the same rows and settings (parameters and evaluations bit-identical), through idle slots, a slot
 * refilled mid-way (its optimizer state starts from zero), a cleared slot, an epoch's smaller last batch
 * and trials whose batch is smaller than the population's.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { TrainingBackend } from '../backend';
import { createCpuPopulation } from './cpuPopulation';
import { planPopulation, populationEvents, type PlannedTrial } from './plan';
import type { TrialEvaluation } from './types';

const cfg = (extra: Record<string, unknown>): RunConfig => validateConfig({ dataset: 'spiral', samples: 100, hidden: [5, 7], activation: 'tanh', batchSize: 16, ...extra }).config;
const MAX_TRAIN_ROWS = 50;

/** Runs the plan on a CPU population and on one CPU backend per trial; returns both sides at each trial's end. */
async function runBoth(trials: PlannedTrial[], slots: number, batch: number) {
  const plan = planPopulation(trials, slots, batch);
  const pop = createCpuPopulation(plan.init);
  const single: TrainingBackend[] = plan.setups.map((s) => createCpuBackend({ ...s.init, grid: new Float32Array(0), gridRows: 0, maxEvalRows: MAX_TRAIN_ROWS }));
  const ends: Array<{ trial: number; pop: Float32Array; single: Float32Array; popEval: TrialEvaluation | null; singleEval: TrialEvaluation }> = [];
  const rowCounts = new Set<number>();
  for (const e of populationEvents(plan)) {
    if (e.kind === 'set') pop.setTrial(e.slot, e.params, e.dataIndex);
    else if (e.kind === 'clear') pop.clearTrial(e.slot);
    else if (e.kind === 'step') {
      pop.step(e.rows, e.rowCounts, e.settings);
      for (const t of e.trained) single[t.trial].step(t.batch, t.settings);
      e.rowCounts.forEach((n) => rowCounts.add(n));
    } else {
      const ev = (await single[e.trial].evaluate(false))!.evaluation;
      const cls = plan.setups[e.trial].data.task === 'classification';
      ends.push({
        trial: e.trial,
        pop: await pop.readParams(e.slot),
        single: await single[e.trial].readParams(),
        popEval: (await pop.evaluate(MAX_TRAIN_ROWS))[e.slot],
        singleEval: { trainLoss: ev.trainLoss, testLoss: ev.testLoss, trainAccuracy: cls ? ev.trainAccuracy! : null, testAccuracy: cls ? ev.testAccuracy! : null },
      });
    }
  }
  return { plan, pop, ends, rowCounts };
}

describe('CPU population = single CPU runs', () => {
  it('cross-entropy: sgd + L1, momentum Nesterov + L2, AdamW, a refill with Adam, a cleared slot and an idle one', async () => {
    const trials: PlannedTrial[] = [
      { config: cfg({ seed: 1, optimizer: 'sgd', learningRate: 0.1, regularization: 'l1', regularizationRate: 0.01 }), slot: 0, start: 0, steps: 30 },
      { config: cfg({ seed: 2, optimizer: 'momentum', nesterov: true, momentum: 0.9, learningRate: 0.05, regularization: 'l2', regularizationRate: 0.01 }), slot: 1, start: 0, steps: 14 },
      // refills slot 1: its optimizer state starts again from zero
      { config: cfg({ seed: 4, optimizer: 'adam', learningRate: 0.01, batchSize: 9 }), slot: 1, start: 14, steps: 16 },
      // AdamW with a cosine schedule; cleared at step 25, its parameters stay readable
      { config: cfg({ seed: 3, optimizer: 'adamw', learningRate: 0.02, weightDecay: 0.1, schedule: 'cosine', totalSteps: 40 }), slot: 2, start: 0, steps: 25 },
    ];
    const { plan, pop, ends, rowCounts } = await runBoth(trials, 4, 16);
    expect(plan.init.data.length, 'one dataset per seed').toBe(4);
    expect(rowCounts, 'full batches, an epoch end (70 = 4·16 + 6), the 9-row trial, idle slots').toEqual(new Set([16, 6, 9, 0, 7]));
    expect(ends.map((e) => e.trial).sort()).toEqual([0, 1, 2, 3]);
    for (const e of ends) {
      expect(Array.from(e.pop), `trial ${e.trial} params`).toEqual(Array.from(e.single));
      expect(e.popEval, `trial ${e.trial} evaluation`).toEqual(e.singleEval);
      expect(e.popEval!.trainAccuracy).not.toBeNull();
      // it trained
      expect(e.pop.some((v, i) => v !== plan.setups[e.trial].init.params[i])).toBe(true);
    }
    // slot 3 never held a trial; slot 2 was cleared: both are idle
    const evals = await pop.evaluate(MAX_TRAIN_ROWS);
    expect(evals[2]).toBeNull();
    expect(evals[3]).toBeNull();
    expect(Array.from(await pop.readParams(2)), 'a cleared slot keeps its last parameters').toEqual(Array.from(ends.find((e) => e.trial === 3)!.single));
    expect((await pop.readParams(3)).every((v) => v === 0)).toBe(true);
  });

  it('MSE regression: rmsprop centered, adagrad and sgd on sine with different seeds', async () => {
    const sine = (extra: Record<string, unknown>) => validateConfig({ dataset: 'sine', samples: 80, hidden: [6], activation: 'sigmoid', loss: 'mse', batchSize: 13, ...extra }).config;
    const trials: PlannedTrial[] = [
      { config: sine({ seed: 5, optimizer: 'rmsprop', centered: true, beta2: 0.99, learningRate: 0.01 }), slot: 0, start: 0, steps: 30 },
      { config: sine({ seed: 6, optimizer: 'adagrad', learningRate: 0.05, regularization: 'l2', regularizationRate: 0.001 }), slot: 2, start: 3, steps: 25 },
      { config: sine({ seed: 5, optimizer: 'sgd', learningRate: 0.2 }), slot: 1, start: 0, steps: 30 },
    ];
    const { plan, ends } = await runBoth(trials, 3, 13);
    expect(plan.init.loss).toBe('mse');
    expect(plan.init.data.length, 'seed 5 shared by two trials').toBe(2);
    for (const e of ends) {
      expect(Array.from(e.pop), `trial ${e.trial} params`).toEqual(Array.from(e.single));
      expect(e.popEval, `trial ${e.trial} evaluation`).toEqual(e.singleEval);
      expect(e.popEval!.testAccuracy).toBeNull();
    }
  });

  it('rejects mismatched shapes and steps', () => {
    const plan = planPopulation([{ config: cfg({ seed: 1 }), slot: 0, start: 0, steps: 1 }], 2, 16);
    const pop = createCpuPopulation(plan.init);
    expect(() => pop.setTrial(2, plan.setups[0].init.params, 0)).toThrow(/no slot 2/);
    expect(() => pop.setTrial(0, new Float32Array(3), 0)).toThrow(/floats/);
    expect(() => pop.setTrial(0, plan.setups[0].init.params, 1)).toThrow(/no dataset 1/);
    expect(() => pop.step(new Uint32Array(5), new Uint32Array(2), [null, null])).toThrow(/trials × batch/);
    expect(() => pop.step(new Uint32Array(32), new Uint32Array([17, 0]), [null, null])).toThrow(/more than the batch/);
    expect(() => planPopulation([{ config: cfg({ seed: 1, batchSize: 20 }), slot: 0, start: 0, steps: 1 }], 1, 16)).toThrow(/larger than/);
    const bigger = planPopulation([{ config: cfg({ seed: 2, samples: 200 }), slot: 0, start: 0, steps: 1 }], 1, 16).init.data[0];
    expect(() => createCpuPopulation({ ...plan.init, data: [plan.init.data[0], bigger] })).toThrow(/same split sizes/);
  });
});
