/**
 * Optimizer parity case: shaders/optimizer.wgsl runs `steps` steps (uniforms rewritten every step, as a
 * training loop does) on seeded parameters and a seeded gradient sequence; the CPU twin (optimizerStep)
 * and the independent float64 reference (optimizerReference.ts) run the same sequence. Returns the
 * comparisons of θ and of every state array with both.
 * The gradient buffer is compared too: the step leaves it as the applied gradient (pruned entries +0,
 * the rest untouched).
 *
 * Tolerance: an element passes when |gpu − expected| ≤ atol·max|expected| + rtol·|expected|, i.e. `atol`
 * is relative to the largest value of the array compared (θ and each state array have their own scale,
 * and entries passing near 0 have no meaningful relative error).
 */
import { referenceRun } from '../engine/optimizerReference';
import { optimizerHyper, optimizerStep, stateSlots, type OptimizerHyper, type OptimizerName } from '../engine/optimizers';
import { createRng } from '../engine/rng';
import { UNIFORM } from '../gpu/buffers';
import { OPTIMIZER_DUMMY_BYTES, OPTIMIZER_UNIFORM_BYTES, optimizerDispatch, writeOptimizerUniforms } from '../gpu/kernels/optimizer';
import { encodeDispatches } from '../gpu/pipelines';
import { compare, readFloats, upload, zeros, type Comparison } from './gpuRun';

export interface OptimizerCase {
  optimizer: OptimizerName;
  n: number;
  steps: number;
  /** Overrides of the optimizer's defaults (optimizerHyper). */
  hyper?: Partial<OptimizerHyper>;
  /** Prune about a third of the entries (never entry 0) with a fixed mask. */
  withMask?: boolean;
  seed: number;
  /** GPU vs twin tolerance. */
  atol: number;
  rtol: number;
  /** GPU vs float64 reference tolerance (default: atol, rtol). */
  refAtol?: number;
  refRtol?: number;
}

export interface OptimizerComparison {
  params: Comparison;
  states: Comparison[];
}

export interface OptimizerResult {
  /** GPU against the CPU twin. */
  twin: OptimizerComparison;
  /** GPU against the float64 reference. */
  reference: OptimizerComparison;
  /** Number of state arrays the optimizer uses. */
  slots: number;
  /** Pruned entries whose θ, state or gradient on the GPU is anything but +0. */
  maskedNonzero: number;
  /** The gradient buffer after the last step against that step's gradient with the pruned entries zeroed (exact). */
  grads: Comparison;
  /** Number of pruned entries. */
  masked: number;
  /** Largest |θ_final − θ₀| of the reference (the run did move the parameters). */
  moved: number;
}

/** θ₀: magnitudes in [0.25, 1.25] with random signs; θ₀[3] = 0 exactly (L1's sign(0) = 0). */
function initialParams(n: number, seed: number): Float32Array {
  const r = createRng(seed);
  const p = Float32Array.from({ length: n }, () => (r.next() < 0.5 ? -1 : 1) * (0.25 + r.next()));
  if (n > 3) p[3] = 0;
  return p;
}

/** The gradient of step t: uniform in [−1, 1), g[2] = 0 on every step (0/ε paths). */
function gradientOf(n: number, seed: number, t: number): Float32Array<ArrayBuffer> {
  const r = createRng(seed * 7919 + t);
  const g = Float32Array.from({ length: n }, () => r.next() * 2 - 1);
  if (n > 2) g[2] = 0;
  return g;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function createOptimizerCases(device: GPUDevice) {
  const dummy = zeros(device, OPTIMIZER_DUMMY_BYTES / 4, 'unused optimizer state');

  return {
    async optimizer(p: OptimizerCase): Promise<OptimizerResult> {
      const h = optimizerHyper(p.optimizer, p.hyper ?? {});
      const n = p.n, slots = stateSlots(h);
      const theta0 = initialParams(n, p.seed);
      let mask: Float32Array | undefined;
      if (p.withMask) {
        const r = createRng(p.seed + 17);
        mask = Float32Array.from({ length: n }, (_, i) => (i > 0 && r.next() < 0.35 ? 0 : 1));
      }

      const params = upload(device, theta0, 'params');
      const grads = zeros(device, n, 'grads');
      const states = Array.from({ length: slots }, (_, k) => zeros(device, n, `state${k}`));
      const maskBuffer = mask ? upload(device, mask, 'mask') : null;
      const uniforms = device.createBuffer({ label: 'optimizer uniforms', size: OPTIMIZER_UNIFORM_BYTES, usage: UNIFORM });
      const dispatch = optimizerDispatch(device, h, uniforms, grads, params, states, maskBuffer, dummy, n);

      const twinParams = theta0.slice();
      const twinStates = Array.from({ length: slots }, () => new Float32Array(n));
      const gradCache: Float32Array<ArrayBuffer>[] = [];
      for (let t = 1; t <= p.steps; t++) {
        const g = gradientOf(n, p.seed, t);
        gradCache[t] = g;
        // queue writes are ordered before the submit that follows them: one submit per step
        device.queue.writeBuffer(grads, 0, g);
        writeOptimizerUniforms(device, uniforms, h, t, n);
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        encodeDispatches(pass, [dispatch]);
        pass.end();
        device.queue.submit([enc.finish()]);
        optimizerStep(twinParams, g, twinStates, h, t, mask);
      }
      await device.queue.onSubmittedWorkDone();

      const gpuParams = await readFloats(device, params, n);
      const gpuStates: Float32Array[] = [];
      for (const s of states) gpuStates.push(await readFloats(device, s, n));
      const gpuGrads = await readFloats(device, grads, n);
      const applied = gradCache[p.steps].map((g, i) => (mask && mask[i] === 0 ? 0 : g));
      const ref = referenceRun(theta0, (t) => gradCache[t], h, p.steps, mask);

      const cmp = (gpu: Float32Array, expected: ArrayLike<number>, atol = p.atol, rtol = p.rtol) => compare(gpu, expected, atol * maxAbs(expected), rtol);
      const cmpRef = (gpu: Float32Array, expected: ArrayLike<number>) => cmp(gpu, expected, p.refAtol ?? p.atol, p.refRtol ?? p.rtol);
      let maskedNonzero = 0, masked = 0;
      if (mask) {
        const plusZero = (v: number) => v === 0 && 1 / v > 0;
        for (let i = 0; i < n; i++) {
          if (mask[i] !== 0) continue;
          masked++;
          if (!plusZero(gpuParams[i]) || !plusZero(gpuGrads[i]) || gpuStates.some((s) => !plusZero(s[i]))) maskedNonzero++;
        }
      }
      for (const b of [params, grads, uniforms, ...states, ...(maskBuffer ? [maskBuffer] : [])]) b.destroy();
      return {
        twin: { params: cmp(gpuParams, twinParams), states: gpuStates.map((s, k) => cmp(s, twinStates[k])) },
        reference: { params: cmpRef(gpuParams, ref.params), states: gpuStates.map((s, k) => cmpRef(s, ref.states[k])) },
        slots,
        maskedNonzero,
        masked,
        grads: compare(gpuGrads, applied, 0, 0),
        moved: maxAbs(ref.params.map((v, i) => v - theta0[i])),
      };
    },
  };
}

export type OptimizerCases = ReturnType<typeof createOptimizerCases>;
