import { describe, expect, it } from 'vitest';
import { spanText } from './writing-span';

/** An editing session is shown with when its writing happened, in the reader's words for time. */
describe('the span of a stretch of writing', () => {
  const at = (iso: string) => Date.parse(iso);
  const inLondon = { locale: 'en-GB', timeZone: 'UTC', now: at('2026-12-01T18:00:00Z') };
  // Locales space ranges with thin and narrow spaces; compare them as plain spaces.
  const span = (from: number, to: number, options = inLondon) => spanText(from, to, options).replace(/\s/g, ' ');

  it('is two times today', () => {
    expect(span(at('2026-12-01T14:02:00Z'), at('2026-12-01T14:20:00Z'), inLondon)).toBe('14:02–14:20');
  });

  it('is one time when the writing fell within a minute', () => {
    expect(span(at('2026-12-01T14:02:10Z'), at('2026-12-01T14:02:50Z'), inLondon)).toBe('14:02');
  });

  it('names the day on another day, and both days across midnight', () => {
    expect(span(at('2026-11-28T14:02:00Z'), at('2026-11-28T14:20:00Z'), inLondon)).toBe('28 Nov, 14:02–14:20');
    expect(span(at('2026-11-30T23:50:00Z'), at('2026-12-01T00:10:00Z'), inLondon)).toBe('30 Nov, 23:50 – 1 Dec, 00:10');
  });

  it('follows the reader’s locale', () => {
    expect(span(at('2026-12-01T14:02:00Z'), at('2026-12-01T14:20:00Z'), { ...inLondon, locale: 'en-US' })).toBe('2:02 – 2:20 PM');
  });
});
