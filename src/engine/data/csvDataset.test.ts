/**
 * "Upload CSV", the dataset: the task rule and classes, features and choices, standardising on the train
 * split, the seeded split, a CPU training run on the result, and 1,000 hostile texts (src/fuzz/hostileCsv.ts)
 * that never make anything throw.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { defaultConfig, validateConfig } from '../config';
import type { Dataset } from '../datasets';
import { initParams, modelSpecFor, paramLayout } from '../model';
import { effectiveBatch, stepSettings } from '../run';
import { BatchSampler } from '../sampler';
import { createRng } from '../rng';
import { samples } from '../../fuzz/hostile';
import { hostileCsv } from '../../fuzz/hostileCsv';
import {
  buildCsvDataset, columnSummary, parseCsv, TASK_RULE,
  type CsvDataset, type CsvProblem, type ParsedCsv,
} from './csv';

import { csv, message, ok, okDs, range } from './csvTestTables';

/** n rows: x1, x2 (numbers), a constant, text, then the label column given per row. */
function table(n: number, label: (i: number) => string | number, header = ['x1', 'x2', 'const', 'word', 'y']): ParsedCsv {
  const r = createRng(5);
  return ok(parseCsv(csv([header, ...range(n).map((i) => [(r.normal() * 3 + 10).toFixed(4), (r.next() * 100).toFixed(3), 7, 'w' + (i % 3), label(i)])])));
}
const mean = (a: ArrayLike<number>, d: number, c: number) => { let s = 0; for (let i = c; i < a.length; i += d) s += a[i]; return s / (a.length / d); };
const std = (a: ArrayLike<number>, d: number, c: number) => { const m = mean(a, d, c); let s = 0; for (let i = c; i < a.length; i += d) s += (a[i] - m) ** 2; return Math.sqrt(s / (a.length / d)); };

describe('buildCsvDataset: the task rule and classes', () => {
  it('TASK_RULE says the rule in words', () => {
    expect(TASK_RULE).toMatch(/classification .* not numeric, or numeric with only whole numbers and at most 10 distinct values/);
    expect(TASK_RULE).toMatch(/regression/);
  });

  it.each([
    ['text labels', 'classification', ['Emu', 'cat', 'dog'], (i: number) => ['cat', 'dog', 'Emu'][i % 3]],
    ['whole numbers, 3 values, in numeric order', 'classification', ['1', '2', '10'], (i: number) => [10, 2, 1][i % 3]],
    ['whole numbers written as decimals', 'classification', ['-1', '1', '2'], (i: number) => ['1.0', '2', '-1.00'][i % 3]],
    ['0/1', 'classification', ['0', '1'], (i: number) => i % 2],
    ['10 whole values', 'classification', range(10).map(String), (i: number) => i % 10],
    ['11 whole values', 'regression', [], (i: number) => i % 11],
    ['fractions with 2 values', 'regression', [], (i: number) => (i % 2) + 0.5],
    ['real numbers', 'regression', [], (i: number) => i * 1.7 - 3],
  ] as const)('%s → %s', (_, task, classes, label) => {
    const p = table(40, label);
    const ds = okDs(buildCsvDataset(p, { features: [0, 1], label: 4 }, 1, 0.75));
    expect(ds.task).toBe(task);
    expect(columnSummary(p)[4].labelTask).toBe(task);
    expect(ds.classNames).toEqual(classes);
    expect(ds.outputDim).toBe(task === 'classification' ? classes.length : 1);
    if (task === 'classification') {
      // one-hot rows, and the class balance counts them
      for (const s of [ds.train, ds.test]) for (let i = 0; i < s.n; i++) expect(s.y.slice(i * ds.outputDim, (i + 1) * ds.outputDim).reduce((a, b) => a + b)).toBe(1);
      const balance = ds.preview.classBalance!;
      expect(balance.map((b) => b.name)).toEqual(classes);
      expect(balance.reduce((s, b) => s + b.train, 0)).toBe(30);
      expect(balance.reduce((s, b) => s + b.test, 0)).toBe(10);
      const trainCounts = range(classes.length).map((c) => range(ds.train.n).filter((i) => ds.train.y[i * ds.outputDim + c] === 1).length);
      expect(balance.map((b) => b.train)).toEqual(trainCounts);
      expect(ds.preview.targetRange).toBeNull();
    } else {
      expect(ds.preview.classBalance).toBeNull();
      expect(ds.preview.targetRange!.train.min).toBeLessThanOrEqual(ds.preview.targetRange!.train.max);
    }
  });

  it('one class, too many classes, an empty text label: problems', () => {
    expect(message(buildCsvDataset(table(20, () => 3), { features: [0], label: 4 }, 1, 0.8))).toBe("The label column 'y' has one value only ('3'): there is nothing to tell apart.");
    expect(message(buildCsvDataset(table(30, (i) => 'c' + (i % 11)), { features: [0], label: 4 }, 1, 0.8))).toBe(
      "The label column 'y' has 11 different values; a class label can have at most 10. It is not numeric: row 1 holds 'c0'.");
    expect(message(buildCsvDataset(table(20, (i) => (i === 6 ? '' : 'ab'[i % 2])), { features: [0], label: 4 }, 1, 0.8))).toBe(
      "Row 7 (line 8), column 'y': the label is empty; every row needs a label.");
  });
});

