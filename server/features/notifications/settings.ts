import type { Kysely } from 'kysely';
import {
  defaultNotificationSettings,
  notificationSettings,
  type MailKind,
  type NotificationSettings,
  type NotificationSettingsPatch,
} from '../../../shared/schemas/notifications';
import type { Database, NotificationSettingsTable } from '../../db/schema';
import { badRequest } from '../../errors';
import { readNotificationSettings, rowOfSettings } from './settings-store';

type SettingColumns = Partial<Omit<NotificationSettingsTable, 'user_id' | 'updated_at'>>;

/** The columns a change writes: only those it names, so two changes to different settings never undo each other. */
function columnsOf(patch: NotificationSettingsPatch): SettingColumns {
  const columns: SettingColumns = {};
  for (const [kind, delivery] of Object.entries(patch.delivery ?? {})) {
    if (delivery !== undefined) columns[kind as keyof NotificationSettings['delivery']] = delivery;
  }
  if (patch.digest?.frequency !== undefined) columns.digest_frequency = patch.digest.frequency;
  if (patch.digest?.hour !== undefined) columns.digest_hour = patch.digest.hour;
  if (patch.digest?.weekday !== undefined) columns.digest_weekday = patch.digest.weekday;
  if (patch.timeZone !== undefined) columns.time_zone = patch.timeZone;
  if (patch.quietHours !== undefined) {
    columns.quiet_start = patch.quietHours?.start ?? null;
    columns.quiet_end = patch.quietHours?.end ?? null;
  }
  return columns;
}

/** `settings` with `patch` applied: what is left out stays. */
export function applyPatch(settings: NotificationSettings, patch: NotificationSettingsPatch): NotificationSettings {
  return {
    delivery: { ...settings.delivery, ...definedOnly(patch.delivery) },
    digest: { ...settings.digest, ...definedOnly(patch.digest) },
    timeZone: patch.timeZone ?? settings.timeZone,
    quietHours: patch.quietHours === undefined ? settings.quietHours : patch.quietHours,
  };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, inner]) => inner !== undefined)) as Partial<T>;
}

/** The change that turns one kind of mail off: a notification kind's delivery, or the digest's frequency. */
export function turningOff(kind: MailKind): NotificationSettingsPatch {
  return kind === 'digest' ? { digest: { frequency: 'off' } } : { delivery: { [kind]: 'off' } };
}

/**
 * Each member's notification settings: read (the defaults until they change
 * any) and changed a few at a time, from the settings page or an
 * unsubscribe link. A member's row exists once they change something.
 */
export class NotificationSettingsService {
  constructor(private readonly db: Kysely<Database>, private readonly now: () => number = Date.now) {}

  read(userId: string): Promise<NotificationSettings> {
    return readNotificationSettings(this.db, userId);
  }

  /**
   * Applies a change, already checked against the patch schema, and answers
   * the whole new settings. The result is checked as a whole before anything
   * is written, so a change that would leave them invalid changes nothing.
   */
  async change(userId: string, patch: NotificationSettingsPatch): Promise<NotificationSettings> {
    const columns = columnsOf(patch);
    if (Object.keys(columns).length === 0) return this.read(userId);
    const merged = notificationSettings.safeParse(applyPatch(defaultNotificationSettings, patch));
    if (!merged.success) throw badRequest(`Invalid settings. ${merged.error.issues[0]?.message ?? ''}`.trim());
    const now = this.now();
    // One statement: a first change inserts the defaults with it, a later one
    // writes only the columns it names.
    await this.db
      .insertInto('notification_settings')
      .values(rowOfSettings(userId, merged.data, now))
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ ...columns, updated_at: now }))
      .execute();
    return this.read(userId);
  }

  /** Turns one kind of mail off for a member (an unsubscribe link). */
  turnOff(userId: string, kind: MailKind): Promise<NotificationSettings> {
    return this.change(userId, turningOff(kind));
  }
}
