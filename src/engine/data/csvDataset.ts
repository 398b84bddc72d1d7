/**
 * From a parsed CSV table to a Dataset the engine trains on: the second half of "Upload CSV" (csvParse.ts
 * reads the text; csv.ts is the module's door). Pure: no DOM, runs in Node and in a Web Worker.
 *
 * - Task rule (TASK_RULE, for the UI to show): the label is classification when it is not numeric, or
 *   numeric with only whole numbers and at most 10 distinct values; otherwise regression.
 * - Classes: the distinct label values sorted (by value when numeric, by UTF-16 code units otherwise)
 *   and numbered 0..K−1, names kept; 2 ≤ K ≤ 10. Targets: one-hot [n, K], or the value [n, 1].
 * - Split: a seeded shuffle (createRng(seed)) of the rows; the first round(n × trainFraction) train
 *   (at least 1, at most n − 1), the rest test.
 * - Standardising: every feature, and a regression target, to mean 0 and (population) standard deviation
 *   1 on the TRAIN rows; the test rows use the train's mean and std. The parameters are kept
 *   (value = z × std + mean). A feature with one value on every train row carries no information: it is
 *   dropped with a note (`notes`, `preview.dropped`); if every feature is, or the target is, that is a problem.
 *   Standard scores beyond ±1e6 (a test value far outside the train's range) are clipped, with a note.
 * Every problem is a value ({ ok: false, message }); these functions never throw.
 */
import { createRng, shuffle } from '../rng';
import type { Dataset, Split, Task } from '../datasets';
import { fmt, parseNumber, problem, quoted, type CsvProblem, type ParsedCsv } from './csvParse';

export const TASK_RULE =
  'The label is a classification target when it is not numeric, or numeric with only whole numbers and at most ' +
  '10 distinct values (each value is a class); otherwise it is a regression target (a number to predict).';

export const MAX_FEATURES = 64;
export const MAX_CLASSES = 10;
const Z_CLIP = 1e6;

export interface ColumnInfo {
  index: number;
  name: string;
  /** Every cell is a finite number (csvParse.parseNumber). */
  numeric: boolean;
  /** Numeric and every value a whole number. */
  whole: boolean;
  /** Distinct values: numbers compared by value ("1" = "1.0"), text by the trimmed string. */
  distinct: number;
  /** Smallest and largest value of a numeric column; null otherwise. */
  min: number | null;
  max: number | null;
  /** The first cell that is not a number (row counted from 1 among data rows; line in the file, or the row when
   *  the table has no `lines`), or null. */
  firstText: { row: number; line: number; value: string } | null;
  /** What TASK_RULE makes of this column as the label. */
  labelTask: Task;
}

/** value = z × std + mean. */
export interface Scale {
  name: string;
  mean: number;
  std: number;
}

export interface CsvPreview {
  task: Task;
  trainRows: number;
  testRows: number;
  /** [inputDim] the features kept, in x's column order. */
  featureNames: string[];
  /** Chosen features dropped for having one value on every train row. */
  dropped: string[];
  /** [inputDim] features' standardisation, and the regression target's (null for classification). */
  scaling: { features: Scale[]; target: Scale | null };
  /** [K] rows of each class in each split (classification), else null. */
  classBalance: Array<{ name: string; train: number; test: number }> | null;
  /** The target's range in original units per split (regression), else null. */
  targetRange: { train: { min: number; max: number }; test: { min: number; max: number } } | null;
  notes: string[];
}

/**
 * The Dataset the engine trains on, plus what the UI shows. `name` is 'csv', which the app's DatasetName
 * does not list yet: whoever wires it in adds it there; every other field is the Dataset's.
 */
export interface CsvDataset extends Omit<Dataset, 'name'> {
  ok: true;
  name: 'csv';
  /** [inputDim] file column of each x column. */
  featureColumns: number[];
  labelColumn: number;
  /** [outputDim] class names for classification (index = class); [] for regression. */
  classNames: string[];
  preview: CsvPreview;
}

export interface CsvChoice {
  features: number[];
  label: number;
}

