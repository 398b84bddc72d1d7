/** The shape of the benchmark's result (bench/results.json) and the helpers that fill it. */
import type { Rate } from './timing';

export const PEERS = ['optiplay', 'tfjs-webgpu', 'tfjs-cpu', 'tfjs-wasm', 'jax-js-webgpu', 'optiplay-cpu', 'jax-js-wasm', 'optiplay-auto'] as const;
export type Peer = (typeof PEERS)[number];

/**
 * 's' rows are wall times (lower is better); the others rates (higher is better). A training row also
 * carries OptiPlay's GPU dispatches per step (`dispatches_per_step`, stepProfile.ts stepDispatches) and the
 * threads tfjs-wasm ran on (`tfjs_wasm_threads`, tfjsWasm.ts), and the backend `optiplay-auto` chose with
 * the race's figures in samples/s (`auto_backend`, `auto_race`, trainAuto.ts).
 */
export type Row = {
  name: string;
  unit: 'GFLOP/s' | 'samples/s' | 's';
  dispatches_per_step?: number;
  tfjs_wasm_threads?: number;
  auto_backend?: 'webgpu' | 'cpu';
  auto_race?: { webgpu: number | null; cpu: number | null };
} & Partial<Record<Peer, number>>;

export interface StepProfile {
  batch: number;
  dispatchesPerStep: number;
  submitsPerStep: number;
  /** Wall time per step while training back to back (ms). */
  stepMs: number;
  /** GPU time per step by kernel family (ms), from timestamp queries; null when the adapter has none. */
  gpuMs: Record<string, number> | null;
  /** Dispatches per step by kernel family. */
  dispatches: Record<string, number>;
}

export interface BenchResult {
  adapter: string;
  browser: string;
  crossOriginIsolated: boolean;
  longest_task_ms: number | null;
  rows: Row[];
  /** Per row and peer: [min, max] over the timed trials (the rows hold the best trial: max, or min for 's'). */
  spread: Record<string, Partial<Record<Peer, [number, number]>>>;
  step_profile: StepProfile[];
  /** What failed (a peer that could not run or computed a wrong result). */
  errors: string[];
  seconds: number;
}

export function newResult(): BenchResult {
  return { adapter: '', browser: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated, longest_task_ms: null, rows: [], spread: {}, step_profile: [], errors: [], seconds: 0 };
}

const round = (v: number) => Number(v.toPrecision(4));

/**
 * Records one measurement into its row (creating the row in order of first use): for a rate the best trial;
 * for a wall time ('s', the sweep rows, read as a ratio of two rows timed in turns) the median, which one
 * lucky or unlucky repetition on a shared machine does not move.
 */
export function record(res: BenchResult, name: string, unit: Row['unit'], peer: Peer, rate: Rate): void {
  let row = res.rows.find((r) => r.name === name);
  if (!row) res.rows.push((row = { name, unit }));
  row[peer] = round(unit === 's' ? rate.median : rate.max);
  (res.spread[name] ??= {})[peer] = [round(rate.min), round(rate.max)];
}

/** Runs one measurement; a failure is logged and recorded in `errors`, never thrown. */
export async function attempt(res: BenchResult, log: (s: string) => void, label: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    const msg = `${label}: ${(e as Error).message ?? String(e)}`;
    res.errors.push(msg);
    log(`FAILED ${msg}`);
  }
}
