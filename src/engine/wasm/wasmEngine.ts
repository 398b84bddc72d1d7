/**
 * The WebAssembly SIMD engine (cpuEngine.ts's interface): the CPU backend's arrays live in one arena
 * (arena.ts), the three products of each layer run as register-blocked SIMD kernels with their epilogues
 * fused and split over threads (gemm.ts, threads.ts), and the loss, the optimizer family, masks and fake
 * quantization as SIMD kernels (elementwise.ts). A step: the batch is copied into a workspace block of the
 * arena, the forward pass writes each layer's output into its own block, the loss writes dZ, and the
 * backward pass writes dW and db into the gradient array (one pass each) and the gated dX into a block.
 * Evaluation runs in chunks of EVAL_ROWS rows, so the blocks stay small on MNIST's 10,000 test digits.
 * The memory is sized once for the backend's arrays plus MARGIN_BYTES of blocks and kernel scratch, so it
 * does not grow while training (a non-shared memory's growth would detach the views the backend keeps).
 */
import type { CpuEngine } from '../cpuEngine';
import type { ModelSpec, ParamLayout } from '../model';
import { lowestTrainable } from '../model/groups';
import { arenaPtr, createArena, PAGE_BYTES, type Arena, type Block } from './arena';
import { createElementwiseKernels } from './elementwise';
import { wasmFeatures } from './features';
import { createGemmKernels } from './gemm';

/** Rows per forward chunk in evaluation. */
export const EVAL_ROWS = 512;
/** Room for workspace blocks and kernel scratch beyond the backend's arrays (MNIST at EVAL_ROWS needs ~4 MiB). */
const MARGIN_BYTES = 32 * 2 ** 20;

export interface WasmEngineOptions {
  /** Helper threads plus this one; default: what gemm.ts picks for this machine. */
  threads?: number;
  /** Floats the backend will allocate (parameters, gradients, state…), to size the memory once. */
  reserveFloats?: number;
}

/** Whether this context can run the engine (SIMD validated). */
export const wasmEngineAvailable = (): boolean => wasmFeatures().simd;

const tensor = (p: Float32Array, t: { offset: number; size: number }) => p.subarray(t.offset, t.offset + t.size);

/**
 * Named working arrays kept in the arena between calls (the batch, each layer's output and gradient),
 * grow-only: a step allocates nothing once the first step at its batch size has run. (Nothing is released
 * by resetting the arena: the kernel families keep their own output blocks in it, made on first use.)
 */
function workspace(arena: Arena) {
  const blocks = new Map<string, Block>();
  const view = (name: string, floats: number): Float32Array => {
    let b = blocks.get(name);
    if (!b || b.length < floats) blocks.set(name, (b = arena.alloc(floats)));
    return new Float32Array(arena.memory.buffer, b.ptr, floats);
  };
  return {
    view,
    /** `src` itself when it lives in the arena, else a copy in the named block. */
    holding(name: string, src: Float32Array): Float32Array {
      if (arenaPtr(arena, src) !== null) return src;
      const v = view(name, src.length);
      v.set(src);
      return v;
    },
  };
}

export async function createWasmEngine(opts: WasmEngineOptions = {}): Promise<CpuEngine> {
  if (!wasmEngineAvailable()) throw new Error('this browser has no WebAssembly SIMD');
  const arena = createArena(Math.max(16 * PAGE_BYTES, (opts.reserveFloats ?? 0) * 4 + MARGIN_BYTES));
  const gemm = await createGemmKernels(arena, { threads: opts.threads });
  const ew = await createElementwiseKernels(arena);
  const ws = workspace(arena);

  /** The forward pass of M rows already in the arena: each layer's output in scratch. */
  const layersForward = (spec: ModelSpec, layout: ParamLayout, params: Float32Array, X: Float32Array, M: number) => {
    const acts = [X];
    spec.layers.forEach((L, l) => {
      const { W, b } = layout.layers[l];
      const Y = ws.view(`act${l + 1}`, M * L.outDim);
      gemm.linearForward(acts[l], tensor(params, W), tensor(params, b), Y, M, L.inDim, L.outDim, L.activation);
      acts.push(Y);
    });
    return acts;
  };

  return {
    name: `WebAssembly SIMD, ${gemm.threads} thread${gemm.threads === 1 ? '' : 's'}`,
    alloc: (n) => arena.f32(arena.alloc(n)),
    forward(spec, layout, params, X, M) {
      const out = [X, ...spec.layers.map((L) => new Float32Array(M * L.outDim))];
      const inDim = spec.layers[0].inDim;
      for (let r0 = 0; r0 < M; r0 += EVAL_ROWS) {
        const rows = Math.min(EVAL_ROWS, M - r0);
        const p = ws.holding('params', params);
        const acts = layersForward(spec, layout, p, ws.holding('x', X.subarray(r0 * inDim, (r0 + rows) * inDim)), rows);
        spec.layers.forEach((L, l) => out[l + 1].set(acts[l + 1], r0 * L.outDim));
      }
      return out;
    },
    lossAndGradient(spec, layout, params, X, T, M, loss, groups, outputLoss, grads) {
      {
        const p = ws.holding('params', params);
        const acts = layersForward(spec, layout, p, ws.holding('x', X), M);
        const nL = spec.layers.length;
        const top = spec.layers[nL - 1];
        const Z = acts[nL]; // [M, out]
        let value: number;
        let dZ: Float32Array; // [M, out_l] for the layer being differentiated
        if (outputLoss) {
          const r = outputLoss(Z);
          value = r.loss;
          dZ = ws.holding('dz', r.grad);
        } else {
          const r = ew.lossAndGrad(Z, ws.holding('t', T), M, top.outDim, loss);
          value = r.loss;
          dZ = r.grad;
        }
        if (top.activation !== 'linear') dZ = ew.activationBackward(dZ, Z, top.activation);
        const lowest = groups ? lowestTrainable(groups) : 0;
        grads.fill(0);
        for (let l = nL - 1; l >= lowest; l--) {
          const L = spec.layers[l];
          const { W, b } = layout.layers[l];
          if (!groups?.[l]?.frozen) gemm.weightGrad(dZ, acts[l], tensor(grads, W), tensor(grads, b), M, L.inDim, L.outDim);
          if (l > lowest) {
            const dX = ws.view(`grad${l}`, M * L.inDim); // [M, in_l] = dZ of layer l−1, gated by its activation
            gemm.inputGrad(dZ, tensor(p, W), acts[l], dX, M, L.inDim, L.outDim, spec.layers[l - 1].activation);
            dZ = dX;
          }
        }
        return value;
      }
    },
    optimizerStep: (params, grads, state, hyper, t, mask) => ew.optimizerStep(params, grads, state, hyper, t, mask),
    quantize(x, plan, qparams, out) {
      out.set(x);
      ew.fakeQuantizeInto(x, plan, qparams, out);
    },
    steGradient(x, grad, plan, qparams) {
      const g = ew.steGradient(x, grad, plan, qparams);
      if (g !== grad) grad.set(g);
    },
    applyMask: (mask, arrays) => ew.applyMask(mask, arrays),
    destroy: () => gemm.destroy(),
  };
}
