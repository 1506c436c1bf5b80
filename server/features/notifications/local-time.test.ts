import { describe, expect, it } from 'vitest';
import { isLocalHour, localParts, nextLocalTime } from './local-time';

const at = (iso: string) => Date.parse(iso);

describe('localParts', () => {
  it('reads an instant on the clock of a zone half an hour off UTC, across midnight', () => {
    expect(localParts(at('2025-01-15T20:00:00Z'), 'Asia/Kolkata')).toEqual({
      year: 2025,
      month: 1,
      day: 16,
      hour: 1,
      minute: 30,
      weekday: 4,
      date: '2025-01-16',
    });
  });

  it('reads midnight as hour 0 and follows the clocks changing', () => {
    expect(localParts(at('2025-03-29T23:00:00Z'), 'Europe/Paris')).toMatchObject({ hour: 0, minute: 0, date: '2025-03-30', weekday: 0 });
    // One hour later in UTC, the Paris clock has gone from 1:59 CET to 3:00 CEST.
    expect(localParts(at('2025-03-30T01:00:00Z'), 'Europe/Paris')).toMatchObject({ hour: 3, minute: 0 });
  });

  it('refuses an unknown zone', () => {
    expect(() => localParts(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('isLocalHour', () => {
  it('is true during the whole local hour, on the given weekday only', () => {
    // Monday 2025-01-13, 08:45 in Paris.
    const monday = at('2025-01-13T07:45:00Z');
    expect(isLocalHour('Europe/Paris', monday, 8)).toBe(true);
    expect(isLocalHour('Europe/Paris', monday, 8, 1)).toBe(true);
    expect(isLocalHour('Europe/Paris', monday, 8, 2)).toBe(false);
    expect(isLocalHour('UTC', monday, 8)).toBe(false);
  });
});

describe('nextLocalTime', () => {
  it('gives the next local hour today, or tomorrow once it has passed', () => {
    expect(nextLocalTime('Asia/Kolkata', at('2025-01-15T00:00:00Z'), 8)).toBe(at('2025-01-15T02:30:00Z'));
    expect(nextLocalTime('Asia/Kolkata', at('2025-01-15T02:30:00Z'), 8)).toBe(at('2025-01-16T02:30:00Z'));
  });

  it('is 23 hours away on the day the clocks go forward, 25 on the day they go back', () => {
    const saturday8 = at('2025-03-29T07:00:00Z');
    expect(nextLocalTime('Europe/Paris', saturday8, 8)).toBe(at('2025-03-30T06:00:00Z'));
    const autumnSaturday8 = at('2025-10-25T06:00:00Z');
    expect(nextLocalTime('Europe/Paris', autumnSaturday8, 8)).toBe(at('2025-10-26T07:00:00Z'));
  });

  it('gives the instant the clocks jump when they skip the hour', () => {
    // 2:00 does not exist in Paris on 2025-03-30: 1:59:59 CET is followed by 3:00 CEST (01:00 UTC).
    expect(nextLocalTime('Europe/Paris', at('2025-03-29T12:00:00Z'), 2)).toBe(at('2025-03-30T01:00:00Z'));
  });

  it('counts an hour the clocks show twice once, at its first showing', () => {
    // 2:00 shows twice in Paris on 2025-10-26: 00:00 UTC (CEST) and 01:00 UTC (CET).
    const first = nextLocalTime('Europe/Paris', at('2025-10-25T12:00:00Z'), 2);
    expect(first).toBe(at('2025-10-26T00:00:00Z'));
    expect(nextLocalTime('Europe/Paris', first, 2)).toBe(at('2025-10-27T01:00:00Z'));
  });

  it('finds the weekday, a week on when today is that day and the hour has passed', () => {
    // Monday 2025-01-13 09:00 in Paris; weekly on Monday at 8.
    expect(nextLocalTime('Europe/Paris', at('2025-01-13T08:00:00Z'), 8, 1)).toBe(at('2025-01-20T07:00:00Z'));
    expect(nextLocalTime('Europe/Paris', at('2025-01-13T06:59:00Z'), 8, 1)).toBe(at('2025-01-13T07:00:00Z'));
    // Sunday at 23 from a Monday morning.
    expect(nextLocalTime('Asia/Kolkata', at('2025-01-13T00:00:00Z'), 23, 0)).toBe(at('2025-01-19T17:30:00Z'));
  });
});
