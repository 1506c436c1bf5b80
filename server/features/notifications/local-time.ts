/**
 * A member's wall clock: what an instant reads in their time zone, and the
 * next instant their clock shows a given hour. Mail is timed by the local
 * clock (the digest at 8 in the morning, quiet hours from 22 to 7), and a
 * local hour is not a fixed number of milliseconds away: days are 23 or 25
 * hours long when the clocks change, and some zones are half an hour off
 * UTC. So every step here goes through the zone's own reading of an instant
 * (Intl), never through adding hours to a timestamp.
 */

export interface LocalParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  /** 0 is Sunday. */
  weekday: number;
  /** The local calendar day, `YYYY-MM-DD`: a name for "the run of that day". */
  date: string;
}

const minute = 60_000;
const day = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock reading (to the second) of `at` in `timeZone`, as if that reading were UTC. */
function wallClock(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatIn(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  // Some runtimes spell midnight "24" even with h23.
  const hour = parts.hour === 24 ? 0 : parts.hour!;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, hour, parts.minute!, parts.second!);
}

/** How far the zone's clock is ahead of UTC at `at`, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  return wallClock(at, timeZone) - (at - (((at % 1000) + 1000) % 1000));
}

/** What the member's clock in `timeZone` reads at the instant `at`. Throws RangeError for an unknown zone. */
export function localParts(at: number, timeZone: string): LocalParts {
  const wall = new Date(wallClock(at, timeZone));
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const dayOfMonth = wall.getUTCDate();
  return {
    year,
    month,
    day: dayOfMonth,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`,
  };
}

/** Whether the member's clock shows the hour `hour` at `at` (any minute of it), on `weekday` when given (0 is Sunday). */
export function isLocalHour(timeZone: string, at: number, hour: number, weekday?: number): boolean {
  const parts = localParts(at, timeZone);
  return parts.hour === hour && (weekday === undefined || parts.weekday === weekday);
}

/**
 * The first instant that the clock of `timeZone` reads `wall` (a wall clock
 * time written as if it were UTC, to the minute). When the clocks go back
 * and it reads that twice, the first; when they go forward past it, the
 * instant they jump (the first one reading later than `wall`).
 */
function instantOfWallClock(wall: number, timeZone: string): number {
  const before = offsetAt(wall - day, timeZone);
  const after = offsetAt(wall + day, timeZone);
  const readings = [wall - before, wall - after].filter((at) => wallClock(at, timeZone) === wall);
  if (readings.length > 0) return Math.min(...readings);
  // Skipped by a change of the clocks: the jump lies between the two
  // guesses; find the first minute that reads past `wall`.
  let low = Math.min(wall - before, wall - after);
  let high = Math.max(wall - before, wall - after);
  while (high - low > minute) {
    const middle = low + Math.floor((high - low) / 2 / minute) * minute;
    if (wallClock(middle, timeZone) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * The first instant strictly after `after` at which the member's clock in
 * `timeZone` shows `hour`:00, on `weekday` when given (0 is Sunday). A day
 * whose `hour`:00 is skipped by the clocks going forward gives the instant
 * they jump; a day that shows it twice (clocks going back) counts once, at
 * the first. Use it to schedule the next digest or the end of quiet hours:
 * calling it again with the instant it gave moves on to the next day (or
 * week), never to the same local hour twice.
 */
export function nextLocalTime(timeZone: string, after: number, hour: number, weekday?: number): number {
  const start = localParts(after, timeZone);
  // Eight days cover a weekly time whose day is today but whose hour has passed.
  for (let offset = 0; offset <= 8; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    if (weekday !== undefined && date.getUTCDay() !== weekday) continue;
    const at = instantOfWallClock(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), hour), timeZone);
    if (at > after) return at;
  }
  throw new Error(`no local ${hour}:00 in ${timeZone} within eight days of ${new Date(after).toISOString()}`);
}
