import type { Kysely } from 'kysely';
import type { NotificationSettings } from '../../../shared/schemas/notifications';
import type { Database, DigestMailsTable } from '../../db/schema';
import type { Logger } from '../../logger';
import { enqueueMail } from '../mail/outbox';
import type { ScheduledJob } from '../mail/schedule';
import { unsubscribePath, type UnsubscribeTokens } from '../mail/unsubscribe-token';
import { localParts, nextLocalTime } from '../notifications/local-time';
import { mailMayGoAt } from '../notifications/quiet-hours';
import { readNotificationSettings } from '../notifications/settings-store';
import { renderDigest } from './digest';
import { latestEventId } from './feed-query';
import { summarySentences } from './feed-text';
import { presentFeed } from './presenter';
import type { Feed, FeedRecord } from './service';

/** Items a digest mail lists at most, as the digest page. */
const digestItems = 50;
/** Unseen items read to find those not mailed yet. */
const readItems = 200;
/**
 * How late a missed digest still goes: a run that comes after a member's
 * digest time (the server was down) mails it if that time is at most this
 * long ago. Older, it is skipped; the next digest tells all since the last
 * one, so nothing is lost, only a day's mail comes with the next.
 */
export const digestCatchUpMs = 12 * 60 * 60 * 1000;

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/**
 * The "while you were away" digest by email: each hour, every member whose
 * digest time (their local hour, daily or on their weekday) has come gets
 * the digest of the home page, if something is new. New for a mail means
 * unseen in the app (after their last visit) and not told in a digest mail
 * before: a member who does not open the app is not mailed the same items
 * every day. The mail is queued with a key per member and local day (or
 * ISO week), so a second run or a second instance adds nothing.
 */
export class DigestMail {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly feed: Pick<Feed, 'read'>,
    private readonly unsubscribeTokens: Pick<UnsubscribeTokens, 'sign'>,
    private readonly publicOrigin: () => string,
    private readonly logger: Logger,
  ) {}

  job(): ScheduledJob {
    return { name: 'digest', pattern: '0 * * * *', run: (at, now) => this.run(at, now) };
  }

  /** The run of scheduled time `at` (on the hour), done at `now`. */
  async run(at: number, now: number): Promise<void> {
    const members = await this.db
      .selectFrom('users')
      .leftJoin('digest_mails', 'digest_mails.user_id', 'users.id')
      .select(['users.id', 'users.email', 'digest_mails.due_at', 'digest_mails.mailed_up_to'])
      .where((eb) => eb.exists(eb.selectFrom('memberships').select('memberships.user_id').whereRef('memberships.user_id', '=', 'users.id')))
      .orderBy('users.id')
      .execute();
    for (const member of members) {
      try {
        const settings = await readNotificationSettings(this.db, member.id);
        const due = digestDue(settings, member.due_at === null ? null : Number(member.due_at), at);
        if (due === null) continue;
        await this.#send({ id: member.id, email: member.email, mailedUpTo: member.mailed_up_to === null ? null : Number(member.mailed_up_to) }, settings, due, now);
      } catch (err) {
        // One member's failure (a time zone the runtime lost, say) does not keep the others' digests.
        this.logger.error({ err, userId: member.id }, 'digest mail failed');
      }
    }
  }

  async #send(member: { id: string; email: string; mailedUpTo: number | null }, settings: NotificationSettings, due: number, now: number): Promise<void> {
    const newest = await latestEventId(this.db);
    const record = newSince(await this.feed.read(member.id, readItems), member.mailedUpTo);
    const handled: Omit<DigestMailsTable, 'mailed_up_to' | 'mailed_at'> = { user_id: member.id, due_at: due };
    if (record === null) {
      await this.#record(this.db, handled, null);
      return;
    }
    const origin = this.publicOrigin();
    const token = await this.unsubscribeTokens.sign(member.id, 'digest');
    const weekly = settings.digest.frequency === 'weekly';
    const digest = renderDigest(presentFeed(record, member.id), origin, {
      reason: `You get this ${weekly ? 'weekly' : 'daily'} digest because something happened in your groups in Commonplace since the last one.`,
      settingsUrl: `${origin}/settings#notifications`,
      unsubscribeUrl: `${origin}${unsubscribePath(token)}`,
    });
    const told = Math.max(newest, ...record.entries.map((entry) => Number(entry.event.id)));
    const local = localParts(due, settings.timeZone);
    await this.db.transaction().execute(async (trx) => {
      const queued = await enqueueMail(
        trx,
        {
          key: `digest:${member.id}:${weekly ? isoWeek(local) : local.date}`,
          userId: member.id,
          to: member.email,
          kind: 'digest',
          unsubscribeKind: 'digest',
          subject: digest.subject,
          html: digest.html,
          text: digest.text,
          notBefore: mailMayGoAt(settings, now),
        },
        now,
      );
      // Only a mail queued now moves what was told: one already queued for this day told its own items.
      await this.#record(trx, handled, queued ? { mailed_up_to: told, mailed_at: now } : null);
    });
  }

  async #record(db: Kysely<Database>, handled: Omit<DigestMailsTable, 'mailed_up_to' | 'mailed_at'>, mailed: Pick<DigestMailsTable, 'mailed_up_to' | 'mailed_at'> | null): Promise<void> {
    await db
      .insertInto('digest_mails')
      .values({ ...handled, mailed_up_to: mailed?.mailed_up_to ?? null, mailed_at: mailed?.mailed_at ?? null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(mailed ? { due_at: handled.due_at, ...mailed } : { due_at: handled.due_at }))
      .execute();
  }
}

