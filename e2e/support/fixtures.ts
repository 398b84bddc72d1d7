/**
 * Typed Playwright fixtures (in the style of tldraw's e2e fixtures): every spec imports `test` and
 * `expect` from here and gets a `playground` page object that finds controls by role and accessible
 * name, exactly as a user (or a screen reader) would.
 *
 *   import { test, expect } from './support/fixtures';
 *   test('trains', async ({ playground }) => {
 *     await playground.goto('data=xor&hidden=4');
 *     await playground.train();
 *     await playground.waitForStep(200);
 *     expect(await playground.testAccuracy()).toBeGreaterThan(80);
 *   });
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** Parses "Step 1,234" (any thousands separator) out of the status line; null when absent. */
export function parseStep(status: string): number | null {
  const m = /\bStep\s+(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|\d+)/.exec(status);
  if (!m) return null;
  return Number(m[1].replace(/[^\d]/g, ''));
}

/** Parses the first number in a readout like "95.3%" or "0.0421"; NaN when there is none. */
export function parseNumber(text: string): number {
  const m = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(text.replace(/[\u00a0\u202f,]/g, ''));
  return m ? Number(m[0]) : NaN;
}

export class Playground {
  constructor(readonly page: Page) {}

  // ---- Controls (role + accessible name) ----------------------------------------------------------
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
  get trainButton() { return this.button('Train'); }
  get pauseButton() { return this.button('Pause'); }
  get stepButton() { return this.button('Step'); }
  get resetButton() { return this.button('Reset'); }
  get exportButton() { return this.button('Export config'); }
  get copyLinkButton() { return this.button('Copy link'); }
  get regenerateButton() { return this.button('Regenerate data'); }

  /** A labelled control ("Dataset", "Noise", "Batch size", "Learning rate", "Neurons in layer 1", …). */
  control(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }
  get dataset() { return this.control('Dataset'); }
  get learningRate() { return this.control('Learning rate'); }
  get batchSize() { return this.control('Batch size'); }
  get hiddenLayers() { return this.control('Hidden layers'); }
  get activation() { return this.control('Activation'); }
  get loss() { return this.control('Loss'); }
  get seed() { return this.control('Seed'); }
  get importInput() { return this.control('Import config'); }
  neurons(layer: number): Locator {
    return this.control(`Neurons in layer ${layer}`);
  }

  // ---- Readouts -----------------------------------------------------------------------------------
  get status() { return this.page.getByRole('status', { name: 'Training status' }); }
  get testAccuracyReadout() { return this.page.getByRole('status', { name: 'Test accuracy' }); }
  get trainLossReadout() { return this.page.getByRole('status', { name: 'Train loss' }); }
  get testLossReadout() { return this.page.getByRole('status', { name: 'Test loss' }); }
  get alerts() { return this.page.getByRole('alert'); }
  /** The output canvas: "Decision boundary" (classification) or "Fitted curve" (regression). */
  get decisionBoundary() { return this.page.getByRole('img', { name: 'Decision boundary' }); }
  get fittedCurve() { return this.page.getByRole('img', { name: 'Fitted curve' }); }

