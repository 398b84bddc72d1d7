/**
 * "Parallel coordinates" (Optuna Dashboard, W&B, TensorBoard HParams): one vertical axis per search-space
 * parameter (log10 for log-uniform ones, evenly spaced bands for choices) and the objective last; one
 * line per complete trial across them, coloured from worse (orange) to better (blue).
 *
 * Brushing: drag along an axis to keep the trials whose value there lies in the dragged range; ranges on
 * several axes combine with AND; drag inside a range to move it; a click on an axis outside its range
 * clears that axis, and "Clear brushes" clears them all. Keyboard: each axis is a focusable slider
 * ("Learning rate axis"); ArrowUp/ArrowDown start and move a range, Shift+ArrowUp/ArrowDown widen and
 * narrow it, Home/End send it to an end, Escape or Delete clears it. The selection is said in words in a
 * live region and reported through onBrush (null: no range, every trial counts).
 *
 * Coordinates: the SVG's user units, TOP…BOTTOM along an axis for unit positions 1…0 (scales.ts).
 */
import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Direction, ObjectiveName, SearchSpace, Trial } from '../../engine/search/types';
import { band, dragBrush, inside, keyBrush, moveBrush, rangeText, selectIds, selectionText, type Brush, type Brushes, type Line } from './brush';
import { formatObjective, objectiveLabel, trialValue } from './format';
import { goodness, linearScale, niceAxis, OBJECTIVE_KEY, paramAxes, rampColour, type Axis } from './scales';

interface Props {
  trials: readonly Trial[];
  space: SearchSpace;
  direction: Direction;
  objective?: ObjectiveName;
  /** The trials inside every brushed range, or null when no axis is brushed; called when that changes. */
  onBrush(ids: Set<number> | null): void;
}

const GAP = 130;
const LEFT = 60;
const RIGHT = 40;
const TOP = 40;
const BOTTOM = 260;
const HEIGHT = 284;
const HIT = 14;
/** Below this drag (user units) a press is a click. */
const CLICK = 3;
const clamp01 = (t: number) => Math.min(1, Math.max(0, t));
const yOf = (t: number) => BOTTOM - t * (BOTTOM - TOP);

/** The axes: the space's parameters, then the objective over the complete trials' values. */
export function buildAxes(space: SearchSpace, done: readonly Trial[], objective?: ObjectiveName): Axis[] {
  const values = done.map(trialValue);
  const domain = niceAxis(values)?.domain ?? [0, 1];
  const format = (v: number) => formatObjective(v, objective);
  return [...paramAxes(space, done), { key: OBJECTIVE_KEY, label: objectiveLabel(objective), scale: linearScale(domain[0], domain[1], format), format }];
}

/** Each complete trial's position on every axis, and its colour (worse orange → better blue). */
export function buildLines(done: readonly Trial[], axes: readonly Axis[], direction: Direction): Array<Line & { colour: string }> {
  const values = done.map(trialValue);
  const finite = values.filter((v): v is number => v !== null);
  const range: [number, number] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  return done.map((t, i) => {
    const units: Record<string, number | null> = {};
    for (const a of axes) units[a.key] = a.scale.toUnit(a.key === OBJECTIVE_KEY ? values[i] : t.params[a.key as keyof Trial['params']]);
    return { id: t.id, units, colour: rampColour(goodness(values[i] ?? range[0], range, direction)) };
  });
}

/** The SVG path through a line's points, broken where an axis cannot place it. */
function linePath(units: Readonly<Record<string, number | null>>, axes: readonly Axis[]): string {
  let d = '';
  let pen = false;
  axes.forEach((a, i) => {
    const t = units[a.key];
    if (t === null || t === undefined) return void (pen = false);
    d += `${pen ? 'L' : 'M'}${LEFT + i * GAP},${yOf(clamp01(t)).toFixed(1)}`;
    pen = true;
  });
  return d;
}

