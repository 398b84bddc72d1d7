/**
 * Hostile input in the browser (issue 17): 1,000 generated URL hashes (src/fuzz/hostile.ts, seeded) pasted
 * into the open page one after another, 1,000 generated config files given to Import config, and 1,000
 * generated CSV files (src/fuzz/hostileCsv.ts) given to Upload CSV. Every hundred, the page must still show its status, say what it corrected
 * or why a file cannot be used in a notice, have thrown no page error, and have run no script from a link
 * or a file. At the end a good link trains, and a good file trains. (The unit fuzzers run the same
 * generators through the parsers alone: src/engine/config.fuzz.test.ts, src/engine/data/csvDataset.test.ts.)
 */
import { configFileProblem, configFromHash, configFromJSON } from '../src/engine/config';
import { parseCsv } from '../src/engine/data/csv';
import { csvSourceFrom, suggestChoice } from '../src/engine/data/csvSource';
import { hostileConfigText, hostileHash, samples } from '../src/fuzz/hostile';
import { hostileCsv } from '../src/fuzz/hostileCsv';
import type { Locator } from '@playwright/test';
import { test, expect } from './support/fixtures';

const COUNT = 1000;
const BATCH = 100;

/**
 * As a person choosing files one after another: each text becomes a file `${prefix}${first + k}${ext}` set on
 * the file input, which fires 'change' as a real choice does.
 */
