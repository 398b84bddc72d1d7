/** Shared by the CSV engine's tests: tables from rows, and unwrapping results. */
import { expect } from 'vitest';
import type { CsvDataset, CsvProblem, ParsedCsv } from './csv';

/** A CSV text from rows of cells (joined raw: quote them yourself). */
export const csv = (rows: Array<Array<string | number>>, d = ',', eol = '\n') => rows.map((r) => r.join(d)).join(eol) + eol;
export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function ok(r: ParsedCsv | CsvProblem): ParsedCsv {
  if (!r.ok) throw new Error(`expected a table, got: ${r.message}`);
  return r;
}
export function okDs(r: CsvDataset | CsvProblem): CsvDataset {
  if (!r.ok) throw new Error(`expected a dataset, got: ${r.message}`);
  return r;
}
export function message(r: { ok: boolean; message?: string }): string {
  expect(r.ok).toBe(false);
  return r.message!;
}

/** 12 rows: age (int), height (float), colour (text), label 0/1. */
export const PEOPLE = [['age', 'height', 'colour', 'label'], ...range(12).map((i) => [20 + i, (1.5 + i / 20).toFixed(2), ['red', 'blue'][i % 2], i % 2])];
