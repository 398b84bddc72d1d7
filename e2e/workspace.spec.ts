/**
 * Journeys of the workspace (issue 13): a person finds every technique by its area tab (mouse or
 * keyboard; the area is kept in the URL, Back returns, a wrong one is said), the status, output and loss
 * stay in view in every area, the default run's controls, output and loss fit a 1280×800 screen, a phone
 * opens a shared link and watches it train, the page follows a dark system theme, a screen reader hears
 * one polite status region for the run, and axe finds no serious or critical violation in any area (nor
 * on the Landscape page), in either theme.
 */
import { seriousViolations } from './support/axe';
import type { Locator, Page } from '@playwright/test';
import { test, expect, type Playground } from './support/fixtures';

const AREAS = ['Data & model', 'Train', 'Regularize', 'Compress', 'Distill & transfer', 'Fuse', 'Multi-task', 'Runs', 'Lessons'];
/** A control or panel each area shows, by role and name. */
const IN_AREA: Record<string, (page: Page) => Locator> = {
  'Data & model': (p) => p.getByLabel('Dataset', { exact: true }),
  Train: (p) => p.getByLabel('Learning rate', { exact: true }),
  Regularize: (p) => p.getByLabel('Regularization', { exact: true }),
  Compress: (p) => p.getByLabel('Prune', { exact: true }),
  'Distill & transfer': (p) => p.getByRole('button', { name: 'Train teacher', exact: true }),
  Fuse: (p) => p.getByRole('button', { name: 'Average weights', exact: true }),
  'Multi-task': (p) => p.getByLabel('Second task', { exact: true }),
  Runs: (p) => p.getByRole('button', { name: 'Export model', exact: true }),
  Lessons: (p) => p.getByRole('button', { name: 'Open lesson: L1 drives weights to zero', exact: true }),
};
/** The `?area=` of each (the default area, Train, leaves the URL without one). */
const AREA_IDS: Record<string, string | null> = { 'Data & model': 'model', Train: null, Regularize: 'regularize', Compress: 'compress', 'Distill & transfer': 'distill', Fuse: 'fuse', 'Multi-task': 'multitask', Runs: 'runs', Lessons: 'lessons' };
/** Every area's `?area=` id, in tab order (the default area's too), as the correction lists them. */
const AREA_IDS_IN_ORDER = AREAS.map((a) => AREA_IDS[a] ?? 'train');
const SHARED = 'data=xor&noise=0.05&hidden=8,4&act=tanh&lr=0.05&batch=32&seed=7';

/** The element lies wholly inside the window (no scrolling needed to see it). */
async function expectInView(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox();
  const view = page.viewportSize();
  expect(box, `${what} is on the page`).not.toBeNull();
  if (!box || !view) return;
  expect(box.y, `${what} starts in the window`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what} (bottom at ${Math.round(box.y + box.height)} px) ends in the ${view.height} px window`).toBeLessThanOrEqual(view.height + 1);
  expect(box.x + box.width, `${what} fits the window's width`).toBeLessThanOrEqual(view.width + 1);
}

async function trainAWhile(playground: Playground, steps: number) {
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(steps);
  await playground.pause();
}

test('every technique is found by its area tab, by mouse or keyboard; the area is in the URL; status, output and loss stay in view', async ({ playground, page, pageErrors }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await playground.goto();
  const tabs = page.getByRole('tablist', { name: 'Technique areas' }).getByRole('tab');
  await expect(tabs).toHaveText(AREAS);
  await expect(playground.areaTab('Train'), 'the default area').toHaveAttribute('aria-selected', 'true');

  for (const area of AREAS) {
    await playground.openArea(area);
    await expect(IN_AREA[area](page), `${area} shows its controls`).toBeVisible();
    expect(new URL(page.url()).searchParams.get('area'), 'the area is kept in the URL').toBe(AREA_IDS[area]);
    for (const other of AREAS.filter((a) => a !== area)) await expect(IN_AREA[other](page), `${other}'s controls are not in ${area}`).toHaveCount(0);
    // the run stays in view in every area
    await expectInView(page, playground.status, `the status line in ${area}`);
    await expectInView(page, playground.heading('Loss'), `the Loss heading in ${area}`);
    await expectInView(page, playground.decisionBoundary, `the output in ${area}`);
  }

  // Keyboard: one tab stop, arrows move and open, Home and End.
  await playground.areaTab('Lessons').focus();
  await page.keyboard.press('Home');
  await expect(playground.areaTab('Data & model')).toBeFocused();
  await expect(playground.areaTab('Data & model')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(playground.areaTab('Compress')).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Compress' })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('area')).toBe('compress');
  await page.keyboard.press('End');
  await expect(playground.areaTab('Lessons')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(playground.areaTab('Data & model'), 'the arrows wrap around').toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { selected: false }).first()).toHaveAttribute('tabindex', '-1');

  // A reload keeps the area and the run's settings; Back returns to the area before.
  await playground.openArea('Regularize');
  await playground.openArea('Compress');
  await page.reload();
  await expect(playground.areaTab('Compress')).toHaveAttribute('aria-selected', 'true');
  await page.goBack();
  await expect(playground.areaTab('Regularize')).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).hash, 'the run config stays in the hash').toMatch(/data=spiral/);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('a link to an area that does not exist opens the default area and says so', async ({ playground, page }) => {
  await page.goto(`/?area=banana#${SHARED}`);
  await expect(playground.status).toBeVisible();
  const notice = playground.alerts.filter({ hasText: 'corrected' });
  await expect(notice).toContainText(`Area: "banana" is not one of ${AREA_IDS_IN_ORDER.join(', ')}; showing Train`);
  await expect(playground.areaTab('Train')).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).searchParams.has('area'), 'the address bar drops the wrong area').toBe(false);
  // the link's run config is untouched
  await playground.openArea('Data & model');
  await expect(playground.dataset).toHaveValue('xor');
});

