import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, NotificationsTable } from '../../db/schema';
import type { Logger } from '../../logger';
import { enqueueMail } from '../mail/outbox';
import { unsubscribePath, type UnsubscribeTokens } from '../mail/unsubscribe-token';
import { notificationMailText, unsubscribeKindOf } from './notification-mail-content';
import { mailMayGoAt } from './quiet-hours';
import { readNotificationSettings } from './settings-store';

/**
 * Notifications by mail, for members who are away. A worker in each
 * instance looks, every `intervalMs`, for members whose oldest unmailed
 * notification is at least `delayMs` old, and settles all of that member's
 * unmailed notifications at once, in one transaction:
 * - those they have seen in the app meanwhile (read in the inbox, or the
 *   document or feed opened after it came, or open right now) and those
 *   whose kind they get only in the digest or not at all: settled without
 *   mail;
 * - the rest: ONE mail holding all of them, queued in the outbox in the
 *   transaction that marks them mailed, keyed by the member and the first
 *   notification, so two instances settling the same member queue it once
 *   (the second finds the key taken and rolls back).
 * During the member's quiet hours the mail is held back, not queued: what
 * they see in the app before their quiet hours end still needs no mail.
 */

/** Whether a member is in the app right now on this instance. */
export interface Presence {
  inDocument(userId: string, docId: string): boolean;
  inFeed(userId: string): boolean;
}

export interface NotificationMailOptions {
  intervalMs: number;
  /** How long after the first notification a mail goes (NOTIFY_DELAY_SECONDS): time to see it in the app first. */
  delayMs: number;
  logger: Logger;
  /** Told after a round that queued mail, so the outbox's worker sends it now rather than at its next poll. */
  queued?: () => void;
}

type Pending = Selectable<NotificationsTable>;

/** Members settled per query; the worker pages through all of them every round. */
const membersPerPage = 100;

class TakenByAnother extends Error {}

export class NotificationMail {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly tokens: UnsubscribeTokens,
    private readonly presence: Presence,
    private readonly origin: () => string,
    private readonly options: NotificationMailOptions,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.run(), this.options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One round (after any round still going): resolves to the number of mails queued. */
  run(): Promise<number> {
    this.#running = this.#running.then(() =>
      this.#round().catch((err: unknown) => {
        this.options.logger.warn({ err }, 'mailing notifications failed');
        return 0;
      }),
    );
    return this.#running;
  }

  async #round(): Promise<number> {
    const now = this.now();
    let queued = 0;
    let after = '';
    for (;;) {
      const due = await this.db
        .selectFrom('notifications')
        .select('user_id')
        .where('mailed_at', 'is', null)
        .where('user_id', '>', after)
        .groupBy('user_id')
        .having((eb) => eb.fn.min('created_at'), '<=', now - this.options.delayMs)
        .orderBy('user_id')
        .limit(membersPerPage)
        .execute();
      for (const { user_id: userId } of due) {
        try {
          if (await this.#settle(userId, now)) queued += 1;
        } catch (err) {
          if (!(err instanceof TakenByAnother)) this.options.logger.warn({ err, userId }, 'mailing notifications failed');
        }
      }
      if (due.length < membersPerPage) break;
      after = due.at(-1)!.user_id;
    }
    if (queued > 0) this.options.queued?.();
    return queued;
  }

  /** Settles one member's unmailed notifications; true when a mail was queued. */
  async #settle(userId: string, now: number): Promise<boolean> {
    // Loads the signing key outside the transaction, so signing inside it reads nothing.
    await this.tokens.sign(userId, 'replies');
    return this.db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', userId)
        .where('mailed_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      if (pending.length === 0 || Number(pending[0]!.created_at) > now - this.options.delayMs) return false;
      const settings = await readNotificationSettings(trx, userId);
      const seen = await this.#seenInApp(trx, userId, pending);
      const mailed = pending.filter((n) => n.read_at === null && settings.delivery[n.kind] === 'immediately' && !seen.has(n.id));
      const held = mailed.length > 0 && mailMayGoAt(settings, now) > now;
      const settled = held ? pending.filter((n) => !mailed.includes(n)) : pending;

      let queued = false;
      if (mailed.length > 0 && !held) {
        queued = await this.#enqueue(trx, userId, mailed, now);
        if (!queued) throw new TakenByAnother();
      }
      if (settled.length > 0) {
        await trx
          .updateTable('notifications')
          .set({ mailed_at: now })
          .where('id', 'in', settled.map((n) => n.id))
          .where('mailed_at', 'is', null)
          .execute();
      }
      return queued;
    });
  }

  /** The notifications the member has seen in the app since each came. */
  async #seenInApp(trx: Transaction<Database>, userId: string, pending: readonly Pending[]): Promise<Set<string>> {
    const docIds = [...new Set(pending.flatMap((n) => (n.doc_id ? [n.doc_id] : [])))];
    const groupIds = [...new Set(pending.flatMap((n) => (n.group_id ? [n.group_id] : [])))];
    const [visits, reads] = await Promise.all([
      docIds.length === 0
        ? []
        : trx.selectFrom('doc_visits').select(['doc_id', 'visited_at']).where('user_id', '=', userId).where('doc_id', 'in', docIds).execute(),
      groupIds.length === 0
        ? []
        : trx.selectFrom('feed_reads').select(['group_id', 'updated_at']).where('user_id', '=', userId).where('group_id', 'in', groupIds).execute(),
    ]);
    const visitedAt = new Map(visits.map((v) => [v.doc_id, Number(v.visited_at)]));
    const feedReadAt = new Map(reads.map((r) => [r.group_id, Number(r.updated_at)]));
    const inFeed = this.presence.inFeed(userId);
    const seen = new Set<string>();
    for (const n of pending) {
      const at = Number(n.created_at);
      const inDoc = n.doc_id !== null && (this.presence.inDocument(userId, n.doc_id) || (visitedAt.get(n.doc_id) ?? -1) >= at);
      const inGroupFeed = n.group_id !== null && (feedReadAt.get(n.group_id) ?? -1) >= at;
      if (inFeed || inDoc || inGroupFeed) seen.add(n.id);
    }
    return seen;
  }

  async #enqueue(trx: Transaction<Database>, userId: string, items: readonly Pending[], now: number): Promise<boolean> {
    const user = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
    const kind = unsubscribeKindOf(items);
    const origin = this.origin();
    const unsubscribeUrl = `${origin}${unsubscribePath(await this.tokens.sign(userId, kind))}`;
    const mail = notificationMailText(items, { origin, unsubscribeUrl });
    return enqueueMail(
      trx,
      { key: `notifications:${userId}:${items[0]!.id}`, userId, to: user.email, kind: 'notifications', unsubscribeKind: kind, ...mail },
      now,
    );
  }
}
