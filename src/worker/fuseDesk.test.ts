/**
 * The worker's Fuse desk on saved runs (a store of spiral checkpoints, the CPU backend): an ensemble
 * posts its progress and then each member's score beside the ensemble's; a soup of runs from other
 * seeds, or from another dataset, is refused with a sentence; an interpolation with Align neurons gives
 * both paths; a soup can be opened as a run, and not before one is made.
 */
import { describe, expect, it } from 'vitest';
import type { BackendInit } from '../engine/backend';
import type { Checkpoint } from '../engine/checkpoint';
import { validateConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import { makeDataset } from '../engine/datasets';
import { trainedSpiral } from '../engine/strategies/spiralNets';
import { fixtureCheckpoint } from '../store/checkpointFixture';
import type { RunStore } from '../store/runStore';
import type { BackendChooser } from './backends';
import { FuseDesk } from './fuseDesk';
import type { FusionUpdate } from './fusionProtocol';
import type { FromWorker } from './protocol';

function saved(seed: number, steps: number, dataset: 'spiral' | 'circles' = 'spiral'): Checkpoint {
  const { setup, params } = trainedSpiral(seed, steps);
  const base = fixtureCheckpoint();
  const config = validateConfig({ dataset, samples: 300, hidden: [16, 16], seed }).config;
  return { ...base, config, lanes: [{ ...base.lanes[0], config, spec: setup.init.spec, params: params as Float32Array<ArrayBuffer> }] };
}

function desk(runs: Record<string, Checkpoint>, names: Record<string, string> = {}) {
  const updates: FusionUpdate[] = [];
  const opened: string[] = [];
  const store = {
    list: async () => Object.keys(runs).map((id) => ({ id, name: names[id] ?? `run ${id}` })),
    load: async (id: string) => runs[id],
  } as unknown as RunStore;
  const chooser = { create: async (init: BackendInit) => ({ backend: createCpuBackend(init) }) } as unknown as BackendChooser;
  const d = new FuseDesk({
    post: (m: FromWorker) => {
      if (m.type === 'fusion') updates.push(m.update);
    },
    store: async () => store,
    dataset: async (ckpt) => makeDataset(ckpt.config),
    chooser,
    openWeights: async (_c, _s, _p, name) => {
      opened.push(name);
      return true;
    },
  });
  return { d, updates, opened };
}

describe('the Fuse desk', () => {
  const runs = { a: saved(1, 150), b: saved(2, 150), c: saved(1, 60), d: saved(1, 60, 'circles') };

  it('ensembles two runs: progress, then the members and the ensemble on the CPU', async () => {
    const { d, updates } = desk(runs);
    await d.run({ kind: 'ensemble', ids: ['a', 'b'], rule: 'mean' });
    expect(updates[0]).toMatchObject({ kind: 'progress', job: 'ensemble' });
    const done = updates.at(-1)!;
    if (done.kind !== 'done' || done.result.kind !== 'ensemble') throw new Error(`no ensemble: ${JSON.stringify(done)}`);
    expect(done.backend).toBe('CPU');
    expect(done.result.members.map((m) => m.name)).toEqual(['run a', 'run b']);
    // two runs under one name are told apart
    const twins = desk({ x: runs.a, y: runs.b }, { x: 'same', y: 'same' });
    await twins.d.run({ kind: 'ensemble', ids: ['x', 'y'], rule: 'mean' });
    const t = twins.updates.at(-1)!;
    expect(t.kind === 'done' && t.result.kind === 'ensemble' && t.result.members.map((m) => m.name)).toEqual(['same (seed 1, step 30)', 'same (seed 2, step 30)']);
    expect(done.result.ensemble.name).toMatch(/^Ensemble of 2 \(mean of probabilities\)/);
    expect(done.result.ensemble.bytes).toBe(done.result.members[0].bytes * 2);
    expect(done.note).toMatch(/follow each run’s seed/);
  });

  it('refuses a soup of runs from other seeds, and runs of another dataset, in sentences', async () => {
    const { d, updates } = desk(runs);
    await d.run({ kind: 'soup', ids: ['a', 'b'], greedy: false });
    expect(updates.at(-1)).toMatchObject({ kind: 'problem', job: 'soup', message: expect.stringMatching(/share an initialisation/) });
    await d.run({ kind: 'ensemble', ids: ['a', 'd'], rule: 'vote' });
    expect(updates.at(-1)).toMatchObject({ kind: 'problem', job: 'ensemble', message: expect.stringMatching(/“run d” was trained on Circles/) });
    await d.run({ kind: 'interpolate', a: 'a', b: 'a', points: 5, align: false });
    expect(updates.at(-1)).toMatchObject({ kind: 'problem', message: 'Choose two different runs as A and B.' });
  });

  it('interpolates with Align neurons: both paths, α from 0 to 1', async () => {
    const { d, updates } = desk(runs);
    await d.run({ kind: 'interpolate', a: 'a', b: 'b', points: 5, align: true });
    const done = updates.at(-1)!;
    if (done.kind !== 'done' || done.result.kind !== 'interpolate') throw new Error(`no path: ${JSON.stringify(done)}`);
    expect(done.result.raw.points.map((p) => p.alpha)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(done.result.aligned?.points).toHaveLength(5);
    // B permuted computes what B computes: the aligned path ends where the straight one does
    expect(done.result.aligned!.points[4].loss).toBeCloseTo(done.result.raw.points[4].loss, 4);
  });

  it('opens a soup as a run only once one is made', async () => {
    const { d, updates, opened } = desk(runs);
    await d.openSoup();
    expect(updates.at(-1)).toMatchObject({ kind: 'problem', message: expect.stringMatching(/Make a soup first/) });
    await d.run({ kind: 'soup', ids: ['a', 'c'], greedy: true });
    const done = updates.at(-1)!;
    if (done.kind !== 'done' || done.result.kind !== 'soup') throw new Error(`no soup: ${JSON.stringify(done)}`);
    expect(done.result.tried[0].kept).toBe(true);
    await d.openSoup();
    expect(opened).toEqual([done.result.soup.name]);
  });
});
