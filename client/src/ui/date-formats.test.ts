// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The options of every date format built while a test runs, and how many relative-time formats. */
const built: Intl.DateTimeFormatOptions[] = [];
let relativeBuilt = 0;
const realDateTimeFormat = Intl.DateTimeFormat;
const realRelativeTimeFormat = Intl.RelativeTimeFormat;
/** Intl's constructors, writable as they are at run time (TypeScript's library marks some read-only). */
const intl = Intl as { DateTimeFormat: typeof Intl.DateTimeFormat; RelativeTimeFormat: typeof Intl.RelativeTimeFormat };

beforeEach(() => {
  built.length = 0;
  relativeBuilt = 0;
  vi.resetModules();
  intl.DateTimeFormat = class extends realDateTimeFormat {
    constructor(locales?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions) {
      super(locales, options);
      built.push(options ?? {});
    }
  } as typeof Intl.DateTimeFormat;
  intl.RelativeTimeFormat = class extends realRelativeTimeFormat {
    constructor(locales?: Intl.LocalesArgument, options?: Intl.RelativeTimeFormatOptions) {
      super(locales, options);
      relativeBuilt += 1;
    }
  };
});

afterEach(() => {
  intl.DateTimeFormat = realDateTimeFormat;
  intl.RelativeTimeFormat = realRelativeTimeFormat;
});

describe('date formats', () => {
  it('are built the first time they write a date, once', async () => {
    const { dateAndTime, monthDay } = await import('./date-formats');
    expect(built).toEqual([]);
    const at = Date.UTC(2026, 11, 5, 14, 20);
    expect(dateAndTime().format(at)).toBe(new realDateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at));
    expect(dateAndTime()).toBe(dateAndTime());
    expect(built).toEqual([{ dateStyle: 'medium', timeStyle: 'short' }]);
    monthDay().format(at);
    expect(built).toHaveLength(2);
  });

  it('are not built by any of the app’s code as it loads', async () => {
    // Every module of the client but the one that mounts it into the page.
    const modules = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../main.tsx']);
    expect(Object.keys(modules).length).toBeGreaterThan(100);
    for (const load of Object.values(modules)) await load();
    expect(built).toEqual([]);
    expect(relativeBuilt).toBe(0);
  }, 60_000);
});
