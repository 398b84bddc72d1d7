/**
 * The race on the CPU: the twins of shaders/surface.wgsl (surfaces.ts) and of shaders/optimizer.wgsl
 * (optimizerStep), step for step what gpu/landscapeRace.ts records into one command buffer per frame.
 * Used when WebGPU is unavailable and by the unit tests.
 */
import { optimizerStep, stateSlots } from './optimizers';
import type { RaceEngine, RaceSetup } from './race';
import { SURFACE_INFO, evaluateGrid, gradientsAt } from './surfaces';

/** Floats per racer in the params and grads arrays (the GPU uses 64: 256-byte binding offsets). */
const STRIDE = 4;

export function createCpuRace(): RaceEngine {
  let setup: RaceSetup | null = null;
  let params = new Float32Array(0);
  let grads = new Float32Array(0);
  let states: Float32Array[][] = [];
  let active: boolean[] = [];
  let t = 0;

  return {
    kind: 'cpu',
    name: 'CPU',
    async grid(surface, condition, g) {
      return evaluateGrid(surface, condition, SURFACE_INFO[surface].window, g);
    },
    reset(s) {
      setup = s;
      const n = s.hypers.length;
      params = new Float32Array(n * STRIDE);
      grads = new Float32Array(n * STRIDE);
      for (let r = 0; r < n; r++) params.set(s.start, r * STRIDE);
      states = s.hypers.map((h) => Array.from({ length: stateSlots(h) }, () => new Float32Array(2)));
      active = s.hypers.map(() => true);
      t = 0;
    },
    stop(r) {
      active[r] = false;
    },
    advance(k) {
      if (!setup) return null;
      const { surface, condition, hypers } = setup;
      const n = hypers.length;
      const trace = new Float32Array((k + 1) * n * 4);
      for (let s = 0; s <= k; s++) {
        gradientsAt(surface, condition, params, n, STRIDE, grads, trace, s);
        if (s === k) break;
        t++;
        for (let r = 0; r < n; r++) {
          if (!active[r]) continue;
          const at = r * STRIDE;
          optimizerStep(params.subarray(at, at + 2), grads.subarray(at, at + 2), states[r], hypers[r], t);
        }
      }
      return Promise.resolve(trace);
    },
    destroy() {
      setup = null;
    },
  };
}
