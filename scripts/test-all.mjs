#!/usr/bin/env node
/**
 * `npm test`: the unit tests (Vitest) then the browser tests (Playwright), each with its own output,
 * the second run even when the first fails. Then one closing line from both JSON reports:
 *
 *   tests: N passed, M failed[, K skipped]
 *
 * Exits non-zero when a test failed, a runner crashed (non-zero exit, or no report), or no test ran.
 * Node built-ins only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.test-output');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const runners = [
  {
    name: 'unit',
    report: join(outDir, 'unit.json'),
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.test-output/unit.json'],
    /** Vitest's JSON (Jest-compatible) report. */
    count(r) {
      let failed = r.numFailedTests ?? 0;
      // A file that failed to load or errored outside a test has no failed test of its own: count it.
      for (const file of r.testResults ?? []) {
        const anyFailed = (file.assertionResults ?? []).some((a) => a.status === 'failed');
        if (file.status === 'failed' && !anyFailed) failed++;
      }
      return {
        passed: r.numPassedTests ?? 0,
        failed,
        skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
        errors: [],
      };
    },
  },
  {
    name: 'e2e',
    report: join(outDir, 'e2e.json'),
    args: ['playwright', 'test'],
    /** Playwright's JSON reporter. */
    count(r) {
      const s = r.stats ?? {};
      return {
        passed: (s.expected ?? 0) + (s.flaky ?? 0),
        failed: s.unexpected ?? 0,
        skipped: s.skipped ?? 0,
        errors: (r.errors ?? []).map((e) => e.message ?? String(e)),
      };
    },
  },
];

mkdirSync(outDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

for (const runner of runners) {
  rmSync(runner.report, { force: true }); // never read a stale report
  console.log(`\n=== ${runner.name}: npx ${runner.args.join(' ')}\n`);
  const res = spawnSync(npx, runner.args, { cwd: root, stdio: 'inherit', env: process.env });
  const exit = res.error ? `could not start (${res.error.message})` : res.signal ? `killed by ${res.signal}` : res.status;

  let counts = null;
  if (existsSync(runner.report)) {
    try {
      counts = runner.count(JSON.parse(readFileSync(runner.report, 'utf8')));
    } catch (e) {
      problems.push(`${runner.name}: unreadable report ${runner.report} (${e.message})`);
    }
  } else {
    problems.push(`${runner.name}: no report at ${runner.report} (exit ${exit})`);
  }

  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    for (const err of counts.errors) problems.push(`${runner.name}: ${err.split('\n')[0]}`);
    if (exit !== 0 && counts.failed === 0) problems.push(`${runner.name}: runner exited with ${exit} but reported no failed test`);
    if (counts.passed + counts.failed === 0) problems.push(`${runner.name}: no tests ran`);
  } else {
    totals.failed += 1; // a crashed runner counts as one failure so the line agrees with the exit code
  }
}

const ran = totals.passed + totals.failed;
if (ran === 0) problems.push('no tests ran at all');
for (const p of problems) console.error(`test-all: ${p}`);

let line = `tests: ${totals.passed} passed, ${totals.failed} failed`;
if (totals.skipped > 0) line += `, ${totals.skipped} skipped`;
console.log(`\n${line}`);
process.exit(totals.failed > 0 || problems.length > 0 ? 1 : 0);
