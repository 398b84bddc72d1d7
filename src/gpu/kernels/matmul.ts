/** Matmul with fused bias/activation/gating (shaders/matmul.wgsl). CPU twin: engine/ops/matmul.ts. */
import code from '../../../shaders/matmul.wgsl?raw';
import type { Activation } from '../../engine/config';
import { ACT_CODE } from '../../engine/ops/activation';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const MATMUL: KernelDef = { label: 'matmul', code, entry: 'main', bindings: ['uniform', 'read', 'read', 'read', 'read', 'rw'] };
export const MATMUL_TILE = 16;

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** Add bias[N] (binding 3). */
  bias?: boolean;
  act?: Activation;
  /** Multiply by f'(aux) where aux (binding 4) holds outputs of this activation. */
  gate?: Activation;
}

export interface MatmulBindings {
  /** Uniform {M, K, N, 0}. */
  dims: GPUBuffer;
  A: Resource;
  B: Resource;
  /** Read when `bias`; otherwise any buffer (unused). */
  bias: Resource;
  /** Read when `gate`; otherwise any buffer (unused). */
  aux: Resource;
  C: Resource;
}

export function matmulDispatch(device: GPUDevice, opts: MatmulOptions, b: MatmulBindings, M: number, N: number): Dispatch {
  const pipeline = getPipeline(device, MATMUL, {
    TILE: MATMUL_TILE,
    TRANS_A: !!opts.transA,
    TRANS_B: !!opts.transB,
    HAS_BIAS: !!opts.bias,
    ACT: ACT_CODE[opts.act ?? 'linear'],
    GATE_ACT: opts.gate ? ACT_CODE[opts.gate] : 4,
  });
  return {
    pipeline,
    group: bindGroup(device, pipeline, [b.dims, b.A, b.B, b.bias, b.aux, b.C]),
    workgroups: [Math.ceil(N / MATMUL_TILE), Math.ceil(M / MATMUL_TILE), 1],
  };
}
