/**
 * The built pages run under a strict Content-Security-Policy (src/security/csp.ts): the policy is there
 * (meta tag and header) and enforced (an injected inline script and handler are refused), and a journey
 * through every area, MNIST, a lesson, the exports and the Landscape page meets no violation at all.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

/** Records every CSP violation the page reports, from the first script on, across navigations. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__reportCsp', (text: string) => seen.push(text));
  await page.addInitScript(() => {
    const report = (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp;
    document.addEventListener('securitypolicyviolation', (e) => report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  return async () => [...seen];
}

test('the built page states a strict policy and enforces it', async ({ playground, page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto('/');
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("script-src 'self'");
  expect(header).toContain("frame-ancestors 'none'");
  // 'wasm-unsafe-eval' (WebAssembly compilation, the CPU engine) is granted; JavaScript eval is not
  expect(header).not.toMatch(/unsafe-inline|'unsafe-eval'/);
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("default-src 'self'");
  await expect(playground.status).toBeVisible();
  expect(await violations(), 'loading the page').toEqual([]);

  // enforced: an injected inline script and an inline event handler do not run, and each is reported (so
  // the journey below can fail). (eval cannot be tried from here: Playwright's evaluate is allowed eval.)
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.head.append(s);
    const b = document.createElement('button');
    b.setAttribute('onclick', 'window.__handlerRan = true');
    document.body.append(b);
    b.click();
    b.remove();
  });
  await expect.poll(async () => (await violations()).filter((v) => /script-src/.test(v)).length, { message: 'both are reported' }).toBeGreaterThanOrEqual(2);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
    return [w.__inlineRan ?? false, w.__handlerRan ?? false];
  });
  expect(ran, 'neither the inline script nor the inline handler ran').toEqual([false, false]);
});

test('a journey through every area, a lesson, the exports, MNIST and the Landscape page meets no violation', async ({ playground, page, pageErrors }) => {
  test.setTimeout(240_000);
  const violations = await watchViolations(page);
  await page.goto('/#data=spiral&hidden=8,8&lr=0.1');
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(100);
  await playground.pause();
  for (const area of ['Data & model', 'Train', 'Regularize', 'Compress', 'Runs', 'Lessons']) await playground.openArea(area);
  // downloads: the config (JSON) and the model (safetensors, built in the worker)
  await playground.openArea('Runs');
  await Promise.all([page.waitForEvent('download'), playground.exportButton.click()]);
  await playground.control('Export format').selectOption('safetensors');
  await Promise.all([page.waitForEvent('download'), playground.button('Export model').click()]);
  // a lesson
  await playground.openArea('Lessons');
  await page.getByRole('button', { name: 'Open lesson: L1 drives weights to zero', exact: true }).click();
  await playground.waitForFirstMetrics();
  // MNIST: the digits are fetched from the page's own origin
  await page.goto('/#data=mnist&n=500&hidden=16&opt=adam&lr=0.003&batch=32');
  await expect(playground.status).toHaveText(/Step 0\b/, { timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(20);
  await playground.pause();
  // the Landscape page, racing
  await page.goto('/landscape.html');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Race status' })).toHaveText(/Step [1-9]/, { timeout: 60_000 });
  expect(await violations()).toEqual([]);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
