/**
 * Pure helpers for the Runs panel: the Compare selection (at most four runs), the date and size columns.
 */
import { shortDate } from '../../store/runSummary';
import { formatBytes } from '../compress/compressionFormat';

/** Most runs overlaid in Compare (one colour each). */
export const MAX_COMPARE = 4;

/**
 * The selection after ticking (`on`) or unticking `id`: ticked ids keep the order they were ticked in,
 * and a tick past `max` is ignored.
 */
export function toggleCompare(selected: readonly string[], id: string, on: boolean, max = MAX_COMPARE): string[] {
  const without = selected.filter((s) => s !== id);
  if (!on) return without;
  return without.length >= max ? selected.slice() : [...without, id];
}

/** True when no further run can be ticked. */
export const compareFull = (selected: readonly string[], max = MAX_COMPARE): boolean => selected.length >= max;

/** The ticked ids that are still listed (a run deleted here or in another tab drops out). */
export function listedOnly(selected: readonly string[], runs: readonly { id: string }[]): string[] {
  const ids = new Set(runs.map((r) => r.id));
  return selected.filter((s) => ids.has(s));
}

/** "6 Dec 14:03" this year, "6 Dec 2023, 14:03" before (local time). */
export function formatRunDate(ms: number, now = Date.now()): string {
  if (isoDate(ms) === undefined) return '—';
  const year = new Date(ms).getFullYear();
  if (year === new Date(now).getFullYear()) return shortDate(ms);
  const [day, month, time] = shortDate(ms).split(' ');
  return `${day} ${month} ${year}, ${time}`;
}

/** The machine-readable date of a <time> element, or undefined for a time no Date can hold. */
export function isoDate(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The stored size column: "33.2 kB", or a dash when unknown. */
export const formatStored = (bytes: number | null): string => (bytes === null ? '—' : formatBytes(bytes));