  /** An h2 section heading: 'Loss', 'Weights', 'Output'. */
  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, exact: true, level: 2 });
  }
  /** The section (or other container) headed by an h2 of this name. */
  section(name: string): Locator {
    return this.page.locator('section').filter({ has: this.heading(name) });
  }

  // ---- Actions ------------------------------------------------------------------------------------
  /** Opens the app (optionally with a config hash, with or without '#') as a fresh page load. */
  async goto(hash?: string): Promise<void> {
    const url = hash ? `/#${hash.replace(/^#/, '')}` : '/';
    // From the app itself a hash-only change would be a same-document navigation (a 'hashchange', see
    // openLinkInPlace); leave the page first so this is always a fresh load of the link.
    if (this.page.url().startsWith('http')) await this.page.goto('about:blank');
    await this.page.goto(url);
    await expect(this.status).toBeVisible();
  }

  /** Changes only the hash of the open app, as when a user pastes a link into the address bar. */
  async openLinkInPlace(hash: string): Promise<void> {
    await this.page.evaluate((h) => {
      window.location.hash = h;
    }, hash.replace(/^#/, ''));
  }

  /** Imports a config file, from a path or from JSON text given here. */
  async importConfig(file: string | { name: string; text: string }): Promise<void> {
    await this.importInput.setInputFiles(
      typeof file === 'string' ? file : { name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) },
    );
  }

  async train(): Promise<void> {
    await this.trainButton.click();
    await expect(this.pauseButton).toBeVisible();
  }

  async pause(): Promise<void> {
    await this.pauseButton.click();
    await expect(this.trainButton).toBeVisible();
  }

  /** One training step (while paused); resolves once the status line shows the step count grew. */
  async step(): Promise<void> {
    const before = await this.currentStep();
    await this.stepButton.click();
    await expect.poll(() => this.currentStep(), { message: 'step count after Step' }).toBeGreaterThan(before);
  }

  async reset(): Promise<void> {
    await this.resetButton.click();
    await expect.poll(() => this.currentStep(), { message: 'step count after Reset' }).toBe(0);
  }

  /** Types into a labelled field and commits with Enter. */
  async setField(label: string, value: string | number): Promise<void> {
    const field = this.control(label);
    await field.fill(String(value));
    await field.press('Enter');
  }

  async setLearningRate(v: number | string): Promise<void> {
    await this.setField('Learning rate', v);
  }

  async setBatchSize(v: number | string): Promise<void> {
    await this.setField('Batch size', v);
  }

  /** Picks a dataset by option value or visible label (e.g. 'xor', 'circles', 'line'). */
  async selectDataset(name: string): Promise<void> {
    await this.dataset.selectOption(name);
  }

  /** Clicks "Dismiss" on every notice, one at a time, and checks each click removed one. */
  async dismissAlerts(): Promise<void> {
    const dismiss = this.button('Dismiss');
    for (let left = await dismiss.count(); left > 0; left--) {
      await dismiss.first().click();
      await expect(dismiss).toHaveCount(left - 1);
    }
  }

  // ---- Reading state ------------------------------------------------------------------------------
  async statusText(): Promise<string> {
    return (await this.status.textContent())?.trim() ?? '';
  }

  /** 'webgpu' or 'cpu', from the start of the status line. */
  async backend(): Promise<'webgpu' | 'cpu' | null> {
    const s = await this.statusText();
    if (/^WebGPU\b/.test(s)) return 'webgpu';
    if (/^CPU\b/.test(s)) return 'cpu';
    return null;
  }

  /** The step count in the status line (0 when not shown yet). */
  async currentStep(): Promise<number> {
    return parseStep(await this.statusText()) ?? 0;
  }

  async waitForStep(n: number, timeout = 120_000): Promise<void> {
    await expect
      .poll(() => this.currentStep(), { message: `waiting for step ≥ ${n}`, timeout, intervals: [100, 250, 500, 1000] })
      .toBeGreaterThanOrEqual(n);
  }

  /** Test accuracy in percent (e.g. 95.3 for "95.3%"); NaN while none is shown. */
  async testAccuracy(): Promise<number> {
    return parseNumber((await this.testAccuracyReadout.textContent()) ?? '');
  }

  async trainLoss(): Promise<number> {
    return parseNumber((await this.trainLossReadout.textContent()) ?? '');
  }

  async testLoss(): Promise<number> {
    return parseNumber((await this.testLossReadout.textContent()) ?? '');
  }

  /** The `d` attribute of the first recharts line in the "Loss" section ('' when not drawn yet). */
  async lossPathD(): Promise<string> {
    const path = this.section('Loss').locator('path.recharts-line-curve, .recharts-line path').first();
    if ((await path.count()) === 0) return '';
    return (await path.getAttribute('d')) ?? '';
  }
}

interface Fixtures {
  playground: Playground;
  /** Uncaught page errors and console errors seen during the test, for specs to assert on. */
  pageErrors: string[];
}

export const test = base.extend<Fixtures>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    await use(errors);
  },
  playground: async ({ page }, use) => {
    await use(new Playground(page));
  },
});

export { expect };
