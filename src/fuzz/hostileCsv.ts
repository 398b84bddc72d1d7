/**
 * Seeded generator of hostile CSV texts (a fast-check arbitrary) for the "Upload CSV" fuzz tests: one
 * source for the unit fuzzer (src/engine/data/csv.test.ts) and, later, a browser fuzzer. Most texts are
 * tables (1–8 columns of numbers, decimal-comma numbers, small integers, categories or a mix; 0–40 rows;
 * comma, semicolon or tab; optional header, BOM, CRLF or CR, quoting) so that many reach a Dataset; some
 * are then damaged (a cell dropped, garbage or a stray quote spliced in, a cut, blank lines), and the rest
 * is plain garbage: random unicode, control and NUL characters, nasty strings, lone quotes and delimiters.
 * Sample with `samples(hostileCsv, count, seed)` from ./hostile: the same seed gives the same texts.
 */
import fc from 'fast-check';
import { NASTY_STRINGS } from './hostile';

type Kind = 'float' | 'int' | 'category' | 'mixed' | 'decimalComma';

const short = NASTY_STRINGS.filter((s) => s.length <= 400);
const TRICKY = ['1,5', '-2,25', '"q"', 'a"b', 'x\ny', '1e309', ' 3 ', '-2.5', '1e-3', '.5', '5.', '', ' ', 'n/a', 'NaN', 'inf', '\t', ';', ','];

const nasty = fc.oneof(
  fc.constantFrom(...short, ...TRICKY),
  fc.string({ maxLength: 8, unit: 'grapheme' }),
  fc.string({ maxLength: 6, unit: 'binary' }),
);

const cellOf: Record<Kind, fc.Arbitrary<string>> = {
  float: fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.constantFrom('0', '1e-3', '-2.5', ' 3 ', '1e300', '-1e-300', '5e-324') },
  ),
  int: fc.integer({ min: -1, max: 12 }).map(String),
  category: fc.constantFrom('red', 'green', 'blue', 'yes', 'no', 'Ünïcode', '猫', '🧠', 'a,b', 'say "hi"'),
  decimalComma: fc.double({ min: -1000, max: 1000, noNaN: true }).map((v) => v.toFixed(2).replace('.', ',')),
  mixed: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }).map(String) }, { weight: 1, arbitrary: nasty }),
};

/** One cell as it appears in the file: quoted when it must be (or at random), raw otherwise. */
function render(cell: string, delimiter: string, quoteAll: boolean): string {
  const must = cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r');
  return must || quoteAll ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const table = fc
  .record({
    kinds: fc.array(fc.constantFrom<Kind>('float', 'float', 'int', 'category', 'mixed', 'decimalComma'), { minLength: 1, maxLength: 8 }),
    rows: fc.integer({ min: 0, max: 40 }),
    header: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    quoteAll: fc.boolean(),
    trailingEol: fc.boolean(),
  })
  .chain((t) =>
    fc.record({
      t: fc.constant(t),
      names: fc.array(fc.oneof(fc.constantFrom('age', 'x', 'y', 'label', 'price', '', 'x'), nasty), { minLength: t.kinds.length, maxLength: t.kinds.length }),
      cells: fc.array(fc.tuple(...t.kinds.map((k) => cellOf[k])), { minLength: t.rows, maxLength: t.rows }),
    }),
  )
  .map(({ t, names, cells }) => {
    const lines = (t.header ? [names, ...cells] : cells).map((r) => r.map((c) => render(c, t.delimiter, t.quoteAll)).join(t.delimiter));
    return (t.bom ? '\uFEFF' : '') + lines.join(t.eol) + (t.trailingEol ? t.eol : '');
  });

/** A table with one piece of damage. */
const damaged = fc
  .tuple(table, fc.nat(), fc.nat(), fc.constantFrom('splice', 'cut', 'drop-cell', 'quote', 'blank-lines'), nasty)
  .map(([text, a, b, how, junk]) => {
    if (text.length === 0) return junk;
    const i = a % text.length, j = i + (b % 20);
    switch (how) {
      case 'splice': return text.slice(0, i) + junk + text.slice(i);
      case 'cut': return text.slice(0, i) + text.slice(j);
      case 'drop-cell': return text.replace(/[,;\t][^,;\t\n\r]*/, '');
      case 'quote': return text.slice(0, i) + '"' + text.slice(i);
      case 'blank-lines': return text.slice(0, i) + '\n\n  \n,,\n' + text.slice(i);
    }
  });

const garbage = fc.oneof(
  fc.string({ maxLength: 300, unit: 'grapheme' }),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.array(fc.constantFrom('"', ',', ';', '\t', '\n', '\r', '\u0000', '\u0007', '\uFFFD', '1', 'a', ' '), { maxLength: 200 }).map((a) => a.join('')),
  fc.constantFrom(...short),
);

/** A hostile CSV text: mostly tables, some damaged, some garbage. */
export const hostileCsv: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: table },
  { weight: 3, arbitrary: damaged },
  { weight: 2, arbitrary: garbage },
);
