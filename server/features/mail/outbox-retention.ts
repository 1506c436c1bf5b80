import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ScheduledJob } from './schedule';

const day = 24 * 60 * 60 * 1000;

/** How long finished rows are kept: long enough to answer "did my mail go?", short enough that the tables stay small. */
export const outboxRetention = {
  /** Sent mail, by when it was sent. */
  sentMs: 30 * day,
  /** Mail given up on, by when it was queued (a day of tries, then kept for looking into). */
  failedMs: 90 * day,
  /** Records of scheduled runs, by their time. */
  runsMs: 30 * day,
} as const;

/**
 * Deletes, once a day, outbox rows long finished and old records of
 * scheduled runs. Only finished rows go: queued and sending ones stay
 * whatever their age. Deleting a sent row frees its idempotency key, which
 * is safe because every key names one cause at one time (a reset token, a
 * member's digest date, a reminder's due time, a first notification) that
 * is never queued again after it was sent; likewise a run's time is in the
 * past and is never claimed again.
 */
export function outboxRetentionJob(db: Kysely<Database>): ScheduledJob {
  return {
    name: 'outbox-retention',
    pattern: '17 3 * * *',
    run: async (_at, now) => {
      await db.deleteFrom('outbox_messages').where('status', '=', 'sent').where('sent_at', '<', now - outboxRetention.sentMs).execute();
      await db.deleteFrom('outbox_messages').where('status', '=', 'failed').where('created_at', '<', now - outboxRetention.failedMs).execute();
      await db.deleteFrom('scheduled_runs').where('run_at', '<', now - outboxRetention.runsMs).execute();
    },
  };
}
