import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpuBackend';
import { validateConfig } from '../engine/config';
import { setupRun } from '../engine/run';
import { Trainer } from '../engine/train/trainer';
import { RunStoreError } from '../store/runStoreError';
import type { RunStore } from '../store/runStore';
import { RunKeeper } from './keeper';

const cpu = { create: async (init: Parameters<typeof createCpuBackend>[0]) => ({ backend: createCpuBackend(init) }) };

async function trainer() {
  const t = await Trainer.create(setupRun(validateConfig({ dataset: 'xor', samples: 200, hidden: [4] }).config), cpu);
  for (let i = 0; i < 10; i++) t.doStep();
  return t;
}

describe('RunKeeper', () => {
  it('saves the checkpoint under the run id, keeps it for a lost device, and reports a failing store once per kind', async () => {
    const saved: string[] = [];
    const failed: string[] = [];
    let fail: RunStoreError | null = new RunStoreError('quota', 'Browser storage is full: the run was not saved.');
    const store = {
      save: async (id: string, name: string | null, ckpt: { step: number }) => {
        if (fail) throw fail;
        saved.push(`${id}:${name}:${ckpt.step}`);
        return { id, name: name ?? 'Default', savedAt: 1 };
      },
    } as unknown as RunStore;
    const t = await trainer();
    const keeper = new RunKeeper('run-1', null, t, { store: async () => store, saved: () => {}, failed: (m) => failed.push(m) });
    await keeper.save(null, false);
    await keeper.save(null, false);
    expect(failed).toEqual(['Browser storage is full: the run was not saved.']);
    expect(keeper.checkpoint?.step).toBe(10);
    await keeper.save('Mine', true);
    expect(failed).toHaveLength(2);
    fail = null;
    t.doStep();
    await keeper.save('Mine', true);
    expect(saved).toEqual(['run-1:Mine:11']);
    expect(keeper.name).toBe('Mine');
    await keeper.save(null, false); // nothing new since step 11: no write
    t.doStep();
    await keeper.save(null, false);
    expect(saved).toEqual(['run-1:Mine:11', 'run-1:Mine:12']);
  });

  it('does not autosave a run that has not trained, but Save run does', async () => {
    const saved: number[] = [];
    const store = { save: async (_id: string, _n: string | null, ckpt: { step: number }) => (saved.push(ckpt.step), { name: 'x' }) } as unknown as RunStore;
    const t = await Trainer.create(setupRun(validateConfig({ dataset: 'xor', samples: 200, hidden: [4] }).config), cpu);
    const keeper = new RunKeeper('run-2', null, t, { store: async () => store, saved: () => {}, failed: () => {} });
    await keeper.save(null, false);
    expect(saved).toEqual([]);
    await keeper.save(null, true);
    expect(saved).toEqual([0]);
  });
});
