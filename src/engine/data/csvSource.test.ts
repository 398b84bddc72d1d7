/**
 * The user's table kept with a run: the kept columns rebuild exactly the dataset the upload built (decimal
 * commas and text labels included); the suggested columns; a run on it trains, checkpoints with its data,
 * passes the saved-run check and continues bit for bit; the Output picture only where it can be drawn.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpuBackend';
import { validateConfig } from '../config';
import { makeDataset, NoCsvError } from '../datasets';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import { validateCheckpoint } from '../../store/validateCheckpoint';
import { buildCsvDataset, parseCsv } from './csv';
import { csvSourceDataset, csvSourceFrom, suggestChoice, type CsvSource } from './csvSource';
import { csv, message, ok, okDs, range } from './csvTestTables';
import { exportFiles } from '../export';
import { decodeSafetensors } from '../export/safetensors';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

/** 40 rows: two features, a third one, a text class of three values and a numeric target. */
const TABLE = csv([
  ['a', 'b', 'c', 'kind', 'price'],
  ...range(40).map((i) => [((i * 7) % 11) / 3, Math.sin(i), i % 5, ['cat', 'dog', 'eel'][i % 3], 100 + 2.5 * i + (i % 4)]),
]);

function source(text: string, features: number[], label: number): CsvSource {
  const s = csvSourceFrom(ok(parseCsv(text)), { features, label }, 'table.csv', 7, 0.75);
  if ('ok' in s) throw new Error(s.message);
  return s;
}

describe('a kept CSV source', () => {
  it('rebuilds the very dataset the upload built', () => {
    for (const [text, features, label] of [
      [TABLE, [0, 1], 3],
      [TABLE, [0, 1, 2], 4],
      // semicolons with decimal commas
      [csv([['x', 'y', 'k'], ...range(20).map((i) => [`${i},5`, `${(i * 3) % 7},25`, i % 2 ? '1' : '2'])], ';'), [0, 1], 2],
      // one numeric class written "1.0" and "1"
      [csv([['x', 'y', 'k'], ...range(20).map((i) => [i / 4, (i * 3) % 7, ['1.0', '1', '2'][i % 3]])]), [0, 1], 2],
    ] as const) {
      const direct = okDs(buildCsvDataset(ok(parseCsv(text)), { features: [...features], label }, 7, 0.75));
      const kept = okDs(csvSourceDataset(source(text, [...features], label), 7, 0.75));
      expect(kept.task).toBe(direct.task);
      expect(kept.classNames).toEqual(direct.classNames);
      expect(Array.from(kept.train.x)).toEqual(Array.from(direct.train.x));
      expect(Array.from(kept.train.y)).toEqual(Array.from(direct.train.y));
      expect(Array.from(kept.test.x)).toEqual(Array.from(direct.test.x));
      expect(kept.preview.classBalance).toEqual(direct.preview.classBalance);
    }
  });

  it('refuses columns that cannot be trained on, with the reason', () => {
    const parsed = ok(parseCsv(TABLE));
    expect(message(csvSourceFrom(parsed, { features: [3], label: 4 }, 't.csv', 1, 0.8) as { ok: false; message: string })).toMatch(/not a number/);
  });

  it('suggests the last usable column as the label and the numeric others as features', () => {
    expect(suggestChoice(ok(parseCsv(TABLE)))).toEqual({ features: [0, 1, 2, 3].filter((j) => j !== 3), label: 4 });
    const damaged = csv([['a', 'b', 'label'], ...range(12).map((i) => [i, i === 7 ? 'NaN' : i * 2, i % 2])]);
    expect(message(suggestChoice(ok(parseCsv(damaged))) as { ok: false; message: string })).toMatch(/Row 8 \(line 9\), column "b": "NaN" is not a number/);
    const texts = csv([['name', 'city'], ...range(12).map((i) => [`n${i}`, `c${i}`])]);
    expect(message(suggestChoice(ok(parseCsv(texts))) as { ok: false; message: string })).toMatch(/No column/);
  });
});

describe('a run on a CSV table', () => {
  it('needs the table; without one the reason says how to upload it', () => {
    const { config } = validateConfig({ dataset: 'csv' });
    expect(() => makeDataset(config)).toThrow(NoCsvError);
    expect(() => makeDataset(config)).toThrow(/Upload CSV/);
  });

  it('has an Output picture for two features only, and a number to predict takes MSE', () => {
    const { config } = validateConfig({ dataset: 'csv', loss: 'crossentropy' });
    const two = setupRun(config, undefined, source(TABLE, [0, 1], 3));
    expect(two.gridSize).toBeGreaterThan(0);
    expect(two.data.outputDim).toBe(3);
    const three = setupRun(config, undefined, source(TABLE, [0, 1, 2], 4));
    expect(three.gridSize).toBe(0);
    expect(three.data.task).toBe('regression');
    expect(three.config.loss).toBe('mse');
  });

  it('trains, keeps its data in the checkpoint, passes the saved-run check and continues bit for bit', async () => {
    const { config } = validateConfig({ dataset: 'csv', hidden: [6], batchSize: 8, optimizer: 'adam', learningRate: 0.02 });
    const src = source(TABLE, [0, 1], 3);
    const straight = await Trainer.create(setupRun(config, undefined, src), cpu);
    const before = (await straight.evaluate(false))!.points[0].trainLoss;
    for (let i = 0; i < 120; i++) straight.doStep();
    const after = (await straight.evaluate(false))!.points[0].trainLoss;
    expect(after).toBeLessThan(before * 0.8);

    const first = await Trainer.create(setupRun(config, undefined, src), cpu);
    for (let i = 0; i < 60; i++) first.doStep();
    const ckpt = structuredClone(await first.checkpoint());
    expect(ckpt.csv?.fileName).toBe('table.csv');
    const check = validateCheckpoint(ckpt);
    expect(check.ok).toBe(true);
    const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config, undefined, ckpt.csv), cpu);
    for (let i = 0; i < 60; i++) resumed.doStep();
    const a = await straight.checkpoint();
    const b = await resumed.checkpoint();
    expect(Buffer.from(b.lanes[0].params.buffer).equals(Buffer.from(a.lanes[0].params.buffer))).toBe(true);

    // the exported model carries its data and what an input is: the features' scaling and the class names
    const file = decodeSafetensors(exportFiles(b, 'safetensors').bytes);
    expect(file.metadata.task).toBe('classification');
    const table = JSON.parse(file.metadata.csv);
    expect(table.features.map((f: { name: string }) => f.name)).toEqual(['a', 'b']);
    expect(table.classes).toEqual(['cat', 'dog', 'eel']);
    expect(file.tensors.get('data.test_x')?.shape).toEqual([12, 2]); // 40 rows, 70% training
  });
});