describe('buildCsvDataset: features and choices', () => {
  it('names the first cell of a feature that is not a number', () => {
    const rows: Array<Array<string | number>> = [['age', 'y'], ...range(20).map((i) => [i, i % 2])];
    rows[17][0] = 'n/a';
    rows[19][0] = 'later';
    const p = ok(parseCsv(csv(rows)));
    expect(message(buildCsvDataset(p, { features: [0], label: 1 }, 1, 0.8))).toBe("Row 17 (line 18), column 'age': 'n/a' is not a number; every feature must be numeric.");
    expect(message(buildCsvDataset(table(12, (i) => i % 2), { features: [0, 3], label: 4 }, 1, 0.8))).toBe("Row 1 (line 2), column 'word': 'w0' is not a number; every feature must be numeric.");
    rows[17][0] = '';
    expect(message(buildCsvDataset(ok(parseCsv(csv(rows))), { features: [0], label: 1 }, 1, 0.8))).toMatch(/^Row 17 \(line 18\), column 'age': is empty, not a number/);
  });

  it('checks the choice: features, label, train fraction', () => {
    const p = table(20, (i) => i % 2);
    const say = (features: number[], label: number, f = 0.8) => message(buildCsvDataset(p, { features, label }, 1, f));
    expect(say([], 4)).toBe('Choose at least one feature column: a column to predict from.');
    expect(say(range(65), 4)).toBe('You chose 65 feature columns; at most 64 can be used.');
    expect(say([0, 4], 4)).toBe("Column 'y' is the label, so it cannot also be a feature.");
    expect(say([0, 0], 4)).toBe("Column 'x1' is chosen twice as a feature.");
    expect(say([9], 4)).toBe("Feature column '9' is not a column of this file (it has 5).");
    expect(say([0], -1)).toBe('Choose a label column: the column to predict.');
    expect(say([0], 4, 1)).toBe("The train fraction must be between 0 and 1 (it is '1').");
    expect(say([0], 4, Number.NaN)).toMatch(/between 0 and 1/);
    expect(message(buildCsvDataset(p, null as unknown as { features: number[]; label: number }, 1, 0.8))).toMatch(/Choose a label column/);
  });

  it('drops a feature with one value on the train rows, with a note; all constant or a constant target is a problem', () => {
    const ds = okDs(buildCsvDataset(table(20, (i) => i % 2), { features: [0, 2, 1], label: 4 }, 1, 0.8));
    expect(ds.inputDim).toBe(2);
    expect(ds.preview.featureNames).toEqual(['x1', 'x2']);
    expect(ds.featureColumns).toEqual([0, 1]);
    expect(ds.preview.dropped).toEqual(['const']);
    expect(ds.preview.notes[0]).toBe("Dropped 1 feature with one value on all training rows, which carries no information: 'const'.");
    expect(message(buildCsvDataset(table(20, (i) => i % 2), { features: [2], label: 4 }, 1, 0.8))).toBe(
      "Every chosen feature has one value on all training rows ('const'): they carry no information.");
    expect(message(buildCsvDataset(table(20, (i) => i % 2), { features: [0], label: 2 }, 1, 0.8))).toMatch(/^The label column 'const' has one value only/);
    // a constant real-valued target: regression is impossible
    const p = ok(parseCsv(csv([['x', 't'], ...range(12).map((i) => [i, 2.5])])));
    expect(message(buildCsvDataset(p, { features: [0], label: 1 }, 1, 0.8))).toBe("The target column 't' has one value ('2.5') on all training rows: there is nothing to predict.");
  });
});

