/**
 * Journeys of issue 14 in headless Chromium on WebGPU, with small MNIST subsets (the software GPU is slow):
 *   distillation: a person trains a teacher in place (Train teacher), which is saved and then teaches the
 *     smaller student from step 0 beside the same student alone; moving the Temperature changes the Soft
 *     targets (the teacher's distribution spreads: more bits of entropy); the network diagram shows the
 *     teacher beside the student; Omit digit and Class bias shift give the accuracy on the omitted digit;
 *   transfer: a 0–4 run is trained first (Train on digits 0–4 first, with shifted, rotated and noisy digits)
 *     and saved; the 5–9 task starts from it with its first layer frozen (hatched in the Network diagram)
 *     and, over its first ten steps, is ahead of the same model from scratch, as it is with every layer
 *     fine-tuned; the Transfer chart compares the three starts.
 */
import { test, expect, type Playground } from './support/fixtures';

/** The page's run: a small MNIST student (1,000 digits, 784→16→10, Adam). */
const STUDENT = 'data=mnist&n=1000&hidden=16&opt=adam&lr=0.003&batch=50';
/**
 * The transfer task: LeNet-300-100 on 300 digits 5–9, SGD 0.1 (the playground's default optimizer), with
 * augmentation (shift 2 pixels, rotation 15°, pixel noise 0.2), which the source trains with too: its
 * first layer then learns strokes general enough to keep frozen. Measured headless on the CPU engine
 * (2 source epochs): transferred minus from scratch, averaged over steps 1–10, with the first layer
 * frozen +5.8 to +18.5 points over 16 seeds (mean +11.0), every layer fine-tuned +7.3 to +19.8 over 8
 * (mean +14.8). Without augmentation the frozen first layer is no help: −9.5 to +4.9 over 8 seeds
 * (mean −2.8), and behind by 5–15 points after a 0.3-epoch source.
 */
const TARGET = 'data=mnist&n=300&hidden=300,100&opt=sgd&lr=0.1&batch=64&cls=5-9&ashift=2&arot=15&anoise=0.2';

const percent = (text: string) => Number(/([\d.]+)%/.exec(text)?.[1] ?? NaN);
/** "3 (41.2%) · 2.51 bits" → 2.51 */
const bits = (text: string) => Number(/([\d.]+) bits/.exec(text)?.[1] ?? NaN);

async function openDistill(playground: Playground, link: string) {
  await playground.goto(link);
  await expect(playground.status).toHaveText(/^WebGPU\b.*· Step 0\b/, { timeout: 120_000 });
  await playground.openArea('Distill & transfer');
}

