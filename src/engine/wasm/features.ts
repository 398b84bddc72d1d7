/**
 * What this engine's WebAssembly can use here, found by validating tiny modules (nothing is guessed from
 * the browser's name): SIMD128 (every current browser and Node), relaxed SIMD's fused multiply-add
 * (f32x4.relaxed_madd: Chromium 114+, Node 22+; else a multiply and an add) and threads (a shared memory:
 * a cross-origin isolated page or Node).
 */
import { canShareMemory } from './arena';
import { ModuleBuilder } from './emit';

export interface WasmFeatures {
  simd: boolean;
  relaxedMadd: boolean;
  threads: boolean;
}

function validates(build: (m: ModuleBuilder) => void, shared = false): boolean {
  try {
    const m = new ModuleBuilder({ initial: 1, maximum: 1, shared });
    build(m);
    return WebAssembly.validate(m.encode());
  } catch {
    return false;
  }
}

let found: WasmFeatures | null = null;

export function wasmFeatures(): WasmFeatures {
  if (found) return found;
  const simd = validates((m) => {
    const f = m.fn('f', ['i32'], ['f32']);
    f.get(f.params[0]).mem('v128.load').get(f.params[0]).mem('v128.load').simd('f32x4.mul').lane('f32x4.extract_lane', 0);
  });
  const relaxedMadd = simd && validates((m) => {
    const f = m.fn('f', ['i32'], ['f32']);
    f.get(f.params[0]).mem('v128.load').get(f.params[0]).mem('v128.load').get(f.params[0]).mem('v128.load').simd('f32x4.relaxed_madd').lane('f32x4.extract_lane', 0);
  });
  const threads = canShareMemory() && validates((m) => void m.fn('f', []), true);
  found = { simd, relaxedMadd, threads };
  return found;
}
