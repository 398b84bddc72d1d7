/**
 * shaders/surface.wgsl against its CPU twins (engine/surfaces.ts): the grid evaluation of f on odd grid
 * sizes and the gradient kernel at odd numbers of points, for every surface.
 *
 * Tolerance (relative, float32): an element passes when |gpu − cpu| ≤ atol·max|cpu| + rtol·|cpu|, the
 * max over the array compared, atol 1e-6 and rtol 1e-5 for both f and ∇f (the largest
 * errors seen on SwiftShader are about 3e-7 of the scale). The kernel
 * evaluates in float32 (about 6e-8 relative per rounding, a handful of roundings, WGSL's freedom to fuse
 * multiply-adds); the twin evaluates in float64 at the same float32 points. The largest errors come from
 * cancellation (y − x² in Rosenbrock, 1.5 − x + xy in Beale), whose size is set by the largest terms,
 * hence the scale term. Beale's ∇f at the window's far corners reaches 1e6, so its scale is large too.
 */
import { SURFACES, SURFACE_INFO, type SurfaceName } from '../../src/engine/surfaces';
import { expect, test } from './harness';

const GRID_SIZES = [1, 7, 33, 129];
const POINTS = [1, 3, 7, 33];
const F_TOL = { atol: 1e-6, rtol: 1e-5 };
const GRAD_TOL = { atol: 1e-6, rtol: 1e-5 };
const CONDITIONS: Record<SurfaceName, number[]> = { bowl: [1, 20, 100], rosenbrock: [20], beale: [20], himmelblau: [20], saddle: [20] };

const rel = (c: { maxAbsErr: number; maxRef: number }) => (c.maxRef > 0 ? c.maxAbsErr / c.maxRef : c.maxAbsErr).toExponential(1);

test('grid: f on G×G cell centres over the window, every surface, odd G', async ({ harness }) => {
  for (const surface of SURFACES) {
    for (const condition of CONDITIONS[surface]) {
      for (const g of GRID_SIZES) {
        const what = `${surface} c=${condition} G=${g}`;
        const r = await harness.run('surfaceGrid', { surface, condition, g, ...F_TOL });
        console.log(`${what}: max |err|/max|f| ${rel(r)}`);
        expect(r.count, what).toBe(g * g);
        if (g > 1) expect(r.maxRef, `${what} is not all zeros`).toBeGreaterThan(0);
        expect(r.violations, `${what}: worst ${JSON.stringify(r.worst)} maxAbsErr ${r.maxAbsErr}`).toBe(0);
      }
    }
  }
});

test('gradient: ∇f and f at the racers’ points, every surface, odd numbers of points', async ({ harness }) => {
  for (const surface of SURFACES) {
    for (const condition of CONDITIONS[surface]) {
      for (const n of POINTS) {
        const what = `${surface} c=${condition} n=${n}`;
        const r = await harness.run('surfaceGradient', { surface, condition, n, slot: 2, seed: n * 31 + condition, gradTol: GRAD_TOL, fTol: F_TOL });
        console.log(`${what}: ∇f ${rel(r.grads)}, f ${rel(r.values)}`);
        expect(r.grads.count, what).toBe(2 * n);
        expect(r.grads.violations, `${what} ∇f: worst ${JSON.stringify(r.grads.worst)} maxAbsErr ${r.grads.maxAbsErr}`).toBe(0);
        expect(r.values.count, what).toBe(n);
        expect(r.values.violations, `${what} f: worst ${JSON.stringify(r.values.worst)} maxAbsErr ${r.values.maxAbsErr}`).toBe(0);
        expect(r.tracePoints.violations, `${what}: the trace holds the points exactly`).toBe(0);
        expect(r.outside, `${what}: floats written outside the racers' slots`).toBe(0);
      }
    }
  }
});

test('gradient at Himmelblau’s four minima is (near) zero on the GPU too', async ({ harness }) => {
  const at = SURFACE_INFO.himmelblau.minima.map((m) => [m[0], m[1]] as const);
  const r = await harness.run('surfaceGradient', { surface: 'himmelblau', condition: 20, n: 4, slot: 0, seed: 1, at, gradTol: GRAD_TOL, fTol: F_TOL });
  expect(r.grads.count).toBe(8);
  // at the float32-rounded minima: |∇f| ≈ |Hessian|·|rounding| ≈ 100 · 2e-7
  expect(r.grads.maxRef, 'the twin’s ∇f at the minima').toBeLessThan(1e-4);
  expect(r.grads.maxAbsErr, 'the kernel’s ∇f at the minima').toBeLessThan(1e-3);
  expect(r.values.maxAbsErr, 'f at the minima').toBeLessThan(1e-6);
});
