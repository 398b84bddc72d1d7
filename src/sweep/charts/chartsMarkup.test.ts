// The sweep charts as the server renders them (no DOM here): region names, captions, empty sentences,
// the table's sort buttons and Load button, the parallel coordinates' named axes. Drags, keys and the
// canvases are for the browser (e2e) tests.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BoundaryThumbnails, thumbLabel, thumbOutput, thumbView } from './BoundaryThumbnails';
import { SPACE, TRIALS } from './fixtures';
import { historyPoints, OptimizationHistory } from './OptimizationHistory';
import { ParallelCoordinates } from './ParallelCoordinates';
import { importanceRows, ParameterImportance } from './ParameterImportance';
import { SlicePlot, slicePoints } from './SlicePlot';
import { curveRows, curveSeries, TrialCurves } from './TrialCurves';
import { TrialsTable } from './TrialsTable';

const noop = () => {};
const text = (html: string) => html.replace(/<[^>]+>/g, '');
/** The region's accessible name: the h2 its section is labelled by. */
function regionName(html: string): string | undefined {
  const m = html.match(/^<section class="[^"]*" aria-labelledby="([^"]+)"><h2 id="\1">([^<]+)<\/h2>/);
  return m?.[2];
}

const table = (more: Record<string, unknown> = {}) =>
  renderToStaticMarkup(
    createElement(TrialsTable, { trials: TRIALS, space: SPACE, direction: 'maximize', objective: 'test-accuracy', selected: null, onSelect: noop, onLoad: noop, highlighted: null, ...more }),
  );

describe('TrialsTable markup', () => {
  it('is a region named Trials with sort buttons in the headers, sorted by number', () => {
    const html = table();
    expect(regionName(html)).toBe('Trials');
    const heads = [...html.matchAll(/<th scope="col"[^>]*><button type="button" class="sort-button">([^<]+)</g)].map((m) => m[1]);
    expect(heads).toEqual(['#', 'State', 'Test accuracy', 'Steps', 'Learning rate', 'Optimizer', 'Width']);
    expect(html).toContain('<th scope="col" aria-sort="ascending" class="is-numeric"><button type="button" class="sort-button">#');
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
  });

  it('shows states, values, formatted parameters and a select toggle per row', () => {
    const html = table({ selected: 6 });
    const rows = html.split('<tr').slice(2).map((r) => text(`<tr${r}`));
    expect(rows[0]).toBe('Select trial 0complete50.0%1001.0e-3SGD8');
    expect(rows[6]).toBe('Select trial 6pruned at step 5030.0%507.0e-3SGD56');
    expect(rows[9]).toContain('failed: the loss became NaN—10');
    expect(html).toMatch(/<tr class="is-selected">[^]*?aria-pressed="true"/);
  });

  it('has one Load into playground button, off with a reason until a finished trial is selected', () => {
    const none = table();
    expect(none.match(/>Load into playground</g)).toHaveLength(1);
    expect(none).toMatch(/<button type="button" class="button-primary" disabled="" aria-describedby="([^"]+)">Load into playground<\/button><p class="help" id="\1">Select a trial in the table/);
    expect(table({ selected: 7 })).toContain('Trial 7 is still running: load it once it has finished.');
    const ready = table({ selected: 3 });
    expect(ready).not.toMatch(/disabled=""[^>]*>Load into playground/);
    expect(text(ready)).toContain('Opens trial 3’s settings in the playground');
  });

  it('dims the rows outside the brush and says how many match', () => {
    const html = table({ highlighted: new Set([1, 2]) });
    expect(html.match(/<tr class="is-dimmed"/g)).toHaveLength(8);
    expect(text(html)).toContain('2 of 10 trials inside the brushed ranges; the others are dimmed.');
  });

  it('adds mean ± spread when seeds repeat, and says so when there are no trials', () => {
    const html = table({ configSummaries: [{ configId: 0, mean: 90, std: 1.2, n: 3 }] });
    expect(text(html)).toContain('90.0% ± 1.2% (n = 3)');
    expect(html).toContain('>Mean ± spread<');
    expect(text(table({ trials: [] }))).toContain('No trials yet: start the search and each trial gets a row here.');
  });
});

