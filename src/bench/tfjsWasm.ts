/**
 * TensorFlow.js's WebAssembly backend with its threads working (the benchmark's `tfjs-wasm` peer).
 *
 * Workers: the threaded SIMD build starts its pthread workers by handing each one the source text of its
 * Emscripten factory (`factory.toString()` in a Blob, read back with importScripts). Bundled from the ES
 * modules, that function is rewritten by the bundler (its `require` calls become imports of the enclosing
 * chunk), so the workers die with "e is not defined" and the backend never becomes ready. tfjs's own
 * prebuilt UMD bundle (dist/tf-backend-wasm.es2017.min.js) keeps the factory self-contained: this file emits
 * it untouched as an asset (Vite's `?url`) and runs it as a classic <script>. (Not the ES5 bundle,
 * tf-backend-wasm.min.js: its classes cannot extend the page's ES2017 ones, "Class constructor … cannot be
 * invoked without 'new'".) The bundle registers itself on the global `tf`, set first to a plain copy of the
 * page's own `@tensorflow/tfjs` module: one TensorFlow.js (one engine, one kernel registry), the backend
 * `wasm` registered by this bundle only (peers.ts imports no other). The page is cross-origin isolated
 * (COOP/COEP, vite.config.ts), as SharedArrayBuffer and so the threaded build need.
 *
 * Thread count: one per logical core (navigator.hardwareConcurrency), asked with tf.wasm.setThreadsCount.
 * The backend caps any count at half the logical cores, a figure its module reads once as it starts
 * (tfjs-backend-wasm src/cc/backend.cc: "many x86-64 processors have 2 threads per core"), so a 2-core
 * machine would get one thread whatever is asked. While the module starts, navigator.hardwareConcurrency
 * reads twice the count asked (an own property on `navigator`, deleted right after), which lifts that cap
 * to the count asked; the count the backend then runs (tf.wasm.getThreadsCount()) is checked against it.
 * `?tfjsWasmThreads=N` on the benchmark page asks the threaded build for N threads instead (1 to 8, the
 * backend's 8 workers); `?tfjsWasmThreads=off` runs the SIMD build without threads (the configuration
 * before threads worked, for comparison).
 */
import backendUmd from '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js?url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { Tf } from './peers';

type TfWasmApi = Pick<typeof import('@tensorflow/tfjs-backend-wasm'), 'setWasmPaths' | 'setThreadsCount' | 'getThreadsCount' | 'version_wasm'>;

/** The running backend: TensorFlow.js with `wasm` active, and what it runs on. */
export interface TfjsWasm {
  tf: Tf;
  /** XNNPACK's thread count as the backend reports it (tf.wasm.getThreadsCount()). */
  threads: number;
  /** The binary tfjs chose. */
  build: 'threaded-simd' | 'simd' | 'plain';
}

interface Loaded {
  api: TfWasmApi;
  /** The thread count asked for. */
  asked: number;
  /** Whether the threaded build is asked for. */
  threaded: boolean;
}

let loaded: Promise<Loaded> | null = null;
let started: TfjsWasm | null = null;

function addScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`tfjs-wasm: could not load ${src}`));
    document.head.append(s);
  });
}

/** The threads the page asks for (`?tfjsWasmThreads=N|off`; 0 for off), by default one per logical core. */
function requestedThreads(): number {
  const v = new URLSearchParams(location.search).get('tfjsWasmThreads');
  if (v === null) return Math.min(8, Math.max(1, navigator.hardwareConcurrency || 1));
  if (v === 'off') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`tfjs-wasm: tfjsWasmThreads must be "off" or a whole number from 1 to 8 (the backend's 8 workers), got "${v}"`);
  return n;
}

async function load(lib: Tf): Promise<Loaded> {
  const n = requestedThreads();
  const threaded = n > 0;
  const asked = Math.max(1, n);
  const g = globalThis as unknown as { tf?: Record<string, unknown> & { wasm?: TfWasmApi } };
  // a plain, extensible copy (a module namespace cannot take the bundle's `tf.wasm`)
  g.tf = { ...lib };
  await addScript(backendUmd);
  const api = g.tf.wasm;
  if (!api?.setWasmPaths) throw new Error('tfjs-wasm: the UMD bundle did not register tf.wasm');
  api.setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  if (threaded) api.setThreadsCount(asked);
  else lib.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return { api, asked, threaded };
}

/** Runs `f` with navigator.hardwareConcurrency reading `cores` (the getter on Navigator.prototype is back after). */
async function withLogicalCores<T>(cores: number, f: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores, configurable: true });
  try {
    return await f();
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** TensorFlow.js (the page's copy, `lib`) with the wasm backend active; the backend starts once. */
export async function tfjsWasm(lib: Tf): Promise<TfjsWasm> {
  const { api, asked, threaded: wanted } = await (loaded ??= load(lib));
  const activate = async () => {
    const ok = await lib.setBackend('wasm');
    if (ok) await lib.ready();
    return ok;
  };
  if (!(await (started ? activate() : withLogicalCores(2 * asked, activate)))) throw new Error('tfjs backend wasm did not start');
  if (!started) {
    const [simd, threaded] = await Promise.all([lib.env().getAsync('WASM_HAS_SIMD_SUPPORT'), lib.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
    const build = simd && threaded ? 'threaded-simd' : simd ? 'simd' : 'plain';
    const threads = api.getThreadsCount();
    if (wanted && build !== 'threaded-simd') throw new Error(`tfjs-wasm: the threaded build did not start (the ${build} build did; crossOriginIsolated ${self.crossOriginIsolated})`);
    if (threads !== asked) throw new Error(`tfjs-wasm: asked for ${asked} thread(s), the ${build} build runs ${threads}`);
    started = { tf: lib, threads, build };
    console.log(`[bench] tfjs-wasm: ${build} build, ${threads} thread(s), tfjs-backend-wasm ${api.version_wasm}, crossOriginIsolated ${self.crossOriginIsolated}`);
  }
  return started;
}

/** The started backend's thread count, or null before it starts. */
export function tfjsWasmThreads(): number | null {
  return started?.threads ?? null;
}
