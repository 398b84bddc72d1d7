import { describe, expect, it } from 'vitest';
import { band, dragBrush, keyBrush, moveBrush, rangeText, resizeBrush, selectIds, selectionText, type Line } from './brush';
import { buildAxes, buildLines } from './ParallelCoordinates';
import { SPACE, trial, TRIALS } from './fixtures';
import { OBJECTIVE_KEY } from './scales';

const close = (b: readonly number[] | null | undefined) => b?.map((v) => Number(v.toFixed(6)));

describe('brush geometry', () => {
  it('a drag either way gives a range clamped to the axis', () => {
    expect(dragBrush(0.8, 0.2)).toEqual([0.2, 0.8]);
    expect(dragBrush(-1, 0.5)).toEqual([0, 0.5]);
  });

  it('moves keep the width and stop at the ends; resizing keeps the middle', () => {
    expect(close(moveBrush([0.2, 0.4], 0.1))).toEqual([0.3, 0.5]);
    expect(close(moveBrush([0.2, 0.4], 5))).toEqual([0.8, 1]);
    expect(close(moveBrush([0.2, 0.4], -5))).toEqual([0, 0.2]);
    expect(close(resizeBrush([0.4, 0.6], 0.2))).toEqual([0.3, 0.7]);
    expect(close(resizeBrush([0.4, 0.6], -1, 0.1))).toEqual([0.45, 0.55]);
  });
});

describe('keyBrush (keyboard)', () => {
  it('starts a range with an arrow or Enter, moves it, resizes it with Shift, clears it with Escape', () => {
    expect(keyBrush(undefined, 'ArrowUp', false, 0.05)).toEqual([0.4, 0.6]);
    expect(keyBrush(undefined, 'Enter', false, 0.05)).toEqual([0.4, 0.6]);
    expect(close(keyBrush([0.4, 0.6], 'ArrowUp', false, 0.05))).toEqual([0.45, 0.65]);
    expect(close(keyBrush([0.4, 0.6], 'ArrowDown', false, 0.05))).toEqual([0.35, 0.55]);
    expect(close(keyBrush([0.4, 0.6], 'ArrowUp', true, 0.05))).toEqual([0.35, 0.65]);
    expect(close(keyBrush([0.4, 0.6], 'ArrowDown', true, 0.05))).toEqual([0.45, 0.55]);
    expect(close(keyBrush([0.4, 0.6], 'End', false, 0.05))).toEqual([0.8, 1]);
    expect(close(keyBrush([0.4, 0.6], 'Home', false, 0.05))).toEqual([0, 0.2]);
    expect(keyBrush([0.4, 0.6], 'Escape', false, 0.05)).toBeNull();
    expect(keyBrush(undefined, 'Escape', false, 0.05)).toBeUndefined();
    expect(keyBrush([0.4, 0.6], 'Tab', false, 0.05)).toBeUndefined();
  });

  it('on a choice axis, steps one band at a time from the middle choice', () => {
    const start = band(1, 3);
    expect(keyBrush(undefined, 'ArrowUp', false, 1 / 3, start)).toEqual(start);
    expect(close(keyBrush(start, 'ArrowUp', false, 1 / 3, start))).toEqual(close([2 / 3, 1]));
  });
});

describe('selection', () => {
  const lines: Line[] = [
    { id: 0, units: { a: 0.1, b: 0.9 } },
    { id: 1, units: { a: 0.5, b: 0.5 } },
    { id: 2, units: { a: 0.9, b: null } },
  ];

  it('is null with no brush, and the AND of every brushed axis', () => {
    expect(selectIds(lines, {})).toBeNull();
    expect([...(selectIds(lines, { a: [0.4, 1] }) ?? [])]).toEqual([1, 2]);
    expect([...(selectIds(lines, { a: [0.4, 1], b: [0, 0.6] }) ?? [])]).toEqual([1]);
    expect(selectIds(lines, { a: [0.95, 1] })?.size).toBe(0);
  });

  it('says the range and the count in words', () => {
    const trials = Array.from({ length: 16 }, (_, i) => trial(i, { params: { learningRate: [1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1][i % 6], optimizer: 'adam', width: 16 } }));
    const axes = buildAxes(SPACE, trials, 'test-accuracy');
    const lr = axes[0];
    const b = dragBrush(lr.scale.toUnit(1e-3) ?? 0, lr.scale.toUnit(3e-2) ?? 1);
    const lines = buildLines(trials, axes, 'maximize');
    const ids = selectIds(lines, { learningRate: b });
    expect(ids?.size).toBe(11);
    expect(selectionText(axes, { learningRate: b }, ids?.size ?? 0, trials.length)).toBe('Learning rate 1.0e-3 – 3.0e-2; 11 of 16 trials');
    const opt = axes[1];
    expect(rangeText(opt, band(1, 3))).toBe('Optimizer Adam');
    expect(rangeText(opt, [0, 2 / 3])).toBe('Optimizer SGD, Adam');
    expect(selectionText(axes, {}, 16, 16)).toBe('');
  });

  it('places each complete trial on every axis, the objective last', () => {
    const done = TRIALS.filter((t) => t.state === 'complete');
    const axes = buildAxes(SPACE, done, 'test-accuracy');
    expect(axes.map((a) => a.label)).toEqual(['Learning rate', 'Optimizer', 'Width', 'Test accuracy']);
    const lines = buildLines(done, axes, 'maximize');
    expect(lines).toHaveLength(6);
    expect(lines[0].units.optimizer).toBeCloseTo(1 / 6);
    expect(lines[5].units[OBJECTIVE_KEY]).toBeGreaterThan(lines[0].units[OBJECTIVE_KEY] ?? 1);
    expect(lines[5].colour).toBe('rgb(29,95,191)');
    expect(lines[0].colour).toBe('rgb(212,96,11)');
  });
});
