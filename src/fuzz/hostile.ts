/**
 * Seeded generators of hostile input (fast-check arbitraries) for the fuzz tests: URL hashes and config
 * files. One source for the unit fuzzers (src/engine/config.fuzz.test.ts) and the browser fuzzer
 * (e2e/fuzz.spec.ts). Values mix the field names the app knows with what breaks parsers: numbers out of
 * range or not numbers, huge and empty strings, markup and script, percent-encoding, prototype keys.
 */
import fc from 'fast-check';
import { FIELDS } from '../engine/config';

/** Strings that have broken parsers and pages elsewhere. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '-0', '0x10', '1_000', '١٢٣', '1,2,3,4,5,6,7,8',
  '9'.repeat(400), '0.'.padEnd(300, '0') + '1', 'true', 'null', 'undefined', '[]', '{}', '__proto__',
  '<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=1">', 'javascript:window.__pwned=1',
  '%', '%%', '%00', '%E0%A4%A', '\u0000', '\u202e', '🧠'.repeat(50), 'sgd@', '@0.1', 'adam@1e9,sgd@-1,rmsprop@NaN',
  'relu,relu', 'mnist ', ' MNIST', 'a'.repeat(100_000),
];

const knownUrlKeys = FIELDS.map((f) => f.url);
const knownJsonKeys = FIELDS.map((f) => f.key);

const value = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.double().map(String),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.string({ maxLength: 30 }),
  fc.array(fc.integer({ min: -5, max: 5000 }), { maxLength: 12 }).map((a) => a.join(',')),
);

/** A URL hash: key=value pairs over known and unknown keys, or plain garbage. */
export const hostileHash: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...knownUrlKeys, '__proto__', 'constructor', '', 'foo'), fc.string({ maxLength: 8 })), value), { maxLength: 12 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
);

const jsonValue = fc.oneof(
  fc.constantFrom<unknown>(...NASTY_STRINGS, null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER),
  fc.double({ noDefaultInfinity: true, noNaN: true }),
  fc.integer(),
  fc.array(fc.oneof(fc.integer({ min: -10, max: 5000 }), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 10 }),
  fc.constant(Array.from({ length: 10_000 }, (_, i) => i)),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 4 }),
);

/** A config file's text: an object over known and unknown keys, another JSON value, or not JSON at all. */
export const hostileConfigText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc
    .dictionary(fc.oneof(fc.constantFrom(...knownJsonKeys, '__proto__', 'constructor', 'version'), fc.string({ maxLength: 8 })), jsonValue, { maxKeys: 14 })
    .map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"dataset":', '\uFEFF{"dataset":"xor"}', '{"__proto__":{"polluted":1},"dataset":"xor"}', 'null', '[1,2,3]', '"text"') },
);

/** `count` samples, the same for the same seed. */
export function samples<T>(arb: fc.Arbitrary<T>, count: number, seed: number): T[] {
  return fc.sample(arb, { numRuns: count, seed });
}
