/**
 * The Landscape page's surfaces (shaders/surface.wgsl), specialised by the SURFACE override constant:
 * f on a G×G grid, and ∇f (plus a trace of the points and f) at the racers' points.
 * CPU twins: engine/surfaces.ts (evaluateGrid, gradientsAt).
 */
import code from '../../../shaders/surface.wgsl?raw';
import { SURFACES, gridGeometry, type SurfaceName, type ViewWindow } from '../../engine/surfaces';
import { bindGroup, getPipeline, grid1d, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const SURFACE_GRID: KernelDef = { label: 'surface', code, entry: 'grid', bindings: ['uniform', 'rw'] };
// uniforms, grads (out), points, trace
export const SURFACE_GRADIENT: KernelDef = { label: 'surface', code, entry: 'gradient', bindings: ['uniform', 'rw', 'read', 'rw'] };

const WG = 64;
/** The uniform block: 12 words (xMin yMax dx dy c as f32; g n stride slot as u32; 3 pad). */
export const SURFACE_UNIFORM_BYTES = 48;

export interface SurfaceUniforms {
  condition: number;
  /** Grid size G (grid entry). */
  g?: number;
  window?: ViewWindow;
  /** Racers (gradient entry), floats between racers in `points`/`out`, trace slot. */
  n?: number;
  stride?: number;
  slot?: number;
}

export function surfaceUniformWords(u: SurfaceUniforms): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(SURFACE_UNIFORM_BYTES / 4);
  const floats = new Float32Array(words.buffer);
  if (u.window && u.g) {
    const geo = gridGeometry(u.window, u.g);
    floats.set([geo.xMin, geo.yMax, geo.dx, geo.dy]);
  }
  floats[4] = u.condition;
  words.set([u.g ?? 0, u.n ?? 0, u.stride ?? 0, u.slot ?? 0], 5);
  return words;
}

export function writeSurfaceUniforms(device: GPUDevice, buffer: GPUBuffer, u: SurfaceUniforms): void {
  device.queue.writeBuffer(buffer, 0, surfaceUniformWords(u));
}

const surfaceIndex = (s: SurfaceName) => SURFACES.indexOf(s);

/** out[j·G + i] = f at cell centre (i, j) of the window (uniforms written with g, window, condition). */
export function surfaceGridDispatch(device: GPUDevice, surface: SurfaceName, uniforms: GPUBuffer, out: Resource, g: number): Dispatch {
  const pipeline = getPipeline(device, SURFACE_GRID, { SURFACE: surfaceIndex(surface), WG });
  return { pipeline, group: bindGroup(device, pipeline, [uniforms, out]), workgroups: grid1d(Math.ceil((g * g) / WG)) };
}

/**
 * ∇f at n points (points[r·stride], points[r·stride + 1]) into grads[r·stride..+1], and (x, y, f, 0) into
 * trace slot `slot` (uniforms written with n, stride, slot, condition). `points` and `grads` must be
 * different buffers (read-only and writable use of one buffer cannot share a dispatch).
 */
export function surfaceGradientDispatch(device: GPUDevice, surface: SurfaceName, uniforms: GPUBuffer, points: Resource, grads: Resource, trace: Resource, n: number): Dispatch {
  const pipeline = getPipeline(device, SURFACE_GRADIENT, { SURFACE: surfaceIndex(surface), WG });
  return { pipeline, group: bindGroup(device, pipeline, [uniforms, grads, points, trace]), workgroups: grid1d(Math.ceil(n / WG)) };
}
