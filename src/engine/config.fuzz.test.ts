/**
 * Fuzzing the two doors a config comes in by: 1,000 hostile URL hashes and 1,000 hostile config files
 * (src/fuzz/hostile.ts, seeded). Whatever comes in, nothing throws, the config that comes out is valid
 * (validating it again changes nothing) and survives its own link, what was corrected is said in a
 * message of readable length, and no key reaches an object's prototype.
 */
import { describe, expect, it } from 'vitest';
import { hostileConfigText, hostileHash, samples } from '../fuzz/hostile';
import { configFromHash, configFromJSON, configToHash, validateConfig, type Validated } from './config';

const COUNT = 1000;
/** Longest correction message: a notice lists them, so a 100,000-character value must not fill the page. */
const MAX_MESSAGE = 400;

function expectSafe(result: Validated, input: string): void {
  const { config, corrections } = result;
  expect(validateConfig(config).corrections, `the config from ${JSON.stringify(input.slice(0, 80))} is valid`).toEqual([]);
  const again = configFromHash(configToHash(config));
  expect(again.corrections).toEqual([]);
  expect(again.config).toEqual(config);
  for (const c of corrections) {
    expect(typeof c.message).toBe('string');
    expect(c.message.length, `a correction message for ${JSON.stringify(input.slice(0, 80))}`).toBeLessThanOrEqual(MAX_MESSAGE);
  }
  expect(({} as Record<string, unknown>).polluted, 'no prototype pollution').toBeUndefined();
}

describe('fuzzing the config doors', () => {
  it(`${COUNT} hostile URL hashes each give a valid config, said corrections, no exception`, () => {
    const hashes = samples(hostileHash, COUNT, 13);
    let corrected = 0;
    for (const hash of hashes) {
      const result = configFromHash(hash);
      expectSafe(result, hash);
      if (result.corrections.length > 0) corrected++;
    }
    // the generator really is hostile: most inputs need a correction
    expect(corrected).toBeGreaterThan(COUNT / 2);
  });

  it(`${COUNT} hostile config files each give a valid config, said corrections, no exception`, () => {
    const files = samples(hostileConfigText, COUNT, 17);
    let corrected = 0;
    for (const text of files) {
      const result = configFromJSON(text);
      expectSafe(result, text);
      if (result.corrections.length > 0) corrected++;
    }
    expect(corrected).toBeGreaterThan(COUNT / 2);
  });
});
