/**
 * Journey: sharing a run. A teacher sends a link (or a config file); whoever opens it sees exactly
 * those settings, and the same seed gives the same numbers. A broken link or file never breaks the
 * page: it loads with safe values, says what it corrected, and still trains.
 */
import { readFile } from 'node:fs/promises';
import { test, expect, type Playground } from './support/fixtures';

const SHARED = 'data=xor&noise=0.05&hidden=8,4&act=tanh&lr=0.05&batch=32&seed=7';
const MALFORMED = 'data=banana&lr=-3&hidden=9999,abc&act=&foo=1';

/** The controls show the SHARED link's settings. */
async function expectSharedSettings(playground: Playground) {
  await playground.openArea('Data & model');
  await expect(playground.dataset).toHaveValue('xor');
  await expect(playground.control('Noise')).toHaveValue('0.05');
  await expect(playground.hiddenLayers).toHaveValue('2');
  await expect(playground.neurons(1)).toHaveValue('8');
  await expect(playground.neurons(2)).toHaveValue('4');
  await expect(playground.neurons(3)).toHaveCount(0);
  await expect(playground.activation).toHaveValue('tanh');
  await expect(playground.seed).toHaveValue('7');
  await playground.openArea('Train');
  await expect(playground.learningRate).toHaveValue('0.05');
  await expect(playground.batchSize).toHaveValue('32');
  await expect(playground.loss).toHaveValue('crossentropy'); // not in the link: the default
}

/** The step-0 metrics and pictures, then the same after three single Steps. */
async function firstMetrics(playground: Playground): Promise<string[]> {
  const output = playground.section('Output');
  await playground.waitForFirstMetrics();
  await expect(output).toContainText('Step 0.');
  await expect(playground.testAccuracyReadout).toHaveText(/%$/);
  const read = async () =>
    [
      await playground.trainLossReadout.textContent(),
      await playground.testLossReadout.textContent(),
      await playground.testAccuracyReadout.textContent(),
      await playground.canvasHash(),
      await playground.weightsSignature(true),
    ].map(String);
  const out = await read();
  for (let k = 1; k <= 3; k++) {
    await playground.step();
    // The output picture and the readouts come from the same evaluation: wait for this step's.
    await expect(output).toContainText(`Step ${k}.`);
  }
  await expect.poll(() => playground.lossPointCount(), { message: 'a loss point per evaluated step' }).toBe(4);
  return [...out, ...(await read())];
}

