import type { NotificationSettings } from '../../../shared/schemas/notifications';
import { localParts, nextLocalTime } from './local-time';

/**
 * Quiet hours hold a member's mail back: from `start`:00 up to (not
 * including) `end`:00 on their own clock, wrapping midnight when start is
 * after end (22 to 7 is the night). Nothing is dropped; it goes when they end.
 */

/** Whether the member's clock at `at` is within their quiet hours. */
export function inQuietHours(settings: Pick<NotificationSettings, 'quietHours' | 'timeZone'>, at: number): boolean {
  const quiet = settings.quietHours;
  if (!quiet) return false;
  const { hour } = localParts(at, settings.timeZone);
  return quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;
}

/**
 * The earliest instant mail to this member may be sent, asked at `at`: `at`
 * itself outside quiet hours, else the instant their quiet hours end (the
 * next `end`:00 on their clock, which on the day the clocks change is not a
 * fixed number of hours away; if the clocks skip that hour, the instant they
 * jump past it).
 */
export function mailMayGoAt(settings: Pick<NotificationSettings, 'quietHours' | 'timeZone'>, at: number): number {
  if (!settings.quietHours || !inQuietHours(settings, at)) return at;
  return nextLocalTime(settings.timeZone, at, settings.quietHours.end);
}
