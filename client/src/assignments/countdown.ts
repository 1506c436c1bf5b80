import { useEffect, useState } from 'react';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How urgent a due time is: more than a day ahead, within a day, or gone. */
export type DueTone = 'ahead' | 'soon' | 'past';

export function dueTone(now: number, dueAt: number): DueTone {
  const left = dueAt - now;
  if (left <= 0) return 'past';
  return left < dayMs ? 'soon' : 'ahead';
}

/**
 * The countdown to a due time, in words: "Due in 2 days 3 hours", "Due in
 * 5 hours 12 min", "Due in 14 min", "Due in less than a minute", then
 * "Past due". Whole units are counted down (14 min 59 s reads "14 min"),
 * as a clock does, so the text never promises time that is not left; at
 * the due time itself the work is past due.
 */
export function dueCountdown(now: number, dueAt: number): string {
  const left = dueAt - now;
  if (left <= 0) return 'Past due';
  if (left < minuteMs) return 'Due in less than a minute';
  if (left < hourMs) return `Due in ${Math.floor(left / minuteMs)} min`;
  if (left < dayMs) {
    const hours = Math.floor(left / hourMs);
    const minutes = Math.floor((left % hourMs) / minuteMs);
    return `Due in ${count(hours, 'hour', 'hours')}${minutes > 0 ? ` ${minutes} min` : ''}`;
  }
  const days = Math.floor(left / dayMs);
  const hours = Math.floor((left % dayMs) / hourMs);
  return `Due in ${count(days, 'day', 'days')}${hours > 0 ? ` ${count(hours, 'hour', 'hours')}` : ''}`;
}

/**
 * How long until the countdown's text can next change: just past the next
 * whole minute before the due time (every unit it shows is whole minutes),
 * at least a second; never once past due.
 */
export function untilNextChange(now: number, dueAt: number): number {
  const left = dueAt - now;
  if (left <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1_000, (left % minuteMs) + 1);
}

/**
 * The current time, updated when the countdown to `dueAt` would read
 * otherwise (once a minute, on the minute of the due time), and no more
 * once it is past: a page of countdowns redraws once a minute, not every second.
 */
export function useNow(dueAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const wait = untilNextChange(now, dueAt);
    if (!Number.isFinite(wait)) return;
    const timer = window.setTimeout(() => setNow(Date.now()), wait);
    return () => window.clearTimeout(timer);
  }, [now, dueAt]);
  return now;
}
