import { describe, expect, it } from 'vitest';
import { dueCountdown, dueTone, untilNextChange } from './countdown';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const now = Date.parse('2026-12-01T15:00:00Z');

describe('the countdown to a due time', () => {
  it('counts days and hours while more than a day is left', () => {
    expect(dueCountdown(now, now + 2 * day + 3 * hour)).toBe('Due in 2 days 3 hours');
    expect(dueCountdown(now, now + 2 * day + 3 * hour + 59 * minute)).toBe('Due in 2 days 3 hours');
    expect(dueCountdown(now, now + day + hour)).toBe('Due in 1 day 1 hour');
    expect(dueCountdown(now, now + 5 * day + 20 * minute)).toBe('Due in 5 days');
  });

  it('counts hours and minutes within a day, minutes within an hour', () => {
    expect(dueCountdown(now, now + 5 * hour + 12 * minute)).toBe('Due in 5 hours 12 min');
    expect(dueCountdown(now, now + 3 * hour)).toBe('Due in 3 hours');
    expect(dueCountdown(now, now + 14 * minute + 59_000)).toBe('Due in 14 min');
    expect(dueCountdown(now, now + minute)).toBe('Due in 1 min');
    expect(dueCountdown(now, now + 59_000)).toBe('Due in less than a minute');
  });

  it('is past due at the due time and after it', () => {
    expect(dueCountdown(now, now)).toBe('Past due');
    expect(dueCountdown(now, now - 3 * day)).toBe('Past due');
  });

  it('tells how near it is: ahead, within a day, past', () => {
    expect(dueTone(now, now + day)).toBe('ahead');
    expect(dueTone(now, now + day - 1)).toBe('soon');
    expect(dueTone(now, now)).toBe('past');
  });

  it('redraws just after its text changes, and no more once past', () => {
    // 14 min 30 s left: "14 min" until 14 min is no longer whole, 30 s and a millisecond on.
    const due = now + 14 * minute + 30_000;
    const wait = untilNextChange(now, due);
    expect(wait).toBe(30_001);
    expect(dueCountdown(now + wait - 1, due)).toBe('Due in 14 min');
    expect(dueCountdown(now + wait, due)).toBe('Due in 13 min');
    expect(untilNextChange(now, now + 10 * minute)).toBe(1_000);
    expect(untilNextChange(now, now)).toBe(Number.POSITIVE_INFINITY);
  });
});
