/**
 * "Upload CSV", the engine's side: reading (delimiters, quotes, header or none, CRLF, BOM, whitespace),
 * every limit's message, the column summary, the task rule, classes, standardising on the train split, the
 * seeded split, a CPU training run on the result, and 1,000 hostile texts (src/fuzz/hostileCsv.ts) that
 * never make anything throw.
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
  buildCsvDataset, columnSummary, parseCsv, parseNumber, TASK_RULE,
  type CsvDataset, type CsvProblem, type ParsedCsv,
} from './csv';

/** A CSV text from rows of cells (joined raw: quote them yourself). */
const csv = (rows: Array<Array<string | number>>, d = ',', eol = '\n') => rows.map((r) => r.join(d)).join(eol) + eol;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function ok(r: ParsedCsv | CsvProblem): ParsedCsv {
  if (!r.ok) throw new Error(`expected a table, got: ${r.message}`);
  return r;
}
function okDs(r: CsvDataset | CsvProblem): CsvDataset {
  if (!r.ok) throw new Error(`expected a dataset, got: ${r.message}`);
  return r;
}
function message(r: { ok: boolean; message?: string }): string {
  expect(r.ok).toBe(false);
  return r.message!;
}

/** 12 rows: age (int), height (float), colour (text), label 0/1. */
const PEOPLE = [['age', 'height', 'colour', 'label'], ...range(12).map((i) => [20 + i, (1.5 + i / 20).toFixed(2), ['red', 'blue'][i % 2], i % 2])];

