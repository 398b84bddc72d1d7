/**
 * How the host is asked to begin a run (worker/host.ts `start`): every way a run begins (a new config,
 * Reset, a saved run, an import, an uploaded table, a teacher or a transfer) fills one of these.
 */
import type { RunConfig } from '../engine/config';
import type { ParsedCsv, CsvChoice } from '../engine/data/csv';
import type { CsvSource } from '../engine/data/csvSource';
import type { RunSetup } from '../engine/run';
import type { Trainer } from '../engine/train/trainer';
import type { ReadyCause } from './protocol';
import type { FirstRun } from './tutor';

export interface Start {
  config: RunConfig;
  cause: ReadyCause;
  /** Builds the Trainer on the run's data. */
  make(setup: RunSetup): Promise<Trainer>;
  storeId: string;
  name: string | null;
  /** What the user is told when the run cannot start, after the reason (e.g. "The previous run is kept."). */
  kept?: string;
  /** The user's table the run trains on ('csv' runs): an upload, a column choice or a saved run's; else the page's current one. */
  csv?: CsvSource;
  /** The table the column picker chooses from, and the choice `csv` is (an upload or a column change). */
  table?: CsvTable;
  /** Train teacher, Train source first: this run is trained first and stops after its steps (worker/tutor.ts). */
  first?: FirstRun;
}

/** A table the page can choose columns from: the last upload, or a saved run's own columns. */
export interface CsvTable {
  fileName: string;
  parsed: ParsedCsv;
  choice: CsvChoice;
}
