/**
 * The race on the GPU. Each racer's (x, y) lives in `params` at a 256-byte offset (64 floats apart, the
 * storage binding alignment), its gradient in `grads` at the same offset, its optimizer state in `states`.
 * One step = the surface's gradient kernel (all racers, one dispatch) then shaders/optimizer.wgsl (the
 * network trainer's update kernel, via optimizerDispatch) once per racer. A frame's k steps go into one
 * command buffer: the optimizer's uniforms change every step (t, bias corrections), so each racer owns a
 * ring of STEPS_PER_FRAME_MAX uniform buffers, step s of a frame reading ring slot s, all written with
 * writeOptimizerUniforms before the one submit (queue writes are ordered before it). The gradient
 * kernel of step s also writes the trace slot s; a last gradient dispatch writes slot k (the points after
 * the frame), and the trace is copied into a pooled MAP_READ buffer in the same command buffer.
 */
import { MAX_RACERS, STEPS_PER_FRAME_MAX } from '../engine/landscapeState';
import { optimizerVariant } from '../engine/optimizers';
import type { RaceEngine, RaceSetup } from '../engine/race';
import { SURFACE_INFO, type SurfaceName } from '../engine/surfaces';
import { UNIFORM, floatRange, storageBuffer } from './buffers';
import { OPTIMIZER_DUMMY_BYTES, OPTIMIZER_UNIFORM_BYTES, optimizerDispatch, writeOptimizerUniforms } from './kernels/optimizer';
import { SURFACE_UNIFORM_BYTES, surfaceGradientDispatch, surfaceGridDispatch, writeSurfaceUniforms } from './kernels/surface';
import { encodeDispatches, type Dispatch } from './pipelines';
import { ReadbackPool } from './readback';

/** Floats between racers in params/grads (256 bytes: minStorageBufferOffsetAlignment). */
export const RACE_STRIDE = 64;
const RING = STEPS_PER_FRAME_MAX;
/** Frames whose trace may be in flight at once; a frame finding none free skips its steps. */
const IN_FLIGHT = 3;
const TRACE_BYTES = (RING + 1) * MAX_RACERS * 16;

