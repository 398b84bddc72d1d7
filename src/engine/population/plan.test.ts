/** A scripted population's calls: order of set / step / end / clear, the rows and settings each slot gets. */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { stepSettings } from '../run';
import { BatchSampler } from '../sampler';
import { planPopulation, populationEvents, type PlannedTrial } from './plan';

const cfg = (seed: number, extra: Record<string, unknown> = {}) => validateConfig({ dataset: 'xor', samples: 50, hidden: [4], batchSize: 8, seed, ...extra }).config;

describe('populationEvents', () => {
  it('sets, steps, ends and refills or clears slots in order; rows and settings are the single run’s', () => {
    const trials: PlannedTrial[] = [
      { config: cfg(1), slot: 0, start: 0, steps: 3 },
      { config: cfg(2, { optimizer: 'adam', learningRate: 0.01, batchSize: 5 }), slot: 1, start: 1, steps: 2 },
      { config: cfg(3), slot: 0, start: 3, steps: 1 },
    ];
    const plan = planPopulation(trials, 3, 8);
    expect(plan.steps).toBe(4);
    const events = [...populationEvents(plan)];
    const kinds = events.map((e) => (e.kind === 'step' ? `step${e.step}` : e.kind === 'clear' ? `clear${e.slot}` : `${e.kind}${e.trial}@${e.slot}`));
    expect(kinds).toEqual(['set0@0', 'step0', 'set1@1', 'step1', 'step2', 'end0@0', 'end1@1', 'clear1', 'set2@0', 'step3', 'end2@0', 'clear0']);
    // trial 1 draws its rows as its own sampler would, 5 a step, and counts its steps from its start
    const sampler = new BatchSampler(plan.setups[1].data.train.n, 2);
    const steps = events.filter((e) => e.kind === 'step');
    for (const [k, e] of steps.slice(1, 3).entries()) {
      const want = sampler.next(5);
      expect(e.rowCounts[1]).toBe(5);
      expect(Array.from(e.rows.subarray(8, 8 + 5))).toEqual(Array.from(want));
      expect(e.settings[1]).toEqual(stepSettings(trials[1].config, k));
      expect(e.settings[2]).toBeNull();
      expect(e.rowCounts[2]).toBe(0);
    }
    // trial 2 refills slot 0 at t = 1
    expect(steps[3].settings[0]!.t).toBe(1);
  });

  it('refuses a slot that is still busy and trials of another model', () => {
    expect(() => [...populationEvents(planPopulation([{ config: cfg(1), slot: 0, start: 0, steps: 3 }, { config: cfg(2), slot: 0, start: 1, steps: 1 }], 1, 8))]).toThrow(/busy/);
    expect(() => planPopulation([{ config: cfg(1), slot: 0, start: 0, steps: 1 }, { config: cfg(2, { hidden: [5] }), slot: 1, start: 0, steps: 1 }], 2, 8)).toThrow(/another model/);
  });
});
