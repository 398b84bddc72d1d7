/**
 * Reading a CSV text into a table of trimmed strings: the first half of "Upload CSV" (csvDataset.ts turns
 * the table into a Dataset; csv.ts is the module's door). Pure: no DOM, runs in Node and in a Web Worker.
 *
 * - Limits, checked in this order, each with a message that says the numbers: over 50 MB of text (checked
 *   on `text.length` before anything else), binary content (a NUL, or over 10% control or U+FFFD
 *   characters in the first 64 K), nothing but whitespace, more than 200 columns, an unclosed or malformed
 *   quote, a ragged row (its line and its cell count against the header's or first row's), more than
 *   100,000 data rows, fewer than 10.
 * - A leading BOM is dropped; line ends CRLF, LF and CR all work; every cell is trimmed; lines that are
 *   empty or hold only delimiters and spaces are skipped.
 * - Delimiter: comma, semicolon or tab, whichever splits the first 50 rows into the most consistent number
 *   (≥ 2) of cells; ties go to the split whose cells are more often numbers, then to more cells.
 * - Header: the first row is a header when some column has a non-numeric first cell and numbers in all
 *   non-empty cells of the next 1,000 rows (at least one); otherwise columns are "Column 1", "Column 2", ….
 *   Empty header cells get that name too; repeated names get " (2)", " (3)".
 * - Numbers (parseNumber): decimal notation with an optional sign and exponent ("1e-3", "-2.5", ".5",
 *   " 3 "); never "", "NaN", "inf", "0x10", "1_000" or a value beyond ±1.8e308. Decimal commas ("1,5") are
 *   numbers only in a semicolon file that has no decimal point anywhere (ParsedCsv.decimalComma): the
 *   whole file uses one convention, so "1,5" never silently means 15 or 1.5 beside "2.5".
 * Every problem is a value ({ ok: false, message }); parseCsv never throws.
 */
import Papa from 'papaparse';

export type CsvDelimiter = ',' | ';' | '\t';

/** A problem with the file or the choice, said in one sentence or two (under 300 characters). */
export interface CsvProblem {
  ok: false;
  message: string;
}

export interface ParsedCsv {
  ok: true;
  /** [columns] names: the header's cells, or "Column 1", "Column 2", …; unique. */
  columns: string[];
  /** [n][columns] trimmed cells of the data rows (the header row excluded). */
  rows: string[][];
  delimiter: CsvDelimiter;
  header: boolean;
  /** Whether "1,5" reads as 1.5 (a semicolon file without decimal points). Absent means false. */
  decimalComma?: boolean;
  /** [n] the 1-based line of the file where each data row starts, for messages. Absent: rows are counted. */
  lines?: number[];
}

export interface ParseCsvOptions {
  /** Force a delimiter instead of detecting one. */
  delimiter?: CsvDelimiter;
  /** Force a header row (true) or none (false) instead of detecting it. */
  header?: boolean;
}

export const CSV_LIMITS = {
  /** Characters of text (UTF-16 units), 50 MB. */
  maxChars: 50 * 1024 * 1024,
  maxRows: 100_000,
  maxColumns: 200,
  minRows: 10,
} as const;

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
const SNIFF_ROWS = 50;
const HEADER_SCAN_ROWS = 1000;
const BINARY_SAMPLE = 65_536;
const BINARY_SHARE = 0.1;

const DOT_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const DOT_DECIMAL = /\./;

export const problem = (message: string): CsvProblem => ({ ok: false, message });

