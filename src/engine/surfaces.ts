/**
 * The 2-D loss surfaces of the Landscape page: f(x, y), ∇f, view windows, start points and known minima,
 * plus the CPU twins of shaders/surface.wgsl (the G×G grid evaluation and the gradient at points).
 *   bowl        (x − 3)² + c·(y − 3)², condition number c (the ratio of the two curvatures)
 *   rosenbrock  (1 − x)² + 100·(y − x²)²
 *   beale       (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
 *   himmelblau  (x² + y − 11)² + (x + y² − 7)², four minima with f = 0
 *   saddle      x² − y², unbounded below: no minimum
 * The index of a surface in SURFACES is the kernel's SURFACE override constant.
 */
export const SURFACES = ['bowl', 'rosenbrock', 'beale', 'himmelblau', 'saddle'] as const;
export type SurfaceName = (typeof SURFACES)[number];

export type Point = readonly [number, number];

export interface ViewWindow {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface SurfaceInfo {
  name: SurfaceName;
  label: string;
  formula: string;
  window: ViewWindow;
  start: Point;
  /** Known minima (empty for the saddle). */
  minima: readonly Point[];
  /** The value at the minima, null when there is none. */
  fMin: number | null;
  /** A learning rate at which SGD, Momentum and Adam all make visible, finite progress. */
  learningRate: number;
  /** Said under the map, e.g. that the saddle has no minimum. */
  note: string;
}

export const CONDITION_MIN = 1;
export const CONDITION_MAX = 100;
export const CONDITION_DEFAULT = 20;

export const SURFACE_INFO: Record<SurfaceName, SurfaceInfo> = {
  bowl: {
    name: 'bowl',
    label: 'Ill-conditioned bowl',
    formula: 'f = (x − 3)² + c·(y − 3)²',
    window: { xMin: 0.5, xMax: 5.5, yMin: 0.5, yMax: 5.5 },
    start: [2.25, 3.75],
    minima: [[3, 3]],
    fMin: 0,
    learningRate: 0.015,
    note: 'One minimum at (3, 3), f = 0. The valley is c times steeper across y than along x.',
  },
  rosenbrock: {
    name: 'rosenbrock',
    label: 'Rosenbrock',
    formula: 'f = (1 − x)² + 100·(y − x²)²',
    window: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
    start: [-1.2, 1],
    minima: [[1, 1]],
    fMin: 0,
    learningRate: 0.001,
    note: 'One minimum at (1, 1), f = 0, at the end of a long, flat, curved valley.',
  },
  beale: {
    name: 'beale',
    label: 'Beale',
    formula: 'f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    window: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
    start: [1, 1.5],
    minima: [[3, 0.5]],
    fMin: 0,
    learningRate: 0.003,
    note: 'One minimum at (3, 0.5), f = 0; steep walls near the corners, flat plateaus elsewhere.',
  },
  himmelblau: {
    name: 'himmelblau',
    label: 'Himmelblau',
    formula: 'f = (x² + y − 11)² + (x + y² − 7)²',
    window: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
    start: [-0.3, -0.9],
    minima: [
      [3, 2],
      [-2.805118086952745, 3.131312518250573],
      [-3.779310253377747, -3.283185991286170],
      [3.584428340330492, -1.848126526964404],
    ],
    fMin: 0,
    learningRate: 0.005,
    note: 'Four minima, all with f = 0; a start near the central peak can roll into any of them.',
  },
  saddle: {
    name: 'saddle',
    label: 'Saddle',
    formula: 'f = x² − y²',
    window: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    start: [-1.8, 0.05],
    minima: [],
    fMin: null,
    learningRate: 0.02,
    note: 'No minimum: the saddle point (0, 0) has zero gradient but f falls without bound along y.',
  },
};

/** f(x, y) in float64; `c` is the bowl's condition number (ignored by the others). */
export function surfaceValue(s: SurfaceName, x: number, y: number, c: number): number {
  switch (s) {
    case 'bowl':
      return (x - 3) * (x - 3) + c * (y - 3) * (y - 3);
    case 'rosenbrock': {
      const a = 1 - x, b = y - x * x;
      return a * a + 100 * b * b;
    }
    case 'beale': {
      const t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
      return t1 * t1 + t2 * t2 + t3 * t3;
    }
    case 'himmelblau': {
      const a = x * x + y - 11, b = x + y * y - 7;
      return a * a + b * b;
    }
    case 'saddle':
      return x * x - y * y;
  }
}

/** ∇f(x, y) in float64. */
export function surfaceGradient(s: SurfaceName, x: number, y: number, c: number): [number, number] {
  switch (s) {
    case 'bowl':
      return [2 * (x - 3), 2 * c * (y - 3)];
    case 'rosenbrock': {
      const b = y - x * x;
      return [-2 * (1 - x) - 400 * x * b, 200 * b];
    }
    case 'beale': {
      const y2 = y * y, y3 = y2 * y;
      const t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
      return [2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1)), 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3)];
    }
    case 'himmelblau': {
      const a = x * x + y - 11, b = x + y * y - 7;
      return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
    }
    case 'saddle':
      return [2 * x, -2 * y];
  }
}

