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
import { areaOf, parseModelSize, parseNumber, parseStep, type ModelSizeReading, type RecordedRun } from './readings';

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
  /**
   * A named value on the page ("Test loss", "Model size", …): the value of a description list, named by
   * its term (aria-label), not a live region. (Playwright's getByRole gives the definition role no name.)
   */
  readout(name: string | RegExp): Locator {
    return this.page.getByLabel(name, { exact: typeof name === 'string' ? true : undefined }).and(this.page.locator('dd'));
  }
  get status() { return this.readout('Training status'); }
  get testAccuracyReadout() { return this.readout('Test accuracy'); }
  get trainLossReadout() { return this.readout('Train loss'); }
  get testLossReadout() { return this.readout('Test loss'); }
  /** The run's one polite live region. */
  get announcements() { return this.page.getByRole('status', { name: 'Run announcements' }); }
  get alerts() { return this.page.getByRole('alert'); }
  /** The output canvas: "Decision boundary" (classification) or "Fitted curve" (regression). */
  get decisionBoundary() { return this.page.getByRole('img', { name: 'Decision boundary', exact: true }); }
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
  /** The tab of a technique area ("Data & model", "Train", "Regularize", "Compress", "Runs", "Lessons"). */
  areaTab(name: string): Locator {
    return this.page.getByRole('tablist', { name: 'Technique areas' }).getByRole('tab', { name, exact: true });
  }

  /** Opens the area holding this control or panel (areaOf) unless something by that name is on the page. */
  async reveal(name: string, present: Locator): Promise<void> {
    if ((await present.count()) > 0) return;
    const area = areaOf(name);
    if (area === null) throw new Error(`e2e fixtures: no technique area is known to hold “${name}”`);
    await this.openArea(area);
  }

  /** A labelled control, its area opened first if needed. */
  async field(label: string): Promise<Locator> {
    await this.reveal(label, this.control(label));
    return this.control(label);
  }

  /** An h2-headed section, its area opened first if needed. */
  async panel(name: string): Promise<Locator> {
    await this.reveal(name, this.section(name));
    return this.section(name);
  }

  /** Opens a technique area by its tab, as a person would, and waits for its panel. */
  async openArea(name: string): Promise<void> {
    await this.areaTab(name).click();
    await expect(this.areaTab(name)).toHaveAttribute('aria-selected', 'true');
    await expect(this.page.getByRole('tabpanel', { name })).toBeVisible();
  }

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
    await this.field('Import config');
    await this.importInput.setInputFiles(
      typeof file === 'string' ? file : { name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) },
    );
  }

  async train(): Promise<void> {
    await this.trainButton.click();
    await expect(this.pauseButton).toBeVisible();
  }

  /**
   * Pauses and waits until the worker's last status has arrived (it says 0 steps/s): the button flips at
   * once, while steps already submitted can still be counted for a moment. Fails if the step count never
   * holds still.
   */
  async pause(): Promise<void> {
    await this.pauseButton.click();
    await expect(this.trainButton).toBeVisible();
    // The button flips at once; the worker's own answer (its status with the final step count, every step
    // already queued included) says 0 steps/s. On a loaded machine it can come a second or more later.
    await expect(this.status, 'the worker confirms the pause').toHaveText(/\b0 steps\/s$/, { timeout: 30_000 });
    let last = -1;
    await expect
      .poll(
        async () => {
          const before = last;
          last = await this.currentStep();
          return last === before;
        },
        { message: 'the step count holds still after Pause', intervals: [500], timeout: 20_000 },
      )
      .toBe(true);
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
    const field = await this.field(label);
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
    await (await this.field('Dataset')).selectOption(name);
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

  /**
   * Waits for the run's first evaluation (the step-0 readouts, weights and picture). On SwiftShader the
   * first evaluation after a page load compiles its pipelines: 20–30 s on a loaded 2-core machine.
   */
  async waitForFirstMetrics(timeout = 90_000): Promise<void> {
    await expect(this.testLossReadout, 'the first metrics of the run').toHaveText(/^-?\d/, { timeout });
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

  /**
   * The `d` attribute of the smoothed train-loss line in the "Loss" section ('' when not drawn yet).
   * Scrolls the section into view first, as a person would look at it: charts off screen do not redraw.
   */
  async lossPathD(): Promise<string> {
    await this.section('Loss').scrollIntoViewIfNeeded();
    const path = this.section('Loss').locator('.chart-lines path[data-series="train"]').first();
    if ((await path.count()) === 0) return '';
    return (await path.getAttribute('d')) ?? '';
  }

  /** How many points the train-loss line joins (0 when not drawn yet); the path is "M… L… L…". */
  async lossPointCount(): Promise<number> {
    return (await this.lossPathD()).match(/[ML]/g)?.length ?? 0;
  }

  /** The URL hash of the page as parameters (e.g. `.get('lr')`). */
  urlParams(): URLSearchParams {
    return new URLSearchParams(new URL(this.page.url()).hash.replace(/^#/, ''));
  }

  /** A hash (FNV-1a) of a 2-D canvas's pixels, e.g. of the "Decision boundary" image. */
  async canvasHash(canvas: Locator = this.decisionBoundary): Promise<string> {
    return canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('the canvas has no 2-D context');
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let h = 0x811c9dc5;
      for (let i = 0; i < px.length; i++) h = Math.imul(h ^ px[i], 0x01000193);
      return `${c.width}x${c.height}:${(h >>> 0).toString(16)}`;
    });
  }

  /**
   * What the "Weights" section shows (scrolled into view): each histogram's caption plus the shape of its
   * bars, once it holds still. Captions follow every snapshot at once, while each layer's bars redraw at
   * most every 500 ms in their own turn of the page's redraw queue (shared with the other live charts),
   * so with `settled` (a paused run) the bars are read until two readings a second apart agree.
   */
  async weightsSignature(settled = false): Promise<string> {
    const section = await this.panel('Weights');
    await section.scrollIntoViewIfNeeded();
    const read = async () => {
      const captions = await section.locator('figcaption').allTextContents();
      const bars = await section.locator('.histogram-bars rect').evaluateAll((els) =>
        els.map((e) => ['x', 'y', 'width', 'height'].map((a) => e.getAttribute(a)).join(',')).join('|'),
      );
      return `${captions.join(' / ')}\n${bars}`;
    };
    let last = '';
    let now = await read();
    for (let i = 0; settled && i < 15 && now !== last; i++) {
      last = now;
      await this.page.waitForTimeout(1000);
      now = await read();
    }
    return now;
  }

  /**
   * Starts recording, in the page, every step count the status line shows, whether the loss history
   * was ever cleared (empty chart or "—" readouts, as after a rebuilt run) and each new test accuracy
   * with the step shown beside it. Read it back with recordedRun(). Catches every DOM change, not only
   * the moments a test happens to poll (which can be seconds apart on a loaded machine).
   */
  async startRecording(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __journey?: RecordedRun & { observer: MutationObserver } };
      w.__journey?.observer.disconnect();
      const rec = { steps: [] as number[], cleared: 0, accuracy: [] as Array<[number, number, number]>, observer: null as unknown as MutationObserver };
      let lastAccuracy = '';
      const read = () => {
        const status = document.querySelector('dd[aria-label="Training status"]')?.textContent ?? '';
        const m = /\bStep\s+([\d,.\u00a0\u202f ]*\d)/.exec(status);
        const step = m ? Number(m[1].replace(/[^\d]/g, '')) : NaN;
        if (rec.steps[rec.steps.length - 1] !== step) rec.steps.push(step);
        const testLoss = document.querySelector('dd[aria-label="Test loss"]')?.textContent?.trim();
        const emptyChart = [...document.querySelectorAll('.chart-empty')].some((e) => /loss/i.test(e.textContent ?? ''));
        if (testLoss === '—' || emptyChart) rec.cleared++;
        const accuracy = document.querySelector('dd[aria-label="Test accuracy"]')?.textContent?.trim() ?? '';
        if (accuracy !== lastAccuracy && /\d/.test(accuracy)) rec.accuracy.push([step, parseFloat(accuracy), Date.now()]);
        lastAccuracy = accuracy;
      };
      rec.observer = new MutationObserver(read);
      rec.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      read();
      w.__journey = rec;
    });
  }

  /** What startRecording() saw so far. */
  async recordedRun(): Promise<RecordedRun> {
    return this.page.evaluate(() => {
      const rec = (window as unknown as { __journey?: RecordedRun }).__journey;
      if (!rec) throw new Error('startRecording() was not called on this page');
      return { steps: [...rec.steps], cleared: rec.cleared, accuracy: [...rec.accuracy] };
    });
  }

  /**
   * When startRecording() first saw a test accuracy ≥ `percent`: the status-line step then, and the
   * time (Date.now() of this machine); null if not yet.
   */
  async recordedAccuracyCrossing(percent: number): Promise<{ step: number; time: number } | null> {
    const hit = (await this.recordedRun()).accuracy.find(([, a]) => a >= percent);
    return hit ? { step: hit[0], time: hit[2] } : null;
  }

  // ---- MNIST, pruning and quantization --------------------------------------------------------------
  /** The dataset download bar ("Loading MNIST"); present only while downloading. */
  get mnistProgress() { return this.page.getByRole('progressbar', { name: 'Loading MNIST' }); }
  get modelSizeReadout() { return this.readout('Model size'); }
  get layerWidthsReadout() { return this.readout('Layer widths'); }
  get configurationsReadout() { return this.readout('Configurations tried'); }
  get presetButton() { return this.button('LeNet-300-100 preset'); }

  /** Sets a labelled slider (Noise, Sparsity, Bits, …) to `value` and commits it, as releasing the thumb does. */
  async setSlider(label: string, value: number): Promise<void> {
    await (await this.field(label)).evaluate((el, v) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
    await expect(this.control(label)).toHaveValue(String(value));
  }

  /** The "Model size" readout as numbers: float32 and stored bytes, and their ratio. */
  async modelSize(): Promise<ModelSizeReading> {
    await this.panel('Model size');
    return parseModelSize((await this.modelSizeReadout.textContent()) ?? '');
  }

  /** Share (percent) of a layer's weights in its histogram's bin at 0, e.g. zeroBinShare(1). */
  async zeroBinShare(layer: number): Promise<number> {
    await this.panel('Weights');
    const readout = this.readout(new RegExp(`^Zero bin of Layer ${layer}\\b`));
    const m = /\(([\d.]+)%\)/.exec((await readout.textContent()) ?? '');
    return m ? Number(m[1]) : NaN;
  }

  /** How many configurations the "Accuracy vs size" scatter holds (0 before the first). */
  async configurationsTried(): Promise<number> {
    await this.panel('Accuracy vs size');
    if ((await this.configurationsReadout.count()) === 0) return 0;
    return parseNumber((await this.configurationsReadout.textContent()) ?? '');
  }
}

interface Fixtures {
  playground: Playground;
  /** Uncaught page errors and console errors seen during the test, for specs to assert on. */
  pageErrors: string[];
  /**
   * The Backend choice the page starts with (kept in the browser under 'optiplay.backend':
   * src/ui/workspace/backendPreference.ts). 'webgpu' by default: the journeys of the GPU path stay on
   * WebGPU, where on SwiftShader the automatic choice may be the CPU engine (worker/backendRace.ts); null
   * leaves the page's own choice (automatic), as e2e/backend-choice.spec.ts does.
   */
  backendChoice: 'auto' | 'webgpu' | 'cpu' | null;
}

export const test = base.extend<Fixtures>({
  backendChoice: ['webgpu', { option: true }],
  page: async ({ page, backendChoice }, use) => {
    if (backendChoice) {
      await page.addInitScript(([key, value]) => {
        try {
          // only when the page has none: a choice made in the page survives a reload
          if (window.localStorage.getItem(key) === null) window.localStorage.setItem(key, value);
        } catch {
          // about:blank has no storage
        }
      }, ['optiplay.backend', backendChoice] as const);
    }
    await use(page);
  },
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
