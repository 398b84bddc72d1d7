/**
 * Every field of a saved run, corrupted: each leaf of a real checkpoint (a pruned, quantized run with a
 * race lane, as the Trainer writes it) is deleted or replaced by a wrong value in turn. validateCheckpoint
 * must never throw, and a record it accepts must be usable: the Trainer restores it on the CPU twin, takes
 * a step and evaluates without an exception. A record it refuses gets a problem in words (the page shows it).
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import type { Checkpoint } from '../engine/checkpoint';
import { setupRun } from '../engine/run';
import { Trainer, type BackendFactory } from '../engine/train/trainer';
import { validateCheckpoint } from './validateCheckpoint';
import { parseCsv, type ParsedCsv } from '../engine/data/csv';
import { csvSourceFrom, type CsvSource } from '../engine/data/csvSource';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

const DELETE = Symbol('delete');
const SKIP = Symbol('skip');
const CORRUPTIONS: unknown[] = [DELETE, null, 'x', NaN, -1, 1e308, 2.5, {}, [], true];

type Path = Array<string | number>;

/** Every leaf path; of a long array (weights, history) only the first item and the array itself. */
function leaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (ArrayBuffer.isView(value)) {
    out.push(path, [...path, 0]);
    return out;
  }
  if (Array.isArray(value)) {
    out.push(path);
    value.slice(0, 2).forEach((v, i) => leaves(v, [...path, i], out));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
    return out;
  }
  out.push(path);
  return out;
}

function corrupt(ckpt: Checkpoint, path: Path, value: unknown): unknown {
  const copy = structuredClone(ckpt) as unknown as Record<string | number, unknown>;
  if (path.length === 0) return value === DELETE ? undefined : value;
  let at = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  // a typed array's item only takes numbers (NaN, −1, 1e308 are the corruptions that mean something there)
  if (ArrayBuffer.isView(at) && typeof value !== 'number') return SKIP;
  if (value === DELETE) delete at[last];
  else at[last] = value;
  return copy;
}

async function savedRun(): Promise<Checkpoint> {
  const { config } = validateConfig({
    dataset: 'spiral', samples: 120, hidden: [5], batchSize: 8, optimizer: 'adam', learningRate: 0.01,
    race: [{ optimizer: 'sgd', learningRate: 0.1 }],
    prune: true, sparsity: 0.5, pruneSchedule: 'one-shot', pruneStart: 2, quantize: true, bits: 4, quantMode: 'aware',
  });
  const t = await Trainer.create(setupRun(config), cpu);
  for (let i = 0; i < 6; i++) {
    if (t.compressionDue()) await t.compress();
    t.doStep();
  }
  await t.evaluate(false);
  const ckpt = structuredClone(await t.checkpoint());
  t.destroy();
  return ckpt;
}

/** A run on an uploaded table: 30 rows, two features, three classes (one named in text). */
async function savedCsvRun(): Promise<Checkpoint> {
  const text = ['x,y,kind', ...Array.from({ length: 30 }, (_, i) => `${(i * 0.37) % 5},${(i * 1.3) % 7},${['a', 'b', 'c'][i % 3]}`)].join('\n');
  const source = csvSourceFrom(parseCsv(text) as ParsedCsv, { features: [0, 1], label: 2 }, 'three.csv', 1, 0.8) as CsvSource;
  const { config } = validateConfig({ dataset: 'csv', hidden: [5], batchSize: 8, optimizer: 'adam', learningRate: 0.01 });
  const t = await Trainer.create(setupRun(config, undefined, source), cpu);
  for (let i = 0; i < 4; i++) t.doStep();
  await t.evaluate(false);
  const ckpt = structuredClone(await t.checkpoint());
  t.destroy();
  return ckpt;
}

const CASES: Array<[string, () => Promise<Checkpoint>, (p: Path) => boolean]> = [
  ['a saved run', savedRun, () => true],
  ['a saved run on a CSV table (its data, dataset and sampler fields)', savedCsvRun, (p) => p[0] === 'csv' || p.join('.') === 'config.dataset' || p.join('.') === 'sampler.n'],
];

describe.each(CASES)('%s corrupted in each field', (_name, make, pick) => {
  it('is refused in words or restores and trains; validation never throws', async () => {
    const ckpt = await make();
    expect(validateCheckpoint(ckpt).ok, 'the uncorrupted record').toBe(true);
    const paths = leaves(ckpt).filter(pick);
    expect(paths.length).toBeGreaterThan(5);
    let refused = 0;
    let accepted = 0;
    const failures: string[] = [];
    for (const path of paths) {
      for (const value of CORRUPTIONS) {
        const record = corrupt(ckpt, path, value);
        if (record === SKIP) continue;
        const where = `${path.join('.') || '(record)'} = ${value === DELETE ? '(deleted)' : String(value)}`;
        let check: ReturnType<typeof validateCheckpoint>;
        try {
          check = validateCheckpoint(record);
        } catch (e) {
          failures.push(`${where}: validateCheckpoint threw ${(e as Error).message}`);
          continue;
        }
        if (!check.ok) {
          refused++;
          if (typeof check.problem !== 'string' || check.problem.length === 0) failures.push(`${where}: refused without a problem`);
          continue;
        }
        accepted++;
        try {
          const t = await Trainer.restore(check.checkpoint, setupRun(check.checkpoint.config, undefined, check.checkpoint.csv), cpu);
          t.doStep();
          await t.evaluate(false);
          t.destroy();
        } catch (e) {
          failures.push(`${where}: accepted, then ${(e as Error).message}`);
        }
      }
    }
    console.log(`[fuzz] ${paths.length} fields × ${CORRUPTIONS.length} corruptions: ${refused} refused, ${accepted} accepted and trained`);
    expect(failures).toEqual([]);
  }, 120_000);
});
