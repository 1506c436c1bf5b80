import { fullDateAndTime } from '../ui/date-formats';

/** Where and when to write a span: the reader's locale and time zone unless a test fixes them. */
export interface SpanOptions {
  now?: number;
  locale?: string;
  timeZone?: string;
}

/**
 * When a stretch of writing happened, as one short range: "14:02–14:20"
 * today, "Dec 1, 14:02–14:20" on another day, "Nov 30, 23:50 – Dec 1, 00:10"
 * across midnight, one time when it all fell within a minute. The locale
 * writes the times and joins the range (Intl's formatRange).
 */
export function spanText(from: number, to: number, options: SpanOptions = {}): string {
  const { now = Date.now(), locale, timeZone } = options;
  const [start, end] = from <= to ? [from, to] : [to, from];
  const dayOf = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  const today = dayOf.format(start) === dayOf.format(now) && dayOf.format(end) === dayOf.format(now);
  const format = new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    ...(today ? {} : { month: 'short', day: 'numeric' }),
  });
  return format.formatRange(start, end);
}

/** An editing session's span of writing, with the full dates on hover; for machines, its end (the item's `at`). */
export function WritingSpan({ from, to }: { from: number; to: number }) {
  const start = new Date(Math.min(from, to));
  const end = new Date(Math.max(from, to));
  return (
    <time dateTime={end.toISOString()} title={fullDateAndTime().formatRange(start, end)}>
      {spanText(from, to)}
    </time>
  );
}