export function createGpuRace(device: GPUDevice, name: string): RaceEngine {
  const params = storageBuffer(device, 'race params', MAX_RACERS * RACE_STRIDE * 4);
  const grads = storageBuffer(device, 'race grads', MAX_RACERS * RACE_STRIDE * 4);
  const states = storageBuffer(device, 'race optimizer state', MAX_RACERS * 2 * RACE_STRIDE * 4);
  const dummy = storageBuffer(device, 'unused optimizer state', OPTIMIZER_DUMMY_BYTES);
  const trace = storageBuffer(device, 'race trace', TRACE_BYTES);
  const uniform = (label: string, size: number) => device.createBuffer({ label, size, usage: UNIFORM });
  const gradUniforms = Array.from({ length: RING + 1 }, (_, s) => uniform(`surface gradient slot ${s}`, SURFACE_UNIFORM_BYTES));
  const optUniforms = Array.from({ length: MAX_RACERS }, (_, r) => Array.from({ length: RING }, (_, s) => uniform(`optimizer ${r} slot ${s}`, OPTIMIZER_UNIFORM_BYTES)));
  const pool = new ReadbackPool(device, TRACE_BYTES, IN_FLIGHT);

  // Bind groups depend only on the (fixed) buffers and the pipeline: rebuilt when a pipeline changes.
  let gradKey = '';
  let gradDispatches: Dispatch[] = [];
  const optKeys: string[] = [];
  const optDispatches: Dispatch[][] = [];

  let setup: RaceSetup | null = null;
  let active: boolean[] = [];
  let t = 0;

  function prepare(s: RaceSetup) {
    const n = s.hypers.length;
    if (gradKey !== `${s.surface}:${n}`) {
      gradKey = `${s.surface}:${n}`;
      gradDispatches = gradUniforms.map((u) => surfaceGradientDispatch(device, s.surface, u, params, grads, trace, n));
    }
    gradUniforms.forEach((u, slot) => writeSurfaceUniforms(device, u, { condition: s.condition, n, stride: RACE_STRIDE, slot }));
    s.hypers.forEach((h, r) => {
      const key = JSON.stringify(optimizerVariant(h));
      if (optKeys[r] === key) return;
      optKeys[r] = key;
      const at = r * RACE_STRIDE;
      const st = [floatRange(states, 2 * at, 2), floatRange(states, 2 * at + RACE_STRIDE, 2)];
      optDispatches[r] = optUniforms[r].map((u) => optimizerDispatch(device, h, u, floatRange(grads, at, 2), floatRange(params, at, 2), st, null, dummy, 2));
    });
  }

  return {
    kind: 'webgpu',
    name,

    async grid(surface: SurfaceName, condition: number, g: number) {
      const out = storageBuffer(device, 'surface grid', g * g * 4);
      const u = uniform('surface grid', SURFACE_UNIFORM_BYTES);
      writeSurfaceUniforms(device, u, { condition, g, window: SURFACE_INFO[surface].window });
      const staging = device.createBuffer({ label: 'surface grid readback', size: out.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const enc = device.createCommandEncoder({ label: 'surface grid' });
      const pass = enc.beginComputePass();
      encodeDispatches(pass, [surfaceGridDispatch(device, surface, u, out, g)]);
      pass.end();
      enc.copyBufferToBuffer(out, 0, staging, 0, out.size);
      device.queue.submit([enc.finish()]);
      try {
        await staging.mapAsync(GPUMapMode.READ);
        return new Float32Array(staging.getMappedRange().slice(0, g * g * 4));
      } finally {
        staging.destroy();
        out.destroy();
        u.destroy();
      }
    },

    reset(s) {
      if (s.hypers.length > MAX_RACERS) throw new Error(`at most ${MAX_RACERS} racers, got ${s.hypers.length}`);
      prepare(s);
      setup = s;
      active = s.hypers.map(() => true);
      t = 0;
      const start = new Float32Array(MAX_RACERS * RACE_STRIDE);
      s.hypers.forEach((_, r) => start.set(s.start, r * RACE_STRIDE));
      device.queue.writeBuffer(params, 0, start);
      device.queue.writeBuffer(states, 0, new Float32Array(MAX_RACERS * 2 * RACE_STRIDE));
    },

    stop(r) {
      active[r] = false;
    },

    advance(k) {
      if (!setup) return null;
      const steps = Math.max(0, Math.min(RING, Math.floor(k)));
      const staging = pool.acquire();
      if (!staging) return null;
      const { hypers } = setup;
      const n = hypers.length;
      const list: Dispatch[] = [];
      for (let s = 0; s < steps; s++) {
        list.push(gradDispatches[s]);
        hypers.forEach((h, r) => {
          if (!active[r]) return;
          writeOptimizerUniforms(device, optUniforms[r][s], h, t + 1 + s, 2);
          list.push(optDispatches[r][s]);
        });
      }
      list.push(gradDispatches[steps]);
      const enc = device.createCommandEncoder({ label: 'race frame' });
      const pass = enc.beginComputePass({ label: 'race steps' });
      encodeDispatches(pass, list);
      pass.end();
      const bytes = (steps + 1) * n * 16;
      enc.copyBufferToBuffer(trace, 0, staging, 0, bytes);
      device.queue.submit([enc.finish()]);
      t += steps;
      return pool.read(staging).then((ab) => new Float32Array(ab, 0, bytes / 4));
    },

    destroy() {
      setup = null;
      pool.destroy();
      for (const b of [params, grads, states, dummy, trace, ...gradUniforms, ...optUniforms.flat()]) b.destroy();
    },
  };
}