test('a shared link sets every control, and the run trains', async ({ playground, pageErrors }) => {
  await playground.goto(SHARED);
  await expectSharedSettings(playground);
  await expect(playground.alerts, 'a valid link raises no notice').toHaveCount(0);
  // The run itself is the link's model, not just the controls: 2 inputs → 8 → 4 → 2 classes.
  await expect(playground.page.getByText(/2 → 8 → 4 → 2 · \d+ parameters/)).toBeVisible();
  // The link is kept (in canonical form) so it can be shared on.
  const params = playground.urlParams();
  expect([params.get('data'), params.get('hidden'), params.get('act'), params.get('lr'), params.get('batch'), params.get('seed')]).toEqual([
    'xor', '8,4', 'tanh', '0.05', '32', '7',
  ]);

  await playground.train();
  await playground.waitForStep(100);
  await expect.poll(() => playground.lossPointCount()).toBeGreaterThanOrEqual(2);
  await playground.pause();
  expect(Number.isFinite(await playground.testLoss())).toBe(true);
  await expectSharedSettings(playground); // training changed no setting
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('two loads of the same link give identical first metrics', async ({ playground }) => {
  await playground.goto(SHARED);
  const first = await firstMetrics(playground);
  await playground.goto(SHARED);
  const second = await firstMetrics(playground);
  console.log(`[journey] ${SHARED}: step 0 train/test loss ${first[0]}/${first[1]}, accuracy ${first[2]}; step 3: ${first[5]}/${first[6]}`);
  expect(second).toEqual(first);
  // …and a different seed really is different (so the comparison above can fail).
  await playground.setField('Seed', 8);
  await expect(playground.status).toHaveText(/Step 0\b/);
  await expect(playground.testLossReadout).not.toHaveText(first[1]);
  await expect.poll(() => playground.canvasHash(), { message: 'seed 8 draws another picture' }).not.toBe(first[3]);
});

test('a malformed link loads with safe values, says what it corrected, and still trains', async ({ playground, pageErrors }) => {
  await playground.goto(MALFORMED);
  const notice = playground.alerts.filter({ hasText: 'corrected' });
  await expect(notice).toBeVisible();
  for (const field of ['Dataset', 'Learning rate', 'Hidden layers', 'Activation', 'foo']) {
    await expect(notice, `the notice names ${field}`).toContainText(field);
  }
  console.log(`[journey] malformed link notice: ${(await notice.textContent())?.replace(/\s+/g, ' ')}`);

  // Safe values: defaults for what was unusable, the nearest allowed value for what was out of range.
  await playground.openArea('Data & model');
  await expect(playground.dataset).toHaveValue('spiral');
  await expect(playground.activation).toHaveValue('relu');
  const lr = Number(await (await playground.field('Learning rate')).inputValue());
  expect(lr, 'a usable learning rate').toBeGreaterThan(0);
  expect(lr).toBeLessThanOrEqual(10);
  const layers = Number(await (await playground.field('Hidden layers')).inputValue());
  expect(layers).toBeGreaterThanOrEqual(1);
  expect(layers).toBeLessThanOrEqual(6);
  const width = Number(await playground.neurons(1).inputValue());
  expect(width).toBeGreaterThanOrEqual(1);
  expect(width, 'at most MAX_NEURONS (1024)').toBeLessThanOrEqual(1024);
  // The address bar now holds the corrected, shareable link.
  const params = playground.urlParams();
  expect(params.get('data')).toBe('spiral');
  expect(params.get('act')).toBe('relu');
  expect(params.get('lr')).toBe(String(lr));
  expect(params.has('foo')).toBe(false);

  await expect(playground.status).toHaveText(/^(WebGPU|CPU)\b.*Step 0\b/);
  await playground.train();
  await playground.waitForStep(30);
  await playground.pause();
  expect(Number.isFinite(await playground.testLoss())).toBe(true);
  // Training does not raise more notices: only the correction stays.
  expect(await playground.alerts.allTextContents()).toHaveLength(1);
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('Export config, then Import config, restores the same settings', async ({ playground }, testInfo) => {
  await playground.goto(SHARED);
  await expectSharedSettings(playground);

  await playground.openArea('Runs');
  const [download] = await Promise.all([playground.page.waitForEvent('download'), playground.exportButton.click()]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const exported = await readFile(file, 'utf8');
  const json = JSON.parse(exported) as Record<string, unknown>;
  expect(json).toMatchObject({ dataset: 'xor', noise: 0.05, hidden: [8, 4], activation: 'tanh', learningRate: 0.05, batchSize: 32, seed: 7 });

  // Change things, live and rebuilding ones.
  await playground.selectDataset('circles');
  await playground.setLearningRate(0.2);
  await playground.setField('Seed', 3);
  await expect(playground.dataset).toHaveValue('circles');
  await expect.poll(() => playground.urlParams().get('seed')).toBe('3');

  await playground.importConfig(file);
  await expectSharedSettings(playground);
  await expect.poll(() => playground.urlParams().get('data')).toBe('xor');
  expect(playground.urlParams().get('seed')).toBe('7');
  await expect(playground.alerts, 'a good file raises no notice').toHaveCount(0);
  await expect(playground.page.getByText(/2 → 8 → 4 → 2 · \d+ parameters/)).toBeVisible();

  // Round trip: exporting again gives the same file.
  await playground.openArea('Runs');
  const [again] = await Promise.all([playground.page.waitForEvent('download'), playground.exportButton.click()]);
  const file2 = testInfo.outputPath('again.json');
  await again.saveAs(file2);
  expect(await readFile(file2, 'utf8')).toBe(exported);
});

test('importing a broken file shows an alert and changes nothing', async ({ playground }) => {
  await playground.goto(SHARED);
  await playground.step();
  await playground.step();
  const hash = new URL(playground.page.url()).hash;
  const step = await playground.currentStep();
  expect(step).toBe(2);

  await playground.importConfig({ name: 'broken.json', text: '{ "dataset": "circles", "learningRate": 0.3, ' });
  const notice = playground.alerts.filter({ hasText: 'broken.json' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/not valid JSON/i);
  await expect(notice).toContainText(/nothing was changed/i);

  // A file that is JSON but not a config is refused the same way.
  await playground.importConfig({ name: 'list.json', text: '[1, 2, 3]' });
  await expect(playground.alerts.filter({ hasText: 'list.json' })).toContainText(/nothing was changed/i);

  // Nothing changed: settings, link, and the run itself (a rebuilt run would be back at step 0).
  await expectSharedSettings(playground);
  expect(new URL(playground.page.url()).hash).toBe(hash);
  await playground.page.waitForTimeout(500);
  expect(await playground.currentStep()).toBe(step);
});
