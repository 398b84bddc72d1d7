/**
 * The Landscape page in a real browser on WebGPU: the contour map is drawn, SGD, Momentum and Adam race
 * on the ill-conditioned bowl (c = 20) at one learning rate and Momentum and Adam reach the minimum in
 * fewer steps; dragging the start restarts the race; a link with bad values is corrected and says so;
 * a diverging racer stops with a notice while the others go on; ?backend=cpu runs the CPU twins.
 */
import { expect, test } from './support/landscape';

test('race on the c = 20 bowl: Momentum and Adam beat SGD; drag the start; switch surface', async ({ landscape, page, pageErrors }) => {
  await landscape.goto();
  await expect(landscape.status).toHaveText(/^WebGPU/);
  await expect(page.getByRole('link', { name: 'Playground' })).toHaveAttribute('href', './index.html');
  await expect(landscape.map).toHaveAccessibleName(/bowl/);
  await expect.poll(() => landscape.mapColours(), { message: 'the contour map is drawn' }).toBeGreaterThan(8);

  await landscape.control('Surface').selectOption('bowl');
  await landscape.setField('Condition number', 20);
  await expect(landscape.map).toHaveAccessibleName(/condition number 20/);
  await landscape.setField('Steps per frame', 10);
  for (const [i, name] of ['SGD', 'Momentum', 'Adam'].entries()) {
    await expect(landscape.control(`Optimizer ${i + 1}`).locator('option:checked')).toHaveText(name);
  }
  const rate = await landscape.control('Learning rate 1').inputValue();
  await expect(landscape.control('Learning rate 2')).toHaveValue(rate);
  await expect(landscape.control('Learning rate 3')).toHaveValue(rate);

  await landscape.button('Run').click();
  await expect(landscape.button('Pause')).toBeVisible();
  await expect.poll(async () => (await landscape.stepsToMinimum('Momentum')) !== null && (await landscape.stepsToMinimum('Adam')) !== null, { timeout: 120_000, message: 'Momentum and Adam reach the minimum' }).toBe(true);
  const momentum = (await landscape.stepsToMinimum('Momentum'))!;
  const adam = (await landscape.stepsToMinimum('Adam'))!;
  const sgdThen = await landscape.stepsToMinimum('SGD');
  // SGD: a larger count, or not there yet ("—") after the same number of steps
  if (sgdThen !== null) expect(sgdThen).toBeGreaterThan(Math.max(momentum, adam));
  await expect.poll(() => landscape.stepsToMinimum('SGD'), { timeout: 120_000, message: 'SGD gets there too, later' }).not.toBeNull();
  const sgd = (await landscape.stepsToMinimum('SGD'))!;
  console.log(`landscape e2e (WebGPU, bowl c=20, lr ${rate}): steps to minimum SGD ${sgd}, Momentum ${momentum}, Adam ${adam}`);
  expect(momentum).toBeLessThan(sgd);
  expect(adam).toBeLessThan(sgd);
  await expect(landscape.chartHeading).toBeVisible();
  await expect(page.locator('.race-chart .recharts-line path').first()).toHaveAttribute('d', /\d/);

  await landscape.button('Pause').click();
  await expect(landscape.button('Run')).toBeVisible();
  const startX = await landscape.control('Start x').inputValue();
  const startY = await landscape.control('Start y').inputValue();
  const box = (await landscape.map.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.15, { steps: 5 });
  await page.mouse.up();
  await expect(landscape.control('Start x')).not.toHaveValue(startX);
  await expect(landscape.control('Start y')).not.toHaveValue(startY);
  expect(Number(await landscape.control('Start x').inputValue())).toBeCloseTo(0.5 + 5 * 0.3, 1);
  expect(Number(await landscape.control('Start y').inputValue())).toBeCloseTo(5.5 - 5 * 0.15, 1);
  await expect(landscape.status).toHaveText(/Step 0 · paused/);
  for (const name of ['SGD', 'Momentum', 'Adam']) expect(await landscape.stepsToMinimum(name)).toBeNull();
  // every racer is back at the new start: Final f is f(start) = (x − 3)² + 20·(y − 3)²
  const [x, y] = [Number(await landscape.control('Start x').inputValue()), Number(await landscape.control('Start y').inputValue())];
  const fStart = (x - 3) ** 2 + 20 * (y - 3) ** 2;
  for (const name of ['SGD', 'Momentum', 'Adam']) {
    await expect.poll(async () => Number(await landscape.row(name).getByRole('cell').nth(2).textContent()), { message: `${name} restarted` }).toBeCloseTo(fStart, 1);
  }

  await landscape.control('Surface').selectOption({ label: 'Rosenbrock' });
  await expect(landscape.map).toHaveAccessibleName(/Rosenbrock/);
  await expect(landscape.control('Condition number')).toHaveCount(0);
  await expect(landscape.control('Start x')).toHaveValue('-1.2');
  expect(pageErrors).toEqual([]);
});

test('a link with bad values is corrected, and the notice names what', async ({ landscape, page }) => {
  await landscape.goto('surface=rosenbrock&c=900&racers=sgd@0.001,warp@0.001&spf=7');
  const alert = page.getByRole('alert').filter({ hasText: 'corrected' });
  await expect(alert).toContainText('Condition number 900');
  await expect(alert).toContainText('Optimizer 2 "warp"');
  await expect(landscape.map).toHaveAccessibleName(/Rosenbrock/);
  await expect(landscape.control('Steps per frame')).toHaveValue('7');
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('c=100');
});

test('a diverging racer stops with a visible note; the others go on', async ({ landscape, page }) => {
  // c = 100: SGD at lr 0.05 multiplies the y error by 1 − 0.05·200 = −9 each step
  await landscape.goto('surface=bowl&c=100&racers=sgd@0.05,adam@0.05&spf=5');
  await landscape.button('Run').click();
  const alert = page.getByRole('alert').filter({ hasText: 'diverged' });
  await expect(alert).toContainText(/Optimizer 1 \(SGD · lr 0\.05\) diverged at step \d+/);
  await expect(landscape.row('SGD').getByRole('cell').nth(2)).toHaveText(/diverged at step \d+/);
  const stoppedAt = Number(/step (\d+)/.exec((await alert.textContent()) ?? '')![1]);
  await expect.poll(() => landscape.currentStep(), { timeout: 60_000 }).toBeGreaterThan(stoppedAt + 30);
  await expect(landscape.row('Adam').getByRole('cell').nth(2)).toHaveText(/^-?\d/);
  await expect(landscape.map).toBeVisible();
});

test('?backend=cpu runs the same race on the CPU twins and says so', async ({ landscape, page }) => {
  await landscape.goto('', 'backend=cpu');
  await expect(landscape.status).toHaveText(/^CPU · Step 0/);
  await expect(page.getByRole('alert').filter({ hasText: 'CPU' })).toContainText('runs on the CPU');
  await expect.poll(() => landscape.mapColours()).toBeGreaterThan(8);
  await landscape.button('Step').click();
  await expect(landscape.status).toHaveText(/Step 1 · paused/);
  await expect(landscape.row('SGD').getByRole('cell').nth(2)).toHaveText(/^\d/);
});
