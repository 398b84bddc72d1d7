#!/usr/bin/env node
/**
 * GFLOP/s of the CPU products: the fast path (src/engine/ops/fastMatmul.ts) against the plain loops
 * (src/engine/ops/matmul.ts), and one training step of the whole network, at MNIST sizes
 * (default batch 128, layer 784→300). The TypeScript is loaded through Vite's module runner.
 *   node scripts/bench-matmul.mjs [M K N]
 * Best of several rounds, timed by the process's CPU time (user + system) rather than the wall clock,
 * so other load on the machine shows as little as possible.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = async (p) => (await runnerImport(resolve(root, p), { configFile: false, logLevel: 'silent' })).module;
const fastOps = await load('src/engine/ops/fastMatmul.ts');
const plainOps = await load('src/engine/ops/matmul.ts');
const fastNet = await load('src/engine/fastNetwork.ts');
const plainNet = await load('src/engine/network.ts');
const model = await load('src/engine/model.ts');

const [M, K, N] = process.argv.length >= 5 ? process.argv.slice(2, 5).map(Number) : [128, 784, 300];
const rand = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
const X = rand(M * K), W = rand(N * K), b = rand(N), dZ = rand(M * N);

/** CPU milliseconds spent by this process so far. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Best CPU milliseconds per call over `rounds` rounds of at least 50 ms, after a warm-up. */
function best(f, rounds = 7) {
  for (let i = 0; i < 2; i++) f();
  let reps = 1;
  for (let t = 0; t < 50; reps *= 2) {
    const t0 = cpuMs();
    for (let i = 0; i < reps; i++) f();
    t = cpuMs() - t0;
  }
  let ms = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < reps; i++) f();
    ms = Math.min(ms, (cpuMs() - t0) / reps);
  }
  return ms;
}

const flops = 2 * M * K * N;
const rows = [
  ['Y = relu(X·Wᵀ + b)', () => plainOps.linearForward(X, W, b, M, K, N, 'relu'), () => fastOps.fastLinearForward(X, W, b, M, K, N, 'relu')],
  ['dX = dZ·W', () => plainOps.matmul(dZ, W, M, N, K), () => fastOps.fastInputGrad(dZ, W, M, K, N)],
  ['dW = dZᵀ·X', () => plainOps.matmul(dZ, X, N, M, K, true), () => fastOps.fastWeightGrad(dZ, X, M, K, N)],
];
console.log(`products at M=${M} K=${K} N=${N} (${(flops / 1e6).toFixed(1)} MFLOP each), node ${process.version}`);
for (const [name, plain, fast] of rows) {
  const p = best(plain), f = best(fast);
  const g = (ms) => (flops / ms / 1e6).toFixed(2).padStart(6);
  console.log(`  ${name.padEnd(20)} plain ${p.toFixed(2).padStart(7)} ms ${g(p)} GFLOP/s   fast ${f.toFixed(2).padStart(6)} ms ${g(f)} GFLOP/s   ×${(p / f).toFixed(1)}`);
}

const spec = model.modelSpecFor({ hidden: [300, 100], activation: 'relu' }, { inputDim: 784, outputDim: 10 });
const layout = model.paramLayout(spec);
const params = model.initParams(spec, layout, 1);
const Xb = Float32Array.from({ length: M * 784 }, () => Math.random());
const T = new Float32Array(M * 10);
for (let m = 0; m < M; m++) T[m * 10 + (m % 10)] = 1;
const step = (net) => () => net.lossAndGradient(spec, layout, params, Xb, T, M, 'crossentropy');
const p = best(step(plainNet), 3), f = best(step(fastNet), 5);
console.log(`training step (forward + backward) 784-300-100-10 at batch ${M}: plain ${p.toFixed(1)} ms, fast ${f.toFixed(1)} ms, ×${(p / f).toFixed(1)}`);
