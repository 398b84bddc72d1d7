/** The emitter builds valid modules: a SIMD sum and the exp-based activations against Math (math.ts). */
import { it, expect } from 'vitest';
import { ModuleBuilder, type Local } from './emit';
import { createArena } from './arena';
import { wasmFeatures } from './features';
it('a SIMD loop sums a block of the arena', async () => {
  expect(wasmFeatures().simd).toBe(true);
  const arena = createArena();
  const m = new ModuleBuilder({ initial: 1, maximum: 32768, shared: arena.shared });
  const f = m.fn('sum', ['i32', 'i32'], ['f32']);
  const [p, n] = f.params; const i = f.local('i32'); const acc = f.local('v128');
  f.for(i, () => f.i32(0), () => f.get(n), 4, () => { f.get(p).get(i).i32(2).op('i32.shl').op('i32.add').mem('v128.load').get(acc).simd('f32x4.add').set(acc); });
  f.get(acc).lane('f32x4.extract_lane', 0).get(acc).lane('f32x4.extract_lane', 1).op('f32.add').get(acc).lane('f32x4.extract_lane', 2).op('f32.add').get(acc).lane('f32x4.extract_lane', 3).op('f32.add');
  const inst = await WebAssembly.instantiate(await WebAssembly.compile(m.encode()), { env: { memory: arena.memory } });
  const b = arena.alloc(8); arena.f32(b).set([1,2,3,4,5,6,7,8.5]);
  expect((inst.exports.sum as (a: number, b: number) => number)(b.ptr, 8)).toBe(36.5);
});
import { emitActivation4 } from './math';
it('tanh and sigmoid from exp stay within a few ulps of Math over float32 range', async () => {
  const arena = createArena();
  const m = new ModuleBuilder({ initial: 1, maximum: 32768, shared: arena.shared });
  const f = m.fn('act', ['i32', 'i32', 'i32'], []);
  const [p, n, a] = f.params; const i = f.local('i32'); const z = f.local('v128'); const t = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')] as [Local, Local, Local, Local];
  const addr = () => f.get(p).get(i).i32(2).op('i32.shl').op('i32.add');
  // branch on act code at runtime: 3 variants
  for (const code of [1, 2]) {
    f.get(a).i32(code).op('i32.eq').if();
    f.for(i, () => f.i32(0), () => f.get(n), 4, () => { addr(); addr().mem('v128.load').set(z); emitActivation4(f, code, z, t); f.mem('v128.store'); });
    f.end();
  }
  const inst = await WebAssembly.instantiate(await WebAssembly.compile(m.encode()), { env: { memory: arena.memory } });
  const xs = [-100, -20, -3.3, -1, -0.5, -1e-3, 0, 1e-4, 0.3, 0.9, 2, 5.5, 12, 40, 88, 100];
  for (const [code, fn] of [[1, Math.tanh], [2, (x: number) => 1 / (1 + Math.exp(-x))]] as const) {
    const b = arena.alloc(xs.length); arena.f32(b).set(xs);
    (inst.exports.act as (p: number, n: number, a: number) => void)(b.ptr, xs.length, code);
    const got = Array.from(arena.f32(b));
    got.forEach((g, k) => expect(Math.abs(g - fn(xs[k]))).toBeLessThan(2e-7 + 3e-7 * Math.abs(fn(xs[k]))));
  }
});
