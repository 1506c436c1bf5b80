import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidByte, parseCsv } from './roster-csv';

const fieldsOf = (text: string) => parseCsv(text).records.map((r) => r.fields);
const bytes = (...values: number[]) => new Uint8Array(values);

describe('parseCsv', () => {
  it('splits fields and records, whatever the line ends', () => {
    expect(fieldsOf('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('reads quoted fields holding commas, line breaks and doubled quotes', () => {
    const { records, problems } = parseCsv('name,note\n"Smith, Ann","said ""hi""\r\nthen left"\nBo,""\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Smith, Ann', 'said "hi"\r\nthen left'] },
      // The record after a field with a line break starts on the line after it.
      { line: 4, fields: ['Bo', ''] },
    ]);
  });

  it('skips a byte order mark and blank lines, keeps empty fields', () => {
    expect(parseCsv('\uFEFFemail\n\nx@y.z\n\n').records).toEqual([
      { line: 1, fields: ['email'] },
      { line: 3, fields: ['x@y.z'] },
    ]);
    expect(fieldsOf(',\n,,')).toEqual([
      ['', ''],
      ['', '', ''],
    ]);
    expect(fieldsOf('a,')).toEqual([['a', '']]);
  });

  it('keeps a quote inside an unquoted field as written', () => {
    expect(fieldsOf('O"Brien,x')).toEqual([['O"Brien', 'x']]);
  });

  it('reports a quote never closed and text after a closing quote', () => {
    const open = parseCsv('a,b\n"never closed,x\ny,z');
    expect(open.problems).toEqual([{ line: 2, message: expect.stringContaining('never closed') }]);
    expect(open.records.at(-1)).toEqual({ line: 2, fields: ['never closed,x\ny,z'] });
    const stray = parseCsv('"Smith" Jr,x');
    expect(stray.problems).toEqual([{ line: 1, message: expect.stringContaining('after a closing quote') }]);
    expect(stray.records).toEqual([{ line: 1, fields: ['Smith Jr', 'x'] }]);
  });

  // Hostile shapes: each is read in one pass (a backtracking reader would
  // take minutes on these); the assertions are on what is read.
  it('reads 100,000 quote characters', () => {
    const quotes = '"'.repeat(100_000);
    // An even run inside quotes: a field of 49,999 quotes.
    const inside = parseCsv(`${quotes}\n`);
    expect(inside.problems).toEqual([]);
    expect(inside.records).toEqual([{ line: 1, fields: ['"'.repeat(49_999)] }]);
    // Unquoted: kept as written.
    expect(fieldsOf(`a${quotes},b`)).toEqual([[`a${quotes}`, 'b']]);
    // An odd run never closes.
    expect(parseCsv(`"${quotes}`).problems).toHaveLength(1);
  });

  it('reads one field of a megabyte, quoted and not', () => {
    const big = 'x'.repeat(1024 * 1024);
    expect(fieldsOf(`email,note\na@b.cd,${big}`)[1]![1]).toHaveLength(big.length);
    const quoted = parseCsv(`"${big}\n${big}"`);
    expect(quoted.records[0]!.fields[0]).toBe(`${big}\n${big}`);
  });

  it('reads 10,000 rows with their lines', () => {
    const lines = ['name,email,team', ...Array.from({ length: 10_000 }, (_, i) => `"Learner, ${i}",l${i}@example.test,T${i % 7}`)];
    const { records, problems } = parseCsv(lines.join('\r\n'));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(10_001);
    expect(records[10_000]).toEqual({ line: 10_001, fields: ['Learner, 9999', 'l9999@example.test', 'T3'] });
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8, names and all', () => {
    const text = 'name\nZoë Ångström 中文 🎓';
    expect(decodeUtf8(new TextEncoder().encode(text))).toEqual({ ok: true, text });
  });

  it('refuses Latin-1 with the line and byte of the first bad byte', () => {
    // "name\nZo\xEB" saved as Latin-1: 0xEB starts a three-byte sequence that never comes.
    const decoded = decodeUtf8(bytes(0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a));
    expect(decoded).toEqual({
      ok: false,
      problem: { line: 2, byte: 7, message: expect.stringMatching(/byte 8 \(0xEB\) on line 2/) },
    });
  });

  it('finds overlong forms, surrogates, stray continuation bytes and cut sequences', () => {
    expect(firstInvalidByte(bytes(0x41, 0xc0, 0x80))).toBe(1); // overlong NUL
    expect(firstInvalidByte(bytes(0xe0, 0x80, 0x80))).toBe(0); // overlong three-byte
    expect(firstInvalidByte(bytes(0xed, 0xa0, 0x80))).toBe(0); // a surrogate
    expect(firstInvalidByte(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // past U+10FFFF
    expect(firstInvalidByte(bytes(0x41, 0x80))).toBe(1);
    expect(firstInvalidByte(bytes(0x41, 0xe2, 0x82))).toBe(1); // cut at the end
    expect(firstInvalidByte(new TextEncoder().encode('€𝄞é'))).toBe(9);
  });
});
