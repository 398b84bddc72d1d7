/**
 * The matmul rows: square sizes (plain C = A·B) and the LeNet-300-100 forward shapes at batch 32 and
 * 128 (OptiPlay runs its real layer kernel, relu(X·Wᵀ + b); the peers run X·W). GPU peers: optiplay,
 * tfjs-webgpu, jax-js-webgpu; CPU peers: optiplay-cpu (the WebAssembly engine, threads on) and jax-js-wasm.
 */
import { jaxMatmul, tfjsMatmul } from './matmulPeers';
import { optiplayMatmul, type MatmulForm } from './matmulOptiplay';
import { optiplayCpuMatmul } from './matmulOptiplayCpu';
import { makeProblem, type MatmulProblem } from './reference';
import { attempt, record, type BenchResult, type Peer } from './results';
import type { Rate } from './timing';

interface Shape {
  name: string;
  M: number;
  K: number;
  N: number;
  form: MatmulForm;
}

export const LENET_LAYERS: Array<[number, number]> = [[784, 300], [300, 100], [100, 10]];

export function matmulShapes(): Shape[] {
  const square = [128, 256, 512, 1024].map((n): Shape => ({ name: `matmul ${n}`, M: n, K: n, N: n, form: 'plain' }));
  const lenet = [32, 128].flatMap((b) => LENET_LAYERS.map(([k, n]): Shape => ({ name: `matmul lenet ${k}x${n} b${b}`, M: b, K: k, N: n, form: 'forward' })));
  return [...square, ...lenet];
}

export async function runMatmulRows(res: BenchResult, device: GPUDevice, want: (p: Peer) => boolean, log: (s: string) => void, filter?: RegExp): Promise<void> {
  const peers: Array<[Peer, (p: MatmulProblem, form: MatmulForm) => Promise<Rate>]> = [
    ['optiplay', (p, form) => optiplayMatmul(device, p, form)],
    ['tfjs-webgpu', (p) => tfjsMatmul(p)],
    ['jax-js-webgpu', (p) => jaxMatmul(p, 'webgpu')],
    ['optiplay-cpu', (p, form) => optiplayCpuMatmul(p, form)],
    ['jax-js-wasm', (p) => jaxMatmul(p, 'wasm')],
  ];
  for (const s of matmulShapes()) {
    if (filter && !filter.test(s.name)) continue;
    const problem = makeProblem(s.M, s.K, s.N, s.M + s.K + s.N);
    for (const [peer, f] of peers) {
      if (!want(peer)) continue;
      await attempt(res, log, `${s.name} ${peer}`, async () => {
        const rate = await f(problem, s.form);
        record(res, s.name, 'GFLOP/s', peer, rate);
        log(`${s.name} ${peer}: ${rate.median.toFixed(3)} GFLOP/s (${rate.min.toFixed(3)}–${rate.max.toFixed(3)})`);
      });
    }
  }
}