/** The nearest known minimum and the distance to it; null for a surface without minima. */
export function nearestMinimum(s: SurfaceName, x: number, y: number): { point: Point; distance: number } | null {
  let best: { point: Point; distance: number } | null = null;
  for (const m of SURFACE_INFO[s].minima) {
    const d = Math.hypot(x - m[0], y - m[1]);
    if (!best || d < best.distance) best = { point: m, distance: d };
  }
  return best;
}

/**
 * The grid's sample points, as the kernel computes them in float32: G×G cell centres over the window,
 * row-major from the top (row 0 is the largest y): x_i = xMin + (i + ½)·dx, y_j = yMax − (j + ½)·dy,
 * dx = (xMax − xMin)/G, dy = (yMax − yMin)/G. G = 1 samples the window's centre.
 */
export interface GridGeometry {
  xMin: number;
  yMax: number;
  dx: number;
  dy: number;
}

export function gridGeometry(w: ViewWindow, g: number): GridGeometry {
  const f = Math.fround;
  return { xMin: f(w.xMin), yMax: f(w.yMax), dx: f((w.xMax - w.xMin) / g), dy: f((w.yMax - w.yMin) / g) };
}

export function gridX(geo: GridGeometry, i: number): number {
  const f = Math.fround;
  return f(geo.xMin + f(f(i + 0.5) * geo.dx));
}

export function gridY(geo: GridGeometry, j: number): number {
  const f = Math.fround;
  return f(geo.yMax - f(f(j + 0.5) * geo.dy));
}

/** CPU twin of the grid kernel: f at the float32 grid points, evaluated in float64, stored as float32. */
export function evaluateGrid(s: SurfaceName, c: number, w: ViewWindow, g: number): Float32Array {
  const geo = gridGeometry(w, g);
  const cf = Math.fround(c);
  const out = new Float32Array(g * g);
  for (let j = 0; j < g; j++) {
    const y = gridY(geo, j);
    for (let i = 0; i < g; i++) out[j * g + i] = surfaceValue(s, gridX(geo, i), y, cf);
  }
  return out;
}

/**
 * CPU twin of the gradient kernel: for each of n points (x, y) at `points[r·stride]`, ∇f into
 * `grads[r·stride]` and (x, y, f, 0) into trace[(slot·n + r)·4].
 */
export function gradientsAt(s: SurfaceName, c: number, points: Float32Array, n: number, stride: number, grads: Float32Array, trace: Float32Array, slot = 0): void {
  const cf = Math.fround(c);
  for (let r = 0; r < n; r++) {
    const x = points[r * stride], y = points[r * stride + 1];
    const [gx, gy] = surfaceGradient(s, x, y, cf);
    grads[r * stride] = gx;
    grads[r * stride + 1] = gy;
    trace.set([x, y, surfaceValue(s, x, y, cf), 0], (slot * n + r) * 4);
  }
}
