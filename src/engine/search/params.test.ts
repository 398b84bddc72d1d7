/** The Sweep page's one door for settings: ranges clamped to the config fields', bad links corrected in words. */
import { describe, expect, it } from 'vitest';
import { defaultSettings, validateParam, validateSettings } from './params';
import { settingsFromQuery, settingsToQuery } from './studyLink';
import { trialConfig } from './trialConfig';
import { validateConfig } from '../config';

describe('study settings', () => {
  it('keeps good settings as they are and round-trips them through a link', () => {
    const d = defaultSettings();
    expect(validateSettings(d)).toEqual({ settings: d, corrections: [] });
    const s = { ...d, trials: 30, method: 'tpe' as const };
    expect(settingsFromQuery(`?${settingsToQuery(s)}`)).toEqual({ settings: s, corrections: [] });
  });

  it('clamps ranges and counts, drops unknown or repeated parameters, and says so', () => {
    const v = validateSettings({
      trials: 10_000,
      stepsPerTrial: 2,
      method: 'bayes' as never,
      space: [
        { name: 'learningRate', dist: { kind: 'float', low: 50, high: -1, log: true } },
        { name: 'learningRate', dist: { kind: 'float', low: 0.1, high: 1, log: true } },
        { name: 'colour' as never, dist: { kind: 'float', low: 0, high: 1, log: false } },
        { name: 'optimizer', dist: { kind: 'categorical', choices: ['adam', 'sgdx'] } },
      ],
    });
    expect(v.settings.trials).toBe(500);
    expect(v.settings.stepsPerTrial).toBe(10);
    expect(v.settings.method).toBe('random');
    expect(v.settings.space).toEqual([
      { name: 'learningRate', dist: { kind: 'float', low: 1e-5, high: 10, log: true } },
      { name: 'optimizer', dist: { kind: 'categorical', choices: ['adam'] } },
    ]);
    for (const words of [/Trials set to 500/, /Steps per trial set to 10/, /Search method/, /Learning rate: range corrected/]) expect(v.corrections.join(' | ')).toMatch(words);
    expect(v.corrections.some((c) => /colour/.test(c))).toBe(true);
  });

  it('rounds integer ranges and orders low ≤ high', () => {
    expect(validateParam({ name: 'batchSize', dist: { kind: 'int', low: 40.6, high: 7.2, log: true } })?.param.dist).toEqual({ kind: 'int', low: 7, high: 41, log: true });
  });

  it('reads a broken link as the default study, with a sentence', () => {
    expect(settingsFromQuery('?study=%7Bnot-json').corrections[0]).toMatch(/not readable JSON/);
    expect(settingsFromQuery('?study=%5B1%5D').corrections[0]).toMatch(/not a set of settings/);
    expect(settingsFromQuery('').settings).toEqual(defaultSettings());
  });

  it('writes a trial into its run config: width sets every hidden layer', () => {
    const base = validateConfig({ hidden: [8, 8], learningRate: 0.1 }).config;
    const c = trialConfig(base, { width: 5, learningRate: 0.02, optimizer: 'adam', batchSize: 12 }, 100);
    expect([c.hidden, c.learningRate, c.optimizer, c.batchSize]).toEqual([[5, 5], 0.02, 'adam', 12]);
    expect(trialConfig(validateConfig({ hidden: [] }).config, { width: 6 }, 100).hidden).toEqual([6]);
  });

  it('writes sparsity as gradual magnitude pruning reaching the target at ¾ of the steps, and bits as QAT', () => {
    const base = validateConfig({ hidden: [8, 8] }).config;
    const c = trialConfig(base, { sparsity: 0.8, bits: 4 }, 600);
    expect([c.prune, c.sparsity, c.pruneMethod, c.pruneSchedule, c.pruneStart, c.pruneSteps, c.pruneEvery]).toEqual([true, 0.8, 'magnitude', 'gradual', 0, 450, 45]);
    expect([c.quantize, c.bits, c.quantMode]).toEqual([true, 4, 'aware']);
  });
});
