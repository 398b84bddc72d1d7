/**
 * The peers' matmul through their public APIs: C = A·B with A [M,K] and B [K,N] in their natural
 * layout. Each is warmed up and checked on a sample of entries before it is timed; a timed trial issues
 * `reps` products and waits for all of them.
 */
import { jaxOn, tfWith } from './peers';
import { checkSample, type MatmulProblem } from './reference';
import { repsPerSecond, scale, type Rate } from './timing';

const gflops = (p: MatmulProblem) => (2 * p.M * p.K * p.N) / 1e9;

export async function tfjsMatmul(p: MatmulProblem): Promise<Rate> {
  const tf = await tfWith('webgpu');
  const a = tf.tensor2d(p.A, [p.M, p.K]);
  const b = tf.tensor2d(p.B, [p.K, p.N]);
  try {
    const first = tf.matMul(a, b);
    checkSample(p, await first.data(), `tfjs-webgpu ${p.M}x${p.K}x${p.N}`);
    first.dispose();
    const rate = await repsPerSecond(async (reps) => {
      let last = tf.matMul(a, b);
      for (let i = 1; i < reps; i++) {
        last.dispose();
        last = tf.matMul(a, b);
      }
      await last.data();
      last.dispose();
    }, { minReps: 2, maxReps: 500 });
    return scale(rate, gflops(p));
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** jax-js on `device` ('webgpu' or 'wasm'). */
export async function jaxMatmul(p: MatmulProblem, device: 'webgpu' | 'wasm'): Promise<Rate> {
  const jax = await jaxOn(device);
  const np = jax.numpy;
  const a = np.array(p.A, { shape: [p.M, p.K] });
  const b = np.array(p.B, { shape: [p.K, p.N] });
  try {
    const first = np.matmul(a.ref, b.ref);
    checkSample(p, (await first.data()) as Float32Array, `jax-js-${device} ${p.M}x${p.K}x${p.N}`);
    const rate = await repsPerSecond(async (reps) => {
      // jax-js is lazy: keep every product alive until all are computed, so none is skipped
      const out = Array.from({ length: reps }, () => np.matmul(a.ref, b.ref));
      await jax.blockUntilReady(out);
      out.forEach((c) => c.dispose());
    }, { minReps: 2, maxReps: 200 });
    return scale(rate, gflops(p));
  } finally {
    a.dispose();
    b.dispose();
  }
}
