/**
 * Hostile links in the browser (toward issue 17): 1,000 generated URL hashes (src/fuzz/hostile.ts, seeded)
 * pasted into the open page one after another. Each is validated by the page as a pasted link is; every
 * hundred, the page must still show its status, say what it corrected in a notice, have thrown no page
 * error, and have run no script from a link. At the end a good link trains. (The unit fuzzers run the
 * same generators through the parsers alone: src/engine/config.fuzz.test.ts.)
 */
import { configFromHash } from '../src/engine/config';
import { hostileHash, samples } from '../src/fuzz/hostile';
import { test, expect } from './support/fixtures';

const COUNT = 1000;
const BATCH = 100;

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
