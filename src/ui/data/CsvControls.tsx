/**
 * Upload CSV and the column picker (the Data & model area). The file's text goes to the worker, which
 * parses it (papaparse, engine/data/csv.ts) and trains on the suggested columns, or says why it cannot;
 * Features and Label then pick other columns of the same table, applied with "Use these columns". A file
 * over the parser's limit is refused here, before it is read. Whatever fails, the data and run the page
 * had stay.
 */
import { memo, useEffect, useState, type ChangeEvent } from 'react';
import { CSV_LIMITS, MAX_FEATURES, TASK_RULE, type ColumnInfo, type CsvChoice } from '../../engine/data/csv';
import type { CsvView } from '../../worker/protocol';

export interface CsvActions {
  /** The table the worker holds (the last upload, or the open run's), or null. */
  held: CsvView | null;
  upload(fileName: string, text: string): void;
  choose(choice: CsvChoice): void;
  /** A file that cannot be used; nothing changes. */
  bad(message: string): void;
}

const sameChoice = (a: CsvChoice, b: CsvChoice) => a.label === b.label && a.features.length === b.features.length && a.features.every((f, i) => f === b.features[i]);

/** "species: text, 3 classes" / "price: numbers, a number to predict" — what a column is as a label. */
function labelText(c: ColumnInfo): string {
  if (c.labelTask === 'regression') return `${c.name}: a number to predict`;
  return `${c.name}: ${c.distinct} ${c.numeric ? 'values' : 'text values'} (classes)`;
}

export const CsvControls = memo(function CsvControls({ held, upload, choose, bad }: CsvActions) {
  const [draft, setDraft] = useState<CsvChoice | null>(held?.choice ?? null);
  useEffect(() => setDraft(held?.choice ?? null), [held]);

  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > CSV_LIMITS.maxChars) {
      bad(`“${file.name}” cannot be used: it is ${(file.size / 1024 / 1024).toFixed(0)} MB, and Upload CSV reads files up to ${CSV_LIMITS.maxChars / 1024 / 1024} MB. Your previous data and run are kept.`);
      return;
    }
    try {
      upload(file.name, await file.text());
    } catch (err) {
      bad(`“${file.name}” could not be read (${(err as Error).message}). Your previous data and run are kept.`);
    }
  };

  const toggle = (j: number, on: boolean) => {
    if (!draft) return;
    const features = on ? [...draft.features, j].sort((a, b) => a - b) : draft.features.filter((f) => f !== j);
    setDraft({ ...draft, features });
  };
  const setLabel = (label: number) => draft && setDraft({ label, features: draft.features.filter((f) => f !== label) });
  const changed = held !== null && draft !== null && !sameChoice(draft, held.choice);

  return (
    <fieldset className="csv-controls">
      <legend>Your data</legend>
      <label className="file-button">
        Upload CSV
        <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" aria-describedby="f-csv-help" onChange={(e) => void readFile(e)} />
      </label>
      <p className="help" id="f-csv-help">
        A table with a header row or none, separated by commas, semicolons or tabs, up to {CSV_LIMITS.maxRows.toLocaleString('en-US')} rows. Features are
        standardised on the training rows (mean 0, standard deviation 1). {TASK_RULE}
      </p>
      {held && draft && (
        <>
          <p className="csv-file">
            “{held.fileName}”: {held.rows.toLocaleString('en-US')} rows, {held.columns.length} columns.
          </p>
          <div className="field">
            <label htmlFor="f-csv-label">Label</label>
            <select id="f-csv-label" value={draft.label} onChange={(e) => setLabel(Number(e.target.value))}>
              {held.columns.map((c) => (
                <option key={c.index} value={c.index} disabled={!c.numeric && c.distinct > 10}>
                  {labelText(c)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="csv-features">
            <legend>Features</legend>
            {held.columns.map((c) => (
              <div className="check-row" key={c.index}>
                <input
                  id={`f-csv-feature-${c.index}`}
                  type="checkbox"
                  checked={draft.features.includes(c.index)}
                  disabled={!c.numeric || c.index === draft.label || (!draft.features.includes(c.index) && draft.features.length >= MAX_FEATURES)}
                  onChange={(e) => toggle(c.index, e.target.checked)}
                />
                <label htmlFor={`f-csv-feature-${c.index}`}>
                  {c.name}
                  {!c.numeric && c.firstText ? ` (text: “${c.firstText.value.slice(0, 20)}” in row ${c.firstText.row})` : ''}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="button" disabled={!changed || draft.features.length === 0} onClick={() => draft && choose(draft)}>
            Use these columns
          </button>
        </>
      )}
    </fieldset>
  );
});
