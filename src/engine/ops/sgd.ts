/** CPU twin of shaders/sgd.wgsl: θ ← θ − lr·g over the whole parameter allocation, in place. */
export function sgdUpdate(params: Float32Array, grads: Float32Array, lr: number): void {
  const f = Math.fround;
  const lr32 = f(lr);
  for (let i = 0; i < params.length; i++) params[i] = f(params[i] - f(lr32 * grads[i]));
}
