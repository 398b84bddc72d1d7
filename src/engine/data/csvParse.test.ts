/**
 * "Upload CSV", reading: delimiters, quotes, header or none, CRLF, BOM, whitespace, every limit's message,
 * numbers and the column summary.
 */
import { describe, expect, it } from 'vitest';
import { columnSummary, parseCsv, parseNumber } from './csv';
import { csv, message, ok, PEOPLE, range } from './csvTestTables';

describe('parseCsv: reading', () => {
  it('reads a comma file with a header', () => {
    const p = ok(parseCsv(csv(PEOPLE)));
    expect(p).toMatchObject({ header: true, delimiter: ',', columns: ['age', 'height', 'colour', 'label'] });
    expect(p.rows).toHaveLength(12);
    expect(p.rows[0]).toEqual(['20', '1.50', 'red', '0']);
    expect(p.lines!.slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('names the columns of a headerless file "Column 1", "Column 2", …', () => {
    const p = ok(parseCsv(csv(PEOPLE.slice(1))));
    expect(p.header).toBe(false);
    expect(p.columns).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4']);
    expect(p.rows).toHaveLength(12);
    expect(p.lines![0]).toBe(1);
  });

  it.each([[',', 'comma'], [';', 'semicolon'], ['\t', 'tab']] as const)('detects the %j delimiter (%s), with and without a header', (d, _name) => {
    expect(ok(parseCsv(csv(PEOPLE, d)))).toMatchObject({ delimiter: d, header: true, columns: PEOPLE[0] });
    expect(ok(parseCsv(csv(PEOPLE.slice(1), d)))).toMatchObject({ delimiter: d, header: false });
    expect(ok(parseCsv(csv(PEOPLE, d))).rows[3]).toEqual(['23', '1.65', 'blue', '1']);
  });

  it('reads quoted fields with delimiters, escaped quotes and newlines inside, and counts lines past them', () => {
    const rows = [['name', 'x', 'y'], ['"Smith, J."', 1, 2], ['"two\nlines"', 3, 4], ['"say ""hi"""', 5, 6], ...range(8).map((i) => [`p${i}`, i, i])];
    const p = ok(parseCsv(csv(rows)));
    expect(p.rows[0]).toEqual(['Smith, J.', '1', '2']);
    expect(p.rows[1]).toEqual(['two\nlines', '3', '4']);
    expect(p.rows[2]).toEqual(['say "hi"', '5', '6']);
    expect(p.lines!.slice(0, 4)).toEqual([2, 3, 5, 6]);
    // the same with semicolons, and a semicolon inside quotes
    const p2 = ok(parseCsv(csv([['a', 'b'], ['"x;y"', 1], ...range(10).map((i) => [`v${i}`, i])], ';')));
    expect(p2.delimiter).toBe(';');
    expect(p2.rows[0]).toEqual(['x;y', '1']);
  });

  it('reads CRLF and CR line ends and a BOM like LF', () => {
    const lf = ok(parseCsv(csv(PEOPLE)));
    const crlf = ok(parseCsv(csv(PEOPLE, ',', '\r\n')));
    const cr = ok(parseCsv(csv(PEOPLE, ',', '\r')));
    const bom = ok(parseCsv('\uFEFF' + csv(PEOPLE, ',', '\r\n')));
    for (const p of [crlf, cr, bom]) {
      expect(p.columns).toEqual(lf.columns);
      expect(p.rows).toEqual(lf.rows);
      expect(p.lines).toEqual(lf.lines);
    }
    expect(bom.columns[0]).toBe('age');
  });

  it('trims cells and skips blank lines and lines of bare delimiters', () => {
    const text = '  a , b \n\n' + range(10).map((i) => ` ${i} ,\t${i * 2}  `).join('\n   \n,\n') + '\n\n';
    const p = ok(parseCsv(text));
    expect(p.columns).toEqual(['a', 'b']);
    expect(p.rows).toHaveLength(10);
    expect(p.rows[1]).toEqual(['1', '2']);
    expect(p.lines!.slice(0, 2)).toEqual([3, 6]);
  });

  it('names empty and repeated header cells, and takes forced header / delimiter options', () => {
    const p = ok(parseCsv(csv([['x', '', 'x', 'name'], ...range(10).map((i) => [i, i, i, 'n' + i])])));
    expect(p.columns).toEqual(['x', 'Column 2', 'x (2)', 'name']);
    // an all-text file has no detectable header; the option says there is one
    const words = csv([['first', 'second'], ...range(10).map((i) => ['a' + i, 'b' + i])]);
    expect(ok(parseCsv(words)).header).toBe(false);
    expect(ok(parseCsv(words, { header: true })).columns).toEqual(['first', 'second']);
    expect(ok(parseCsv(csv(PEOPLE), { header: false })).rows).toHaveLength(13);
    expect(ok(parseCsv(csv(PEOPLE, ';'), { delimiter: ',' })).columns).toEqual(['Column 1']);
  });

  it('reads decimal commas in a semicolon file without decimal points, and only there', () => {
    const p = ok(parseCsv(csv([['w', 'h'], ...range(10).map((i) => [`${i},5`, i])], ';')));
    expect(p.decimalComma).toBe(true);
    expect(p.header).toBe(true);
    expect(columnSummary(p)[0]).toMatchObject({ numeric: true, min: 0.5, max: 9.5 });
    // a semicolon file that also has "2.5": one convention per file, so "1,5" is text
    const mixed = ok(parseCsv(csv([['w', 'h'], ['2.5', 1], ...range(10).map((i) => [`${i},5`, i])], ';')));
    expect(mixed.decimalComma).toBe(false);
    expect(columnSummary(mixed)[0].numeric).toBe(false);
    // in a comma file a quoted "1,5" is text
    expect(columnSummary(ok(parseCsv(csv([['w', 'h'], ...range(10).map((i) => [`"${i},5"`, i])]))))[0].numeric).toBe(false);
  });
});

describe('parseCsv: problems', () => {
  it('an empty file', () => {
    expect(message(parseCsv(''))).toBe('The file is empty.');
    expect(message(parseCsv(' \n\r\n\t\n'))).toBe('The file is empty.');
    expect(message(parseCsv('\uFEFF'))).toBe('The file is empty.');
    expect(message(parseCsv(',,\n , \n,\n'))).toBe('The file is empty: every line is blank or holds only delimiters.');
  });

  it('fewer than 10 data rows', () => {
    expect(message(parseCsv(csv(PEOPLE.slice(0, 10))))).toBe('The file has 9 data rows after its header; at least 10 are needed.');
    expect(message(parseCsv('1,2\n'))).toBe('The file has 1 data row; at least 10 are needed.');
    expect(parseCsv(csv(PEOPLE.slice(0, 11))).ok).toBe(true);
  });

  it('a ragged row: its line and its cells against the header', () => {
    const rows: Array<Array<string | number>> = PEOPLE.map((r) => [...r]);
    rows[6] = [1, 2];
    expect(message(parseCsv(csv(rows)))).toBe('Line 7 has 2 cells but the header has 4 (comma separated).');
    const noHeader: Array<Array<string | number>> = PEOPLE.slice(1).map((r) => [...r]);
    noHeader[9].push(7);
    expect(message(parseCsv('\n\n' + csv(noHeader, '\t')))).toBe('Line 12 has 5 cells but the first row has 4 (tab separated).');
  });

  it('an unclosed or malformed quote, with its line', () => {
    expect(message(parseCsv(csv(PEOPLE) + '"open,1,2,3\n4,5,6,7\n'))).toMatch(/^Line 14: a quoted field is never closed/);
    expect(message(parseCsv(csv(PEOPLE) + '"ab"cd,1,2,3\n'))).toMatch(/^Line 14: a quoted field has text after its closing quote/);
  });

  it('more than 200 columns, more than 100,000 rows: the numbers', () => {
    expect(message(parseCsv(csv([range(201), range(201)].concat(range(10).map(() => range(201))))))).toBe('The file has 201 columns (comma separated); the limit is 200.');
    expect(parseCsv(csv(range(10).map(() => range(200)))).ok).toBe(true);
    expect(message(parseCsv('a,b\n' + '1,2\n'.repeat(100_001)))).toBe('The file has more than 100,000 data rows; the limit is 100,000.');
    expect(message(parseCsv('1,2\n'.repeat(100_001)))).toBe('The file has more than 100,000 data rows; the limit is 100,000.');
    expect(ok(parseCsv('a,b\n' + '1,2\n'.repeat(100_000))).rows).toHaveLength(100_000);
  });

  it('over 50 MB of text, checked before parsing', () => {
    const t0 = performance.now();
    expect(message(parseCsv('1,2\n'.repeat(13_107_201)))).toBe('The file is 50.0 MB; the limit is 50 MB.');
    expect(message(parseCsv('x'.repeat(60 * 1024 * 1024)))).toBe('The file is 60.0 MB; the limit is 50 MB.');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('binary content: NUL bytes or many control characters', () => {
    const binary = /^This looks like a binary file, not text/;
    expect(message(parseCsv(csv(PEOPLE) + '\u0000'))).toMatch(binary);
    expect(message(parseCsv('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000'))).toMatch(binary);
    expect(message(parseCsv('\u0089PNG\r\n\u001a\n' + '\u0001\u0002\u0003\u0004\u0005'.repeat(20)))).toMatch(binary);
    expect(message(parseCsv('\uFFFD\uFFFD\u0010a,b\uFFFD\n'.repeat(20)))).toMatch(binary);
    // a stray control character in a text file is not binary
    expect(parseCsv(csv(PEOPLE).replace('red', 'r\u0007ed')).ok).toBe(true);
  });

  it('is not text at all: a problem, not an exception', () => {
    expect(message(parseCsv(undefined as unknown as string))).toBe('The file could not be read as text.');
    expect(message(parseCsv(42 as unknown as string))).toBe('The file could not be read as text.');
  });
});

describe('parseNumber and columnSummary', () => {
  it('numbers are decimal notation with sign and exponent; never "", NaN, inf or comma decimals (outside ; files)', () => {
    for (const [s, v] of [['1e-3', 0.001], ['-2.5', -2.5], [' 3 ', 3], ['+4', 4], ['.5', 0.5], ['5.', 5], ['1E+2', 100], ['-0', -0]] as const) expect(parseNumber(s)).toBe(v);
    for (const s of ['', ' ', 'NaN', 'inf', 'Infinity', '-Infinity', '1,5', '0x10', '1_000', '1e309', '١٢٣', '1.2.3', 'e5', '--1', '1 000']) expect(parseNumber(s)).toBeNull();
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('-,5', true)).toBe(-0.5);
    expect(parseNumber('1,5,5', true)).toBeNull();
  });

  it('says per column: numeric, whole, distinct values, min/max, the first non-number, the task as a label', () => {
    const rows = [['f', 'i', 't', 'gap', 'inf', 'big'], ...range(10).map((i) => [`${i / 4}`, ` ${i % 3} `, ['a', 'b', 'c'][i % 3], i === 4 ? '' : '1', i === 7 ? 'inf' : '2', `${i * 7}`])];
    const s = columnSummary(ok(parseCsv(csv(rows))));
    expect(s.map((c) => c.name)).toEqual(['f', 'i', 't', 'gap', 'inf', 'big']);
    expect(s[0]).toMatchObject({ numeric: true, whole: false, distinct: 10, min: 0, max: 2.25, firstText: null, labelTask: 'regression' });
    expect(s[1]).toMatchObject({ numeric: true, whole: true, distinct: 3, min: 0, max: 2, labelTask: 'classification' });
    expect(s[2]).toMatchObject({ numeric: false, whole: false, distinct: 3, min: null, max: null, labelTask: 'classification' });
    expect(s[2].firstText).toEqual({ row: 1, line: 2, value: 'a' });
    expect(s[3]).toMatchObject({ numeric: false, distinct: 2, firstText: { row: 5, line: 6, value: '' } });
    expect(s[4]).toMatchObject({ numeric: false, distinct: 2, firstText: { row: 8, line: 9, value: 'inf' } });
    expect(s[5]).toMatchObject({ numeric: true, whole: true, distinct: 10, labelTask: 'classification' });
  });
});