const rowWhere = (p: ParsedCsv, i: number) => `row ${fmt(i + 1)}${p.lines?.[i] ? ` (line ${fmt(p.lines[i])})` : ''}`;
const guard = <T>(f: () => T | CsvProblem): T | CsvProblem => {
  try {
    return f();
  } catch (e) {
    return problem(`Unexpected error while preparing the data: ${quoted(e instanceof Error ? e.message : String(e))}.`);
  }
};

function labelTaskOf(numeric: boolean, whole: boolean, distinct: number): Task {
  return !numeric || (whole && distinct <= MAX_CLASSES) ? 'classification' : 'regression';
}

function summarise(p: ParsedCsv, j: number): ColumnInfo {
  const dc = p.decimalComma === true;
  const seen = new Set<string | number>();
  let numeric = true, whole = true, min = Infinity, max = -Infinity;
  let firstText: ColumnInfo['firstText'] = null;
  p.rows.forEach((r, i) => {
    const cell = String(r[j] ?? '').trim();
    const v = numeric ? parseNumber(cell, dc) : null;
    if (numeric && v === null) {
      numeric = false;
      firstText = { row: i + 1, line: p.lines?.[i] ?? i + 1, value: cell };
      seen.clear();
      for (let k = 0; k < i; k++) seen.add(String(p.rows[k][j] ?? '').trim());
    }
    if (v !== null) {
      seen.add(v);
      whole &&= Number.isInteger(v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    } else seen.add(cell);
  });
  numeric &&= p.rows.length > 0;
  return {
    index: j, name: p.columns[j], numeric, whole: numeric && whole, distinct: seen.size,
    min: numeric ? min : null, max: numeric ? max : null, firstText,
    labelTask: labelTaskOf(numeric, numeric && whole, seen.size),
  };
}

/** What each column holds: numeric or not, distinct values, range, what it would be as a label. Never throws. */
export function columnSummary(parsed: ParsedCsv): ColumnInfo[] {
  try {
    return parsed.columns.map((_, j) => summarise(parsed, j));
  } catch {
    return [];
  }
}

/** Mean and std of v over the rows `idx`, computed on v / max|v| so that no sum overflows. */
function scaleOf(v: Float64Array, idx: Uint32Array): { s: number; mean: number; std: number; constant: boolean; lo: number } {
  let s = 0, lo = Infinity, hi = -Infinity;
  for (const i of idx) { s = Math.max(s, Math.abs(v[i])); lo = Math.min(lo, v[i]); hi = Math.max(hi, v[i]); }
  if (!(lo < hi) || s === 0) return { s: 1, mean: lo, std: 0, constant: true, lo };
  let sum = 0;
  for (const i of idx) sum += v[i] / s;
  const mean = sum / idx.length;
  let sq = 0;
  for (const i of idx) sq += (v[i] / s - mean) ** 2;
  const std = Math.sqrt(sq / idx.length);
  return { s, mean, std, constant: !(std > 0), lo };
}

/** Standard scores of v by a scale from scaleOf, clipped to ±Z_CLIP; counts clips in `clipped`. */
function standardise(v: number, sc: { s: number; mean: number; std: number }, clipped: { n: number }): number {
  const z = (v / sc.s - sc.mean) / sc.std;
  if (Number.isFinite(z) && Math.abs(z) <= Z_CLIP) return z;
  clipped.n++;
  return z > 0 ? Z_CLIP : -Z_CLIP;
}

function checkChoice(p: ParsedCsv, choice: CsvChoice, trainFraction: number): CsvProblem | null {
  const cols = p.columns.length;
  const valid = (j: unknown) => Number.isInteger(j) && (j as number) >= 0 && (j as number) < cols;
  const features = Array.isArray(choice?.features) ? choice.features : [];
  if (!Array.isArray(p.rows) || p.rows.length < 10) return problem(`The table has ${p.rows?.length ?? 0} data rows; at least 10 are needed.`);
  if (!valid(choice?.label)) return problem('Choose a label column: the column to predict.');
  if (features.length === 0) return problem('Choose at least one feature column: a column to predict from.');
  if (features.length > MAX_FEATURES) return problem(`You chose ${fmt(features.length)} feature columns; at most ${MAX_FEATURES} can be used.`);
  const bad = features.find((j) => !valid(j));
  if (bad !== undefined) return problem(`Feature column ${quoted(String(bad))} is not a column of this file (it has ${cols}).`);
  const twice = features.find((j, k) => features.indexOf(j) !== k);
  if (twice !== undefined) return problem(`Column ${quoted(p.columns[twice])} is chosen twice as a feature.`);
  if (features.includes(choice.label)) return problem(`Column ${quoted(p.columns[choice.label])} is the label, so it cannot also be a feature.`);
  if (!(trainFraction > 0 && trainFraction < 1)) return problem(`The train fraction must be between 0 and 1 (it is ${quoted(String(trainFraction))}).`);
  return null;
}

/**
 * Builds the train/test Dataset from the chosen feature columns and label column (see the docblock for
 * the task rule, classes, split and standardising). Never throws.
 */
export function buildCsvDataset(parsed: ParsedCsv, choice: CsvChoice, seed: number, trainFraction: number): CsvDataset | CsvProblem {
  return guard(() => build(parsed, choice, seed, trainFraction));
}

function build(p: ParsedCsv, choice: CsvChoice, seed: number, trainFraction: number): CsvDataset | CsvProblem {
  const bad = checkChoice(p, choice, trainFraction);
  if (bad) return bad;
  const n = p.rows.length, dc = p.decimalComma === true;
  const cell = (i: number, j: number) => String(p.rows[i][j] ?? '').trim();

  // features: [d][n] raw values; the first non-number, row by row, is the problem
  const raw = choice.features.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < choice.features.length; k++) {
      const j = choice.features[k];
      const v = parseNumber(cell(i, j), dc);
      if (v === null) {
        const what = cell(i, j) === '' ? 'is empty, not a number' : `${quoted(cell(i, j))} is not a number`;
        return problem(`${cap(rowWhere(p, i))}, column ${quoted(p.columns[j])}: ${what}; every feature must be numeric.`);
      }
      raw[k][i] = v;
    }
  }

  // label: classes or a regression target
  const label = summarise(p, choice.label);
  const lname = quoted(label.name);
  const task = label.labelTask;
  let classNames: string[] = [];
  let classOf: Int32Array | null = null;
  let target: Float64Array | null = null;
  if (task === 'classification') {
    if (!label.numeric) {
      const empty = p.rows.findIndex((_, i) => cell(i, choice.label) === '');
      if (empty >= 0) return problem(`${cap(rowWhere(p, empty))}, column ${lname}: the label is empty; every row needs a label.`);
    }
    if (label.distinct < 2) return problem(`The label column ${lname} has one value only (${quoted(cell(0, choice.label))}): there is nothing to tell apart.`);
    if (label.distinct > MAX_CLASSES) {
      const why = label.firstText ? ` It is not numeric: row ${fmt(label.firstText.row)} holds ${quoted(label.firstText.value)}.` : '';
      return problem(`The label column ${lname} has ${fmt(label.distinct)} different values; a class label can have at most ${MAX_CLASSES}.${why}`);
    }
    const keyOf = (i: number): string => (label.numeric ? String(parseNumber(cell(i, choice.label), dc)) : cell(i, choice.label));
    const keys = [...new Set(p.rows.map((_, i) => keyOf(i)))];
    if (label.numeric) keys.sort((a, b) => Number(a) - Number(b));
    else keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(keys.map((k, c) => [k, c]));
    classNames = keys;
    classOf = Int32Array.from(p.rows, (_, i) => index.get(keyOf(i))!);
  } else {
    target = Float64Array.from(p.rows, (_, i) => parseNumber(cell(i, choice.label), dc)!);
  }

  // split
  const order = shuffle(Uint32Array.from({ length: n }, (_, i) => i), createRng(seed));
  const nTrain = Math.min(n - 1, Math.max(1, Math.round(n * trainFraction)));
  const trainIdx = order.subarray(0, nTrain), testIdx = order.subarray(nTrain);

  // standardise on the train rows
  const notes: string[] = [];
  const kept: number[] = [], dropped: string[] = [];
  const scales = raw.map((v) => scaleOf(v, trainIdx));
  scales.forEach((sc, k) => {
    if (sc.constant) dropped.push(p.columns[choice.features[k]]);
    else kept.push(k);
  });
  if (kept.length === 0) {
    return problem(`Every chosen feature has one value on all training rows (${dropped.slice(0, 3).map(quoted).join(', ')}${dropped.length > 3 ? ', …' : ''}): they carry no information.`);
  }
  if (dropped.length > 0) {
    notes.push(`Dropped ${dropped.length} feature${dropped.length === 1 ? '' : 's'} with one value on all training rows, which carr${dropped.length === 1 ? 'ies' : 'y'} no information: ${dropped.slice(0, 3).map(quoted).join(', ')}${dropped.length > 3 ? ', …' : ''}.`);
  }
  let tScale: ReturnType<typeof scaleOf> | null = null;
  if (target) {
    tScale = scaleOf(target, trainIdx);
    if (tScale.constant) return problem(`The target column ${lname} has one value (${quoted(String(tScale.lo))}) on all training rows: there is nothing to predict.`);
  }

  const d = kept.length, K = task === 'classification' ? classNames.length : 1;
  const clipped = { n: 0 };
  const take = (idx: Uint32Array): Split => {
    const x = new Float32Array(idx.length * d); // [n, d] row-major
    const y = new Float32Array(idx.length * K); // [n, K] one-hot, or [n, 1]
    idx.forEach((src, dst) => {
      kept.forEach((k, c) => (x[dst * d + c] = standardise(raw[k][src], scales[k], clipped)));
      if (classOf) y[dst * K + classOf[src]] = 1;
      else y[dst] = standardise(target![src], tScale!, clipped);
    });
    return { x, y, n: idx.length };
  };
  const train = take(trainIdx), test = take(testIdx);
  if (clipped.n > 0) notes.push(`${fmt(clipped.n)} value${clipped.n === 1 ? ' lies' : 's lie'} over a million standard deviations from the training mean; clipped to ±1e6.`);

  const unscale = (name: string, sc: { s: number; mean: number; std: number }): Scale => ({ name, mean: sc.mean * sc.s, std: sc.std * sc.s });
  const range = (idx: Uint32Array) => {
    let min = Infinity, max = -Infinity;
    for (const i of idx) { min = Math.min(min, target![i]); max = Math.max(max, target![i]); }
    return { min, max };
  };
  const featureNames = kept.map((k) => p.columns[choice.features[k]]);
  const preview: CsvPreview = {
    task, trainRows: train.n, testRows: test.n, featureNames, dropped,
    scaling: { features: kept.map((k, c) => unscale(featureNames[c], scales[k])), target: tScale ? unscale(label.name, tScale) : null },
    classBalance: classOf
      ? classNames.map((name, c) => ({ name, train: count(classOf!, trainIdx, c), test: count(classOf!, testIdx, c) }))
      : null,
    targetRange: target ? { train: range(trainIdx), test: range(testIdx) } : null,
    notes,
  };
  return {
    ok: true, name: 'csv', task, inputDim: d, outputDim: K, train, test,
    bounds: boundsOf(train, test, d, classOf === null),
    featureColumns: kept.map((k) => choice.features[k]), labelColumn: choice.label, classNames, preview,
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function count(classOf: Int32Array, idx: Uint32Array, c: number): number {
  let n = 0;
  for (const i of idx) if (classOf[i] === c) n++;
  return n;
}

/** For drawing, as makeDataset: x = the first feature; y = the second, or the target for 1-D regression. */
function boundsOf(train: Split, test: Split, d: number, regression: boolean): Dataset['bounds'] {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (const s of [train, test]) {
    for (let i = 0; i < s.n; i++) {
      const a = s.x[i * d];
      const b = d >= 2 ? s.x[i * d + 1] : regression ? s.y[i] : 0;
      xMin = Math.min(xMin, a); xMax = Math.max(xMax, a);
      yMin = Math.min(yMin, b); yMax = Math.max(yMax, b);
    }
  }
  if (d < 2 && !regression) [yMin, yMax] = [-1, 1];
  const padX = 0.1 * (xMax - xMin || 1), padY = 0.1 * (yMax - yMin || 1);
  return { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY };
}
