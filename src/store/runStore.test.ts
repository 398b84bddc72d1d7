// idb reads IndexedDB's classes from the global scope: fake-indexeddb/auto provides them in Node
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Checkpoint } from '../engine/checkpoint';
import { fixtureCheckpoint } from './checkpointFixture';
import { DB_NAME, newRunId, openRunStore, RunStoreError, type RunStore } from './runStore';

const EXTRA = { storedBytes: 1234, backend: 'CPU' };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function fresh(): Promise<{ store: RunStore; factory: IDBFactory }> {
  const factory = new IDBFactory();
  return { store: await openRunStore(factory), factory };
}

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<RunStoreError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RunStoreError);
    return e as RunStoreError;
  }
  throw new Error('expected a RunStoreError');
}

/** Writes `value` straight into a store (the checkpoints by default) under `id`, past the run store's checks. */
function putRaw(factory: IDBFactory, id: string, value: unknown, storeName: 'checkpoints' | 'histories' = 'checkpoints'): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = factory.open(DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(storeName, 'readwrite');
      tx.objectStore(storeName).put(value, id);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

function expectSameRecord(a: Checkpoint, b: Checkpoint) {
  expect(a).toEqual(b);
  expect(a.lanes[0].params).toBeInstanceOf(Float32Array);
  expect(Array.from(a.lanes[0].params)).toEqual(Array.from(b.lanes[0].params));
  expect(Array.from(a.sampler.order)).toEqual(Array.from(b.sampler.order));
}

describe('run store', () => {
  it('saves, lists and loads a run: typed arrays come back equal', async () => {
    const { store } = await fresh();
    const ckpt = fixtureCheckpoint({ race: [{ optimizer: 'adam', learningRate: 0.001 }], accuracies: [0.6, 0.8, 0.9] });
    const summary = await store.save('a', null, ckpt, EXTRA);
    expect(summary).toEqual({
      id: 'a',
      name: expect.stringMatching(/^Spiral run, \d+ Dec \d\d:\d\d$/),
      createdAt: ckpt.savedAt,
      savedAt: ckpt.savedAt,
      dataset: 'spiral',
      model: '2 → 3 → 2',
      step: 30,
      testAccuracy: 0.9,
      storedBytes: 1234,
      backend: 'CPU',
    });
    expect(await store.list()).toEqual([summary]);
    const back = await store.load('a');
    expectSameRecord(back, ckpt);
    expect(back.lanes[1].state[1]).toBeInstanceOf(Float32Array);
    const { summary: s, history } = await store.history('a');
    expect(s).toEqual(summary);
    expect(history).toEqual(ckpt.history);
  });

  it('keeps the name and creation date when the same run is saved again, and lists newest first', async () => {
    const { store } = await fresh();
    await store.save('a', '  My   spiral ', fixtureCheckpoint({ savedAt: 1000 }), EXTRA);
    await store.save('b', null, fixtureCheckpoint({ savedAt: 2000, accuracies: [] }), { storedBytes: null });
    const again = await store.save('a', null, fixtureCheckpoint({ savedAt: 3000, step: 90 }), EXTRA);
    expect(again).toMatchObject({ name: 'My spiral', createdAt: 1000, savedAt: 3000, step: 90 });
    const list = await store.list();
    expect(list.map((r) => r.id)).toEqual(['a', 'b']);
    expect(list[1]).toMatchObject({ testAccuracy: null, storedBytes: null });
    expect(list[1].backend).toBeUndefined();
    expect(await store.lastRunId()).toBe('a');
    expect((await store.save('a', 'Renamed on save', fixtureCheckpoint({ savedAt: 4000 }), EXTRA)).name).toBe('Renamed on save');
    expect((await store.save('a', '   ', fixtureCheckpoint({ savedAt: 5000 }), EXTRA)).name).toBe('Renamed on save');
    const long = await store.save('c', 'y'.repeat(200), fixtureCheckpoint({ savedAt: 6000 }), EXTRA);
    expect(long.name).toBe(`${'y'.repeat(79)}…`);
  });

  it('renames: trims, rejects an empty or too long name, and a run that is gone', async () => {
    const { store } = await fresh();
    await store.save('a', 'Old', fixtureCheckpoint(), EXTRA);
    expect((await store.rename('a', '  New name ')).name).toBe('New name');
    expect((await store.list())[0].name).toBe('New name');
    expect((await failure(store.rename('a', '   '))).kind).toBe('failed');
    const long = await failure(store.rename('a', 'x'.repeat(81)));
    expect(long.message).toBe('A run name needs 1 to 80 characters: the run was not renamed (nothing was changed).');
    expect((await store.rename('a', 'x'.repeat(80))).name).toHaveLength(80);
    expect((await failure(store.rename('gone', 'Name'))).kind).toBe('missing');
  });

  it('deletes summary and record together; deleting twice is fine', async () => {
    const { store } = await fresh();
    await store.save('a', 'A', fixtureCheckpoint({ savedAt: 1 }), EXTRA);
    await store.save('b', 'B', fixtureCheckpoint({ savedAt: 2 }), EXTRA);
    expect(await store.lastRunId()).toBe('b');
    await store.delete('b');
    await store.delete('b');
    expect((await store.list()).map((r) => r.id)).toEqual(['a']);
    const gone = await failure(store.load('b'));
    expect(gone.kind).toBe('missing');
    expect(gone.message).toBe('The saved run is no longer stored (deleted in another tab?). Nothing was changed.');
    expect(await store.lastRunId()).toBe('a');
    await store.delete('a');
    expect(await store.lastRunId()).toBeNull();
  });

  it('a save that fails part-way writes neither store, and the run saved before stays whole', async () => {
    const { store } = await fresh();
    const first = fixtureCheckpoint({ savedAt: 1000 });
    await store.save('a', 'Kept', first, EXTRA);
    const before = await store.list();
    // the summary is written first; the record then fails to clone
    const broken = Object.assign(fixtureCheckpoint({ savedAt: 2000, step: 99 }), { oops: () => 1 });
    const overwrite = await failure(store.save('a', 'Changed', broken, EXTRA));
    expect(overwrite.kind).toBe('failed');
    expect(overwrite.message).toBe('The run was not saved: its record could not be copied into storage (nothing was half-written).');
    await failure(store.save('new', null, broken, EXTRA));
    expect(await store.list()).toEqual(before);
    expectSameRecord(await store.load('a'), first);
    expect((await failure(store.load('new'))).kind).toBe('missing');
  });

  it('refuses to save an inconsistent record', async () => {
    const { store } = await fresh();
    const bad = fixtureCheckpoint();
    bad.lanes[0].params = new Float32Array(5);
    const e = await failure(store.save('a', null, bad, EXTRA));
    expect(e.kind).toBe('corrupt');
    expect(e.message).toBe('The run was not saved: its record is inconsistent (lanes[0].params has 5 numbers; the model needs 256). Nothing was written.');
    expect(await store.list()).toEqual([]);
  });

  it('a damaged record gives a corrupt error naming the run, and the list still works', async () => {
    const { store, factory } = await fresh();
    await store.save('a', 'Spiral 1', fixtureCheckpoint(), EXTRA);
    await store.save('b', 'Good one', fixtureCheckpoint(), EXTRA);
    await putRaw(factory, 'a', { format: 'optiplay-run', version: 1, config: fixtureCheckpoint().config, step: 'ten' });
    const e = await failure(store.load('a'));
    expect(e.kind).toBe('corrupt');
    expect(e.message).toBe('The saved run “Spiral 1” is damaged and cannot be opened (step must be a whole number from 0 to 9007199254740991, not ten). Nothing was changed; delete it in Runs.');
    // the curves are stored apart from the weights: Compare still draws them
    expect((await store.history('a')).history).toEqual(fixtureCheckpoint().history);
    expect((await store.list()).map((r) => r.name).sort()).toEqual(['Good one', 'Spiral 1']);
    expect((await store.load('b')).step).toBe(30);
    await store.delete('a');
    expect((await store.list()).map((r) => r.id)).toEqual(['b']);
  });

  it('keeps the history apart from the record: a damaged history makes the run corrupt, and Compare says so too', async () => {
    const { store, factory } = await fresh();
    await store.save('a', 'Spiral 1', fixtureCheckpoint(), EXTRA);
    await putRaw(factory, 'a', 'not a history', 'histories');
    const e = await failure(store.load('a'));
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/history/);
    expect((await failure(store.history('a'))).kind).toBe('corrupt');
    await store.delete('a');
    expect(await store.list()).toEqual([]);
  });

  it('skips a summary that fails its check instead of failing the list', async () => {
    const { store, factory } = await fresh();
    await store.save('a', 'A', fixtureCheckpoint(), EXTRA);
    await new Promise<void>((resolve, reject) => {
      const open = factory.open(DB_NAME);
      open.onsuccess = () => {
        const tx = open.result.transaction('runs', 'readwrite');
        tx.objectStore('runs').put({ id: 'junk', name: 42 });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      };
    });
    expect((await store.list()).map((r) => r.id)).toEqual(['a']);
  });

  it('maps a full disk to a quota error and writes nothing', async () => {
    const { store } = await fresh();
    await store.save('a', 'A', fixtureCheckpoint({ savedAt: 1 }), EXTRA);
    const before = await store.list();
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'checkpoints') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const e = await failure(store.save('b', 'B', fixtureCheckpoint({ savedAt: 2 }), EXTRA));
    expect(e.kind).toBe('quota');
    expect(e.message).toBe('Browser storage is full: the run was not saved (nothing was half-written). Delete old runs in Runs, or export the model.');
    vi.restoreAllMocks();
    expect(await store.list()).toEqual(before);
  });

  it('is unavailable without IndexedDB or where opening it is refused', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const none = await failure(openRunStore());
    expect(none.kind).toBe('unavailable');
    expect(none.message).toMatch(/^Browser storage \(IndexedDB\) is not available here.*export the model to keep it\.$/);
    const refusing = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    expect((await failure(openRunStore(refusing))).kind).toBe('unavailable');
    const failing = {
      open() {
        const request = { error: new DOMException('private mode', 'InvalidStateError') } as unknown as IDBOpenDBRequest;
        queueMicrotask(() => request.onerror?.(new Event('error')));
        return request;
      },
    } as unknown as IDBFactory;
    expect((await failure(openRunStore(failing))).kind).toBe('unavailable');
  });

  it('makes distinct, time-ordered run ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newRunId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-f]{16}$/);
  });
});
