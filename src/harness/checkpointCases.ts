/**
 * Checkpoint parity on WebGPU: a run trained N steps, checkpointed (structured-cloned, as IndexedDB
 * would hand it back), restored on a fresh GPU backend and trained N more steps agrees with the same
 * run trained 2N steps straight, and with the CPU engine's bit-exact result, within the train-step parity
 * tolerance. The Trainer does the training on both sides (compression and the race included).
 */
import { validateConfig, defaultConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import { setupRun } from '../engine/run';
import { Trainer, type BackendFactory } from '../engine/train/trainer';
import { createGpuBackend } from '../gpu/gpuBackend';
import { compare } from './gpuRun';
import type { Tol } from './cases';

async function train(t: Trainer, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    if (t.compressionDue()) await t.compress();
    t.doStep();
  }
  await t.settled();
}

export function createCheckpointCases(device: GPUDevice) {
  const gpu: BackendFactory = { create: async (init, batch) => ({ backend: createGpuBackend(device, 'harness', init, batch) }) };
  const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

  return {
    /** N steps + checkpoint + restore + N steps vs 2N straight, on the GPU; and vs the CPU's 2N steps. */
    async checkpointResume(p: { config: Record<string, unknown>; steps: number } & Tol) {
      const config = validateConfig({ ...defaultConfig(), ...p.config }).config;
      const straight = await Trainer.create(setupRun(config), gpu);
      await train(straight, 2 * p.steps);
      const first = await Trainer.create(setupRun(config), gpu);
      await train(first, p.steps);
      const ckpt = structuredClone(await first.checkpoint());
      first.destroy();
      const resumed = await Trainer.restore(ckpt, setupRun(ckpt.config), gpu);
      await train(resumed, p.steps);
      const reference = await Trainer.create(setupRun(config), cpu);
      await train(reference, 2 * p.steps);
      const [a, b, c] = await Promise.all([straight.checkpoint(), resumed.checkpoint(), reference.checkpoint()]);
      [straight, resumed, reference].forEach((t) => t.destroy());
      const flat = (k: typeof a) => k.lanes.flatMap((l) => [...l.params, ...l.state[0], ...l.state[1]]);
      return {
        steps: [a.step, b.step, c.step],
        widths: b.lanes[0].spec.layers.map((l) => l.outDim),
        masksEqual: JSON.stringify(Array.from(b.compressor.mask ?? [])) === JSON.stringify(Array.from(a.compressor.mask ?? [])),
        resumedVsStraight: compare(flat(b), flat(a), p.atol, p.rtol),
        resumedVsCpu: compare(flat(b), flat(c), p.atol, p.rtol),
      };
    },
  };
}

export type CheckpointCases = ReturnType<typeof createCheckpointCases>;
