/**
 * Activations and their derivatives, written from the output a = f(z) (what the GPU keeps).
 * Codes match `ACT` in shaders/matmul.wgsl and shaders/backward.wgsl.
 */
import type { Activation } from '../config';

export const ACT_CODE: Record<Activation, number> = { relu: 0, tanh: 1, sigmoid: 2, linear: 3 };

export function activate(z: number, act: Activation): number {
  switch (act) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'linear':
      return z;
  }
}

/** f'(z) expressed through a = f(z). */
export function activationGradFromOutput(a: number, act: Activation): number {
  switch (act) {
    case 'relu':
      return a > 0 ? 1 : 0;
    case 'tanh':
      return 1 - a * a;
    case 'sigmoid':
      return a * (1 - a);
    case 'linear':
      return 1;
  }
}

/** dZ = dA ⊙ f'(Z), elementwise; dA and A: [M, N]. */
export function activationBackward(dA: Float32Array, A: Float32Array, act: Activation): Float32Array {
  const dZ = new Float32Array(dA.length);
  for (let i = 0; i < dA.length; i++) dZ[i] = dA[i] * activationGradFromOutput(A[i], act);
  return dZ;
}
