/** The study's JSON (round trip, bad files refused in a sentence) and CSV (RFC 4180, read back with papaparse). */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { validateConfig } from '../config';
import type { StudyRecord } from '../search/types';
import { parseStudy, studyCsv, studyCsvColumns, studyJson } from './study';

const record: StudyRecord = {
  format: 'optiplay-study',
  version: 1,
  base: validateConfig({ dataset: 'spiral', hidden: [8, 8], regularization: 'l2' }).config,
  settings: {
    space: [
      { name: 'learningRate', dist: { kind: 'float', low: 1e-3, high: 1, log: true } },
      { name: 'optimizer', dist: { kind: 'categorical', choices: ['sgd', 'adam'] } },
      { name: 'width', dist: { kind: 'int', low: 4, high: 32, log: true } },
    ],
    method: 'tpe',
    earlyStopping: 'hyperband',
    trials: 4,
    stepsPerTrial: 60,
    objective: 'test-accuracy',
    sizeLimitBytes: 4096,
    seedsPerConfig: 2,
    samplerSeed: 5,
    gridPoints: 4,
  },
  direction: 'maximize',
  trials: [
    { id: 0, params: { learningRate: 0.0123, optimizer: 'adam', width: 8 }, state: 'complete', intermediate: [{ step: 2, value: 51.5 }, { step: 60, value: 91.25 }], value: 91.25, steps: 60, configId: 0, bracket: 1 },
    { id: 1, params: { learningRate: 0.0123, optimizer: 'adam', width: 8 }, state: 'pruned', intermediate: [{ step: 2, value: 40 }], value: 40, steps: 2, configId: 0, bracket: 0 },
    { id: 2, params: { learningRate: 0.9, optimizer: 'sgd', width: 30 }, state: 'failed', intermediate: [], value: null, steps: 7, configId: 2, error: 'The loss became NaN by step 7: "too high", says the guard, for this model.' },
    { id: 3, params: { learningRate: 0.5 }, state: 'running', intermediate: [], value: null, steps: 3, configId: 3 },
  ],
};

describe('studyJson / parseStudy', () => {
  it('round-trips a study exactly', () => {
    const text = studyJson(record);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseStudy(text)).toEqual(record);
    expect(studyJson(parseStudy(text))).toBe(text);
  });

  const broken = (edit: (o: Record<string, any>) => void): string => {
    const o = JSON.parse(studyJson(record));
    edit(o);
    return JSON.stringify(o);
  };
  it.each([
    ['not JSON', '{"format": ', /not valid JSON/],
    ['another format', broken((o) => (o.format = 'optiplay-checkpoint')), /its format is "optiplay-checkpoint", not "optiplay-study"/],
    ['another version', broken((o) => (o.version = 2)), /This study file is version 2; this OptiPlay reads version 1\./],
    ['a bad base config', broken((o) => (o.base.learningRate = 'fast')), /its base run is not a valid configuration \(Learning rate: "fast" is not a number/],
    ['an unknown base field', broken((o) => (o.base.speed = 3)), /Unknown setting "speed"/],
    ['no settings', broken((o) => delete o.settings), /settings must be an object, not missing/],
    ['an unknown parameter', broken((o) => (o.settings.space[0].name = 'dropout')), /settings\.space\[0\]\.name must be one of learningRate, .* not "dropout"/],
    ['a log range from 0', broken((o) => (o.settings.space[0].dist.low = 0)), /settings\.space\[0\]\.dist is on a log scale, so low must be above 0/],
    ['an empty choice list', broken((o) => (o.settings.space[1].dist.choices = [])), /settings\.space\[1\]\.dist\.choices must be a non-empty list/],
    ['a fractional trial count', broken((o) => (o.settings.trials = 2.5)), /settings\.trials must be a whole number of at least 1, not 2\.5/],
    ['an unknown method', broken((o) => (o.settings.method = 'bayes')), /settings\.method must be one of grid, random, tpe, not "bayes"/],
    ['a bad direction', broken((o) => (o.direction = 'up')), /direction must be one of maximize, minimize/],
    ['trials not a list', broken((o) => (o.trials = {})), /trials must be a list/],
    ['a bad trial state', broken((o) => (o.trials[1].state = 'stopped')), /trials\[1\]\.state must be one of waiting, running, complete, pruned, failed/],
    ['a value as text', broken((o) => (o.trials[0].value = '91')), /trials\[0\]\.value must be a finite number, not "91"/],
    ['a parameter outside the space', broken((o) => (o.trials[0].params.momentum = 0.9)), /trials\[0\]\.params has "momentum", which is not a parameter of the search space/],
    ['a bad intermediate value', broken((o) => (o.trials[0].intermediate[0].value = null)), /trials\[0\]\.intermediate\[0\]\.value must be a finite number, not null/],
  ])('refuses %s with a sentence', (_, text, message) => {
    expect(() => parseStudy(text)).toThrow(message);
    expect(() => parseStudy(text)).toThrow(/\.$/);
  });
});

describe('studyCsv', () => {
  it('has one row per trial with the fixed columns, then the space in order, and reads back with papaparse', () => {
    const text = studyCsv(record);
    expect(text.split('\r\n')[0]).toBe('trial,state,value,steps,config,bracket,learningRate,optimizer,width');
    expect(studyCsvColumns(record)).toEqual(['trial', 'state', 'value', 'steps', 'config', 'bracket', 'learningRate', 'optimizer', 'width']);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(studyCsvColumns(record));
    expect(parsed.data).toEqual([
      { trial: '0', state: 'complete', value: '91.25', steps: '60', config: '0', bracket: '1', learningRate: '0.0123', optimizer: 'adam', width: '8' },
      { trial: '1', state: 'pruned', value: '40', steps: '2', config: '0', bracket: '0', learningRate: '0.0123', optimizer: 'adam', width: '8' },
      { trial: '2', state: 'failed', value: '', steps: '7', config: '2', bracket: '', learningRate: '0.9', optimizer: 'sgd', width: '30' },
      { trial: '3', state: 'running', value: '', steps: '3', config: '3', bracket: '', learningRate: '0.5', optimizer: '', width: '' },
    ]);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const odd: StudyRecord = { ...record, settings: { ...record.settings, space: [{ name: 'optimizer', dist: { kind: 'categorical', choices: ['a,b', 'say "hi"', 'two\nlines'] } }] } };
    odd.trials = ['a,b', 'say "hi"', 'two\nlines'].map((optimizer, id) => ({ id, params: { optimizer }, state: 'complete', intermediate: [], value: 1, steps: 1, configId: id }));
    const text = studyCsv(odd);
    expect(text).toContain('"a,b"');
    expect(text).toContain('"say ""hi"""');
    expect(text).toContain('"two\nlines"');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => r.optimizer)).toEqual(['a,b', 'say "hi"', 'two\nlines']);
  });
});
