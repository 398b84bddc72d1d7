/**
 * Your own data (issue 17): a person uploads a two-feature CSV and trains on it (its preview, its classes
 * on the Output canvas), then uploads broken files (empty, binary, text in a numeric column, too few rows,
 * one column, 50 MB of noise) and each is refused with the reason while the data and run stay; other
 * columns are chosen with Features and Label; and the saved run reopens with its data after a reload.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { seriousViolations } from './support/axe';
import { test, expect } from './support/fixtures';

/** 240 points in two rings (semicolon-separated, decimal commas, a text label): "inner" and "outer". */
function rings(): string {
  const lines = ['width;height;ring'];
  for (let i = 0; i < 240; i++) {
    const outer = i % 2 === 1;
    const r = outer ? 2 + ((i * 37) % 10) / 10 : ((i * 53) % 10) / 10;
    const t = (i * 2.399) % (2 * Math.PI);
    lines.push(`${(10 + r * Math.cos(t)).toFixed(3).replace('.', ',')};${(50 + 4 * r * Math.sin(t)).toFixed(3).replace('.', ',')};${outer ? 'outer' : 'inner'}`);
  }
  return lines.join('\r\n');
}

const file = (name: string, text: string | Buffer) => ({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });

const BROKEN: Array<{ name: string; body: string | Buffer; says: RegExp }> = [
  { name: 'empty.csv', body: '', says: /empty|nothing/i },
  { name: 'picture.csv', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]), says: /binary/i },
  { name: 'text.csv', body: ['a,b,label', ...Array.from({ length: 20 }, (_, i) => `${i},${i === 7 ? 'seven' : i * 2},${i % 2}`)].join('\n'), says: /seven/ },
  { name: 'short.csv', body: 'a,b,label\n1,2,0\n3,4,1\n', says: /at least 10/ },
  { name: 'one-column.csv', body: ['only', ...Array.from({ length: 20 }, (_, i) => String(i))].join('\n'), says: /column/i },
];

test('a two-feature CSV trains, broken files are refused with reasons and the data stays, the saved run reopens with it', async ({ playground, page, pageErrors }) => {
  test.setTimeout(300_000);
  await playground.goto('data=spiral&hidden=8&batch=16&lr=0.05&opt=adam');
  await playground.waitForFirstMetrics();
  await playground.openArea('Data & model');

  await page.getByLabel('Upload CSV').setInputFiles(file('rings.csv', rings()));
  const preview = page.getByRole('region', { name: 'Data preview' });
  await expect(preview).toContainText('“rings.csv”: predicting ring (classification: 2 classes) from 2 features', { timeout: 60_000 });
  await expect(preview.getByRole('table', { name: 'Class balance' }).getByRole('row')).toHaveCount(3);
  await expect(preview).toContainText(/Split: 168 training rows, 72 test rows/);
  await expect(page.getByText(/2 → 8 → 2 · \d+ parameters/)).toBeVisible();
  await expect(playground.dataset).toHaveValue('csv');
  await expect(page.getByRole('group', { name: 'Features' }).getByRole('checkbox', { name: 'width' })).toBeChecked();
  await expect(page.getByLabel('Label', { exact: true })).toHaveValue('2');
  // the classes are named on the Output canvas's legend
  await expect(playground.decisionBoundary).toBeVisible();
  await expect(page.locator('#output-legend')).toContainText('inner');
  expect(await seriousViolations(page), 'axe: the column picker and the Data preview').toEqual([]);

  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(400);
  await playground.pause();
  expect(await playground.testAccuracy(), 'the two rings are told apart').toBeGreaterThan(0.85);
  const step = await playground.currentStep();

  // broken files: each refused with its reason; the data and the run stay
  for (const bad of BROKEN) {
    await page.getByLabel('Upload CSV').setInputFiles(file(bad.name, bad.body));
    const notice = playground.alerts.filter({ hasText: `“${bad.name}” cannot be used` });
    await expect(notice, bad.name).toContainText(bad.says);
    await expect(notice).toContainText('Your previous data and run are kept.');
    await expect(preview).toContainText('“rings.csv”');
    expect(await playground.currentStep(), `${bad.name}: the run is the same`).toBe(step);
  }
  // 50 MB of noise is refused before it is read
  const noise = test.info().outputPath('noise.csv');
  writeFileSync(noise, randomBytes(50 * 1024 * 1024 + 1));
  await page.getByLabel('Upload CSV').setInputFiles(noise);
  await expect(playground.alerts.filter({ hasText: '“noise.csv” cannot be used' })).toContainText('up to 50 MB');
  await expect(preview).toContainText('“rings.csv”');
  expect(await playground.currentStep()).toBe(step);

  // other columns: one feature only, a new run on it (no picture of a single-feature class)
  await page.getByRole('group', { name: 'Features' }).getByRole('checkbox', { name: 'height' }).uncheck();
  await page.getByRole('button', { name: 'Use these columns' }).click();
  await expect(page.getByText(/1 → 8 → 2 · \d+ parameters/)).toBeVisible({ timeout: 60_000 });
  await expect(preview).toContainText('from 1 feature.');
  await page.getByRole('group', { name: 'Features' }).getByRole('checkbox', { name: 'height' }).check();
  await page.getByRole('button', { name: 'Use these columns' }).click();
  await expect(page.getByText(/2 → 8 → 2 · \d+ parameters/)).toBeVisible({ timeout: 60_000 });
  await playground.waitForFirstMetrics();
  await playground.train();
  await playground.waitForStep(60);
  await playground.pause();
  const saved = await playground.currentStep();

  // a reload: the table is not in the link, so the page says how to get it back; the saved run has it
  await page.reload();
  await expect(playground.alerts.filter({ hasText: 'There is no CSV data on this page yet' })).toContainText('The default run was loaded instead.', { timeout: 60_000 });
  await page.getByRole('region', { name: 'Resume the last run' }).getByRole('button', { name: 'Resume' }).click();
  await playground.openArea('Data & model');
  await expect(preview).toContainText('“rings.csv”: predicting ring', { timeout: 60_000 });
  expect(await playground.currentStep()).toBe(saved);
  await playground.train();
  await playground.waitForStep(saved + 30);
  await playground.pause();
  expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
