/**
 * A saved run's summary, the row the Runs panel lists without reading the (large) checkpoint record:
 * name, dates, dataset, model widths, step, test accuracy and stored size. Also the run names: the default
 * one ("Spiral run, 6 Dec 14:03"), the rule for a name a user types, and the dataset's display name.
 */
import type { Checkpoint } from '../engine/checkpoint';
import type { DatasetName } from '../engine/config';
import { DATASET_LABELS } from '../engine/datasets';
import type { MetricPoint } from '../engine/train/metrics';

export interface RunSummary {
  id: string;
  name: string;
  /** When the run was first saved (ms since the epoch). */
  createdAt: number;
  /** When the stored record was taken (the checkpoint's savedAt). */
  savedAt: number;
  /** The dataset's config name ("spiral", "mnist"; datasetLabel gives the display name). */
  dataset: string;
  /** Lane 0's widths now, input to output: "784 → 300 → 100 → 10". */
  model: string;
  step: number;
  /** 0..1: the last lane-0 evaluation with a test accuracy, or null (regression, or none yet). */
  testAccuracy: number | null;
  /** Bytes of the model as stored (compressed), given by the caller; null when unknown. */
  storedBytes: number | null;
  /** The backend that trained it ("WebGPU", "CPU"), when the caller gives it. */
  backend?: string;
}

/** Longest run name, in characters. */
export const MAX_RUN_NAME = 80;


/** The dataset's display name; an unknown name is shown as it is. */
export function datasetLabel(dataset: string): string {
  return Object.hasOwn(DATASET_LABELS, dataset) ? DATASET_LABELS[dataset as DatasetName] : dataset;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** "6 Dec 14:03", in local time. */
export function shortDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "Spiral run, 6 Dec 14:03" (a CSV run: "rings.csv run, …", its file's name given as `dataset`): the name of a run saved without one. */
export function defaultRunName(dataset: string, ms: number): string {
  return `${datasetLabel(dataset)} run, ${shortDate(ms)}`;
}

const tidy = (name: string) => name.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

/**
 * A typed name as stored (Rename): control characters and runs of white space become one space, ends
 * trimmed. Null when nothing is left or it is longer than MAX_RUN_NAME.
 */
export function cleanRunName(name: string): string | null {
  const clean = tidy(name);
  return clean.length === 0 || clean.length > MAX_RUN_NAME ? null : clean;
}

/**
 * A name given with a save (Save run, an imported file's name): tidied like cleanRunName, and one too long
 * is shortened to MAX_RUN_NAME characters ending in "…" rather than refused, so saves never fail on a
 * name. Null when nothing is left (the run keeps its name, or gets the default one).
 */
export function fitRunName(name: string): string | null {
  const clean = tidy(name);
  if (clean.length === 0) return null;
  return clean.length > MAX_RUN_NAME ? `${clean.slice(0, MAX_RUN_NAME - 1).trimEnd()}…` : clean;
}

/** The last lane-0 test accuracy in the history, or null. */
export function lastTestAccuracy(history: readonly MetricPoint[]): number | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const p = history[i];
    if (p.lane === 0 && p.testAccuracy !== undefined && Number.isFinite(p.testAccuracy)) return p.testAccuracy;
  }
  return null;
}

/** The summary of a checkpoint saved under `id`, `name`, first saved at `createdAt`. */
export function summarize(id: string, name: string, createdAt: number, ckpt: Checkpoint, extra: { storedBytes: number | null; backend?: string }): RunSummary {
  const spec = ckpt.lanes[0].spec;
  const summary: RunSummary = {
    id,
    name,
    createdAt,
    savedAt: ckpt.savedAt,
    dataset: ckpt.config.dataset,
    model: [spec.inputDim, ...spec.layers.map((l) => l.outDim)].join(' → '),
    step: ckpt.step,
    testAccuracy: lastTestAccuracy(ckpt.history),
    storedBytes: extra.storedBytes !== null && Number.isFinite(extra.storedBytes) && extra.storedBytes >= 0 ? extra.storedBytes : null,
  };
  if (extra.backend !== undefined) summary.backend = extra.backend;
  return summary;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored value that can be listed as it is (list() skips the others). */
export function isRunSummary(v: unknown): v is RunSummary {
  if (v === null || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return (
    isText(s.id) &&
    s.id !== '' &&
    isText(s.name) &&
    isFinite(s.createdAt) &&
    isFinite(s.savedAt) &&
    isText(s.dataset) &&
    isText(s.model) &&
    isFinite(s.step) &&
    (s.testAccuracy === null || isFinite(s.testAccuracy)) &&
    (s.storedBytes === null || isFinite(s.storedBytes)) &&
    (s.backend === undefined || isText(s.backend))
  );
}
