/**
 * The training rows: LeNet-300-100 with Adam at batch 32 and 128, samples per second per engine; and at
 * batch 128 with ±2-pixel shifts (data augmentation) on OptiPlay's two engines.
 */
import { attempt, record, type BenchResult, type Peer } from './results';
import { AUGMENTED, optiplayTraining } from './trainOptiplay';
import { tfjsTraining } from './trainTfjs';
import type { Rate } from './timing';

export const TRAIN_BATCHES = [32, 128];

export async function runTrainRows(res: BenchResult, device: GPUDevice, want: (p: Peer) => boolean, log: (s: string) => void, filter?: RegExp): Promise<void> {
  const engines: Array<[Peer, (batch: number) => Promise<Rate>]> = [
    ['optiplay', (b) => optiplayTraining(device, b)],
    ['tfjs-webgpu', (b) => tfjsTraining('webgpu', b)],
    ['tfjs-cpu', (b) => tfjsTraining('cpu', b)],
    ['tfjs-wasm', (b) => tfjsTraining('wasm', b)],
    ['optiplay-cpu', (b) => optiplayTraining(null, b)],
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
    });
  }
}
