// The Runs panel and Compare as the server renders them (no DOM in these tests): headings, labels and
// accessible names, the states and the Compare limit. Clicks and keys are for the browser (e2e) tests.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { point } from '../../store/checkpointFixture';
import type { RunSummary } from '../../store/runSummary';
import { CompareChart } from './CompareChart';
import { RunsPanel } from './RunsPanel';

const noop = () => {};

function summary(id: string, name: string, extra: Partial<RunSummary> = {}): RunSummary {
  return { id, name, createdAt: 0, savedAt: new Date(new Date().getFullYear(), 11, 6, 14, 3).getTime(), dataset: 'mnist', model: '784 → 300 → 100 → 10', step: 12345, testAccuracy: 0.9712, storedBytes: 33_200, ...extra };
}

function panel(runs: RunSummary[] | null, more: { error?: string; currentId?: string; compare?: string[] } = {}): string {
  return renderToStaticMarkup(
    createElement(RunsPanel, { runs, error: more.error ?? null, currentId: more.currentId ?? null, onOpen: noop, onRename: noop, onDelete: noop, onSave: noop, compare: more.compare ?? [], onCompareChange: noop }),
  );
}

/** The markup's text, tags removed. */
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('RunsPanel markup', () => {
  it('is a region named Runs with a labelled name field and a Save run button', () => {
    const html = panel([]);
    expect(html).toMatch(/<section class="panel panel-runs" aria-labelledby="([^"]+)"><h2 id="\1">Runs<\/h2>/);
    expect(html).toMatch(/<label for="([^"]+)">Run name<\/label><input id="\1" type="text" maxLength="80"/);
    expect(html).toContain('<button type="submit" class="button-primary">Save run</button>');
    expect(text(html)).toContain('No saved runs yet: training saves the run every few seconds.');
    expect(html).not.toContain('<table');
  });

  it('ends with its children (the Compare chart)', () => {
    const html = renderToStaticMarkup(
      createElement(RunsPanel, { runs: [], error: null, currentId: null, onOpen: noop, onRename: noop, onDelete: noop, onSave: noop, compare: [], onCompareChange: noop }, createElement(CompareChart, { runs: [] })),
    );
    expect(html).toMatch(/<section class="compare-runs"[^]*<\/section><\/section>$/);
  });

  it('says it is loading, and shows an error as an alert', () => {
    expect(text(panel(null))).toContain('Loading saved runs…');
    expect(panel([], { error: 'Browser storage is full.' })).toContain('<p role="alert" class="runs-error">Browser storage is full.</p>');
  });

  it('lists the runs with their columns, actions and Compare ticks named after the run', () => {
    const html = panel([summary('a', 'Adam run'), summary('b', 'SGD run', { testAccuracy: null, storedBytes: null, dataset: 'spiral' })], { currentId: 'a', compare: ['b'] });
    expect(html).toContain('<caption class="visually-hidden">Saved runs</caption>');
    const heads = [...html.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual(['Name', 'Date', 'Dataset', 'Model', 'Step', 'Test accuracy', 'Stored size', 'Actions']);
    const rows = html.split('<tr').slice(2);
    expect(rows[0]).toMatch(/^ class="is-current" aria-current="true">/);
    expect(text(rows[0])).toContain('Adam run (current)');
    expect(text(rows[0])).toContain('6 Dec 14:03MNIST digits784 → 300 → 100 → 1012,34597.1%33.2 kB');
    expect(text(rows[1])).toContain('Spiral784 → 300 → 100 → 1012,345——');
    for (const row of rows) {
      expect(row).toContain('>Open</button>');
      expect(row).toContain('>Rename</button>');
      expect(row).toContain('>Delete</button>');
    }
    expect(rows[0]).toMatch(/<label class="runs-compare"><input type="checkbox"\/>Compare<span class="visually-hidden"> Adam run<\/span><\/label>/);
    expect(rows[1]).toMatch(/<input type="checkbox" checked=""\/>Compare<span class="visually-hidden"> SGD run<\/span>/);
  });

  it('disables the other Compare ticks once four runs are ticked, and says why', () => {
    const runs = ['a', 'b', 'c', 'd', 'e'].map((id) => summary(id, `Run ${id}`));
    const html = panel(runs, { compare: ['a', 'b', 'c', 'd'] });
    const boxes = [...html.matchAll(/<input type="checkbox"[^>]*>/g)].map((m) => m[0]);
    expect(boxes.filter((b) => b.includes('checked'))).toHaveLength(4);
    expect(boxes[4]).toContain('disabled');
    expect(boxes[4]).toContain('aria-describedby');
    expect(boxes.slice(0, 4).every((b) => !b.includes('disabled'))).toBe(true);
    expect(text(html)).toContain('Comparing 4 runs, the most at once: untick one to pick another.');
  });
});

describe('CompareChart markup', () => {
  const run = (id: string, name: string, accuracy?: number) => ({ id, name, history: [point(0, 10, 1, accuracy), point(0, 20, 0.5, accuracy)] });

  it('asks for 2–4 runs when fewer are ticked', () => {
    for (const runs of [[], [run('a', 'A')]]) {
      const html = renderToStaticMarkup(createElement(CompareChart, { runs }));
      expect(html).toMatch(/<section class="compare-runs" aria-labelledby="([^"]+)"><h3 id="\1">Compare runs<\/h3>/);
      expect(text(html)).toContain('Tick Compare on 2–4 runs to overlay their curves.');
    }
  });

  it('shows a legend of the run names, the loss chart, and the accuracy chart only for classifiers', () => {
    const regression = renderToStaticMarkup(createElement(CompareChart, { runs: [run('a', 'Sine A'), run('b', 'Sine B')] }));
    expect(text(regression)).toContain('Sine ASine BTest loss');
    expect(regression).not.toContain('Test accuracy');
    const classifiers = renderToStaticMarkup(createElement(CompareChart, { runs: [run('a', 'Same', 0.8), run('b', 'Same', 0.9)] }));
    expect(text(classifiers)).toContain('Same (1)Same (2)Test loss');
    expect(text(classifiers)).toContain('Test accuracy');
  });
});
