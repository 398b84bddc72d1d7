/** loadMnist in Node with a stubbed fetch and Cache API: progress, gzip or not, cache, readable errors. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadMnist as loadWithSum, mnistAssetUrl, MNIST_CACHE_NAME, type MnistProgress } from './loadMnist';

const URL_ = 'http://test.local/app/mnist/mnist-v1.bin.gz';

/** A tiny asset in the real layout: 3 training and 2 test images of 2×2. */
function tinyAsset(): Uint8Array {
  const [nTrain, nTest, rows, cols] = [3, 2, 2, 2];
  const out = new Uint8Array(24 + (nTrain + nTest) * (1 + rows * cols));
  out.set([0x4f, 0x50, 0x4d, 0x4e]);
  const v = new DataView(out.buffer);
  [1, nTrain, nTest, rows, cols].forEach((x, i) => v.setUint32(4 + 4 * i, x, true));
  out.set([5, 0, 4, 7, 2], 24);
  for (let i = 29; i < out.length; i++) out[i] = (i * 37) % 256;
  return out;
}

const TINY_SHA256 = createHash('sha256').update(tinyAsset()).digest('hex');
/** loadMnist checking against the tiny asset's checksum (the app checks against the real asset's). */
const loadMnist = (url: string, onProgress: MnistProgress, signal?: AbortSignal) => loadWithSum(url, onProgress, signal, TINY_SHA256);

/** A response whose body arrives in chunks of `chunk` bytes. */
function respond(bytes: Uint8Array, headers: Record<string, string> = {}, chunk = 7, init: ResponseInit = {}): Response {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, (at += chunk)));
    },
  });
  return new Response(body, { headers, ...init });
}

function fakeCaches() {
  const store = new Map<string, Uint8Array>();
  const cache = {
    match: async (k: string) => (store.has(k) ? new Response(store.get(k)!.slice()) : undefined),
    put: async (k: string, r: Response) => void store.set(k, new Uint8Array(await r.arrayBuffer())),
    delete: async (k: string) => store.delete(k),
  };
  const names: string[] = [];
  vi.stubGlobal('caches', { open: async (name: string) => (names.push(name), cache) });
  return { store, names };
}

afterEach(() => vi.unstubAllGlobals());

