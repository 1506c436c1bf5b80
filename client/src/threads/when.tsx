import { formatMoment } from '../assignments/due-time';
import { fullDateAndTime } from '../ui/date-formats';

/** A moment, short (the time today, else the day and time), with the full date on hover and for machines. */
export function When({ at }: { at: number }) {
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={fullDateAndTime().format(date)}>
      {formatMoment(at)}
    </time>
  );
}
