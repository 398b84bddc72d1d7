/**
 * Augmentation parity cases: shaders/augment.wgsl (inputs, targets and teacher logits in one dispatch) against the CPU twin
 * engine/ops/augment.ts on seeded data and the same draws (engine/strategies/augment.ts), and a whole
 * augmented training run (GPU backend against CPU backend) on digit-shaped data. Tolerances are the
 * caller's (e2e/kernels/augment.spec.ts states them): an element passes when |gpu − cpu| ≤ atol + rtol·|cpu|.
 */
import { augmentRows, mixRows } from '../engine/ops/augment';
import { augmentDraws, type AugmentSettings } from '../engine/strategies/augment';
import { createCpuBackend } from '../engine/cpuBackend';
import { defaultConfig, validateConfig } from '../engine/config';
import type { MnistRaw } from '../engine/mnist';
import { createRng } from '../engine/rng';
import { effectiveBatch, setupRun, stepSettings } from '../engine/run';
import { createGpuBackend } from '../gpu/gpuBackend';
import { uniformBuffer } from '../gpu/buffers';
import { augmentDispatch, augmentRowBytes, augmentUniformBytes } from '../gpu/kernels/augment';
import { compare, readFloats, run, upload, zeros, type Comparison } from './gpuRun';

export interface AugmentCase {
  /** Rows in the batch, source rows to draw them from, and the row width (W·H for an image). */
  R: number;
  n: number;
  /** An image W×H (shift and rotation apply), or null: rows of `D` plain features. */
  image: { width: number; height: number } | null;
  D: number;
  /** Target width (mixed under mixup, else gathered). */
  C: number;
  /** Also gather a teacher's logits ([n, C + 3], a width of their own) in the same dispatch. */
  teacher?: boolean;
  shift: number;
  rotation: number;
  noise: number;
  mixup: number;
  seed: number;
  step: number;
  atol: number;
  rtol: number;
}

export interface AugmentResult {
  x: Comparison;
  y: Comparison;
  /** The teacher's logits (null without `teacher`). */
  z: Comparison | null;
  /** Largest |shift| and |angle| drawn (so a test knows the limits were exercised). */
  maxShift: number;
  maxAngle: number;
  finite: boolean;
}

/** A fake MNIST: `n` seeded 28×28 "digits" (a blob of ink at a random place) with labels, for a training case. */
function fakeMnist(n: number, seed: number): MnistRaw {
  const rng = createRng(seed);
  const split = (count: number) => {
    const images = new Uint8Array(count * 784), labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = rng.int(10);
      const cx = 8 + labels[i] + rng.int(4), cy = 8 + rng.int(12);
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < 12) images[i * 784 + y * 28 + x] = 128 + rng.int(128);
    }
    return { images, labels, n: count };
  };
  return { train: split(n), test: split(Math.max(10, n >> 2)), rows: 28, cols: 28 };
}

export function createAugmentCases(device: GPUDevice) {
  return {
    /** The augmented batch (inputs, targets, and a teacher's logits when asked) in one dispatch, against the twin with the same draws. */
    async augmentKernel(p: AugmentCase): Promise<AugmentResult> {
      const rng = createRng(p.seed);
      const src = Float32Array.from({ length: p.n * p.D }, () => (p.image && rng.next() < 0.6 ? 0 : rng.next() * 2 - 1)); // [n, D] images: sparse ink
      const ys = Float32Array.from({ length: p.n * p.C }, () => rng.next() * 2 - 1); // [n, C]
      const batch = Uint32Array.from({ length: p.R }, () => rng.int(p.n)); // [R]
      const s: AugmentSettings = { seed: p.seed, step: p.step, image: p.image, shift: p.shift, rotation: p.rotation, noise: p.noise, mixup: p.mixup };
      const draws = augmentDraws(s, batch);
      const rowsBytes = new Uint8Array(augmentRowBytes(draws));
      const table = upload(device, new Uint32Array(rowsBytes.buffer), 'augment rows');
      const CZ = p.teacher ? p.C + 3 : 0;
      const zs = Float32Array.from({ length: Math.max(1, p.n * CZ) }, () => rng.next() * 8 - 4); // [n, CZ]
      const ux = uniformBuffer(device, 'augment', Array.from(new Uint32Array(augmentUniformBytes(s, p.R, p.D, p.C, CZ))));
      const sx = upload(device, src, 'src x'), sy = upload(device, ys, 'src y'), sz = upload(device, zs, 'src z');
      const ox = zeros(device, p.R * p.D, 'out x'), oy = zeros(device, p.R * p.C, 'out y'), oz = zeros(device, Math.max(1, p.R * CZ), 'out z');
      await run(device, [augmentDispatch(device, ux, table, { src: sx, out: ox, D: p.D }, { src: sy, out: oy, D: p.C }, { src: sz, out: oz, D: CZ }, p.R)]);
      const gx = await readFloats(device, ox, p.R * p.D);
      const gy = await readFloats(device, oy, p.R * p.C);
      const gz = await readFloats(device, oz, p.R * CZ);
      for (const b of [table, ux, sx, sy, sz, ox, oy, oz]) b.destroy();
      const cx = augmentRows(src, p.D, draws, s);
      const cy = mixRows(ys, p.C, draws);
      return {
        x: compare(gx, cx, p.atol, p.rtol),
        y: compare(gy, cy, p.atol, p.rtol),
        z: p.teacher ? compare(gz, mixRows(zs, CZ, draws), p.atol, p.rtol) : null,
        maxShift: Math.max(0, ...Array.from(draws.dx, Math.abs), ...Array.from(draws.dy, Math.abs)),
        maxAngle: Math.max(0, ...Array.from(draws.angle, Math.abs)),
        finite: [...gx, ...gy, ...gz].every(Number.isFinite),
      };
    },

    /**
     * Training with augmentation on digit-shaped data, GPU backend against CPU backend from the same
     * weights on the same batches: parameters after `steps` steps, and the augmented batch a snapshot shows.
     */
    async augmentTraining(p: { config: Record<string, unknown>; steps: number; atol: number; rtol: number }) {
      const config = validateConfig({ ...defaultConfig(), dataset: 'mnist', samples: 200, hidden: [16], ...p.config }).config;
      const mnist = fakeMnist(config.samples, 3);
      const a = setupRun(config, mnist), b = setupRun(config, mnist);
      const batch = effectiveBatch(config, a.data);
      const gpu = createGpuBackend(device, 'harness', a.init, batch);
      const cpu = createCpuBackend(b.init);
      for (let s = 0; s < p.steps; s++) {
        gpu.step(a.sampler.next(batch), stepSettings(config, s));
        cpu.step(b.sampler.next(batch), stepSettings(config, s));
      }
      const [gp, cp] = await Promise.all([gpu.readParams(), cpu.readParams()]);
      const [ge, ce] = await Promise.all([gpu.evaluate(true), cpu.evaluate(true)]);
      gpu.destroy();
      const gb = ge!.snapshot!.batch, cb = ce!.snapshot!.batch;
      return {
        params: compare(gp, cp, p.atol, p.rtol),
        batchX: gb && cb ? compare(gb.x, cb.x, p.atol, p.rtol) : null,
        batchY: gb && cb ? compare(gb.y, cb.y, p.atol, p.rtol) : null,
        batchRows: gb?.rows ?? 0,
        paramChange: b.init.params.reduce((acc, v, i) => Math.max(acc, Math.abs(v - cp[i])), 0),
      };
    },
  };
}

export type AugmentCases = ReturnType<typeof createAugmentCases>;
