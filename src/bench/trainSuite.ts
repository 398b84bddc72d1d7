/**
 * The training rows: LeNet-300-100 with Adam at batch 32 and 128, samples per second per engine; and at
 * batch 128 with ±2-pixel shifts (data augmentation) on OptiPlay's two engines. Each row also records
 * OptiPlay's GPU dispatches per step (`dispatches_per_step`). `optiplay-cpu` is the WebAssembly SIMD engine and
 * `optiplay-auto` the backend the page chooses (trainAuto.ts).
 */
import { attempt, record, type BenchResult, type Peer } from './results';
import type { RunConfig } from '../engine/config';
import { stepDispatches } from './stepProfile';
import { AUGMENTED, optiplayTraining } from './trainOptiplay';
import { recordTfjsWasmThreads, tfjsTraining } from './trainTfjs';
import { autoTraining, type AutoRate } from './trainAuto';
import type { Rate } from './timing';

export const TRAIN_BATCHES = [32, 128];

export async function runTrainRows(res: BenchResult, device: GPUDevice, want: (p: Peer) => boolean, log: (s: string) => void, filter?: RegExp): Promise<void> {
  const engines: Array<[Peer, (batch: number) => Promise<Rate>]> = [
    ['optiplay', (b) => optiplayTraining(device, b)],
    ['tfjs-webgpu', (b) => tfjsTraining('webgpu', b)],
    ['tfjs-cpu', (b) => tfjsTraining('cpu', b)],
    ['tfjs-wasm', (b) => tfjsTraining('wasm', b)],
    ['optiplay-cpu', (b) => optiplayTraining(null, b)],
    ['optiplay-auto', (b) => autoTraining(device, b)],
  ];
  for (const batch of TRAIN_BATCHES) {
    const name = `train lenet-300-100 b${batch}`;
    if (filter && !filter.test(name)) continue;
    for (const [peer, f] of engines) {
      if (!want(peer)) continue;
      await attempt(res, log, `${name} ${peer}`, async () => {
        const rate = await f(batch);
        record(res, name, 'samples/s', peer, rate);
        log(`${name} ${peer}: ${rate.median.toFixed(1)} samples/s (${rate.min.toFixed(1)}–${rate.max.toFixed(1)})`);
        if (peer === 'optiplay') await countDispatches(res, device, name, batch, log);
        if (peer === 'tfjs-wasm') recordTfjsWasmThreads(res, name, log);
        if ('chosen' in rate) noteChoice(res, name, rate as AutoRate, log);
      });
    }
  }
  // augmentation's cost: the same net gathering its batches through ±2-pixel shifts (OptiPlay's engines only)
  const name = `train lenet-300-100 b128 shift±2`;
  if (filter && !filter.test(name)) return;
  for (const peer of ['optiplay', 'optiplay-cpu'] as const) {
    if (!want(peer)) continue;
    await attempt(res, log, `${name} ${peer}`, async () => {
      const rate = await optiplayTraining(peer === 'optiplay' ? device : null, 128, AUGMENTED);
      record(res, name, 'samples/s', peer, rate);
      log(`${name} ${peer}: ${rate.median.toFixed(1)} samples/s (${rate.min.toFixed(1)}–${rate.max.toFixed(1)})`);
      if (peer === 'optiplay') await countDispatches(res, device, name, 128, log, AUGMENTED);
    });
  }
}

/** OptiPlay's GPU dispatches per step on a row's net and batch, into the row (`dispatches_per_step`). */
async function countDispatches(res: BenchResult, device: GPUDevice, name: string, batch: number, log: (s: string) => void, settings: Partial<RunConfig> = {}): Promise<void> {
  const n = await stepDispatches(device, batch, settings);
  const row = res.rows.find((r) => r.name === name);
  if (row) row.dispatches_per_step = n;
  log(`${name} optiplay: ${n} dispatches per step`);
}

/** Which backend optiplay-auto trained on, and the race's figures, into the row. */
function noteChoice(res: BenchResult, name: string, rate: AutoRate, log: (s: string) => void): void {
  const row = res.rows.find((r) => r.name === name);
  if (row) Object.assign(row, { auto_backend: rate.chosen, auto_race: rate.race });
  const fig = (v: number | null) => (v === null ? 'not timed' : `${Math.round(v)} samples/s`);
  log(`${name} optiplay-auto: chose ${rate.chosen} (race: WebGPU ${fig(rate.race.webgpu)}, CPU ${fig(rate.race.cpu)})`);
}
