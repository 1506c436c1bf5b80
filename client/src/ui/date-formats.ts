/**
 * The ways the app writes a moment, in the reader's locale, each built the
 * first time it writes something rather than as the app's code loads. The
 * first Intl format a tab builds loads the locale's data, 25-30 ms of the
 * main thread on the machine the page timings are kept on (README, "Page
 * timings"): built at load, formats put that into the app's start-up. The
 * page's head loads that data while the app's code compiles instead
 * (public/locale-warmup.js).
 */
function builtOnFirstUse(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let format: Intl.DateTimeFormat | undefined;
  return () => (format ??= new Intl.DateTimeFormat(undefined, options));
}

/** "Dec 5, 2026, 2:20 PM": a saved version, a stop in the history, an entry in the audit log. */
export const dateAndTime = builtOnFirstUse({ dateStyle: 'medium', timeStyle: 'short' });

/** "Saturday, December 5, 2026 at 2:20 PM": the whole moment, on hover where the page shows less of it. */
export const fullDateAndTime = builtOnFirstUse({ dateStyle: 'full', timeStyle: 'short' });

/** "Dec 5, 2026". */
export const calendarDate = builtOnFirstUse({ dateStyle: 'medium' });

/** "Dec 5". */
export const monthDay = builtOnFirstUse({ month: 'short', day: 'numeric' });

/** "Dec 5" for a day given as a UTC date ("2026-12-05"), so that no time zone moves it to the day before. */
export const utcMonthDay = builtOnFirstUse({ month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "2:20 PM". */
export const clockTime = builtOnFirstUse({ hour: 'numeric', minute: '2-digit' });

/** "Dec 5, 2:20 PM". */
export const dayAndTime = builtOnFirstUse({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "Thu, Dec 3, 05:00 PM CET": a due time, with the reader's zone, since a class may span several. */
export const dueTime = builtOnFirstUse({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
