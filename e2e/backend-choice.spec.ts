/**
 * Journey (issue 18, "the faster backend is chosen for the person"): the page opens on the spiral with
 * the Backend on Automatic; the worker times a few of the run's own steps on WebGPU and on the CPU engine
 * and trains on the faster. The status details show both figures and which backend trains; picking "CPU"
 * and then "WebGPU" in Backend moves the run as it stands: the status says the new backend, the step count
 * and the loss curve go on from where they were, and training continues.
 */
import { test, expect } from './support/fixtures';

// the page's own choice (Automatic), not the fixtures' WebGPU pin
test.use({ backendChoice: null });

test('the faster backend trains the spiral, both figures are shown, and Backend moves the run without losing it', async ({ playground, page, pageErrors }) => {
  test.setTimeout(240_000);
  await playground.goto();
  await expect(playground.status).toHaveText(/^(WebGPU|CPU)\b.*Step 0\b/, { timeout: 120_000 });

  await page.getByText('Status details', { exact: true }).click();
  const speeds = page.getByLabel('Backend speeds');
  await expect(speeds).toHaveText(/^WebGPU [\d,]+ samples\/s · CPU [\d,]+ samples\/s — using (the CPU engine|WebGPU) \(the faster here\)$/, { timeout: 60_000 });
  const text = (await speeds.textContent()) ?? '';
  const [gpu, cpu] = [/WebGPU ([\d,]+)/, /CPU ([\d,]+)/].map((re) => Number(re.exec(text)?.[1].replace(/,/g, '')));
  const faster = cpu > gpu ? 'cpu' : 'webgpu';
  console.log(`[backend] ${text}`);
  expect(text, 'the faster one is used').toContain(faster === 'cpu' ? 'using the CPU engine' : 'using WebGPU');
  expect(await playground.backend(), 'the status line names the backend the details say').toBe(faster);
  const backend = page.getByLabel('Backend', { exact: true });
  await expect(backend).toHaveValue('auto');
  await expect(backend.locator('option')).toHaveText(['Automatic (fastest)', 'WebGPU', 'CPU']);

  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(100);

  for (const [label, kind, status] of [['CPU', 'cpu', /^CPU · Step/], ['WebGPU', 'webgpu', /^WebGPU · \S.*· Step/]] as const) {
    const before = await playground.currentStep();
    const points = await playground.lossPointCount();
    await backend.selectOption({ label });
    await expect(playground.status, `the status says ${label}`).toHaveText(status, { timeout: 120_000 });
    await expect(speeds).toContainText(kind === 'cpu' ? 'using the CPU engine (your choice)' : 'using WebGPU (your choice)');
    // the run went on from where it was (not from step 0), and keeps training on the new backend
    const from = await playground.currentStep();
    expect(from, 'the step count goes on').toBeGreaterThanOrEqual(before);
    await playground.waitForStep(from + 50);
    await expect(playground.trainButton.or(playground.pauseButton)).toHaveText('Pause');
    await expect.poll(() => playground.lossPointCount(), { message: 'the loss curve keeps its points' }).toBeGreaterThanOrEqual(points);
    console.log(`[backend] on ${label} from step ${before}: ${await playground.statusText()} · ${await speeds.textContent()}`);
  }
  await playground.pause();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
