import { dueCountdown, dueTone, useNow } from './countdown';
import { formatDue } from './due-time';

/**
 * A due time on the viewer's clock with its live countdown beside it:
 * "Thu, 3 Dec, 17:00 CET · Due in 2 days 3 hours". The countdown is a
 * timer (role="timer", not announced as it changes): a screen reader finds
 * it when reading there, instead of being told every minute of every row.
 */
export function DueCountdown({ dueAt }: { dueAt: number }) {
  const now = useNow(dueAt);
  return (
    <span className={`due due-${dueTone(now, dueAt)}`}>
      <time dateTime={new Date(dueAt).toISOString()}>{formatDue(dueAt)}</time>
      <span aria-hidden="true"> · </span>
      <span className="countdown" role="timer">
        {dueCountdown(now, dueAt)}
      </span>
    </span>
  );
}