describe('buildCsvDataset: standardising and the split', () => {
  it('features and a regression target: mean 0 and std 1 on train; test uses the train parameters', () => {
    const p = table(200, (i) => (i * 0.37).toFixed(2));
    const ds = okDs(buildCsvDataset(p, { features: [0, 1], label: 4 }, 3, 0.7));
    expect(ds).toMatchObject({ name: 'csv', task: 'regression', inputDim: 2, outputDim: 1 });
    expect(ds.train.n).toBe(140);
    expect(ds.test.n).toBe(60);
    for (let c = 0; c < 2; c++) {
      expect(mean(ds.train.x, 2, c)).toBeCloseTo(0, 5);
      expect(std(ds.train.x, 2, c)).toBeCloseTo(1, 5);
      expect(Math.abs(mean(ds.test.x, 2, c))).toBeGreaterThan(1e-4); // not re-centred on the test rows
    }
    expect(mean(ds.train.y, 1, 0)).toBeCloseTo(0, 5);
    expect(std(ds.train.y, 1, 0)).toBeCloseTo(1, 5);
    // every standard score maps back, through the train's parameters, to a value of its column
    const { features, target } = ds.preview.scaling;
    expect(features.map((f) => f.name)).toEqual(['x1', 'x2']);
    expect(target!.name).toBe('y');
    const original = (j: number) => p.rows.map((r) => Number(r[j])).sort((a, b) => a - b);
    const back = (get: (s: typeof ds.train, i: number) => number, sc: { mean: number; std: number }) =>
      [ds.train, ds.test].flatMap((s) => range(s.n).map((i) => get(s, i) * sc.std + sc.mean)).sort((a, b) => a - b);
    for (const [k, j] of [[0, 0], [1, 1]]) {
      back((s, i) => s.x[i * 2 + k], features[k]).forEach((v, i) => expect(v).toBeCloseTo(original(j)[i], 3));
    }
    back((s, i) => s.y[i], target!).forEach((v, i) => expect(v).toBeCloseTo(original(4)[i], 3));
    // the train parameters are those of the train rows in original units
    const trainTarget = range(ds.train.n).map((i) => ds.train.y[i] * target!.std + target!.mean);
    expect(ds.preview.targetRange!.train.min).toBeCloseTo(Math.min(...trainTarget), 3);
    expect(ds.preview.targetRange!.train.max).toBeCloseTo(Math.max(...trainTarget), 3);
    expect(Object.values(ds.bounds).every(Number.isFinite)).toBe(true);
  });

  it('standardises huge and tiny numbers without overflow', () => {
    const p = ok(parseCsv(csv([['a', 'b', 'y'], ...range(12).map((i) => [`${i % 2 ? '' : '-'}1.7e308`, `${i + 1}e-320`, i % 2])])));
    const ds = okDs(buildCsvDataset(p, { features: [0, 1], label: 2 }, 1, 0.5));
    expect([...ds.train.x, ...ds.test.x].every(Number.isFinite)).toBe(true);
    expect(std(ds.train.x, 2, 1)).toBeCloseTo(1, 4);
    // a test value far outside the train range is clipped, with a note
    const rows = [['a', 'y'], ...range(12).map((i) => [i % 2 ? 1 : 1.0000001, i % 2])];
    const far = range(20).map((seed) => buildCsvDataset(ok(parseCsv(csv([...rows, ['1e300', 0]]))), { features: [0], label: 1 }, seed, 0.9));
    const noted = far.filter((d): d is CsvDataset => d.ok && d.preview.notes.some((n) => /clipped to ±1e6/.test(n)));
    expect(noted.length).toBeGreaterThan(0);
    for (const d of noted) expect([...d.test.x].every((v) => Math.abs(v) <= 1e6)).toBe(true);
  });

  it('the seeded split is reproducible and differs for another seed', () => {
    const p = table(100, (i) => i % 3);
    const a = okDs(buildCsvDataset(p, { features: [0, 1], label: 4 }, 42, 0.8));
    const b = okDs(buildCsvDataset(p, { features: [0, 1], label: 4 }, 42, 0.8));
    const c = okDs(buildCsvDataset(p, { features: [0, 1], label: 4 }, 43, 0.8));
    expect(b.train.x).toEqual(a.train.x);
    expect(b.test.y).toEqual(a.test.y);
    expect(b.preview).toEqual(a.preview);
    expect(c.train.x).not.toEqual(a.train.x);
    expect(a.train.n).toBe(80);
    // a split keeps at least one row on each side (one train row: every feature is constant there)
    expect(okDs(buildCsvDataset(p, { features: [0], label: 4 }, 1, 0.02)).train.n).toBe(2);
    expect(message(buildCsvDataset(p, { features: [0], label: 4 }, 1, 0.001))).toMatch(/^Every chosen feature has one value on all training rows/);
    expect(okDs(buildCsvDataset(p, { features: [0], label: 4 }, 1, 0.999)).test.n).toBe(1);
  });

  it('is a Dataset the CPU backend trains on: two separable clusters reach test accuracy ≥ 0.95', async () => {
    const r = createRng(9);
    const rows = [['a', 'b', 'c', 'kind'], ...range(300).map((i) => {
      const k = i % 2;
      return [(k * 4 + r.normal()).toFixed(3), (r.normal() * 50).toFixed(3), (-k * 300 + r.normal() * 60).toFixed(3), k ? 'good' : 'bad'];
    })];
    const ds = okDs(buildCsvDataset(ok(parseCsv(csv(rows))), { features: [0, 1, 2], label: 3 }, 7, 0.8));
    const data: Dataset = { ...ds, name: 'csv' as Dataset['name'] }; // until 'csv' joins DatasetName
    const config = validateConfig({ ...defaultConfig(), hidden: [8], learningRate: 0.1, batchSize: 16 }).config;
    const spec = modelSpecFor(config, data);
    const layout = paramLayout(spec);
    const backend = createCpuBackend({
      spec, layout, params: initParams(spec, layout, 1), data, loss: 'crossentropy', grid: new Float32Array(0), gridRows: 0, maxEvalRows: 4096,
    });
    const sampler = new BatchSampler(data.train.n, 1);
    for (let step = 0; step < 300; step++) backend.step(sampler.next(effectiveBatch(config, data)), stepSettings(config, step));
    const e = (await backend.evaluate(false))!.evaluation;
    expect(e.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('fuzzing: 1,000 hostile CSV texts', () => {
  it('parseCsv, columnSummary and buildCsvDataset never throw; a problem says why briefly, a dataset is finite and whole', () => {
    const texts = samples(hostileCsv, 1000, 23);
    const outcomes = { parsed: 0, built: 0, problems: new Set<string>() };
    const expectProblem = (r: CsvProblem, input: string) => {
      expect(typeof r.message).toBe('string');
      expect(r.message.length, `a message for ${JSON.stringify(input.slice(0, 80))}`).toBeGreaterThan(0);
      expect(r.message.length, r.message).toBeLessThan(300);
      expect(r.message, 'no internal error').not.toMatch(/^Unexpected error/);
      outcomes.problems.add(r.message.replace(/\d[\d,.]*/g, '#').slice(0, 30));
    };
    texts.forEach((text, t) => {
      const parsed = parseCsv(text);
      if (!parsed.ok) return expectProblem(parsed, text);
      outcomes.parsed++;
      expect(parsed.rows.every((r) => r.length === parsed.columns.length)).toBe(true);
      expect(parsed.rows.length).toBeGreaterThanOrEqual(10);
      const summary = columnSummary(parsed);
      expect(summary).toHaveLength(parsed.columns.length);
      const cols = parsed.columns.length;
      const numeric = summary.filter((c) => c.numeric).map((c) => c.index);
      const label = cols - 1;
      const choices = [
        { features: numeric.filter((j) => j !== label).slice(0, 64), label },
        { features: range(cols).filter((j) => j !== 0), label: 0 },
        { features: [t % (cols + 2) - 1, (t * 7) % cols], label: (t * 3) % (cols + 1) },
      ];
      for (const choice of choices) {
        const ds = buildCsvDataset(parsed, choice, t, [0.8, 0.5, 0.05, 0.95][t % 4]);
        if (!ds.ok) { expectProblem(ds, text); continue; }
        outcomes.built++;
        const n = parsed.rows.length;
        expect(ds.train.n + ds.test.n).toBe(n);
        expect(ds.train.n).toBeGreaterThanOrEqual(1);
        expect(ds.test.n).toBeGreaterThanOrEqual(1);
        expect(ds.inputDim).toBeGreaterThanOrEqual(1);
        expect(ds.inputDim).toBeLessThanOrEqual(64);
        expect(ds.outputDim === 1 ? ds.task === 'regression' : ds.outputDim >= 2 && ds.outputDim <= 10).toBe(true);
        for (const s of [ds.train, ds.test]) {
          expect(s.x.length).toBe(s.n * ds.inputDim);
          expect(s.y.length).toBe(s.n * ds.outputDim);
          expect(s.x.every(Number.isFinite) && s.y.every(Number.isFinite)).toBe(true);
        }
        expect(Object.values(ds.bounds).every(Number.isFinite)).toBe(true);
        expect(ds.preview.scaling.features.every((f) => Number.isFinite(f.mean) && f.std > 0 && Number.isFinite(f.std))).toBe(true);
      }
    });
    // the generator reaches every stage: tables that parse, datasets that build, and many kinds of problem
    expect(outcomes.parsed).toBeGreaterThan(200);
    expect(outcomes.built).toBeGreaterThan(200);
    expect(outcomes.problems.size).toBeGreaterThan(10);
  }, 60_000);
});
