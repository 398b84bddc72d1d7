/**
 * Downloads the MNIST asset (public/mnist/mnist-v1.bin.gz, built by scripts/build-mnist.mjs), with
 * progress, gzip unpacking and an offline copy in the Cache API. Runs on a page or in a Web Worker;
 * no React, no DOM beyond fetch/streams/caches.
 */
import { MNIST_ASSET_SHA256, mnistAssetLength, parseMnistAsset, type MnistRaw } from '../engine/mnist';

/** The asset's path relative to the app's base URL. */
export const MNIST_ASSET_PATH = 'mnist/mnist-v1.bin.gz';
/** Cache API bucket; a new asset layout gets a new name (and a new file name). */
export const MNIST_CACHE_NAME = 'optiplay-mnist-v1';

export interface LoadedMnist extends MnistRaw {
  /** Where the bytes came from: the Cache API copy of an earlier visit, or the server. */
  source: 'cache' | 'network';
  /** Bytes read (compressed, unless the server had already unpacked them). */
  bytes: number;
}

/**
 * `loaded` bytes so far of `total`; `total` is 0 while the size is unknown. Normally these are the gzip
 * bytes against Content-Length. When the server sends the file with a Content-Encoding (Vite's dev
 * server does for .gz), the browser hands over unpacked bytes and the total comes from the asset header.
 */
export type MnistProgress = (loaded: number, total: number) => void;

/**
 * The asset's absolute URL from the page's base, e.g. `mnistAssetUrl(document.baseURI)`. In a worker,
 * pass the page's base in: `self.location` there is the worker script's URL, not the page's.
 */
export function mnistAssetUrl(base: string | URL): string {
  return new URL(MNIST_ASSET_PATH, base).href;
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

async function openCache(): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null; // insecure context or no Cache API
  try {
    return await caches.open(MNIST_CACHE_NAME);
  } catch {
    return null; // storage blocked (private mode, opaque origin): load without the offline copy
  }
}

/** The bytes that arrived are not the asset (truncated, damaged, another file): worth one more download. */
class DamagedAsset extends Error {}

/** The SHA-256 in hex; null where the page is not a secure context (no crypto.subtle): size and gzip's CRC still hold. */
async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads the whole body, reporting progress per chunk. */
async function readBody(res: Response, onProgress: MnistProgress, signal: AbortSignal | undefined, href: string): Promise<Uint8Array<ArrayBuffer>> {
  const encoding = (res.headers.get('Content-Encoding') ?? 'identity').toLowerCase();
  const declared = Number(res.headers.get('Content-Length') ?? NaN);
  const expected = encoding === 'identity' && Number.isFinite(declared) && declared > 0 ? declared : 0;
  let total = expected;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    onProgress(all.length, all.length);
    return all;
  }
  const reader = res.body.getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded === 0 && !expected) total = mnistAssetLength(value) ?? 0; // unpacked by the server
      chunks.push(value);
      loaded += value.length;
      if (loaded > total) total = 0; // more bytes than announced: the length was for other bytes
      onProgress(loaded, total);
    }
  } catch (e) {
    reader.cancel().catch(() => undefined);
    if (isAbort(e) || signal?.aborted) throw e;
    throw new Error(`The MNIST download from ${href} broke off after ${mb(loaded)}${expected ? ` of ${mb(expected)}` : ''}: ${message(e)}`);
  }
  if (expected && loaded < expected) throw new DamagedAsset(`The MNIST download from ${href} is truncated: ${loaded} of ${expected} bytes arrived.`);
  if (total === 0) onProgress(loaded, loaded);
  const all = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** Unpacks gzip (magic 1f 8b); bytes a server already unpacked pass through unchanged. */
async function gunzipIfNeeded(bytes: Uint8Array<ArrayBuffer>, href: string): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('This browser cannot unpack the MNIST file (no DecompressionStream): use a current Chrome, Edge, Firefox or Safari.');
  }
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DamagedAsset(`The MNIST file from ${href} is damaged or truncated (gzip: ${message(e)}).`);
  }
}

/** Reads, unpacks, checks (size, then the SHA-256 of the unpacked bytes) and parses one response. */
async function readAsset(res: Response, onProgress: MnistProgress, signal: AbortSignal | undefined, href: string, sha256: string) {
  const body = await readBody(res, onProgress, signal, href);
  const unpacked = await gunzipIfNeeded(body, href);
  let raw: MnistRaw;
  try {
    raw = parseMnistAsset(unpacked);
  } catch (e) {
    throw new DamagedAsset(`The MNIST file from ${href} is not the asset (${message(e)}).`);
  }
  const sum = await sha256Hex(unpacked);
  if (sum !== null && sum !== sha256) throw new DamagedAsset(`The MNIST file from ${href} is damaged: its checksum (SHA-256 ${sum.slice(0, 12)}…) is not the asset's (${sha256.slice(0, 12)}…).`);
  signal?.throwIfAborted();
  return { raw, body };
}

async function download(href: string, signal: AbortSignal | undefined, again: boolean): Promise<Response> {
  let res: Response;
  try {
    // a second try skips the HTTP cache, which may hold the damaged copy
    res = await fetch(href, again ? { signal, cache: 'reload' } : { signal });
  } catch (e) {
    if (isAbort(e) || signal?.aborted) throw e;
    throw new Error(`Could not download MNIST from ${href}: ${message(e)}. Check the connection and try again.`);
  }
  if (!res.ok) {
    const hint = res.status === 404 ? ' (the file is missing: build it with `npm run build:mnist`)' : '';
    throw new Error(`Could not download MNIST from ${href}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${hint}`);
  }
  return res;
}

/**
 * Loads MNIST: from the Cache API copy when there is a good one (instant, offline), else from `url`
 * (relative URLs resolve against the current location; see `mnistAssetUrl`), storing what arrived once
 * it has been checked. Every copy is checked by size and by the SHA-256 of its unpacked bytes (`sha256`,
 * the real asset's by default): a damaged cached copy is dropped and downloaded again, and a damaged
 * download (truncated, corrupt, another file) is fetched once more before giving up. Aborting `signal`
 * rejects with the AbortError; every other failure is an Error whose message says what went wrong.
 */
export async function loadMnist(url: string | URL, onProgress: MnistProgress, signal?: AbortSignal, sha256 = MNIST_ASSET_SHA256): Promise<LoadedMnist> {
  const href = new URL(url, globalThis.location?.href).href;
  const cache = await openCache();
  const cached = cache ? await cache.match(href).catch(() => undefined) : undefined;
  if (cache && cached) {
    try {
      const { raw, body } = await readAsset(cached, onProgress, signal, href, sha256);
      return { ...raw, source: 'cache', bytes: body.length };
    } catch (e) {
      if (isAbort(e) || signal?.aborted) throw e;
      await cache.delete(href).catch(() => false);
    }
  }
  let got: Awaited<ReturnType<typeof readAsset>>;
  try {
    got = await readAsset(await download(href, signal, false), onProgress, signal, href, sha256);
  } catch (e) {
    if (!(e instanceof DamagedAsset)) throw e;
    try {
      got = await readAsset(await download(href, signal, true), onProgress, signal, href, sha256);
    } catch (again) {
      if (again instanceof DamagedAsset) throw new Error(`${again.message} It was downloaded twice; check the connection (or the server's copy), then choose MNIST again.`);
      throw again;
    }
  }
  const { raw, body } = got;
  if (cache) {
    const copy = new Response(body, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) } });
    await cache.put(href, copy).catch(() => undefined); // quota full: this visit still works, the next downloads again
  }
  return { ...raw, source: 'network', bytes: body.length };
}
