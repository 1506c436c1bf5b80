import type { Kysely } from 'kysely';
import { defaultNotificationSettings, type NotificationSettings } from '../../../shared/schemas/notifications';
import type { Database, NotificationSettingsTable } from '../../db/schema';

/** A member's notification settings; the defaults until they change any. */
export async function readNotificationSettings(db: Kysely<Database>, userId: string): Promise<NotificationSettings> {
  const row = await db.selectFrom('notification_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? settingsOfRow(row) : defaultNotificationSettings;
}

export function settingsOfRow(row: NotificationSettingsTable): NotificationSettings {
  return {
    delivery: { replies: row.replies, mentions: row.mentions, suggestions: row.suggestions, decisions: row.decisions, reminders: row.reminders },
    digest: { frequency: row.digest_frequency, hour: row.digest_hour, weekday: row.digest_weekday },
    timeZone: row.time_zone,
    quietHours: row.quiet_start === null || row.quiet_end === null ? null : { start: row.quiet_start, end: row.quiet_end },
  };
}

export function rowOfSettings(userId: string, settings: NotificationSettings, now: number): NotificationSettingsTable {
  return {
    user_id: userId,
    ...settings.delivery,
    digest_frequency: settings.digest.frequency,
    digest_hour: settings.digest.hour,
    digest_weekday: settings.digest.weekday,
    time_zone: settings.timeZone,
    quiet_start: settings.quietHours?.start ?? null,
    quiet_end: settings.quietHours?.end ?? null,
    updated_at: now,
  };
}
