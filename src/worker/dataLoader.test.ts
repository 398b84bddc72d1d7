import { describe, expect, it } from 'vitest';
import type { MnistRaw } from '../engine/mnist';
import { MnistSource } from './dataLoader';

const fake: MnistRaw = { rows: 1, cols: 1, train: { n: 1, images: new Uint8Array(1), labels: new Uint8Array(1) }, test: { n: 1, images: new Uint8Array(1), labels: new Uint8Array(1) } };

function deferred() {
  let resolve!: (raw: MnistRaw) => void, reject!: (e: Error) => void;
  const promise = new Promise<MnistRaw>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

describe('MNIST source', () => {
  it('two requests while loading share one download; later requests reuse the digits', async () => {
    let downloads = 0;
    const d = deferred();
    const src = new MnistSource(() => (downloads++, d.promise), () => {});
    const a = src.get();
    const b = src.get();
    d.resolve(fake);
    expect(await a).toBe(fake);
    expect(await b).toBe(fake);
    expect(await src.get()).toBe(fake);
    expect(downloads).toBe(1);
    expect(src.loaded).toBe(fake);
  });

  it('a failed download is forgotten: the next request downloads again', async () => {
    let downloads = 0;
    const src = new MnistSource(() => (++downloads === 1 ? Promise.reject(new Error('HTTP 404')) : Promise.resolve(fake)), () => {});
    await expect(src.get()).rejects.toThrow('HTTP 404');
    expect(src.loaded).toBeNull();
    expect(await src.get()).toBe(fake);
    expect(downloads).toBe(2);
  });

  it('throttles progress to one report per 100 ms, always reporting the end', async () => {
    let t = 0;
    const seen: number[] = [];
    const src = new MnistSource(
      async (progress) => {
        for (let loaded = 0; loaded <= 1000; loaded += 10) {
          t += 5; // a chunk every 5 ms
          progress(loaded, 1000);
        }
        return fake;
      },
      (loaded) => seen.push(loaded),
      () => t,
    );
    await src.get();
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1000);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(505 / 100) + 2);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });
});
