import { useId } from 'react';
import type { Delivery, DigestFrequency, NotificationKind } from '../../../shared/schemas/notifications';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';

/**
 * The pieces of the notification settings form, each a labelled control:
 * a choice of radio buttons under a legend, and a select of the hours of
 * the day. They hold no state; the form does.
 */

export const kindLabels: Record<NotificationKind, { label: string; explanation: string }> = {
  replies: { label: 'Replies', explanation: 'Replies in threads you started or replied in.' },
  mentions: { label: 'Mentions', explanation: 'Threads and replies that mention you.' },
  suggestions: { label: 'Suggestions', explanation: 'Suggestions on text you wrote.' },
  decisions: { label: 'Decisions', explanation: 'Your suggestions accepted or rejected.' },
  reminders: { label: 'Reminders', explanation: 'Assignments due soon that your team has not submitted (for instructors: the teams at risk).' },
};

export const deliveryLabels: Record<Delivery, string> = { immediately: 'Immediately', digest: 'In the digest', off: 'Off' };
export const frequencyLabels: Record<DigestFrequency, string> = { daily: 'Daily', weekly: 'Weekly', off: 'Off' };
export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A group of radio buttons with a legend and a one-line explanation read with it. */
export function Choice<Value extends string>({
  legend,
  explanation,
  options,
  value,
  onChange,
}: {
  legend: string;
  explanation?: string;
  options: Record<Value, string>;
  value: Value;
  onChange: (value: Value) => void;
}) {
  const name = useId();
  const explanationId = `${name}-explanation`;
  return (
    <fieldset className="choice-group notification-choice" aria-describedby={explanation ? explanationId : undefined}>
      <legend>{legend}</legend>
      {explanation && (
        <p className="hint" id={explanationId}>
          {explanation}
        </p>
      )}
      <div className="notification-options">
        {(Object.entries(options) as [Value, string][]).map(([option, label]) => (
          <label key={option}>
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} /> {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** A select of the 24 hours, labelled. */
export function HourSelect({
  label,
  value,
  onChange,
  disabled,
  error,
}: {
  label: string;
  value: number;
  onChange: (hour: number) => void;
  disabled?: boolean;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        {...fieldMessageProps(id, error)}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {Array.from({ length: 24 }, (_, hour) => (
          <option key={hour} value={hour}>
            {hourLabel(hour)}
          </option>
        ))}
      </select>
      <FieldMessage id={id} error={error} />
    </div>
  );
}

/** Every time zone the browser knows, with `current` among them even if it does not list it (UTC is not always listed). */
export function timeZonesWith(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known];
}

/** The browser's own time zone, or UTC when it does not say. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