/**
 * The member's digest time to handle in the run of `at`, or null for none:
 * their latest digest time at or before `at`, when it was not handled yet
 * (`handled`: the last one that was) and is at most `digestCatchUpMs` ago.
 * A member never handled before starts with this run's own hour: nothing
 * of theirs was missed.
 */
export function digestDue(settings: NotificationSettings, handled: number | null, at: number): number | null {
  const latest = latestDigestTime(settings, at);
  if (latest === null) return null;
  if (handled !== null && latest <= handled) return null;
  const window = handled === null ? hourMs : digestCatchUpMs;
  return at - latest < window ? latest : null;
}

/** The member's latest digest time (their local hour, on their weekday when weekly) at or before `at`; null when off. */
export function latestDigestTime(settings: NotificationSettings, at: number): number | null {
  const { frequency, hour, weekday } = settings.digest;
  if (frequency === 'off') return null;
  const day = frequency === 'weekly' ? weekday : undefined;
  // A period and a bit back: local days are 23 to 25 hours long.
  let latest: number | null = null;
  let next = nextLocalTime(settings.timeZone, at - (day === undefined ? dayMs : 7 * dayMs) - 2 * hourMs, hour, day);
  while (next <= at) {
    latest = next;
    next = nextLocalTime(settings.timeZone, next, hour, day);
  }
  return latest;
}

/**
 * The feed as a mail tells it: the items after `mailedUpTo` (what the last
 * digest mail covered), or all of the home page's when no mail went yet;
 * null when nothing is new.
 */
function newSince(record: FeedRecord, mailedUpTo: number | null): FeedRecord | null {
  if (mailedUpTo === null) return record.unread === 0 ? null : { ...record, entries: record.entries.slice(0, digestItems), firstVisit: false };
  const fresh = record.entries.filter((entry) => Number(entry.event.id) > mailedUpTo);
  if (fresh.length === 0) return null;
  return {
    ...record,
    entries: fresh.slice(0, digestItems),
    sentences: summarySentences(fresh),
    unread: fresh.length,
    needsYou: fresh.filter((entry) => entry.needsYou !== null).length,
    hasMore: fresh.length > digestItems || record.hasMore,
    firstVisit: false,
  };
}

/** The ISO week of a local day, `YYYY-Www` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: { year: number; month: number; day: number }): string {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day));
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * dayMs));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
