/**
 * The first getContext call fixes a canvas's attributes, so a CPU-backed canvas (canvas2d.ts) holds only if
 * no page code asks for a 2-D context any other way: this scans the sources for such a call.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('2-D canvas contexts', () => {
  it('are taken only through context2d', () => {
    const offenders = sources(SRC)
      .filter((f) => !f.endsWith(join('ui', 'common', 'canvas2d.ts')))
      .filter((f) => /getContext\(\s*['"]2d['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('finds the sources it scans (the scan itself works)', () => {
    const all = sources(SRC);
    expect(all.some((f) => f.endsWith(join('ui', 'network', 'drawNetwork.ts')))).toBe(true);
    expect(/getContext\(\s*['"]2d['"]/.test(readFileSync(join(SRC, 'ui', 'common', 'canvas2d.ts'), 'utf8'))).toBe(true);
  });
});