export const ParallelCoordinates = memo(function ParallelCoordinates({ trials, space, direction, objective, onBrush }: Props) {
  const id = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ key: string; t0: number; start: Brush | undefined; move: boolean; moved: boolean } | null>(null);
  const [brushes, setBrushes] = useState<Brushes>({});
  const done = useMemo(() => trials.filter((t) => t.state === 'complete' && trialValue(t) !== null), [trials]);
  const axes = useMemo(() => buildAxes(space, done, objective), [space, done, objective]);
  const lines = useMemo(() => buildLines(done, axes, direction), [done, axes, direction]);
  const live = useMemo(() => Object.fromEntries(Object.entries(brushes).filter(([k]) => axes.some((a) => a.key === k))), [brushes, axes]);
  const selected = useMemo(() => selectIds(lines, live), [lines, live]);

  // report the selection when its content changes (not on every new Set)
  const reported = useRef('none');
  useEffect(() => {
    const key = selected === null ? 'none' : [...selected].sort((a, b) => a - b).join(',');
    if (key === reported.current) return;
    reported.current = key;
    onBrush(selected);
  }, [selected, onBrush]);

  const setBrush = (key: string, b: Brush | null) =>
    setBrushes((all) => {
      const next = { ...all };
      if (b === null) delete next[key];
      else next[key] = b;
      return next;
    });

  /** The unit position of the pointer along the axes (0 at BOTTOM, 1 at TOP). */
  const unitAt = (e: PointerEvent): number => {
    const ctm = svgRef.current?.getScreenCTM();
    if (!ctm) return 0;
    const y = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse()).y;
    return clamp01((BOTTOM - y) / (BOTTOM - TOP));
  };
  const onPointerDown = (key: string, e: PointerEvent<SVGGElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    e.currentTarget.focus();
    const t0 = unitAt(e);
    const start = live[key];
    drag.current = { key, t0, start, move: start !== undefined && inside(t0, start), moved: false };
  };
  const onPointerMove = (key: string, e: PointerEvent<SVGGElement>) => {
    const d = drag.current;
    if (!d || d.key !== key) return;
    const t = unitAt(e);
    if (!d.moved && Math.abs(t - d.t0) * (BOTTOM - TOP) < CLICK) return;
    d.moved = true;
    setBrush(key, d.move && d.start ? moveBrush(d.start, t - d.t0) : dragBrush(d.t0, t));
  };
  const onPointerUp = (key: string) => {
    const d = drag.current;
    drag.current = null;
    if (d && d.key === key && !d.moved && !d.move) setBrush(key, null);
  };
  const onKeyDown = (a: Axis, e: KeyboardEvent<SVGGElement>) => {
    const n = a.scale.categories?.length ?? 0;
    const step = n > 0 ? 1 / n : 0.05;
    const next = keyBrush(live[a.key], e.key, e.shiftKey, step, n > 0 ? band(Math.floor((n - 1) / 2), n) : undefined);
    if (next === undefined) return;
    e.preventDefault();
    setBrush(a.key, next);
  };

  const width = LEFT + (axes.length - 1) * GAP + RIGHT;
  const status = selected === null ? '' : selectionText(axes, live, selected.size, lines.length);
  const order = selected === null ? lines : [...lines.filter((l) => !selected.has(l.id)), ...lines.filter((l) => selected.has(l.id))];
  return (
    <section className="panel sweep-parallel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Parallel coordinates</h2>
      <p className="help" id={`${id}-help`}>
        One line per complete trial through its settings and its {objectiveLabel(objective).toLowerCase()}, orange (worse) to blue (better).
        Drag along an axis to keep the trials in a range (ranges on several axes must all hold); drag a range to move it, click beside it to
        clear it. Keyboard: focus an axis, arrow keys move a range, Shift with arrows resizes it, Escape clears it.
      </p>
      {lines.length === 0 ? (
        <p className="chart-empty">No complete trials yet: each one draws a line across the axes.</p>
      ) : (
        <>
          <div className="sweep-parallel-scroll">
            <svg ref={svgRef} className="sweep-parallel-svg" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
              <g aria-hidden="true" fill="none" strokeWidth={1.5}>
                {order.map((l) => (
                  <path key={l.id} d={linePath(l.units, axes)} stroke={selected === null || selected.has(l.id) ? l.colour : 'var(--series-grey)'} strokeOpacity={selected === null || selected.has(l.id) ? 0.85 : 0.25} />
                ))}
              </g>
              {axes.map((a, i) => {
                const x = LEFT + i * GAP;
                const b = live[a.key];
                return (
                  <g key={a.key}>
                    <g aria-hidden="true" className="sweep-axis-labels">
                      <text x={x} y={TOP - 16} textAnchor="middle" fontSize={12} fontWeight={600} fill="var(--chart-text)">
                        {a.label}
                      </text>
                      {a.scale.ticks.map((tk) => (
                        <text key={tk.t} x={x - 8} y={yOf(tk.t)} dy="0.35em" textAnchor="end" fontSize={10} fill="var(--chart-tick)">
                          {tk.label}
                        </text>
                      ))}
                    </g>
                    <g
                      className="sweep-axis"
                      role="slider"
                      tabIndex={0}
                      aria-label={`${a.label} axis`}
                      aria-orientation="vertical"
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={b ? Math.round(((b[0] + b[1]) / 2) * 100) : 0}
                      aria-valuetext={b ? rangeText(a, b) : `${a.label}: every value (no range)`}
                      aria-describedby={`${id}-help`}
                      onPointerDown={(e) => onPointerDown(a.key, e)}
                      onPointerMove={(e) => onPointerMove(a.key, e)}
                      onPointerUp={() => onPointerUp(a.key)}
                      onPointerCancel={() => (drag.current = null)}
                      onKeyDown={(e) => onKeyDown(a, e)}
                    >
                      <rect className="sweep-axis-hit" x={x - HIT} y={TOP - 4} width={2 * HIT} height={BOTTOM - TOP + 8} fill="transparent" />
                      <line x1={x} x2={x} y1={TOP} y2={BOTTOM} stroke="var(--chart-axis)" strokeWidth={1.5} />
                      {a.scale.ticks.map((tk) => (
                        <line key={tk.t} x1={x - 4} x2={x} y1={yOf(tk.t)} y2={yOf(tk.t)} stroke="var(--chart-axis)" />
                      ))}
                      {b && <rect className="sweep-brush" x={x - 9} y={yOf(b[1])} width={18} height={Math.max(2, yOf(b[0]) - yOf(b[1]))} rx={3} />}
                    </g>
                  </g>
                );
              })}
            </svg>
          </div>
          <p className="sweep-ramp help" aria-hidden="true">
            <span>worse</span>
            <span className="sweep-ramp-bar" style={{ background: `linear-gradient(to right, ${rampColour(0)}, ${rampColour(0.5)}, ${rampColour(1)})` }} />
            <span>better</span>
          </p>
        </>
      )}
      <div className="sweep-brush-row">
        <p role="status" className="sweep-brush-status">
          {status || (lines.length ? `No range selected: all ${lines.length} complete trials count.` : '')}
        </p>
        <button type="button" onClick={() => setBrushes({})} disabled={Object.keys(live).length === 0}>
          Clear brushes
        </button>
      </div>
    </section>
  );
});
