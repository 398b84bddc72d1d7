/**
 * The benchmark page. Runs every section in one page and publishes the result on
 * `window.optiplayBench` for scripts/bench.mjs. Query parameters narrow a run while tuning:
 *   ?only=longtask,matmul,train,sweep,profile   sections (default: all, in this order); also popprofile,
 *                                          where a population step's time goes, and race, the race's lanes
 *                                          a backend each vs one population (not in the default list)
 *   ?peers=optiplay,tfjs-webgpu,…          peers (default: all)
 *   ?rows=regex                            matmul/train row names to keep
 *   ?tfjsWasmThreads=N|off                 tfjs-wasm's threads (default: one per core; off: its 1-thread SIMD build)
 */
import { benchDevice } from './benchDevice';
import { longTasksWhileTraining } from './longTasks';
import { runMatmulRows } from './matmulSuite';
import { attempt, newResult, type BenchResult, type Peer } from './results';
import { profileStep } from './stepProfile';
import { runTrainRows, TRAIN_BATCHES } from './trainSuite';
import { profilePopulations, runSweepRows } from './sweepSuite';
import { runRaceRows } from './raceSuite';

declare global {
  interface Window {
    optiplayBench?: { done: boolean; result: BenchResult; error?: string };
  }
}

const q = new URLSearchParams(location.search);
const sections = (q.get('only') ?? 'longtask,matmul,train,sweep,profile').split(',');
const peers = q.get('peers')?.split(',') ?? null;
const rows = q.get('rows') ? new RegExp(q.get('rows')!) : undefined;
const want = (p: Peer) => !peers || peers.includes(p);

const state = document.getElementById('state') as HTMLOutputElement;
const logEl = document.getElementById('log') as HTMLPreElement;
function log(s: string) {
  console.log(`[bench] ${s}`);
  logEl.textContent += `${s}\n`;
}

async function main() {
  const res = newResult();
  window.optiplayBench = { done: false, result: res };
  const t0 = performance.now();
  const gpu = await benchDevice();
  res.adapter = gpu.name;
  log(`adapter ${gpu.name}; crossOriginIsolated ${self.crossOriginIsolated}; timestamps ${gpu.timestamps}`);
  gpu.device.onuncapturederror = (e) => res.errors.push(`GPU error: ${e.error.message}`);
  for (const s of sections) {
    state.textContent = `running ${s}`;
    if (s === 'longtask') {
      await attempt(res, log, 'long tasks', async () => {
        const r = await longTasksWhileTraining(8);
        res.longest_task_ms = r.longestMs;
        log(`long tasks while the worker trains (${r.backend}, ${r.steps} steps, ${r.stepsPerSecond} steps/s): ${r.count}, longest ${r.longestMs} ms`);
      });
    }
    if (s === 'matmul') await runMatmulRows(res, gpu.device, want, log, rows);
    if (s === 'train') await runTrainRows(res, gpu.device, want, log, rows);
    if (s === 'sweep') await runSweepRows(res, gpu.device, want, log, rows);
    if (s === 'race') await runRaceRows(res, gpu.device, want, log, rows);
    if (s === 'popprofile') await profilePopulations(res, gpu.device, gpu.timestamps, log);
    if (s === 'profile') {
      for (const batch of TRAIN_BATCHES) {
        await attempt(res, log, `step profile b${batch}`, async () => {
          const p = await profileStep(gpu.device, gpu.timestamps, batch);
          res.step_profile.push(p);
          log(`step profile b${batch}: ${JSON.stringify(p)}`);
        });
      }
    }
  }
  res.seconds = Math.round((performance.now() - t0) / 1000);
  state.textContent = 'done';
  window.optiplayBench.done = true;
}

main().catch((e: Error) => {
  window.optiplayBench = { done: true, result: window.optiplayBench?.result ?? newResult(), error: e.message };
  state.textContent = `failed: ${e.message}`;
});