describe('loadMnist', () => {
  it('downloads gzip with byte progress against Content-Length, then serves the cached copy', async () => {
    const gz = gzipSync(tinyAsset());
    const { store, names } = fakeCaches();
    const fetchMock = vi.fn(async () => respond(gz, { 'Content-Length': String(gz.length) }));
    vi.stubGlobal('fetch', fetchMock);
    const progress: Array<[number, number]> = [];
    const first = await loadMnist(URL_, (l, t) => progress.push([l, t]));
    expect(first.source).toBe('network');
    expect(first.bytes).toBe(gz.length);
    expect([first.train.n, first.test.n, first.rows, first.cols]).toEqual([3, 2, 2, 2]);
    expect(Array.from(first.train.labels)).toEqual([5, 0, 4]);
    expect(Array.from(first.test.labels)).toEqual([7, 2]);
    expect(progress[0]).toEqual([0, gz.length]);
    expect(progress.at(-1)).toEqual([gz.length, gz.length]);
    expect(progress.length).toBeGreaterThan(3);
    expect(names).toEqual([MNIST_CACHE_NAME]);
    expect(store.has(URL_)).toBe(true);

    const second = await loadMnist(URL_, () => undefined);
    expect(second.source).toBe('cache');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(Array.from(second.train.images)).toEqual(Array.from(first.train.images));
  });

  it('takes bytes the server already unpacked (Content-Encoding), with the total from the asset header', async () => {
    const raw = tinyAsset();
    vi.stubGlobal('fetch', async () => respond(raw, { 'Content-Encoding': 'gzip', 'Content-Length': '40' }, 30));
    const progress: Array<[number, number]> = [];
    const got = await loadMnist(URL_, (l, t) => progress.push([l, t]));
    expect(got.source).toBe('network');
    expect(progress.slice(1).every(([, t]) => t === raw.length)).toBe(true);
    expect(progress.at(-1)).toEqual([raw.length, raw.length]);
  });

  it('works without the Cache API and without a Content-Length', async () => {
    vi.stubGlobal('caches', undefined);
    const gz = gzipSync(tinyAsset());
    vi.stubGlobal('fetch', async () => respond(gz));
    const progress: Array<[number, number]> = [];
    const got = await loadMnist(URL_, (l, t) => progress.push([l, t]));
    expect(got.train.n).toBe(3);
    expect(progress.at(-1)).toEqual([gz.length, gz.length]);
  });

  it('drops a damaged cached copy and downloads again', async () => {
    const { store } = fakeCaches();
    store.set(URL_, gzipSync(tinyAsset()).subarray(0, 20));
    vi.stubGlobal('fetch', async () => respond(gzipSync(tinyAsset())));
    const got = await loadMnist(URL_, () => undefined);
    expect(got.source).toBe('network');
    expect((await loadMnist(URL_, () => undefined)).source).toBe('cache');
  });

  it('says what went wrong: HTTP status, truncation, bad gzip, an HTML page, no network', async () => {
    vi.stubGlobal('caches', undefined);
    const gz = gzipSync(tinyAsset());
    const cases: Array<[() => Response, RegExp]> = [
      [() => new Response('nope', { status: 404, statusText: 'Not Found' }), /HTTP 404 Not Found \(the file is missing: build it with `npm run build:mnist`\)/],
      [() => new Response('oops', { status: 503 }), /HTTP 503/],
      [() => respond(gz.subarray(0, 50), { 'Content-Length': String(gz.length) }), /truncated: 50 of \d+ bytes/],
      [() => respond(gz.subarray(0, gz.length - 12)), /damaged or truncated \(gzip/],
      [() => respond(new TextEncoder().encode('<!doctype html><title>app</title>')), /bad magic.*HTML page/],
      [() => respond(tinyAsset().subarray(0, 40)), /MNIST asset truncated/],
      [() => respond(tinyAsset().map((b, i) => (i === 40 ? b ^ 1 : b))), /damaged: its checksum \(SHA-256 [0-9a-f]{12}…\) is not the asset's/],
    ];
    for (const [make, message] of cases) {
      vi.stubGlobal('fetch', async () => make());
      await expect(loadMnist(URL_, () => undefined)).rejects.toThrow(message);
    }
    vi.stubGlobal('fetch', async () => { throw new TypeError('Failed to fetch'); });
    await expect(loadMnist(URL_, () => undefined)).rejects.toThrow(/Could not download MNIST from .*: Failed to fetch/);
  });

  it('downloads a damaged copy once more, and says so when the second is damaged too', async () => {
    vi.stubGlobal('caches', undefined);
    const good = gzipSync(tinyAsset());
    const damaged = tinyAsset().map((b, i) => (i === 40 ? b ^ 1 : b));
    const calls: RequestInit[] = [];
    let n = 0;
    vi.stubGlobal('fetch', async (_: string, init: RequestInit) => (calls.push(init), n++ === 0 ? respond(good.subarray(0, 30), { 'Content-Length': String(good.length) }) : respond(good)));
    const got = await loadMnist(URL_, () => undefined);
    expect(got.train.n).toBe(3);
    expect(calls.map((c) => c.cache), 'the second try skips the HTTP cache').toEqual([undefined, 'reload']);
    vi.stubGlobal('fetch', async () => respond(damaged));
    await expect(loadMnist(URL_, () => undefined)).rejects.toThrow(/checksum .* It was downloaded twice; check the connection/);
    // a missing file is not fetched again
    let tries = 0;
    vi.stubGlobal('fetch', async () => (tries++, new Response('nope', { status: 404 })));
    await expect(loadMnist(URL_, () => undefined)).rejects.toThrow(/HTTP 404/);
    expect(tries).toBe(1);
  });

  it('rejects with the AbortError when aborted mid-download', async () => {
    vi.stubGlobal('caches', undefined);
    const ctl = new AbortController();
    vi.stubGlobal('fetch', async () => respond(gzipSync(tinyAsset()), {}, 5));
    const load = loadMnist(URL_, (l) => { if (l > 10) ctl.abort(); }, ctl.signal);
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('resolves the asset path against a base', () => {
    expect(mnistAssetUrl('http://x.org/optiplay/index.html')).toBe('http://x.org/optiplay/mnist/mnist-v1.bin.gz');
    expect(mnistAssetUrl('http://x.org/optiplay/')).toBe('http://x.org/optiplay/mnist/mnist-v1.bin.gz');
  });
});
