import { describe, expect, it } from 'vitest';
import { readRoster } from './roster-rows';
import { rosterLimits } from './schemas/roster';

const read = (text: string) => readRoster(new TextEncoder().encode(text));
const verdicts = (text: string) => read(text).rows.map((r) => [r.line, r.status]);

describe('readRoster', () => {
  it('finds the columns by name in any order and case, and keeps the others', () => {
    const reading = read('Section,EMAIL,Team,Full Name,\r\nA,Ann@Example.test , Red ,Ann Lee,x\r\n');
    expect(reading.columns).toEqual({ name: 'Full Name', email: 'EMAIL', team: 'Team', attributes: ['Section'] });
    expect(reading.problems).toEqual([]);
    expect(reading.notes).toEqual([
      expect.stringContaining('"Section" is kept'),
      expect.stringContaining('Column 5 has no name'),
    ]);
    expect(reading.rows).toEqual([
      { line: 2, name: 'Ann Lee', email: 'ann@example.test', team: 'Red', attributes: { Section: 'A' }, status: 'ok', messages: [], repeat: false },
    ]);
  });

  it('reports missing and invalid emails, and a row of the wrong width', () => {
    const reading = read('name,email,team\nAnn,,Red\nBo,not-an-email,Red\nCy,cy@example.test,Red,extra\nDi,di@example.test\n');
    expect(reading.rows.map((r) => [r.line, r.status, r.messages[0]])).toEqual([
      [2, 'error', expect.stringContaining('No email')],
      [3, 'error', expect.stringContaining('"not-an-email" is not a valid email')],
      [4, 'error', expect.stringContaining('4 fields where the header has 3')],
      [5, 'warning', expect.stringContaining('missing ones are read as empty')],
    ]);
    // The short row has no team: it joins the course only, said as well.
    expect(reading.rows[3]!.messages[1]).toContain('No team');
  });

  it('counts a repeated learner once, and refuses one learner in two teams', () => {
    const reading = read('email,team\na@x.test,Red\nb@x.test,Red\nA@X.test, red \nb@x.test,Blue\n');
    expect(reading.rows.map((r) => [r.line, r.status, r.repeat])).toEqual([
      [2, 'ok', false],
      [3, 'error', false],
      [4, 'warning', true],
      [5, 'error', false],
    ]);
    expect(reading.rows[1]!.messages).toEqual([expect.stringMatching(/line 5 in team "Blue"/)]);
    expect(reading.rows[3]!.messages).toEqual([expect.stringMatching(/line 3 in team "Red"/)]);
  });

  it('needs an email column, and one of each', () => {
    expect(read('name,team\nAnn,Red\n').problems).toEqual([{ line: 1, message: expect.stringContaining('No email column') }]);
    expect(read('email,Email\na@x.test,b@x.test\n').problems).toEqual([{ line: 1, message: expect.stringContaining('Two columns are the email') }]);
    expect(read('').problems).toEqual([{ line: null, message: expect.stringContaining('empty') }]);
    expect(read('name;email;team\nAnn;a@x.test;Red\n').problems).toEqual([{ line: 1, message: expect.stringContaining('separated by semicolons') }]);
  });

  it('skips the separator line Excel may write first', () => {
    const reading = read('sep=,\nemail,team\na@x.test,Red\n');
    expect(reading.problems).toEqual([]);
    expect(reading.rows).toEqual([expect.objectContaining({ line: 3, email: 'a@x.test', team: 'Red', status: 'ok' })]);
  });

  it('says when there is no team column, and reads every learner without a team', () => {
    const reading = read('email\na@x.test\n');
    expect(reading.notes).toContain('No team column: every learner joins the course without a team.');
    expect(reading.rows[0]).toMatchObject({ team: null, status: 'ok' });
  });

  it('reports broken UTF-8 with its line and byte, and reads no rows', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('email,name\na@x.test,Zo'), 0xeb, 0x0a]);
    const reading = readRoster(bytes);
    expect(reading.rows).toEqual([]);
    expect(reading.problems).toEqual([{ line: 2, message: expect.stringMatching(/byte 23 \(0xEB\) on line 2/) }]);
  });

  it('takes 5,000 rows and refuses 10,000 with one clear problem, checking the first 5,000', () => {
    const file = (count: number) =>
      ['name,email,team', ...Array.from({ length: count }, (_, i) => `L ${i},l${i}@example.test,T${i % 50}`)].join('\n');
    const fits = read(file(rosterLimits.maxRows));
    expect(fits.problems).toEqual([]);
    expect(fits.rows).toHaveLength(rosterLimits.maxRows);
    expect(fits.rows.every((r) => r.status === 'ok')).toBe(true);
    const big = read(file(10_000));
    expect(big.rowCount).toBe(10_000);
    expect(big.rows).toHaveLength(rosterLimits.maxRows);
    expect(big.problems).toEqual([{ line: rosterLimits.maxRows + 2, message: expect.stringContaining('10000 learners') }]);
  });

  it('refuses a field longer than the limit without reading it as an email', () => {
    const reading = read(`email,team\n${'a'.repeat(1024 * 1024)}@x.test,Red\n`);
    expect(reading.rows[0]!.status).toBe('error');
    expect(reading.rows[0]!.messages).toEqual([expect.stringContaining('longer than 200')]);
  });

  it('gives each row its line, quoted line breaks counted', () => {
    expect(verdicts('name,email\n"Ann\nLee",a@x.test\nBo,b@x.test')).toEqual([
      [2, 'ok'],
      [4, 'ok'],
    ]);
  });
});
