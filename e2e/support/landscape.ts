/**
 * Page object for the Landscape page (landscape.html), in the style of fixtures.ts: every control and
 * readout is found by role and accessible name.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export class LandscapePage {
  constructor(readonly page: Page) {}

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
  control(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }
  get status() { return this.page.getByRole('status', { name: 'Race status' }); }
  get map() { return this.page.getByRole('img', { name: /^Contour map of/ }); }
  get results() { return this.page.getByRole('table', { name: 'Race results' }); }
  get chartHeading() { return this.page.getByRole('heading', { name: 'Loss per step', level: 2 }); }

  /** Opens the page, optionally with a state hash and a query (e.g. 'backend=cpu'). */
  async goto(hash = '', query = ''): Promise<void> {
    await this.page.goto(`/landscape.html${query ? `?${query}` : ''}${hash ? `#${hash.replace(/^#/, '')}` : ''}`);
    await expect(this.status).toHaveText(/Step \d+/, { timeout: 60_000 });
  }

  async statusText(): Promise<string> {
    return ((await this.status.textContent()) ?? '').trim();
  }

  async currentStep(): Promise<number> {
    const m = /Step (\d+)/.exec(await this.statusText());
    return m ? Number(m[1]) : 0;
  }

  /** Commits a number field with Enter; a slider is set directly (its change event commits it). */
  async setField(label: string, value: string | number): Promise<void> {
    const field = this.control(label);
    await field.fill(String(value));
    if ((await field.getAttribute('type')) !== 'range') await field.press('Enter');
  }

  /** The results row of the racer using this optimizer ('SGD', 'Momentum', 'Adam', …). */
  row(optimizer: string): Locator {
    return this.results.getByRole('row').filter({ has: this.page.getByRole('cell', { name: optimizer, exact: true }) });
  }

  /** "Steps to minimum" of that racer: a number, or null for "—". */
  async stepsToMinimum(optimizer: string): Promise<number | null> {
    const text = ((await this.row(optimizer).getByRole('cell').last().textContent()) ?? '').trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  /** Distinct colours in a coarse sample of the map canvas's pixels. */
  async mapColours(): Promise<number> {
    return this.map.evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx) return 0;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    });
  }
}

export const test = base.extend<{ landscape: LandscapePage; pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    await use(errors);
  },
  landscape: async ({ page }, use) => {
    await use(new LandscapePage(page));
  },
});

export { expect };
