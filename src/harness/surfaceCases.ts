/**
 * Surface parity cases: shaders/surface.wgsl against its CPU twins (engine/surfaces.ts). The grid case
 * evaluates f on a G×G grid over the surface's window; the gradient case evaluates ∇f at n seeded points
 * (plus the known minima and the default start) laid out as the race lays them out (RACE_STRIDE floats
 * apart) and writes trace slot `slot`. The twins evaluate f and ∇f in float64 at the same float32 points.
 *
 * Tolerance: an element passes when |gpu − cpu| ≤ atol·max|cpu| + rtol·|cpu|, the max over the array
 * compared (the kernel works in float32, whose rounding is relative to the size of the terms, and
 * entries near a minimum, where f and ∇f pass through 0, have no meaningful relative error).
 */
import { createRng } from '../engine/rng';
import { SURFACE_INFO, evaluateGrid, gradientsAt, type SurfaceName } from '../engine/surfaces';
import { UNIFORM } from '../gpu/buffers';
import { RACE_STRIDE } from '../gpu/landscapeRace';
import { SURFACE_UNIFORM_BYTES, surfaceGradientDispatch, surfaceGridDispatch, writeSurfaceUniforms } from '../gpu/kernels/surface';
import { compare, readFloats, run, upload, zeros, type Comparison } from './gpuRun';

export interface SurfaceTol {
  atol: number;
  rtol: number;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

const scaled = (gpu: ArrayLike<number>, cpu: ArrayLike<number>, t: SurfaceTol) => compare(gpu, cpu, t.atol * maxAbs(cpu), t.rtol);

export function createSurfaceCases(device: GPUDevice) {
  const uniforms = () => device.createBuffer({ label: 'surface uniforms', size: SURFACE_UNIFORM_BYTES, usage: UNIFORM });

  return {
    async surfaceGrid(p: { surface: SurfaceName; condition: number; g: number } & SurfaceTol): Promise<Comparison> {
      const window = SURFACE_INFO[p.surface].window;
      const out = zeros(device, p.g * p.g, 'surface grid');
      const u = uniforms();
      writeSurfaceUniforms(device, u, { condition: p.condition, g: p.g, window });
      await run(device, [surfaceGridDispatch(device, p.surface, u, out, p.g)]);
      const gpu = await readFloats(device, out, p.g * p.g);
      out.destroy();
      u.destroy();
      return scaled(gpu, evaluateGrid(p.surface, p.condition, window, p.g), p);
    },

    /**
     * ∇f at n points: `at` first when given, then seeded points uniform over the window widened by half
     * its size; when n leaves room for them (n ≥ minima + 3), the last points are the known minima and the
     * default start. Also returns how many floats outside the racers' slots the kernel changed (must be
     * 0: the race keeps other data there).
     */
    async surfaceGradient(p: { surface: SurfaceName; condition: number; n: number; slot: number; seed: number; at?: Array<readonly [number, number]>; gradTol: SurfaceTol; fTol: SurfaceTol }) {
      const info = SURFACE_INFO[p.surface];
      const w = info.window;
      const rng = createRng(p.seed);
      const fixed = [...info.minima, info.start];
      const firstFixed = p.n >= fixed.length + 3 ? p.n - fixed.length : p.n;
      const at = p.at ?? [];
      const points = new Float32Array(p.n * RACE_STRIDE).fill(7);
      for (let r = 0; r < p.n; r++) {
        const random: [number, number] = [w.xMin + (rng.next() * 2 - 0.5) * (w.xMax - w.xMin), w.yMin + (rng.next() * 2 - 0.5) * (w.yMax - w.yMin)];
        points.set(r < at.length ? at[r] : r >= firstFixed ? fixed[r - firstFixed] : random, r * RACE_STRIDE);
      }
      const sentinel = -3;
      const grads = upload(device, new Float32Array(p.n * RACE_STRIDE).fill(sentinel), 'grads');
      const trace = upload(device, new Float32Array((p.slot + 1) * p.n * 4).fill(sentinel), 'trace');
      const u = uniforms();
      writeSurfaceUniforms(device, u, { condition: p.condition, n: p.n, stride: RACE_STRIDE, slot: p.slot });
      await run(device, [surfaceGradientDispatch(device, p.surface, u, upload(device, points, 'points'), grads, trace, p.n)]);
      const gpuGrads = await readFloats(device, grads, p.n * RACE_STRIDE);
      const gpuTrace = await readFloats(device, trace, (p.slot + 1) * p.n * 4);
      for (const b of [grads, trace, u]) b.destroy();

      const cpuGrads = new Float32Array(p.n * RACE_STRIDE).fill(sentinel);
      const cpuTrace = new Float32Array((p.slot + 1) * p.n * 4).fill(sentinel);
      gradientsAt(p.surface, p.condition, points, p.n, RACE_STRIDE, cpuGrads, cpuTrace, p.slot);
      const pick = (a: Float32Array, stride: number, offsets: number[], first = 0) =>
        Array.from({ length: p.n }, (_, r) => offsets.map((o) => a[first + r * stride + o])).flat();
      const slotAt = p.slot * p.n * 4;
      let outside = 0;
      gpuGrads.forEach((v, i) => (outside += i % RACE_STRIDE >= 2 && v !== sentinel ? 1 : 0));
      gpuTrace.forEach((v, i) => (outside += i < slotAt && v !== sentinel ? 1 : 0));
      return {
        grads: scaled(pick(gpuGrads, RACE_STRIDE, [0, 1]), pick(cpuGrads, RACE_STRIDE, [0, 1]), p.gradTol),
        values: scaled(pick(gpuTrace, 4, [2], slotAt), pick(cpuTrace, 4, [2], slotAt), p.fTol),
        /** The trace's x, y must be the points exactly, and its 4th float 0. */
        tracePoints: compare(pick(gpuTrace, 4, [0, 1, 3], slotAt), pick(cpuTrace, 4, [0, 1, 3], slotAt), 0, 0),
        outside,
      };
    },
  };
}

export type SurfaceCases = ReturnType<typeof createSurfaceCases>;
