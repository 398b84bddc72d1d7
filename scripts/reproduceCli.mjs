/**
 * What every `npm run reproduce:*` script shares: its arguments (--out FILE, --quick), the engine's
 * TypeScript modules loaded through Vite's runner (the same code the page runs), and writing the JSON
 * with the machine it ran on. Node built-ins and Vite only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** --out FILE (default `defaultOut` under the repository, unless --quick) and --quick (a smoke run). */
export function parseArgs(argv, defaultOut) {
  const args = { out: null, quick: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i] ?? null;
    else if (argv[i] === '--quick') args.quick = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.out && !args.quick) args.out = resolve(root, defaultOut);
  return args;
}

/** A module of the repository (TypeScript), as the page's code. */
export async function imp(path) {
  return (await runnerImport(resolve(root, path), { root, configFile: false, logLevel: 'warn' })).module;
}

/** The machine a result came from, stored beside it. */
export function machine() {
  return { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, date: new Date().toISOString() };
}

/** Writes `json` to `out` (its folder made) and says so. */
export function writeJson(out, json) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

/** Runs `main`, exiting 1 with the error when it throws. */
export function run(main) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