describe('OptimizationHistory', () => {
  it('plots complete and pruned trials (pruned at their last value), not the others', () => {
    expect(historyPoints(TRIALS).map((p) => [p.id, p.pruned])).toEqual([[0, false], [1, false], [2, false], [3, false], [4, false], [5, false], [6, true]]);
    expect(historyPoints(TRIALS)[6].value).toBe(30);
  });

  it('is a region with a caption, a legend, and a sentence when empty', () => {
    const best = [0, 1, 2].map((id) => ({ id, value: 50 + id, best: 50 + id }));
    const html = renderToStaticMarkup(createElement(OptimizationHistory, { trials: TRIALS, direction: 'maximize', bestSoFar: best, objective: 'test-accuracy' }));
    expect(regionName(html)).toBe('Optimization history');
    expect(text(html)).toContain('Best so far');
    expect(text(html)).toContain('the best test accuracy so far is 52.0%, reached by trial 2.');
    const empty = renderToStaticMarkup(createElement(OptimizationHistory, { trials: [], direction: 'minimize', bestSoFar: [] }));
    expect(text(empty)).toContain('No finished trials yet: each one becomes a point here.');
  });
});

describe('ParallelCoordinates markup', () => {
  it('names each axis as a slider, with a Clear brushes button and a status line', () => {
    const html = renderToStaticMarkup(createElement(ParallelCoordinates, { trials: TRIALS, space: SPACE, direction: 'maximize', objective: 'test-accuracy', onBrush: noop }));
    expect(regionName(html)).toBe('Parallel coordinates');
    const axes = [...html.matchAll(/role="slider" tabindex="0" aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(axes).toEqual(['Learning rate axis', 'Optimizer axis', 'Width axis', 'Test accuracy axis']);
    expect(html).toContain('aria-valuetext="Learning rate: every value (no range)"');
    expect(html).toMatch(/<p role="status" class="sweep-brush-status">No range selected: all 6 complete trials count.<\/p><button type="button" disabled="">Clear brushes<\/button>/);
    expect(html.match(/<path d="M/g)).toHaveLength(6);
  });

  it('says so when no trial is complete', () => {
    const html = renderToStaticMarkup(createElement(ParallelCoordinates, { trials: TRIALS.slice(7), space: SPACE, direction: 'maximize', onBrush: noop }));
    expect(text(html)).toContain('No complete trials yet: each one draws a line across the axes.');
    expect(html).not.toContain('role="slider"');
  });
});

describe('SlicePlot', () => {
  it('draws one captioned slice per parameter', () => {
    const html = renderToStaticMarkup(createElement(SlicePlot, { trials: TRIALS, space: SPACE, objective: 'test-accuracy' }));
    expect(regionName(html)).toBe('Slice');
    expect([...html.matchAll(/<figcaption>([^<]+)<\/figcaption>/g)].map((m) => m[1])).toEqual(['Learning rate', 'Optimizer', 'Width']);
    expect(text(renderToStaticMarkup(createElement(SlicePlot, { trials: [], space: SPACE })))).toContain('No complete trials yet');
  });

  it('places choices by index and colours by trial number', () => {
    const done = TRIALS.filter((t) => t.state === 'complete');
    const pts = slicePoints(SPACE[1], done, 9);
    expect(pts.map((p) => p.x)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(pts[0].colour).not.toBe(pts[5].colour);
  });
});

describe('ParameterImportance', () => {
  it('lists the shares largest first as percentages, with the help text given', () => {
    const rows = importanceRows([{ name: 'width', importance: 0.25 }, { name: 'learningRate', importance: 0.7 }, { name: 'optimizer', importance: 0.05 }]);
    expect(rows.map((r) => `${r.label} ${r.percent}`)).toEqual(['Learning rate 70%', 'Width 25%', 'Optimizer 5%']);
    const html = renderToStaticMarkup(createElement(ParameterImportance, { importance: [{ name: 'learningRate', importance: 1 }], help: 'How it is computed.' }));
    expect(regionName(html)).toBe('Parameter importance');
    expect(text(html)).toContain('How it is computed.Learning rate100%');
    expect(text(renderToStaticMarkup(createElement(ParameterImportance, { importance: [], help: 'x' })))).toContain('Not enough complete trials yet');
  });
});

describe('TrialCurves', () => {
  it('has a row per evaluated step and a dashed line per pruned trial', () => {
    const drawn = TRIALS.filter((t) => t.intermediate.length > 0);
    const rows = curveRows(drawn);
    expect(rows.map((r) => r.step)).toEqual([50, 100]);
    expect(rows[1].t6).toBeNull();
    const series = curveSeries(drawn, 'maximize');
    expect(series.find((s) => s.key === 't6')?.dashed).toBe(true);
    expect(series.find((s) => s.key === 't0')?.dashed).toBe(false);
  });

  it('is a region that mentions the rungs, and a sentence when empty', () => {
    const html = renderToStaticMarkup(createElement(TrialCurves, { trials: TRIALS, rungs: [50, 150], objective: 'test-accuracy' }));
    expect(regionName(html)).toBe('Trial curves');
    expect(text(html)).toContain('7 trial curves, 1 pruned; rungs at steps 50, 150.');
    expect(text(renderToStaticMarkup(createElement(TrialCurves, { trials: [], rungs: [] })))).toContain('No evaluations yet');
  });
});

describe('BoundaryThumbnails', () => {
  const thumb = (id: number, values: number[], classes: number) => ({ id, size: 2, values: new Float32Array(values), classes });

  it('turns cells back into the outputs the Output picture reads', () => {
    const two = thumbOutput(thumb(0, [0.5, 1, 0, 0.25], 2), 2);
    expect(Array.from(two.filter((_, i) => i % 2 === 0))).toEqual([0, 0, 0, 0]);
    expect(two[1]).toBe(0);
    expect(two[3]).toBe(Infinity);
    expect(two[5]).toBe(-Infinity);
    expect(two[7]).toBeCloseTo(Math.log(1 / 3));
    const three = thumbOutput(thumb(0, [2, 0, 1, 1], 3), 3);
    expect(Array.from(three.slice(0, 3))).toEqual([0, 0, 12]);
    expect(thumbView(thumb(0, [0, 0, 0, 0], 3)).outputDim).toBe(3);
    expect(thumbView(thumb(0, [0, 0, 0, 0], 2)).gridSize).toBe(2);
  });

  it('captions each picture "Trial 3: 92.5%" in a region named Decision boundaries', () => {
    expect(thumbLabel(3, { ...TRIALS[3], value: 92.5 }, 'test-accuracy')).toBe('Trial 3: 92.5%');
    expect(thumbLabel(6, TRIALS[6], 'test-accuracy')).toBe('Trial 6: 30.0% (pruned)');
    expect(thumbLabel(8, TRIALS[8])).toBe('Trial 8');
    const html = renderToStaticMarkup(createElement(BoundaryThumbnails, { thumbs: [thumb(1, [0, 1, 1, 0], 2), thumb(0, [0, 1, 1, 0], 2)], trials: TRIALS, objective: 'test-accuracy' }));
    expect(regionName(html)).toBe('Decision boundaries');
    expect([...html.matchAll(/<figcaption>([^<]+)<\/figcaption>/g)].map((m) => m[1])).toEqual(['Trial 0: 50.0%', 'Trial 1: 51.0%']);
    expect(html).toContain('role="img" aria-label="Trial 0’s decision boundary"');
    expect(text(renderToStaticMarkup(createElement(BoundaryThumbnails, { thumbs: [] })))).toContain('No pictures yet');
  });
});
