/**
 * Every 2-D canvas of the page gets its context here, backed by the CPU (`willReadFrequently`), never by
 * the GPU process. An accelerated canvas makes the page's main thread wait for the GPU process at the end
 * of each drawn frame (Chromium's frame rate limiter: "GPU backpressure"); on a software adapter
 * (SwiftShader) that process also composites the page and runs WebGPU, and the wait measured 1.5–4 s per
 * frame while a fast run trained (npm run bench, the playground's spiral scenario). The page's canvases,
 * and the offscreen ones they are drawn from, are small (a diagram, a decision boundary, digits): drawn
 * on the CPU they cost little, and the compositor uploads them without blocking the page. The first getContext call fixes a
 * canvas's attributes, so no canvas may take its context any other way.
 */
export function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D | null;
export function context2d(canvas: HTMLCanvasElement | null | undefined): CanvasRenderingContext2D | null;
export function context2d(canvas: HTMLCanvasElement | OffscreenCanvas | null | undefined): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null {
  if (!canvas) return null;
  const options: CanvasRenderingContext2DSettings = { willReadFrequently: true };
  return canvas instanceof HTMLCanvasElement ? canvas.getContext('2d', options) : canvas.getContext('2d', options);
}
