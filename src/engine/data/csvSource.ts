/**
 * A user's table as a run keeps it: the chosen columns of an uploaded CSV, compact and structured-clone
 * friendly, so the run's checkpoint (engine/checkpoint.ts) and the run history hold the data and a saved
 * run reopens with it. The Dataset is rebuilt from it with the run's seed and train fraction
 * (csvDataset.ts buildCsvDataset), so Reset, a new seed or a new split work as on the built-in sets.
 *
 *   const src = csvSourceFrom(parsed, choice, 'iris.csv');   // after parseCsv; a problem, or the source
 *   const ds = csvSourceDataset(src, seed, 0.8);            // the CsvDataset, or a problem
 *
 * Numbers are kept as float64 and written back as JavaScript's shortest round-trip text, so the rebuilt
 * table parses to the very same values (decimal commas included: they were numbers once).
 */
import { buildCsvDataset, columnSummary, MAX_FEATURES, type CsvChoice, type CsvDataset } from './csvDataset';
import { parseNumber, problem, type CsvProblem, type ParsedCsv } from './csvParse';

export interface CsvSource {
  /** The uploaded file's name, as shown ("iris.csv"). */
  fileName: string;
  /** [F] the feature columns' names, in the file's order. */
  featureNames: string[];
  labelName: string;
  /** [n, F] row-major: every feature value of every data row. */
  features: Float64Array<ArrayBuffer>;
  /** [n] the label cells as text (numbers as written back by String()). */
  labels: string[];
}

/** The source as a table: columns are the features then the label; the choice that builds it. */
export function csvSourceTable(src: CsvSource): { table: ParsedCsv; choice: CsvChoice } {
  const F = src.featureNames.length;
  const rows = src.labels.map((label, i) => {
    const row = new Array<string>(F + 1);
    for (let k = 0; k < F; k++) row[k] = String(src.features[i * F + k]);
    row[F] = label;
    return row;
  });
  return {
    table: { ok: true, columns: [...src.featureNames, src.labelName], rows, delimiter: ',', header: true },
    choice: { features: Array.from({ length: F }, (_, k) => k), label: F },
  };
}

/** The CsvDataset of a kept source, split with `seed` and `trainFraction`. Never throws. */
export function csvSourceDataset(src: CsvSource, seed: number, trainFraction: number): CsvDataset | CsvProblem {
  const { table, choice } = csvSourceTable(src);
  return buildCsvDataset(table, choice, seed, trainFraction);
}

/**
 * Keeps the chosen columns of a parsed table, after checking that they build a dataset (every problem the
 * build finds is returned, so nothing unusable is kept). Never throws.
 */
export function csvSourceFrom(parsed: ParsedCsv, choice: CsvChoice, fileName: string, seed: number, trainFraction: number): CsvSource | CsvProblem {
  const built = buildCsvDataset(parsed, choice, seed, trainFraction);
  if (!built.ok) return built;
  const dc = parsed.decimalComma === true;
  const cols = choice.features;
  const F = cols.length, n = parsed.rows.length;
  const features = new Float64Array(n * F);
  const cell = (i: number, j: number) => String(parsed.rows[i][j] ?? '').trim();
  // a numeric label is written back as its value ("1.0" and "1" are one class, as buildCsvDataset counts them)
  const numericLabel = parsed.rows.every((_, i) => parseNumber(cell(i, choice.label), dc) !== null);
  const labels = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < F; k++) features[i * F + k] = parseNumber(cell(i, cols[k]), dc) ?? NaN;
    labels[i] = numericLabel ? String(parseNumber(cell(i, choice.label), dc)) : cell(i, choice.label);
  }
  return { fileName, featureNames: cols.map((j) => parsed.columns[j]), labelName: parsed.columns[choice.label], features, labels };
}

/**
 * The columns a new upload starts with: the label is the last column that can be one (text with at most
 * MAX_CLASSES values, or numbers), the features every other numeric column (at most MAX_FEATURES). A
 * column of mostly numbers with text, "NaN" or an empty cell in it is a problem (its first bad cell named).
 */
export function suggestChoice(parsed: ParsedCsv): CsvChoice | CsvProblem {
  const cols = columnSummary(parsed);
  const usable = (j: number) => cols[j].numeric || cols[j].distinct <= 10;
  let label = -1;
  for (let j = cols.length - 1; j >= 0 && label < 0; j--) if (usable(j)) label = j;
  if (label < 0) return problem('No column can be the label: every column holds text with more than 10 different values.');
  // a column of numbers with a stray word or "NaN" in it is a damaged feature, not a text column to leave out
  const damaged = cols.find((c) => c.index !== label && !c.numeric && c.firstText && mostlyNumbers(parsed, c.index));
  if (damaged?.firstText) {
    const { row, line, value } = damaged.firstText;
    return problem(`Row ${row} (line ${line}), column ${JSON.stringify(damaged.name)}: ${value === '' ? 'the cell is empty' : `${JSON.stringify(value.slice(0, 40))} is not a number`}, in a column of numbers; fix the file, or remove the column.`);
  }
  const features = cols.filter((c) => c.numeric && c.index !== label).slice(0, MAX_FEATURES).map((c) => c.index);
  if (features.length === 0) return problem(`No column besides the label ${JSON.stringify(cols[label].name)} holds only numbers, so there is nothing to predict from.`);
  return { features, label };
}

/** More than half the column's cells are numbers. */
function mostlyNumbers(parsed: ParsedCsv, j: number): boolean {
  const dc = parsed.decimalComma === true;
  let numbers = 0;
  for (const row of parsed.rows) if (parseNumber(String(row[j] ?? '').trim(), dc) !== null) numbers++;
  return numbers * 2 > parsed.rows.length;
}
