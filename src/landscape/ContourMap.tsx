/**
 * The contour map with the racers' trajectories. The start point is dragged with the pointer (anywhere
 * on the map: press, move, release); releasing commits it and restarts the race. The Start x / Start y
 * fields are the keyboard way to the same thing. The map's description is its legend and where each
 * racer is now (chartSummaries' mapSummary, in a hidden paragraph the canvas points to).
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent, type RefObject } from 'react';
import { SURFACE_INFO, type Point } from '../engine/surfaces';
import { OPTIMIZER_LABELS, racerLabel, type LandscapeState } from '../engine/landscapeState';
import { mapSummary } from '../ui/common/chartSummaries';
import { RACER_COLOURS, contourImage, drawMap, toWorld } from './drawLandscape';
import type { Grid, History } from './useLandscape';
import { context2d } from '../ui/common/canvas2d';

const LOGICAL_SIZE = 440;

interface Props {
  state: LandscapeState;
  grid: Grid | null;
  history: RefObject<History>;
  version: number;
  stopped: readonly boolean[];
  onStart(start: [number, number]): void;
}

export function mapLabel(state: LandscapeState): string {
  const info = SURFACE_INFO[state.surface];
  const c = state.surface === 'bowl' ? ` with condition number ${state.condition}` : '';
  return `Contour map of the ${info.label}${c}: ${info.formula}`;
}

export function ContourMap({ state, grid, history, version, stopped, onStart }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size] = useState(() => Math.round(LOGICAL_SIZE * Math.min(2, Math.max(1, window.devicePixelRatio || 1))));
  const [drag, setDrag] = useState<Point | null>(null);
  const info = SURFACE_INFO[state.surface];
  const current = grid && grid.surface === state.surface ? grid : null;

  const background = useMemo(() => {
    if (!current) return null;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    context2d(canvas)?.putImageData(contourImage(current.values, current.size, SURFACE_INFO[current.surface].fMin, size), 0, 0);
    return canvas;
  }, [current, size]);

  useEffect(() => {
    // A CPU-backed canvas: a few polylines a frame, and far cheaper to composite on software GPUs.
    const ctx = context2d(canvasRef.current);
    if (!ctx) return;
    const h = history.current;
    drawMap(ctx, background, { size, info, start: drag ?? state.start, trajectories: drag ? [] : h.trajectories, stopped });
  }, [background, size, info, state.start, drag, version, stopped, history]);

  // the history grows in place; `version` says when to look at it again (the map redraws then too)
  const summary = useMemo(
    () => mapSummary(state.start, state.racers.map((r, i) => ({ label: racerLabel(r), trajectory: history.current.trajectories[i] ?? [], stopped: stopped[i] ?? false }))),
    [state.start, state.racers, stopped, history, version],
  );

  const worldAt = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = toWorld(info, size, ((e.clientX - rect.left) / rect.width) * size, ((e.clientY - rect.top) / rect.height) * size);
    const w = info.window;
    const round = (v: number) => Number(v.toFixed(3));
    return [round(Math.min(w.xMax, Math.max(w.xMin, x))), round(Math.min(w.yMax, Math.max(w.yMin, y)))];
  };

  return (
    <div className="landscape-map">
      <canvas
        ref={canvasRef}
        className="map-canvas"
        width={size}
        height={size}
        role="img"
        aria-label={mapLabel(state)}
        aria-describedby="map-legend map-racers"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag(worldAt(e));
        }}
        onPointerMove={(e) => {
          if (drag) setDrag(worldAt(e));
        }}
        onPointerUp={(e) => {
          if (!drag) return;
          const at = worldAt(e);
          setDrag(null);
          onStart(at);
        }}
        onPointerCancel={() => setDrag(null)}
      />
      <div className="legend" id="map-legend">
        <p>
          {info.formula}. {info.note}
        </p>
        <p>
          <span className="map-key map-key-start" aria-hidden="true" /> start (drag it on the map, or type Start x and y),{' '}
          <span className="map-key map-key-min" aria-hidden="true">✕</span> {info.minima.length > 0 ? 'known minima' : 'no minimum on this surface'}.
          Bands: {info.fMin === null ? 'equal steps of f' : 'log-spaced levels of f − f_min (each band about the same factor)'}; lighter is lower.
        </p>
        <ul className="racer-keys">
          {state.racers.map((r, i) => (
            <li key={i}>
              <span className="swatch" style={{ background: RACER_COLOURS[i] }} aria-hidden="true" /> Optimizer {i + 1}: {OPTIMIZER_LABELS[r.optimizer]} · lr {r.learningRate}
              {stopped[i] ? ' (stopped: diverged)' : ''}
            </li>
          ))}
        </ul>
      </div>
      <p id="map-racers" hidden>
        {summary}
      </p>
    </div>
  );
}
