/**
 * The trials table's columns and sort, as pure functions. A column sorts ascending or descending; empty
 * cells (no value yet, a parameter the trial lacks) stay at the bottom either way, and ties keep trial
 * order. The value columns start best first (descending when the study maximises).
 */
import type { Direction, Trial, TrialState } from '../../engine/search/types';

/** A configuration repeated over seeds: its trials' mean objective and spread (the standard deviation). */
export interface ConfigSummary {
  configId: number;
  /** null while no trial of the configuration is complete. */
  mean: number | null;
  /** The standard deviation over the seeds; null when n = 0. */
  std: number | null;
  /** Complete trials counted. */
  n: number;
}

/** 'id' | 'state' | 'value' | 'steps' | 'mean' | 'param:<name>' */
export type SortKey = string;
export type SortDir = 'ascending' | 'descending';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: Sort = { key: 'id', dir: 'ascending' };
export const paramKey = (name: string): SortKey => `param:${name}`;

/** Order of the states when sorting by state: the furthest along first. */
const STATE_RANK: Record<TrialState, number> = { complete: 0, pruned: 1, running: 2, waiting: 3, failed: 4 };

/** What a column sorts by for one trial; null sorts last. Pruned trials sort by how far they got. */
export function sortValue(t: Trial, key: SortKey, summaries?: ReadonlyMap<number, ConfigSummary>): number | string | null {
  switch (key) {
    case 'id':
      return t.id;
    case 'state':
      return STATE_RANK[t.state] * 1e12 - t.steps;
    case 'value':
      return t.value !== null && Number.isFinite(t.value) ? t.value : null;
    case 'steps':
      return t.steps;
    case 'mean': {
      const s = summaries?.get(t.configId);
      return s && s.mean !== null && Number.isFinite(s.mean) ? s.mean : null;
    }
    default: {
      const v = key.startsWith('param:') ? t.params[key.slice(6) as keyof Trial['params']] : undefined;
      return v === undefined ? null : v;
    }
  }
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** The trials in the column's order (a new array); empty cells last, ties by trial number. */
export function sortTrials(trials: readonly Trial[], sort: Sort, summaries?: ReadonlyMap<number, ConfigSummary>): Trial[] {
  const sign = sort.dir === 'ascending' ? 1 : -1;
  const keyed = trials.map((t) => ({ t, v: sortValue(t, sort.key, summaries) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.t.id - b.t.id : a.v === null ? 1 : -1;
    return sign * compare(a.v, b.v) || a.t.id - b.t.id;
  });
  return keyed.map((k) => k.t);
}

/** The sort after a click on a column's header: the other way on the sorted column, else the column's first way. */
export function nextSort(current: Sort, key: SortKey, direction: Direction): Sort {
  if (current.key === key) return { key, dir: current.dir === 'ascending' ? 'descending' : 'ascending' };
  const best: SortDir = direction === 'maximize' ? 'descending' : 'ascending';
  return { key, dir: key === 'value' || key === 'mean' ? best : 'ascending' };
}

/** Why the Load button is off for this selection, or null when it may load. */
export function loadBlocker(trial: Trial | undefined): string | null {
  if (!trial) return 'Select a trial in the table to load its settings into the playground.';
  if (trial.state === 'waiting') return `Trial ${trial.id} has not started: load it once it has finished.`;
  if (trial.state === 'running') return `Trial ${trial.id} is still running: load it once it has finished.`;
  return null;
}

/** The summaries by config id, kept only for configurations run more than once (seeds repeat). */
export function summariesById(list: readonly ConfigSummary[] | undefined): Map<number, ConfigSummary> | undefined {
  if (!list || list.length === 0) return undefined;
  return new Map(list.map((s) => [s.configId, s]));
}
