import { clockTime, dayAndTime, dueTime } from '../ui/date-formats';

/**
 * Due times are kept in UTC (ISO 8601 on the wire, milliseconds in the
 * schemas) and shown in the viewer's own zone: a class may span zones, and
 * each learner must read the moment on their own clock.
 */

/** "Thu, Dec 3, 05:00 PM CET": the day, the time and the viewer's zone. */
export function formatDue(at: number): string {
  return dueTime().format(at);
}

/** "2:20 PM" today, "Dec 3, 2:20 PM" another day (as the reader's locale writes them): when something happened, as a reader says it. */
export function formatMoment(at: number, now = Date.now()): string {
  return new Date(at).toDateString() === new Date(now).toDateString() ? clockTime().format(at) : dayAndTime().format(at);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value of a datetime-local input for a moment: its wall-clock time in the viewer's zone. */
export function toLocalInput(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The moment a datetime-local input names, read in the viewer's zone, as
 * ISO 8601 UTC; null when empty or not a time.
 */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A sensible first due time: a week from now, at 17:00 in the viewer's zone. */
export function defaultDue(now = Date.now()): number {
  const date = new Date(now + 7 * 24 * 60 * 60 * 1000);
  date.setHours(17, 0, 0, 0);
  return date.getTime();
}

/** The viewer's zone by name ("Europe/Paris"), to say in which zone times are entered. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