test('a teacher is trained in place and distils a smaller student; the temperature moves the soft targets; dark knowledge', async ({ playground, page, pageErrors }) => {
  test.setTimeout(540_000);
  await openDistill(playground, STUDENT);
  await page.getByLabel('Teacher layers', { exact: true }).fill('64');
  await page.getByLabel('Teacher epochs', { exact: true }).fill('3');
  await page.getByLabel('Teacher epochs', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train teacher', exact: true }).click();
  await expect(page.getByText(/^Training the teacher: step \d+ of 60\./)).toBeVisible({ timeout: 60_000 });
  // the teacher trains, is saved, and teaches: the student's run starts with the teacher named
  const taught = page.getByText(/^Taught by Teacher 784-64-10 \(([\d.]+)% test accuracy\)\.$/);
  await expect(taught).toBeVisible({ timeout: 240_000 });
  expect(percent((await taught.textContent()) ?? ''), 'the teacher learned').toBeGreaterThan(70);
  await expect(page.getByLabel('Teacher', { exact: true })).toHaveValue(/.+/);

  // the distilled student and the same student alone, on one chart, both learning
  const panel = playground.section('Taught vs alone');
  await expect(panel.getByLabel('Distilled student', { exact: true })).toHaveText(/%/, { timeout: 120_000 });
  await expect(panel.getByLabel('Student alone', { exact: true })).toHaveText(/%/);
  await expect.poll(async () => percent((await panel.getByLabel('Distilled student', { exact: true }).textContent()) ?? ''), { timeout: 120_000 }).toBeGreaterThan(50);

  // Soft targets of a test digit: the teacher's distribution at T = 4, then at T = 20 it spreads
  const soft = playground.section('Soft targets');
  await expect(soft.getByRole('img', { name: /^Test example 0: a \d$/ })).toBeVisible({ timeout: 30_000 });
  const teacherAt = (t: number) => soft.getByLabel(`Teacher at T = ${t}`, { exact: true }).and(page.locator('dd'));
  await expect(teacherAt(4)).toHaveText(/bits/);
  const cold = bits((await teacherAt(4).textContent()) ?? '');
  await page.getByRole('slider', { name: 'Temperature' }).fill('20');
  await expect(teacherAt(20)).toHaveText(/bits/, { timeout: 30_000 });
  const hot = bits((await teacherAt(20).textContent()) ?? '');
  expect(hot, `the teacher's soft targets spread at T = 20 (${hot} bits) beyond T = 4 (${cold} bits)`).toBeGreaterThan(cold + 0.1);
  await soft.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(soft.getByRole('img', { name: /^Test example 1: a \d$/ })).toBeVisible({ timeout: 30_000 });

  // the network diagram (it redraws while on screen): the teacher beside the student
  await playground.section('Network').scrollIntoViewIfNeeded();
  await expect(playground.section('Network').getByText(/Teacher 784-64-10 beside the student/)).toBeAttached({ timeout: 30_000 });
  // the teacher and the student are points of Accuracy vs size
  await expect(playground.section('Accuracy vs size').getByText(/teacher/i).first()).toBeAttached();

  // dark knowledge: digit 3 left out of the student's training set; its bias shifted; the accuracy on 3s shown
  await page.getByLabel('Omit digit', { exact: true }).selectOption('3');
  const omitted = page.getByText(/^Accuracy on the omitted digit 3: [\d.]+% \(\d+ of \d+ test digits\)$/);
  // a new run (the training set changed), still training: its first snapshot names the accuracy on 3s
  await expect(omitted).toBeVisible({ timeout: 120_000 });
  await playground.waitForStep(60);
  await playground.pause();
  const before = percent((await omitted.textContent()) ?? '');
  await page.getByRole('slider', { name: 'Class bias shift' }).fill('6');
  await expect.poll(async () => percent((await omitted.textContent()) ?? ''), { timeout: 60_000, message: 'raising digit 3’s bias names more 3s' }).toBeGreaterThan(before);
  expect(pageErrors).toEqual([]);
});

test('a 5–9 model starts from a 0–4 run trained first and learns faster than from scratch; frozen layers; the Transfer chart', async ({ playground, page, pageErrors }) => {
  test.setTimeout(540_000);
  await openDistill(playground, TARGET);
  // Train source first: LeNet-300-100 on all the 0–4 digits for 2 epochs (the page's augmentation on), saved, then the 5–9 run starts from it
  await page.getByLabel('Source epochs', { exact: true }).fill('2');
  await page.getByLabel('Source epochs', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train on digits 0–4 first', exact: true }).click();
  await expect(page.getByText(/^Training the source on digits 0–4: step \d+ of 957\./)).toBeVisible({ timeout: 60_000 });
  const panel = playground.section('Taught vs alone');
  await expect(panel.getByLabel('From scratch', { exact: true })).toBeAttached({ timeout: 300_000 });
  await expect(page.getByLabel('Start from', { exact: true }).locator('option:checked')).toHaveText(/^Source 784-300-100-10, digits 0–4/, { timeout: 30_000 });
  await expect(page.getByLabel('Digits', { exact: true })).toHaveValue('5-9');
  await playground.pause();

  /** From step 0 again (the same transferred start), ten steps one at a time: transferred − from scratch at each, in points. */
  const gaps = async (what: string) => {
    await playground.reset();
    await panel.scrollIntoViewIfNeeded(); // the chart redraws while on screen
    const out: number[] = [];
    for (let i = 1; i <= 10; i++) {
      await playground.step();
      const both = panel.getByText(new RegExp(`Transferred [\\d.]+% at step ${i}\\b.*From scratch [\\d.]+% at step ${i}\\b`));
      await expect(both, `${what}: both lanes evaluated at step ${i}`).toBeAttached({ timeout: 60_000 });
      const m = /Transferred ([\d.]+)% at step \d+.*From scratch ([\d.]+)% at step/.exec((await both.textContent()) ?? '');
      out.push(Number(m?.[1] ?? NaN) - Number(m?.[2] ?? NaN));
    }
    return out;
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  // Frozen layers 1, set before the steps: the first layer keeps the 0–4 weights (hatched in the Network diagram)
  await page.getByRole('slider', { name: 'Frozen layers' }).fill('1');
  const frozen = await gaps('first layer frozen');
  expect(frozen.every(Number.isFinite)).toBe(true);
  expect(mean(frozen), `first layer frozen, ahead of from scratch by (points, steps 1–10): ${frozen.map((g) => g.toFixed(1)).join(', ')}`).toBeGreaterThan(3);
  await playground.section('Network').scrollIntoViewIfNeeded();
  await playground.step();
  await expect(playground.section('Network').getByText(/Layer 1 frozen/)).toBeAttached({ timeout: 30_000 });

  // every layer fine-tuned (Frozen layers back to none): ahead too
  await page.getByRole('slider', { name: 'Frozen layers' }).fill('0');
  const tuned = await gaps('every layer fine-tuned');
  console.log(`[transfer] transferred − from scratch, steps 1–10 (points): first layer frozen ${frozen.map((g) => g.toFixed(1)).join(', ')} (mean ${mean(frozen).toFixed(1)}); fine-tuned ${tuned.map((g) => g.toFixed(1)).join(', ')} (mean ${mean(tuned).toFixed(1)})`);
  expect(mean(tuned), `fine-tuned, ahead of from scratch by (points, steps 1–10): ${tuned.map((g) => g.toFixed(1)).join(', ')}`).toBeGreaterThan(3);

  // the Transfer chart: three starts at 100 and 300 target examples, trained on the CPU beside the run
  const chart = playground.section('Transfer');
  await chart.getByRole('button', { name: 'Run transfer comparison', exact: true }).click();
  await expect(chart.getByRole('status')).toHaveText(/Trained \d+ of 6 models/, { timeout: 120_000 });
  await expect(chart.getByRole('status')).toHaveText('', { timeout: 300_000 });
  await expect(chart.getByText(/Fine-tune all/).first()).toBeAttached();
  expect(pageErrors).toEqual([]);
});

test('on 2-D data the teacher’s decision boundary is drawn beside the distilled student’s', async ({ playground, page, pageErrors }) => {
  test.setTimeout(240_000);
  await openDistill(playground, 'data=circles&hidden=3&batch=16&opt=adam&lr=0.01');
  await page.getByLabel('Teacher layers', { exact: true }).fill('16, 16');
  await page.getByRole('button', { name: 'Train teacher', exact: true }).click();
  await expect(page.getByText(/^Taught by Teacher 2-16-16-2 /)).toBeVisible({ timeout: 180_000 });
  const boundaries = playground.section('Decision boundaries');
  await expect(boundaries.getByRole('img', { name: 'Teacher’s decision boundary (Teacher 2-16-16-2)' })).toBeVisible();
  await expect(boundaries.getByRole('img', { name: 'Student’s decision boundary' })).toBeVisible();
  // the run column's Output is the student's too
  await expect(playground.decisionBoundary).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('the dark-knowledge lesson trains its teacher, then the student that never sees a 3', async ({ playground, page, pageErrors }) => {
  test.setTimeout(420_000);
  await playground.goto();
  await playground.openArea('Lessons');
  await playground.section('Lessons').getByRole('button', { name: 'Open lesson: Dark knowledge: a student that never saw a 3', exact: true }).click();
  await expect(playground.areaTab('Distill & transfer')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText(/^Training the teacher: step \d+ of 375\./)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/^Taught by Teacher 784-256-10 \([\d.]+% test accuracy\)\.$/)).toBeVisible({ timeout: 300_000 });
  await expect(page.getByLabel('Omit digit', { exact: true })).toHaveValue('3');
  await expect(page.getByText(/^Accuracy on the omitted digit 3: [\d.]+%/)).toBeVisible({ timeout: 60_000 });
  await expect(playground.alerts, 'a lesson needs no correction').toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