describe('parseCsv: reading', () => {
  it('reads a comma file with a header', () => {
    const p = ok(parseCsv(csv(PEOPLE)));
    expect(p).toMatchObject({ header: true, delimiter: ',', columns: ['age', 'height', 'colour', 'label'] });
    expect(p.rows).toHaveLength(12);
    expect(p.rows[0]).toEqual(['20', '1.50', 'red', '0']);
    expect(p.lines!.slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('names the columns of a headerless file "Column 1", "Column 2", …', () => {
    const p = ok(parseCsv(csv(PEOPLE.slice(1))));
    expect(p.header).toBe(false);
    expect(p.columns).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4']);
    expect(p.rows).toHaveLength(12);
    expect(p.lines![0]).toBe(1);
  });

  it.each([[',', 'comma'], [';', 'semicolon'], ['\t', 'tab']] as const)('detects the %j delimiter (%s), with and without a header', (d, _name) => {
    expect(ok(parseCsv(csv(PEOPLE, d)))).toMatchObject({ delimiter: d, header: true, columns: PEOPLE[0] });
    expect(ok(parseCsv(csv(PEOPLE.slice(1), d)))).toMatchObject({ delimiter: d, header: false });
    expect(ok(parseCsv(csv(PEOPLE, d))).rows[3]).toEqual(['23', '1.65', 'blue', '1']);
  });

  it('reads quoted fields with delimiters, escaped quotes and newlines inside, and counts lines past them', () => {
    const rows = [['name', 'x', 'y'], ['"Smith, J."', 1, 2], ['"two\nlines"', 3, 4], ['"say ""hi"""', 5, 6], ...range(8).map((i) => [`p${i}`, i, i])];
    const p = ok(parseCsv(csv(rows)));
    expect(p.rows[0]).toEqual(['Smith, J.', '1', '2']);
    expect(p.rows[1]).toEqual(['two\nlines', '3', '4']);
    expect(p.rows[2]).toEqual(['say "hi"', '5', '6']);
    expect(p.lines!.slice(0, 4)).toEqual([2, 3, 5, 6]);
    // the same with semicolons, and a semicolon inside quotes
    const p2 = ok(parseCsv(csv([['a', 'b'], ['"x;y"', 1], ...range(10).map((i) => [`v${i}`, i])], ';')));
    expect(p2.delimiter).toBe(';');
    expect(p2.rows[0]).toEqual(['x;y', '1']);
  });

  it('reads CRLF and CR line ends and a BOM like LF', () => {
    const lf = ok(parseCsv(csv(PEOPLE)));
    const crlf = ok(parseCsv(csv(PEOPLE, ',', '\r\n')));
    const cr = ok(parseCsv(csv(PEOPLE, ',', '\r')));
    const bom = ok(parseCsv('\uFEFF' + csv(PEOPLE, ',', '\r\n')));
    for (const p of [crlf, cr, bom]) {
      expect(p.columns).toEqual(lf.columns);
      expect(p.rows).toEqual(lf.rows);
      expect(p.lines).toEqual(lf.lines);
    }
    expect(bom.columns[0]).toBe('age');
  });

  it('trims cells and skips blank lines and lines of bare delimiters', () => {
    const text = '  a , b \n\n' + range(10).map((i) => ` ${i} ,\t${i * 2}  `).join('\n   \n,\n') + '\n\n';
    const p = ok(parseCsv(text));
    expect(p.columns).toEqual(['a', 'b']);
    expect(p.rows).toHaveLength(10);
    expect(p.rows[1]).toEqual(['1', '2']);
    expect(p.lines!.slice(0, 2)).toEqual([3, 6]);
  });

  it('names empty and repeated header cells, and takes forced header / delimiter options', () => {
    const p = ok(parseCsv(csv([['x', '', 'x', 'name'], ...range(10).map((i) => [i, i, i, 'n' + i])])));
    expect(p.columns).toEqual(['x', 'Column 2', 'x (2)', 'name']);
    // an all-text file has no detectable header; the option says there is one
    const words = csv([['first', 'second'], ...range(10).map((i) => ['a' + i, 'b' + i])]);
    expect(ok(parseCsv(words)).header).toBe(false);
    expect(ok(parseCsv(words, { header: true })).columns).toEqual(['first', 'second']);
    expect(ok(parseCsv(csv(PEOPLE), { header: false })).rows).toHaveLength(13);
    expect(ok(parseCsv(csv(PEOPLE, ';'), { delimiter: ',' })).columns).toEqual(['Column 1']);
  });

  it('reads decimal commas in a semicolon file without decimal points, and only there', () => {
    const p = ok(parseCsv(csv([['w', 'h'], ...range(10).map((i) => [`${i},5`, i])], ';')));
    expect(p.decimalComma).toBe(true);
    expect(p.header).toBe(true);
    expect(columnSummary(p)[0]).toMatchObject({ numeric: true, min: 0.5, max: 9.5 });
    // a semicolon file that also has "2.5": one convention per file, so "1,5" is text
    const mixed = ok(parseCsv(csv([['w', 'h'], ['2.5', 1], ...range(10).map((i) => [`${i},5`, i])], ';')));
    expect(mixed.decimalComma).toBe(false);
    expect(columnSummary(mixed)[0].numeric).toBe(false);
    // in a comma file a quoted "1,5" is text
    expect(columnSummary(ok(parseCsv(csv([['w', 'h'], ...range(10).map((i) => [`"${i},5"`, i])]))))[0].numeric).toBe(false);
  });
});

describe('parseCsv: problems', () => {
  it('an empty file', () => {
    expect(message(parseCsv(''))).toBe('The file is empty.');
    expect(message(parseCsv(' \n\r\n\t\n'))).toBe('The file is empty.');
    expect(message(parseCsv('\uFEFF'))).toBe('The file is empty.');
    expect(message(parseCsv(',,\n , \n,\n'))).toBe('The file is empty: every line is blank or holds only delimiters.');
  });

  it('fewer than 10 data rows', () => {
    expect(message(parseCsv(csv(PEOPLE.slice(0, 10))))).toBe('The file has 9 data rows after its header; at least 10 are needed.');
    expect(message(parseCsv('1,2\n'))).toBe('The file has 1 data row; at least 10 are needed.');
    expect(parseCsv(csv(PEOPLE.slice(0, 11))).ok).toBe(true);
  });

  it('a ragged row: its line and its cells against the header', () => {
    const rows: Array<Array<string | number>> = PEOPLE.map((r) => [...r]);
    rows[6] = [1, 2];
    expect(message(parseCsv(csv(rows)))).toBe('Line 7 has 2 cells but the header has 4 (comma separated).');
    const noHeader: Array<Array<string | number>> = PEOPLE.slice(1).map((r) => [...r]);
    noHeader[9].push(7);
    expect(message(parseCsv('\n\n' + csv(noHeader, '\t')))).toBe('Line 12 has 5 cells but the first row has 4 (tab separated).');
  });

  it('an unclosed or malformed quote, with its line', () => {
    expect(message(parseCsv(csv(PEOPLE) + '"open,1,2,3\n4,5,6,7\n'))).toMatch(/^Line 14: a quoted field is never closed/);
    expect(message(parseCsv(csv(PEOPLE) + '"ab"cd,1,2,3\n'))).toMatch(/^Line 14: a quoted field has text after its closing quote/);
  });

  it('more than 200 columns, more than 100,000 rows: the numbers', () => {
    expect(message(parseCsv(csv([range(201), range(201)].concat(range(10).map(() => range(201))))))).toBe('The file has 201 columns (comma separated); the limit is 200.');
    expect(parseCsv(csv(range(10).map(() => range(200)))).ok).toBe(true);
    expect(message(parseCsv('a,b\n' + '1,2\n'.repeat(100_001)))).toBe('The file has more than 100,000 data rows; the limit is 100,000.');
    expect(message(parseCsv('1,2\n'.repeat(100_001)))).toBe('The file has more than 100,000 data rows; the limit is 100,000.');
    expect(ok(parseCsv('a,b\n' + '1,2\n'.repeat(100_000))).rows).toHaveLength(100_000);
  });

  it('over 50 MB of text, checked before parsing', () => {
    const t0 = performance.now();
    expect(message(parseCsv('1,2\n'.repeat(13_107_201)))).toBe('The file is 50.0 MB; the limit is 50 MB.');
    expect(message(parseCsv('x'.repeat(60 * 1024 * 1024)))).toBe('The file is 60.0 MB; the limit is 50 MB.');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('binary content: NUL bytes or many control characters', () => {
    const binary = /^This looks like a binary file, not text/;
    expect(message(parseCsv(csv(PEOPLE) + '\u0000'))).toMatch(binary);
    expect(message(parseCsv('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000'))).toMatch(binary);
    expect(message(parseCsv('\u0089PNG\r\n\u001a\n' + '\u0001\u0002\u0003\u0004\u0005'.repeat(20)))).toMatch(binary);
    expect(message(parseCsv('\uFFFD\uFFFD\u0010a,b\uFFFD\n'.repeat(20)))).toMatch(binary);
    // a stray control character in a text file is not binary
    expect(parseCsv(csv(PEOPLE).replace('red', 'r\u0007ed')).ok).toBe(true);
  });

  it('is not text at all: a problem, not an exception', () => {
    expect(message(parseCsv(undefined as unknown as string))).toBe('The file could not be read as text.');
    expect(message(parseCsv(42 as unknown as string))).toBe('The file could not be read as text.');
  });
});

describe('parseNumber and columnSummary', () => {
  it('numbers are decimal notation with sign and exponent; never "", NaN, inf or comma decimals (outside ; files)', () => {
    for (const [s, v] of [['1e-3', 0.001], ['-2.5', -2.5], [' 3 ', 3], ['+4', 4], ['.5', 0.5], ['5.', 5], ['1E+2', 100], ['-0', -0]] as const) expect(parseNumber(s)).toBe(v);
    for (const s of ['', ' ', 'NaN', 'inf', 'Infinity', '-Infinity', '1,5', '0x10', '1_000', '1e309', '١٢٣', '1.2.3', 'e5', '--1', '1 000']) expect(parseNumber(s)).toBeNull();
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('-,5', true)).toBe(-0.5);
    expect(parseNumber('1,5,5', true)).toBeNull();
  });

  it('says per column: numeric, whole, distinct values, min/max, the first non-number, the task as a label', () => {
    const rows = [['f', 'i', 't', 'gap', 'inf', 'big'], ...range(10).map((i) => [`${i / 4}`, ` ${i % 3} `, ['a', 'b', 'c'][i % 3], i === 4 ? '' : '1', i === 7 ? 'inf' : '2', `${i * 7}`])];
    const s = columnSummary(ok(parseCsv(csv(rows))));
    expect(s.map((c) => c.name)).toEqual(['f', 'i', 't', 'gap', 'inf', 'big']);
    expect(s[0]).toMatchObject({ numeric: true, whole: false, distinct: 10, min: 0, max: 2.25, firstText: null, labelTask: 'regression' });
    expect(s[1]).toMatchObject({ numeric: true, whole: true, distinct: 3, min: 0, max: 2, labelTask: 'classification' });
    expect(s[2]).toMatchObject({ numeric: false, whole: false, distinct: 3, min: null, max: null, labelTask: 'classification' });
    expect(s[2].firstText).toEqual({ row: 1, line: 2, value: 'a' });
    expect(s[3]).toMatchObject({ numeric: false, distinct: 2, firstText: { row: 5, line: 6, value: '' } });
    expect(s[4]).toMatchObject({ numeric: false, distinct: 2, firstText: { row: 8, line: 9, value: 'inf' } });
    expect(s[5]).toMatchObject({ numeric: true, whole: true, distinct: 10, labelTask: 'classification' });
  });
});

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
