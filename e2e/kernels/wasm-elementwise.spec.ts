/**
 * The WebAssembly elementwise kernels (src/engine/wasm/elementwise.ts) in Chromium against their TypeScript
 * twins (src/harness/wasmElementwiseCases.ts): every optimizer family member with L1/L2, Nesterov,
 * dampening, centered and masks over 4 steps, masks, scales, fake quantization, the STE, MSE and the
 * activation backward bit for bit on odd lengths (1, 3, 17, 1031); softmax cross-entropy and distillation
 * within 1e-6 (grad: relative to |g| + max|g| of the batch; loss: relative, distillation's times 1 + αT²,
 * the soft term's T² multiplying the float32 exp's rounding). The page is cross-origin isolated, so
 * the arena is a shared memory, as the engine uses it with threads.
 */
import { expect, test } from './harness';

test('WebAssembly elementwise kernels match their twins in the browser', async ({ harness }) => {
  const r = await harness.run('wasmElementwise', { seed: 5 });
  expect(r.features.simd, 'WebAssembly SIMD').toBe(true);
  expect(r.shared, 'the arena is a shared memory in the isolated page').toBe(true);
  expect(r.checks.length).toBeGreaterThan(100);
  for (const c of r.checks) {
    expect(c.count, `${c.name} compared something`).toBeGreaterThan(0);
    expect(c.mismatches, `${c.name}: ${c.mismatches} of ${c.count} differ (max error ${c.maxErr})`).toBe(0);
  }
  for (const kind of ['crossentropy', 'distillation']) {
    const cs = r.checks.filter((c) => c.name.startsWith(kind));
    expect(cs.length, `${kind} checked`).toBeGreaterThan(0);
    console.log(`${kind} worst relative error in Chromium: ${Math.max(...cs.map((c) => c.maxErr)).toExponential(2)}`);
  }
});