test('at 1280×800 the default run’s controls, output and loss fit without scrolling the page', async ({ playground, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await playground.goto();
  await playground.waitForFirstMetrics();
  await expectInView(page, page.getByRole('region', { name: 'Train settings' }), 'the Train area’s settings');
  await expectInView(page, playground.trainButton, 'Train');
  await expectInView(page, playground.status, 'the status line');
  await expectInView(page, playground.section('Output'), 'the Output panel');
  await expectInView(page, playground.section('Loss'), 'the Loss panel (loss and accuracy charts)');
  for (const label of ['Loss', 'Learning rate', 'Batch size', 'Optimizer', 'Schedule']) await expectInView(page, playground.control(label), label);
  const scrollY = await page.evaluate(() => window.scrollY);
  expect(scrollY).toBe(0);
});

test('a phone opens a shared link and watches it train', async ({ playground, page, pageErrors }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await playground.goto(SHARED);
  await playground.waitForFirstMetrics();
  await expectInView(page, playground.trainButton, 'Train on a phone');
  await expectInView(page, playground.status, 'the status line on a phone');
  const canvas = playground.decisionBoundary;
  const box = await canvas.boundingBox();
  expect(box && box.y < 844, 'the output starts on the first screen').toBe(true);
  expect(box && box.width >= 250, 'the output is large enough to watch').toBe(true);
  const before = await playground.canvasHash();
  await playground.train();
  await playground.waitForStep(200);
  await expect.poll(() => playground.canvasHash(), { message: 'the output picture follows the training' }).not.toBe(before);
  await playground.pause();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'nothing overflows a phone’s width').toBeLessThanOrEqual(390);
  // the areas are reachable on a phone too
  await playground.openArea('Compress');
  await expect(IN_AREA.Compress(page)).toBeVisible();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('while it trains only the run’s one polite status region speaks, and it says Train, Pause and the new run', async ({ playground, page }) => {
  await playground.goto();
  await playground.waitForFirstMetrics();
  await expect(playground.announcements).toHaveText(/^New run ready: Spiral, 2 → 16 → 16 → 2, on (WebGPU|the CPU)\.$/);
  // every live region on the page, and which of them change while training
  await page.evaluate(() => {
    const w = window as unknown as { __live: Map<Element, number>; __liveObserver: MutationObserver };
    const live = () => [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"], output')];
    w.__live = new Map();
    w.__liveObserver = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        const region = live().find((l) => el && l.contains(el));
        if (region) w.__live.set(region, (w.__live.get(region) ?? 0) + 1);
      }
    });
    w.__liveObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await playground.train();
  await expect(playground.announcements).toHaveText('Training from step 0.');
  await playground.waitForStep(300);
  await playground.pause();
  await expect(playground.announcements).toHaveText(/^Paused at step [\d,]+: test loss [\d.e−-]+, test accuracy [\d.]+%\.$/);
  const changed = await page.evaluate(() => {
    const w = window as unknown as { __live: Map<Element, number> };
    return [...w.__live.keys()].map((el) => `${el.getAttribute('role') ?? el.tagName.toLowerCase()} “${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 40)}”`);
  });
  expect(changed, 'live regions that changed while training').toEqual(['status “Run announcements”']);
  await expect(page.locator('output')).toHaveCount(0);
  await expect(page.getByRole('status')).toHaveCount(1);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violation in any area (${scheme} theme)`, async ({ playground, page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await playground.goto('data=spiral&hidden=8,8&lr=0.1');
    await trainAWhile(playground, 100);
    if (scheme === 'dark') {
      const background = await page.evaluate(() => getComputedStyle(document.body.parentElement ?? document.body).backgroundColor);
      const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
      expect((r + g + b) / 3, `a dark page background (${background})`).toBeLessThan(60);
    }
    const found: Record<string, string[]> = {};
    for (const area of AREAS) {
      await playground.openArea(area);
      await page.waitForTimeout(300);
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[area] = violations;
    }
    // the Landscape page too, racing
    await page.goto('/landscape.html');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Race status' })).toHaveText(/Step [1-9]/, { timeout: 60_000 });
    const landscape = await seriousViolations(page);
    if (landscape.length > 0) found['Landscape page'] = landscape;
    expect(found).toEqual({});
  });
}