/** A name or value quoted in a message: control characters blanked, clipped to 40 characters. */
export const quoted = (s: string): string => {
  const flat = String(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return `'${flat.length > 40 ? flat.slice(0, 40) + '…' : flat}'`;
};

export const fmt = (n: number): string => n.toLocaleString('en-US');

/** The cell as a finite number, or null (see the docblock for what counts). */
export function parseNumber(cell: string, decimalComma = false): number | null {
  const s = cell.trim();
  let v: number;
  if (DOT_NUMBER.test(s)) v = Number(s);
  else if (decimalComma && COMMA_NUMBER.test(s)) v = Number(s.replace(',', '.'));
  else return null;
  return Number.isFinite(v) ? v : null;
}

const isNumber = (cell: string, decimalComma: boolean) => parseNumber(cell, decimalComma) !== null;
const isEmptyRow = (row: string[]) => row.every((c) => c.trim() === '');

/** Whether the text is binary: a NUL anywhere, or a high share of control / replacement characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const n = Math.min(text.length, BINARY_SAMPLE);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 127 || c === 0xfffd) bad++;
  }
  return n > 0 && bad / n > BINARY_SHARE;
}

/** Whether key a sorts before key b: the first entry where they differ is larger in a. */
const beats = (a: number[], b: number[]): boolean => {
  const i = a.findIndex((k, j) => k !== b[j]);
  return i >= 0 && a[i] > b[i];
};

/** The delimiter that splits the first rows most consistently (see the docblock). */
function sniffDelimiter(text: string): CsvDelimiter {
  let best: { d: CsvDelimiter; key: number[] } | null = null;
  for (const d of DELIMITERS) {
    const rows = Papa.parse<string[]>(text, { delimiter: d, newline: '\n', preview: SNIFF_ROWS, skipEmptyLines: 'greedy' }).data;
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let width = 0, often = 0;
    for (const [w, c] of counts) if (c > often || (c === often && w > width)) [width, often] = [w, c];
    let cells = 0, numbers = 0;
    for (const r of rows.slice(1)) for (const c of r) { cells++; if (isNumber(c, true)) numbers++; }
    const key = [width >= 2 ? 1 : 0, often / rows.length, cells ? numbers / cells : 0, width];
    if (!best || beats(key, best.key)) best = { d, key };
  }
  return best && best.key[0] === 1 ? best.d : ',';
}

/** Header rule: some column has a non-numeric first cell over numbers (see the docblock). */
function detectHeader(raw: string[][], decimalComma: boolean): boolean {
  if (raw.length < 2) return false;
  const below = raw.slice(1, 1 + HEADER_SCAN_ROWS);
  return raw[0].some((first, j) => {
    if (first === '' || isNumber(first, decimalComma)) return false;
    let seen = 0;
    for (const r of below) {
      if (r[j] === '') continue;
      if (!isNumber(r[j], decimalComma)) return false;
      seen++;
    }
    return seen > 0;
  });
}

/** Unique names: empty → "Column j", repeats → "name (2)". */
function columnNames(first: string[] | null, width: number): string[] {
  const used = new Set<string>();
  return Array.from({ length: width }, (_, j) => {
    const base = first && first[j] !== '' ? first[j] : `Column ${j + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base} (${k})`;
    used.add(name);
    return name;
  });
}

/** A semicolon file reads "1,5" as 1.5 when it holds decimal commas and no decimal point. */
function usesDecimalComma(raw: string[][], delimiter: CsvDelimiter): boolean {
  if (delimiter !== ';') return false;
  let comma = false;
  for (const r of raw) {
    for (const c of r) {
      if (DOT_DECIMAL.test(c) && DOT_NUMBER.test(c)) return false;
      if (!comma && c.includes(',') && COMMA_NUMBER.test(c)) comma = true;
    }
  }
  return comma;
}

/** Reads CSV text into trimmed cells, or says what is wrong with it. Never throws. */
export function parseCsv(text: string, opts: ParseCsvOptions = {}): ParsedCsv | CsvProblem {
  try {
    return parseUnsafe(text, opts ?? {});
  } catch (e) {
    return problem(`Unexpected error while reading the CSV: ${quoted(e instanceof Error ? e.message : String(e))}.`);
  }
}

function parseUnsafe(input: string, opts: ParseCsvOptions): ParsedCsv | CsvProblem {
  if (typeof input !== 'string') return problem('The file could not be read as text.');
  if (input.length > CSV_LIMITS.maxChars) {
    return problem(`The file is ${(input.length / 1024 / 1024).toFixed(1)} MB; the limit is ${CSV_LIMITS.maxChars / 1024 / 1024} MB.`);
  }
  if (looksBinary(input)) return problem('This looks like a binary file, not text: choose a CSV file (comma, semicolon or tab separated).');
  const text = (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(/\r\n?/g, '\n');
  if (text.trim() === '') return problem('The file is empty.');
  const delimiter = opts.delimiter && DELIMITERS.includes(opts.delimiter) ? opts.delimiter : sniffDelimiter(text);

  const raw: string[][] = [];
  const lines: number[] = [];
  let stop: string | null = null;
  let start = 0, counted = 0, line = 1;
  const lineAt = (pos: number): number => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, pos);
    return line;
  };
  Papa.parse<string[]>(text, {
    delimiter, newline: '\n', skipEmptyLines: false,
    step: (res, parser) => {
      const rowStart = start;
      start = res.meta.cursor;
      if (stop !== null) return;
      const row = Array.isArray(res.data) ? res.data.map((c) => String(c).trim()) : [];
      const at = lineAt(rowStart);
      const quote = res.errors.find((e) => e.type === 'Quotes');
      if (quote) {
        const where = typeof quote.index === 'number' && quote.index >= rowStart ? lineAt(quote.index) : at;
        stop = quote.code === 'MissingQuotes'
          ? `Line ${fmt(where)}: a quoted field is never closed (a " without its closing ").`
          : `Line ${fmt(where)}: a quoted field has text after its closing quote; write a quote inside a quoted field as "".`;
      } else if (!isEmptyRow(row)) {
        if (raw.length === 0 && row.length > CSV_LIMITS.maxColumns) {
          stop = `The file has ${fmt(row.length)} columns (${DELIMITER_NAMES[delimiter]} separated); the limit is ${CSV_LIMITS.maxColumns}.`;
        } else if (raw.length > 0 && row.length !== raw[0].length) {
          stop = `ragged:${at}:${row.length}`;
        } else if (raw.length > CSV_LIMITS.maxRows) {
          stop = `The file has more than ${fmt(CSV_LIMITS.maxRows)} data rows; the limit is ${fmt(CSV_LIMITS.maxRows)}.`;
        } else {
          raw.push(row);
          lines.push(at);
        }
      }
      if (stop !== null) parser.abort();
    },
  });
  if (raw.length === 0 && stop === null) return problem('The file is empty: every line is blank or holds only delimiters.');

  const decimalComma = usesDecimalComma(raw, delimiter);
  const header = typeof opts.header === 'boolean' ? opts.header : detectHeader(raw, decimalComma);
  if (stop !== null) {
    const ragged = /^ragged:(\d+):(\d+)$/.exec(stop);
    if (!ragged) return problem(stop);
    const against = header ? 'the header has' : 'the first row has';
    return problem(`Line ${fmt(Number(ragged[1]))} has ${fmt(Number(ragged[2]))} cells but ${against} ${fmt(raw[0].length)} (${DELIMITER_NAMES[delimiter]} separated).`);
  }
  const rows = header ? raw.slice(1) : raw;
  const rowLines = header ? lines.slice(1) : lines;
  if (rows.length > CSV_LIMITS.maxRows) {
    return problem(`The file has more than ${fmt(CSV_LIMITS.maxRows)} data rows; the limit is ${fmt(CSV_LIMITS.maxRows)}.`);
  }
  if (rows.length < CSV_LIMITS.minRows) {
    return problem(`The file has ${rows.length} data row${rows.length === 1 ? '' : 's'}${header ? ' after its header' : ''}; at least ${CSV_LIMITS.minRows} are needed.`);
  }
  return { ok: true, columns: columnNames(header ? raw[0] : null, raw[0].length), rows, delimiter, header, decimalComma, lines: rowLines };
}