async function chooseFiles(input: Locator, texts: string[], first: number, prefix: string, ext: string, type: string): Promise<void> {
  await input.evaluate(async (el, a) => {
    const field = el as HTMLInputElement;
    for (const [k, text] of a.texts.entries()) {
      const dt = new DataTransfer();
      dt.items.add(new File([text], `${a.prefix}${a.first + k}${a.ext}`, { type: a.type }));
      field.files = dt.files;
      field.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }, { texts, first, prefix, ext, type });
}

test(`${COUNT} hostile links in a row leave a working page: notices, no page error, no script run`, async ({ playground, page, pageErrors }) => {
  test.setTimeout(420_000);
  await playground.goto('data=spiral&hidden=4&n=200');
  await playground.waitForFirstMetrics();
  const hashes = samples(hostileHash, COUNT, 29);
  const t0 = Date.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const batch = hashes.slice(i, i + BATCH);
    await page.evaluate(async (links) => {
      for (const link of links) {
        const changed = new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
        window.location.hash = link;
        // a link equal to the one shown fires no hashchange
        await Promise.race([changed, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
    }, batch);
    await expect(playground.status, `the status line after link ${i + BATCH}`).toBeVisible();
    expect(pageErrors.filter((e) => e.startsWith('pageerror')), `page errors after link ${i + BATCH}`).toEqual([]);
    const last = batch[batch.length - 1];
    if (configFromHash(last).corrections.length > 0) {
      await expect(playground.alerts.filter({ hasText: 'corrected' }).first(), `a notice for ${JSON.stringify(last.slice(0, 60))}`).toBeVisible();
    }
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), 'no script from a link ran').toBeUndefined();

  // a good link still trains
  await playground.openLinkInPlace('data=xor&hidden=8,4&lr=0.05&batch=32&seed=7');
  await expect(playground.page.getByText(/2 → 8 → 4 → 2 · \d+ parameters/)).toBeVisible({ timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(100);
  await playground.pause();
  expect(Number.isFinite(await playground.testLoss())).toBe(true);
  console.log(`[fuzz] ${COUNT} hostile links pasted in ${seconds} s; the page then trained to step ${await playground.currentStep()}`);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test(`${COUNT} hostile config files in a row leave a working page: notices, no page error, no script run`, async ({ playground, page, pageErrors }) => {
  test.setTimeout(480_000);
  await playground.goto('data=spiral&hidden=4&n=200');
  await playground.waitForFirstMetrics();
  await playground.openArea('Runs');
  const texts = samples(hostileConfigText, COUNT, 37);
  const input = page.getByLabel('Import config');
  await expect(input).toBeAttached();
  const t0 = Date.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const batch = texts.slice(i, i + BATCH);
    await chooseFiles(input, batch, i, 'config-', '.json', 'application/json');
    // the last file of the batch: refused as a whole, or imported with what was corrected said
    const name = `config-${i + batch.length - 1}.json`;
    const last = batch[batch.length - 1];
    if (configFileProblem(last) !== null) {
      await expect(playground.alerts.filter({ hasText: `Could not import “${name}”` }), `a notice for file ${i + BATCH}`).toBeVisible();
    } else if (configFromJSON(last).corrections.length > 0) {
      await expect(playground.alerts.filter({ hasText: `in “${name}”` }).filter({ hasText: 'corrected' }), `a notice for file ${i + BATCH}`).toBeVisible();
    }
    await expect(playground.status, `the status line after file ${i + BATCH}`).toBeVisible();
    expect(pageErrors.filter((e) => e.startsWith('pageerror')), `page errors after file ${i + BATCH}`).toEqual([]);
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), 'no script from a file ran').toBeUndefined();
  expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted), 'no prototype pollution').toBeUndefined();

  // a good link still trains
  await playground.openLinkInPlace('data=xor&hidden=8,4&lr=0.05&batch=32&seed=7');
  await expect(playground.page.getByText(/2 → 8 → 4 → 2 · \d+ parameters/)).toBeVisible({ timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(100);
  await playground.pause();
  console.log(`[fuzz] ${COUNT} hostile config files imported in ${seconds} s; the page then trained to step ${await playground.currentStep()}`);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

/** Whether the page can train on a text (the worker's own rule, run here to know which notice to expect). */
function usable(text: string): boolean {
  const parsed = parseCsv(text);
  if (!parsed.ok) return false;
  const choice = suggestChoice(parsed);
  return !('ok' in choice) && !('ok' in csvSourceFrom(parsed, choice, 'f.csv', 1, 0.8));
}

test(`${COUNT} hostile CSV files in a row leave a working page: notices, no page error, no script run`, async ({ playground, page, pageErrors }) => {
  test.setTimeout(480_000);
  await playground.goto('data=spiral&hidden=4&n=200');
  await playground.waitForFirstMetrics();
  await playground.openArea('Data & model');
  const texts = samples(hostileCsv, COUNT, 31);
  const input = page.getByLabel('Upload CSV');
  await expect(input).toBeAttached();
  const t0 = Date.now();
  let usableCount = 0;
  for (let i = 0; i < COUNT; i += BATCH) {
    const batch = texts.slice(i, i + BATCH);
    usableCount += batch.filter(usable).length;
    await chooseFiles(input, batch, i, 'fuzz-', '.csv', 'text/csv');
    // the last file of the batch has been answered: a notice why it cannot be used, or a preview of it
    const name = `fuzz-${i + batch.length - 1}.csv`;
    if (usable(batch[batch.length - 1])) {
      await expect(page.getByRole('region', { name: 'Data preview' }), `file ${i + BATCH} trains`).toContainText(`“${name}”`, { timeout: 120_000 });
    } else {
      await expect(playground.alerts.filter({ hasText: `“${name}” cannot be used` }), `a notice for file ${i + BATCH}`).toBeVisible({ timeout: 120_000 });
    }
    await expect(playground.status, `the status line after file ${i + BATCH}`).toBeVisible();
    expect(pageErrors.filter((e) => e.startsWith('pageerror')), `page errors after file ${i + BATCH}`).toEqual([]);
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), 'no script from a file ran').toBeUndefined();

  // a good file still trains
  const good = ['x,y,label', ...Array.from({ length: 200 }, (_, i) => `${(i % 20) / 10 - 1},${Math.floor(i / 20) / 5 - 1},${(i % 20) / 10 - 1 > 0 ? 'right' : 'left'}`)].join('\n');
  await input.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await expect(page.getByRole('region', { name: 'Data preview' })).toContainText('“good.csv”: predicting label', { timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(100);
  await playground.pause();
  expect(Number.isFinite(await playground.testLoss())).toBe(true);
  console.log(`[fuzz] ${COUNT} hostile CSV files (${usableCount} usable, each a new run) uploaded in ${seconds} s; a good file then trained to step ${await playground.currentStep()}`);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
