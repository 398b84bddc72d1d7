/**
 * The Landscape surfaces: analytic gradients against central finite differences, the stated minima
 * (zero gradient, stated value), the grid twin's layout, and a CPU race on the c = 20 bowl at the page's
 * default learning rate: Momentum and Adam reach the minimum in fewer steps than plain SGD.
 */
import { describe, expect, it } from 'vitest';
import { createCpuRace } from './cpuRace';
import { defaultLandscape, racerHyper } from './landscapeState';
import { MINIMUM_RADIUS, newProgress, recordPoint, type RaceSetup } from './race';
import { createRng } from './rng';
import { SURFACES, SURFACE_INFO, evaluateGrid, nearestMinimum, surfaceGradient, surfaceValue, type SurfaceName } from './surfaces';

const CONDITIONS: Record<SurfaceName, number[]> = { bowl: [1, 20, 100], rosenbrock: [20], beale: [20], himmelblau: [20], saddle: [20] };

describe('gradients', () => {
  for (const s of SURFACES) {
    for (const c of CONDITIONS[s]) {
      it(`${s} (c = ${c}): ∇f matches central differences over the window`, () => {
        const w = SURFACE_INFO[s].window;
        const rng = createRng(17 + c);
        for (let k = 0; k < 200; k++) {
          const x = w.xMin + rng.next() * (w.xMax - w.xMin), y = w.yMin + rng.next() * (w.yMax - w.yMin);
          const h = 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
          const fd = [
            (surfaceValue(s, x + h, y, c) - surfaceValue(s, x - h, y, c)) / (2 * h),
            (surfaceValue(s, x, y + h, c) - surfaceValue(s, x, y - h, c)) / (2 * h),
          ];
          const g = surfaceGradient(s, x, y, c);
          // central differences: O(h²) truncation plus float64 rounding ≈ 1e-16·|f|/h
          const tol = 1e-6 * Math.max(1, Math.abs(g[0]), Math.abs(g[1])) + (1e-15 * Math.abs(surfaceValue(s, x, y, c))) / h;
          expect(Math.abs(g[0] - fd[0]), `∂f/∂x at (${x}, ${y})`).toBeLessThan(tol);
          expect(Math.abs(g[1] - fd[1]), `∂f/∂y at (${x}, ${y})`).toBeLessThan(tol);
        }
      });
    }
  }
});

describe('minima', () => {
  for (const s of SURFACES.filter((n) => SURFACE_INFO[n].minima.length > 0)) {
    it(`${s}: every stated minimum has zero gradient and the stated value, and is a minimum`, () => {
      const info = SURFACE_INFO[s];
      for (const [x, y] of info.minima) {
        const [gx, gy] = surfaceGradient(s, x, y, 20);
        expect(Math.hypot(gx, gy), `|∇f| at (${x}, ${y})`).toBeLessThan(1e-9);
        expect(Math.abs(surfaceValue(s, x, y, 20) - info.fMin!), `f at (${x}, ${y})`).toBeLessThan(1e-20);
        for (const [dx, dy] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3]]) {
          expect(surfaceValue(s, x + dx, y + dy, 20)).toBeGreaterThan(info.fMin!);
        }
      }
    });
  }

  it('the saddle has none: zero gradient at (0, 0), but f falls along y', () => {
    const info = SURFACE_INFO.saddle;
    expect(info.minima).toEqual([]);
    expect(info.fMin).toBeNull();
    expect(surfaceGradient('saddle', 0, 0, 20)).toEqual([0, -0]);
    expect(surfaceValue('saddle', 0, 0.1, 20)).toBeLessThan(0);
    expect(nearestMinimum('saddle', 0, 0)).toBeNull();
  });

  it('Himmelblau: the nearest of the four minima', () => {
    const near = nearestMinimum('himmelblau', -3, 3);
    expect(near?.point).toEqual(SURFACE_INFO.himmelblau.minima[1]);
    expect(near!.distance).toBeCloseTo(Math.hypot(-3 + 2.805118086952745, 3 - 3.131312518250573), 12);
  });

  it('every default start lies inside its window', () => {
    for (const s of SURFACES) {
      const { window: w, start } = SURFACE_INFO[s];
      expect(start[0]).toBeGreaterThanOrEqual(w.xMin);
      expect(start[0]).toBeLessThanOrEqual(w.xMax);
      expect(start[1]).toBeGreaterThanOrEqual(w.yMin);
      expect(start[1]).toBeLessThanOrEqual(w.yMax);
    }
  });
});

describe('grid twin', () => {
  it('G = 1 samples the window centre; rows run from the top', () => {
    const w = SURFACE_INFO.bowl.window;
    expect(evaluateGrid('bowl', 20, w, 1)[0]).toBe(Math.fround(surfaceValue('bowl', (w.xMin + w.xMax) / 2, (w.yMin + w.yMax) / 2, 20)));
    const g = 7, grid = evaluateGrid('saddle', 20, SURFACE_INFO.saddle.window, g);
    // saddle x² − y²: the top row (largest |y|) is lower than the middle row at the same x
    expect(grid[0 * g + 3]).toBeLessThan(grid[3 * g + 3]);
    expect(grid[0]).toBeCloseTo(grid[(g - 1) * g], 5);
  });
});

/** Runs the CPU race from the bowl's default state; the steps at which each racer first got within MINIMUM_RADIUS. */
function bowlRace(maxSteps: number) {
  const state = defaultLandscape('bowl');
  const setup: RaceSetup = { surface: 'bowl', condition: state.condition, start: state.start, hypers: state.racers.map((r) => racerHyper(state, r)) };
  const engine = createCpuRace();
  engine.reset(setup);
  const progress = newProgress(setup);
  const n = setup.hypers.length;
  return (async () => {
    for (let from = 0; from < maxSteps; from += 10) {
      const trace = await engine.advance(10)!;
      for (let s = 0; s <= 10; s++) for (let r = 0; r < n; r++) recordPoint(progress[r], 'bowl', from + s, trace[(s * n + r) * 4], trace[(s * n + r) * 4 + 1], trace[(s * n + r) * 4 + 2]);
      if (progress.every((p) => p.stepsToMinimum !== null)) break;
    }
    return { state, progress };
  })();
}

describe('the race on the ill-conditioned bowl (c = 20, the page defaults)', () => {
  it('Momentum and Adam reach the minimum in fewer steps than SGD, at one shared learning rate', async () => {
    const { state, progress } = await bowlRace(2000);
    expect(state.racers.map((r) => r.optimizer)).toEqual(['sgd', 'momentum', 'adam']);
    expect(new Set(state.racers.map((r) => r.learningRate)).size).toBe(1);
    const [sgd, momentum, adam] = progress.map((p) => p.stepsToMinimum);
    console.log(`bowl c=20 lr=${state.racers[0].learningRate} start=(${state.start.join(', ')}): steps to within ${MINIMUM_RADIUS} of (3, 3): SGD ${sgd}, Momentum ${momentum}, Adam ${adam}`);
    expect(progress.every((p) => p.divergedAt === null)).toBe(true);
    expect(sgd).not.toBeNull();
    expect(momentum).not.toBeNull();
    expect(adam).not.toBeNull();
    expect(momentum!).toBeLessThan(sgd!);
    expect(adam!).toBeLessThan(sgd!);
    // the figures the page shows (float32 twins, deterministic)
    expect([sgd, momentum, adam]).toEqual([142, 67, 81]);
  });
});
