import { describe, expect, it } from 'vitest';
import { localParts } from './local-time';
import { inQuietHours, mailMayGoAt } from './quiet-hours';

const at = (iso: string) => Date.parse(iso);
const night = (timeZone: string) => ({ timeZone, quietHours: { start: 22, end: 7 } });

describe('mailMayGoAt', () => {
  it('is the instant itself without quiet hours or outside them', () => {
    const noon = at('2025-01-15T11:00:00Z');
    expect(mailMayGoAt({ timeZone: 'Europe/Paris', quietHours: null }, noon)).toBe(noon);
    expect(mailMayGoAt(night('Europe/Paris'), noon)).toBe(noon);
  });

  it('holds mail from the start hour up to, not including, the end hour', () => {
    // Paris is UTC+1 in January.
    expect(inQuietHours(night('Europe/Paris'), at('2025-01-15T20:59:59Z'))).toBe(false);
    expect(inQuietHours(night('Europe/Paris'), at('2025-01-15T21:00:00Z'))).toBe(true);
    expect(inQuietHours(night('Europe/Paris'), at('2025-01-16T05:59:59Z'))).toBe(true);
    expect(mailMayGoAt(night('Europe/Paris'), at('2025-01-16T06:00:00Z'))).toBe(at('2025-01-16T06:00:00Z'));
  });

  it('wraps midnight: before and after it, the mail goes at the next local end hour', () => {
    const sevenInParis = at('2025-01-16T06:00:00Z');
    expect(mailMayGoAt(night('Europe/Paris'), at('2025-01-15T21:30:00Z'))).toBe(sevenInParis);
    expect(mailMayGoAt(night('Europe/Paris'), at('2025-01-16T02:00:00Z'))).toBe(sevenInParis);
  });

  it('holds daytime quiet hours that do not wrap', () => {
    const daytime = { timeZone: 'UTC', quietHours: { start: 9, end: 17 } };
    expect(mailMayGoAt(daytime, at('2025-01-15T12:00:00Z'))).toBe(at('2025-01-15T17:00:00Z'));
    expect(mailMayGoAt(daytime, at('2025-01-15T18:00:00Z'))).toBe(at('2025-01-15T18:00:00Z'));
  });

  it('ends the night at 7 on the member clock the night the clocks go forward', () => {
    // Midnight in Paris on 2025-03-30: seven local hours later is only six in UTC.
    expect(mailMayGoAt(night('Europe/Paris'), at('2025-03-29T23:00:00Z'))).toBe(at('2025-03-30T05:00:00Z'));
  });

  it('ends the night at 7 on the member clock the night the clocks go back', () => {
    // 23:00 CEST on 2025-10-25; 7:00 CET the next morning is 06:00 UTC, nine hours on, not eight.
    expect(mailMayGoAt(night('Europe/Paris'), at('2025-10-25T21:00:00Z'))).toBe(at('2025-10-26T06:00:00Z'));
  });

  it('ends at the jump when the end hour is skipped', () => {
    const untilTwo = { timeZone: 'Europe/Paris', quietHours: { start: 23, end: 2 } };
    // 1:30 CET on 2025-03-30; the clock goes from 1:59 to 3:00.
    expect(mailMayGoAt(untilTwo, at('2025-03-30T00:30:00Z'))).toBe(at('2025-03-30T01:00:00Z'));
  });

  it('follows a zone half an hour off UTC', () => {
    // 22:30 in Kolkata (UTC+5:30); 7:00 the next morning is 01:30 UTC.
    expect(mailMayGoAt(night('Asia/Kolkata'), at('2025-01-15T17:00:00Z'))).toBe(at('2025-01-16T01:30:00Z'));
  });

  it('over a whole year, mail held at any hour (stepping five hours, so every hour of the day) goes at the first local end hour and not a minute before', () => {
    const wrong: string[] = [];
    for (const timeZone of ['Europe/Paris', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe']) {
      const settings = night(timeZone);
      for (let t = at('2025-01-01T00:17:00Z'); t < at('2026-01-01T00:00:00Z'); t += 5 * 3_600_000) {
        const goes = mailMayGoAt(settings, t);
        const local = localParts(goes, timeZone);
        const right =
          goes === t
            ? !inQuietHours(settings, t)
            : goes > t &&
              goes - t <= 10 * 3_600_000 &&
              !inQuietHours(settings, goes) &&
              inQuietHours(settings, goes - 60_000) &&
              local.hour === 7 &&
              local.minute === 0;
        if (!right) wrong.push(`${timeZone} ${new Date(t).toISOString()} -> ${new Date(goes).toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
