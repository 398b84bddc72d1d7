/**
 * The worker's side of Upload CSV: the table last uploaded (the column picker chooses from it), the data
 * 'csv' runs train on when they bring none, and the runs an upload or a column choice starts. A table
 * that cannot be used is answered by an 'error' of kind 'csv', and nothing changes.
 */
import { validateConfig, type RunConfig } from '../engine/config';
import { columnSummary, parseCsv, type CsvChoice, type ParsedCsv } from '../engine/data/csv';
import { csvSourceFrom, csvSourceTable, suggestChoice, type CsvSource } from '../engine/data/csvSource';
import type { CsvInfo } from '../engine/datasets';
import type { RunSetup } from '../engine/run';
import type { CsvView } from './protocol';
import type { CsvTable, Start } from './runStart';
import type { Post, Session } from './session';

/** What the desk needs of the host. */
export interface CsvDeskHost {
  post: Post;
  session(): Session | null;
  /** A new run from `config` on `csv` (cause 'new'), chosen from `table`; false when it could not start. */
  startOn(config: RunConfig, csv: CsvSource, table: CsvTable, kept: string | undefined): Promise<boolean>;
}

export class CsvDesk {
  /** The user's data last trained on ('csv' runs use it when they bring none) and the table it was chosen from. */
  private held: { source: CsvSource; table: CsvTable; columns: CsvView['columns'] } | null = null;

  constructor(private readonly host: CsvDeskHost) {}

  /** The table 'csv' runs use when they bring none. */
  get source(): CsvSource | undefined {
    return this.held?.source;
  }

  /** Upload CSV: a usable table starts a new run on its suggested columns; anything else is said, and nothing changes. */
  async upload(fileName: string, text: string): Promise<void> {
    const parsed = parseCsv(text);
    if (!parsed.ok) return this.problem(fileName, parsed.message);
    const choice = suggestChoice(parsed);
    if ('ok' in choice) return this.problem(fileName, choice.message);
    await this.trainOnTable({ fileName, parsed, choice });
  }

  /** Features and Label changed: a new run on those columns of the table the page holds. */
  async chooseColumns(choice: CsvChoice): Promise<void> {
    const table = this.held?.table;
    if (!table) return this.problem(null, 'There is no uploaded table to choose columns from: Upload CSV first.');
    await this.trainOnTable({ ...table, choice });
  }

  private async trainOnTable(table: CsvTable): Promise<void> {
    const s = this.host.session();
    const base = s?.trainer.config ?? validateConfig({}).config;
    const source = csvSourceFrom(table.parsed, table.choice, table.fileName, base.seed, base.trainFraction);
    if ('ok' in source) return this.problem(table.fileName, source.message);
    const defaults = validateConfig({}).config;
    // a new table: cross-entropy for classes (setupRun gives a number to predict MSE); an MNIST-sized network goes back to the toy one
    const config = validateConfig({
      ...base, dataset: 'csv', loss: 'crossentropy',
      ...(base.dataset === 'mnist' ? { hidden: defaults.hidden, batchSize: defaults.batchSize, learningRate: defaults.learningRate, optimizer: defaults.optimizer } : {}),
    }).config;
    const wasRunning = s?.running ?? false;
    const kept = s ? 'Your previous data and run are kept.' : undefined;
    if (await this.host.startOn(config, source, table, kept)) this.host.session()?.setRunning(wasRunning);
  }

  private problem(fileName: string | null, message: string): void {
    const what = fileName === null ? '' : `“${fileName}” cannot be used: `;
    const kept = this.host.session() ? ' Your previous data and run are kept.' : '';
    this.host.post({ type: 'error', kind: 'csv', message: `${what}${message}${kept}` });
  }

  /** A run started on `setup`: its table becomes the one held (the upload or choice just made, a saved run's own columns). */
  adopt(setup: RunSetup, st: Pick<Start, 'table' | 'csv'>): void {
    if (!setup.csv) return;
    const table = st.table ?? (st.csv && st.csv !== this.held?.source ? { fileName: setup.csv.fileName, ...csvSourceTableOf(setup.csv) } : this.held?.table);
    if (table) this.held = { source: setup.csv, table, columns: table.parsed === this.held?.table.parsed ? this.held.columns : columnSummary(table.parsed) };
  }

  /** The column picker's view of a 'csv' run: the table's columns and the ones this run uses. */
  view(setup: RunSetup): Omit<CsvView, keyof CsvInfo> | undefined {
    if (!setup.csv || !this.held) return undefined;
    return { columns: this.held.columns, choice: this.held.table.choice, rows: this.held.table.parsed.rows.length };
  }
}

/** A kept source as a table to choose from (a saved run's own columns). */
function csvSourceTableOf(src: CsvSource): { parsed: ParsedCsv; choice: CsvChoice } {
  const { table, choice } = csvSourceTable(src);
  return { parsed: table, choice };
}
