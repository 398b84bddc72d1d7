/**
 * Journey: a student opens the Lessons panel, picks "L1 drives weights to zero" and trains: the controls
 * show the lesson's setting (Circles, Regularization L1), the "Current lesson" note says what to watch, and
 * the Weights panel's bin at 0 fills up with layer 2's weights, as the note promises. The Landscape lesson
 * is a link that opens landscape.html with the bowl's setting in its hash.
 */
import { test, expect } from './support/fixtures';

test('the L1 lesson sets the controls, shows what to watch, and its zero bin fills while training', async ({ playground, pageErrors }) => {
  test.setTimeout(240_000);
  await playground.goto();
  await playground.openArea('Lessons');
  const lessons = playground.section('Lessons');
  await expect(playground.page.getByRole('region', { name: 'Lessons' })).toBeVisible();
  await expect(lessons.getByRole('listitem')).toHaveCount(11);

  await lessons.getByRole('button', { name: 'Open lesson: L1 drives weights to zero', exact: true }).click();
  const note = playground.page.getByRole('note', { name: 'Current lesson' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('L1 drives weights to zero');
  await expect(note).toContainText('bin at 0');
  // the lesson opens the area to watch: Regularize, its setting in the controls
  await expect(playground.areaTab('Regularize')).toHaveAttribute('aria-selected', 'true');
  await expect(playground.control('Regularization')).toHaveValue('l1');
  await expect(playground.control('Regularization rate')).toHaveValue('0.01');
  await expect.poll(() => playground.urlParams().get('data')).toBe('circles');
  await expect.poll(() => playground.urlParams().get('reg'), { message: 'the lesson is in the page’s link' }).toBe('l1');
  await expect(playground.alerts, 'a lesson needs no correction').toHaveCount(0);

  // the lesson's run, at step 0 (a new model for the circles: the same 2→16→16→2 shape and seed, so the same start)
  await playground.waitForFirstMetrics();
  await expect.poll(() => playground.currentStep()).toBe(0);
  const before = await playground.zeroBinShare(2);
  expect(before, 'at initialisation few weights sit in the bin at 0').toBeLessThan(20);

  await playground.train();
  const t0 = Date.now();
  await playground.waitForStep(300);
  await expect
    .poll(() => playground.zeroBinShare(2), { message: 'share of layer 2’s weights in the bin at 0', timeout: 60_000 })
    .toBeGreaterThan(50);
  const seconds = (Date.now() - t0) / 1000;
  await playground.pause();
  const after = await playground.zeroBinShare(2);
  const step = await playground.currentStep();
  console.log(`[lessons] L1 lesson: layer 2 in the bin at 0 ${before}% at step 0 → ${after}% at step ${step} (${seconds.toFixed(1)} s of training); test accuracy ${await playground.testAccuracy()}%`);
  expect(after).toBeGreaterThan(before + 30);
  expect(await playground.testAccuracy(), 'the circles are still classified').toBeGreaterThan(90);

  // the note folds to its title (so it does not cover a chart) and opens again
  await note.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(note).toContainText('L1 drives weights to zero');
  await expect(note).not.toContainText('bin at 0');
  await note.getByRole('button', { name: 'Show what to watch', exact: true }).click();
  await expect(note).toContainText('bin at 0');
  await note.getByRole('button', { name: 'Close lesson', exact: true }).click();
  await expect(note).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('the Landscape lesson is a link to landscape.html with the bowl in its hash', async ({ playground, page }) => {
  await playground.goto();
  const link = (await playground.panel('Lessons')).getByRole('link', { name: 'Open lesson: Momentum on an ill-conditioned bowl', exact: true });
  await expect(link).toHaveAttribute('href', /^\.\/landscape\.html#surface=bowl&c=20&start=[^&]+&racers=sgd@0\.015,momentum@0\.015,adam@0\.015&/);
  await link.click();
  await expect(page).toHaveURL(/\/landscape\.html#surface=bowl&c=20&/);
  await expect(page.getByRole('status', { name: 'Race status' })).toHaveText(/Step \d+/, { timeout: 60_000 });
  await expect(page.getByLabel('Condition number', { exact: true })).toHaveValue('20');
  await expect(page.getByLabel('Steps per frame', { exact: true })).toHaveValue('1');
  await expect(page.getByRole('alert'), 'the lesson’s state needs no correction').toHaveCount(0);
});
