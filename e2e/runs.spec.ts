/**
 * Journeys of runs that are never lost and can leave the browser (issue 12):
 * - a small MNIST model trained past 90% survives a reload: the page offers to resume it, Runs lists it,
 *   Open shows the same step and accuracy and training goes on; its ONNX export, run by onnxruntime on the
 *   same test digits, gets exactly the digits the page gets right, and so does the exported PyTorch script;
 * - a destroyed GPU device resumes on WebGPU from the last checkpoint, with a notice saying what was replayed;
 * - a damaged saved run gives a clear notice and the page keeps working; a safetensors export imports back
 *   as a run with the same accuracy; Compare overlays two runs.
 */
import { test, expect } from './support/fixtures';
import { PYTHON, RunsPanel, onnxAccuracy, runPytorchScript, settledDigits } from './support/runs';

const MNIST = 'data=mnist&n=10000&hidden=32&opt=adam&lr=0.003&batch=64';
const SPIRAL = 'data=spiral&n=300&hidden=8,8&opt=adam&lr=0.03&batch=32';

test('an MNIST run past 90% survives a reload, continues where it stopped, and its ONNX and PyTorch exports score what the page shows', async ({ playground }) => {
  test.setTimeout(420_000);
  const page = playground.page;
  const runs = new RunsPanel(playground);
  await playground.goto(MNIST);
  await expect(playground.status).toHaveText(/^WebGPU\b/, { timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await expect
    .poll(() => playground.testAccuracy(), { message: 'test accuracy ≥ 90%', timeout: 240_000, intervals: [1000] })
    .toBeGreaterThanOrEqual(90);
  await playground.pause();
  const step = await playground.currentStep();
  const digits = await settledDigits(playground);
  const accuracy = await playground.testAccuracyReadout.textContent();
  expect(digits.total).toBe(10000);
  // Pause saves the run: it is listed with its step, in the Runs area.
  await runs.show();
  await expect(runs.rows).toHaveCount(1);
  await expect(runs.rows.first()).toContainText(step.toLocaleString('en-US'));

  // The exports, checked with the runtimes people use, on the same 10,000 test digits.
  const onnx = await runs.exportModel('onnx');
  expect(onnx.name).toMatch(/\.onnx$/);
  expect(onnxAccuracy(onnx.bytes, 10000), 'onnxruntime-web on the exported ONNX').toEqual(digits);
  const weights = await runs.exportModel('safetensors');
  const script = await runs.exportModel('pytorch');
  expect(script.name).toMatch(/\.py$/);
  const printed = runPytorchScript(script, weights);
  expect(printed, `${PYTHON} running the exported script`).toContain(`(${digits.right}/${digits.total})`);
  console.log(`[runs] step ${step}: page ${accuracy} (${digits.right}/${digits.total}); ONNX ${onnx.name} ${onnx.bytes.length} B; PyTorch: ${printed.trim().split('\n').at(-1)}`);

  // A reload: the page offers the last run, Runs lists it, Open continues it where it stopped.
  await page.reload();
  await expect(playground.status).toBeVisible();
  await expect(runs.resumeOffer).toBeVisible({ timeout: 30_000 });
  await expect(runs.rows).toHaveCount(1);
  await runs.open(/MNIST/);
  await expect(playground.status).toHaveText(new RegExp(`Step ${step}\\b`), { timeout: 120_000 });
  await expect(playground.testAccuracyReadout).toHaveText(accuracy ?? '', { timeout: 120_000 });
  expect(await settledDigits(playground)).toEqual(digits);
  await expect(runs.resumeOffer).toHaveCount(0);
  await playground.train();
  await playground.waitForStep(step + 20);
  await playground.pause();
});

test('a destroyed GPU device resumes on WebGPU from the last checkpoint, saying how many steps were replayed', async ({ playground }) => {
  test.setTimeout(240_000);
  const page = playground.page;
  const runs = new RunsPanel(playground);
  await page.goto(`/?test-hooks#${SPIRAL}`);
  await expect(playground.status).toHaveText(/^WebGPU\b/, { timeout: 120_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  // the run is saved (a checkpoint taken) every few seconds while training
  await runs.show();
  await expect(runs.rows).toHaveCount(1, { timeout: 60_000 });
  await playground.waitForStep(50);
  await page.evaluate(() => (window as unknown as { optiplayTest: { send(m: unknown): void } }).optiplayTest.send({ type: 'lose-device' }));
  const notice = playground.alerts.filter({ hasText: /GPU device was lost/ });
  await expect(notice).toContainText(/resumed the run on a new GPU device from its checkpoint at step \d+: \d+ steps? (was|were) replayed/, { timeout: 60_000 });
  await expect(playground.status).toHaveText(/^WebGPU\b/);
  // training goes on by itself, past where it was
  const resumedAt = await playground.currentStep();
  await playground.waitForStep(resumedAt + 50);
  expect(await playground.testLoss()).toBeLessThan(2);
});

test('a damaged saved run gives a clear notice, a safetensors export imports back as a run, and Compare overlays two runs', async ({ playground }) => {
  test.setTimeout(240_000);
  const page = playground.page;
  const runs = new RunsPanel(playground);
  await playground.goto(SPIRAL);
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(150);
  await playground.pause();
  await runs.show();
  await expect(runs.rows).toHaveCount(1);
  const accuracy = await playground.testAccuracyReadout.textContent();

  // Import model: the safetensors export comes back as a new run with the same weights, hence accuracy.
  const weights = await runs.exportModel('safetensors');
  await playground.control('Import model').setInputFiles({ name: weights.name, mimeType: 'application/octet-stream', buffer: weights.bytes });
  await expect(playground.status).toHaveText(/Step 0\b/, { timeout: 60_000 });
  await expect(playground.testAccuracyReadout).toHaveText(accuracy ?? '', { timeout: 60_000 });
  // a file that is not a model: a notice, and the run stays
  await playground.control('Import model').setInputFiles({ name: 'notes.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model') });
  await expect(playground.alerts.filter({ hasText: /“notes.safetensors” could not be imported/ })).toBeVisible();
  await expect(playground.testAccuracyReadout).toHaveText(accuracy ?? '');

  // A second saved run, named, then Compare both.
  await playground.train();
  await playground.waitForStep(40);
  await playground.pause();
  await runs.section.getByLabel('Run name', { exact: true }).fill('Imported spiral');
  await runs.section.getByRole('button', { name: 'Save run', exact: true }).click();
  await expect(runs.row('Imported spiral')).toHaveCount(1);
  await expect(runs.rows).toHaveCount(2);
  for (const row of await runs.rows.all()) await row.getByRole('checkbox', { name: /^Compare / }).check();
  const compare = page.getByRole('region', { name: 'Compare runs' });
  await compare.scrollIntoViewIfNeeded();
  await expect(compare.getByRole('listitem').filter({ hasText: /^Imported spiral$/ })).toBeVisible();
  await expect(compare.locator('path[d^="M"]')).not.toHaveCount(0);

  // Damage the first run's stored record; opening it says so and the current run goes on.
  const damaged = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('optiplay');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['runs', 'checkpoints'], 'readwrite');
          const all = tx.objectStore('runs').getAll();
          all.onsuccess = () => {
            const victim = (all.result as Array<{ id: string; name: string }>).find((r) => r.name !== 'Imported spiral');
            if (!victim) return reject(new Error('no run to damage'));
            tx.objectStore('checkpoints').put({ format: 'optiplay-run', version: 1, lanes: 'garbage' }, victim.id);
            tx.oncomplete = () => resolve(victim.name);
          };
        };
      }),
  );
  await runs.open(damaged);
  await expect(playground.alerts.filter({ hasText: /damaged|could not be read/i })).toBeVisible();
  await expect(playground.status).toHaveText(/Step \d+/);
  await playground.train();
  await playground.waitForStep((await playground.currentStep()) + 20);
});
