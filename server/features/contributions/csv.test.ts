import { describe, expect, it } from 'vitest';
import { csvRows } from '../../testing/csv-rows';
import { csvText } from './csv';

describe('csvText', () => {
  it('quotes every cell, so a spreadsheet splitting on semicolons cannot cut a name into a formula', () => {
    const text = csvText([["Ann;=cmd|'/C calc'!A0", 3]]);
    expect(text).toBe(`"Ann;=cmd|'/C calc'!A0","3"\r\n`);
  });

  it('neutralises text that starts like a formula, and leaves numbers alone', () => {
    const starts = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'];
    const [row] = csvRows(csvText([[...starts, -1]]));
    expect(row).toEqual([...starts.map((text) => `'${text}`), '-1']);
  });

  it('doubles quotes and keeps line breaks inside their cell', () => {
    expect(csvRows(csvText([['say "hi"', 'two\nlines'], ['next', '']]))).toEqual([
      ['say "hi"', 'two\nlines'],
      ['next', ''],
    ]);
  });
});
