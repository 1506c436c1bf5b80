import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { FeedStreamEvent, NeedsYouReason } from '../../../shared/schemas/activity';
import type { AccessEvent, AccessEvents } from '../../access-events';
import type { Database, EventRow } from '../../db/schema';
import {
  defaultStreamOptions,
  type StreamCaller,
  StreamHub,
  type StreamOptions,
  type StreamSink,
  type Subscription,
} from '../../live/stream-hub';
import type { Logger } from '../../logger';
import { can } from '../../../shared/permissions';
import { canSee } from '../threads/visibility';
import type { EditsSinceVisit } from './edits-since-visit';
import { payloadOf } from './event-log';
import { type FeedEntry, forReader, loadEntries } from './feed-entries';
import { latestEventId } from './feed-query';
import type { OngoingEdits } from './ongoing-edits';
import { presentItem } from './presenter';

/** A feed reader: their session, and their role in each of their groups, kept current. */
type Who = StreamCaller & { roles: Map<string, Role> };

/** Events read per poll. */
const eventsPerPoll = 200;
/** Ongoing sessions whose last sent item is remembered. */
const ongoingRemembered = 1000;

/** The newest update log row's id, 0 when there is none. */
async function latestUpdateId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('doc_updates').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.id) : 0;
}

/** A caller admitted before their groups are read; nothing to release if it never opens. */
export interface FeedAdmission {
  open(roles: Map<string, Role>, sink: StreamSink<FeedStreamEvent>): Subscription;
}

/**
 * The live feed: new events reach each open home page that may
 * see them, as feed items. New events are found by reading the log
 * (ids after the last one read) every `pollMs`, rather than by hearing the
 * code that records them: every writer is covered, however it writes, and
 * with several server instances each one reads what all of them record.
 *
 * A reader's groups are kept current from access events: joining a group
 * adds it, leaving removes it, a role change applies to what follows
 * (followMembership). The stream ends when the session does
 * (connection-access.ts). Visibility is the thread rule
 * (threads/visibility.ts); one's own doings are not sent, as the feed does
 * not list them. An editing session reaches a reader whose last visit fell
 * within it as the feed tells it them: only its writing after the visit,
 * or nothing when all of it came before (edits-since-visit.ts).
 *
 * Editing going on is sent too, as `ongoing` messages (ongoing-edits.ts):
 * each poll reads the sessions written to since the last one (one indexed
 * query over open sessions), and sends a session's item when it first shows
 * or names other headings, not on every keystroke. Its ongoing messages
 * come before its finished item, which is read later in the same poll or a
 * later one.
 */
export class FeedStreams {
  readonly #hub: StreamHub<Who, FeedStreamEvent>;
  #after: number | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Polls run one after another, so that each event is read once. */
  #queue: Promise<void> = Promise.resolve();
  #waiting = false;
  /** The update row up to which ongoing editing was read. */
  #ongoingAfter = 0;
  /** What was last sent of each ongoing session, by session id, so that only changes are sent. */
  readonly #ongoingSent = new Map<string, string>();

  constructor(
    private readonly db: Kysely<Database>,
    accessEvents: AccessEvents,
    private readonly editsSinceVisit: EditsSinceVisit,
    private readonly ongoingEdits: OngoingEdits,
    private readonly options: { pollMs: number; logger: Logger; stream?: StreamOptions },
  ) {
    this.#hub = new StreamHub<Who, FeedStreamEvent>(
      accessEvents,
      (who) => who.userId,
      options.stream ?? defaultStreamOptions,
      followMembership,
    );
  }

  /** Starts reading the log from its current end. */
  async start(): Promise<void> {
    this.#after = await latestEventId(this.db);
    this.#ongoingAfter = await latestUpdateId(this.db);
    this.#timer = setInterval(() => {
      if (this.#waiting) return;
      this.#waiting = true;
      void this.poll()
        .catch(() => {})
        .finally(() => (this.#waiting = false));
    }, this.options.pollMs);
    this.#timer.unref();
  }

  /** Open streams of a user. */
  count(userId: string): number {
    return this.#hub.count(userId);
  }

  admit(caller: StreamCaller): FeedAdmission {
    const admission = this.#hub.admit(caller);
    return { open: (roles, sink) => admission.open({ ...caller, roles }, sink) };
  }

  /** Reads events recorded since the last poll and sends them to whoever may see them; resolves once sent. */
  poll(): Promise<void> {
    const run = this.#queue.then(() => this.#readNew());
    this.#queue = run.catch((err) => this.options.logger.warn({ err }, 'reading new feed events failed'));
    return run;
  }

  async #readNew(): Promise<void> {
    if (this.#after === null) return;
    if (this.#hub.size === 0) {
      // Nobody listens: only keep the place.
      this.#after = Math.max(this.#after, await latestEventId(this.db));
      this.#ongoingAfter = Math.max(this.#ongoingAfter, await latestUpdateId(this.db));
      return;
    }
    // Ongoing editing before events: a session that ends meanwhile is sent finished after it was sent ongoing.
    await this.#sendOngoing();
    for (;;) {
      const events = await this.db.selectFrom('events').selectAll().where('id', '>', this.#after).orderBy('id').limit(eventsPerPoll).execute();
      if (events.length === 0) return;
      this.#after = Number(events.at(-1)!.id);
      await this.#send(events);
      if (events.length < eventsPerPoll) return;
    }
  }

  /** Sends the ongoing sessions written to since the last poll, when what they show changed, to the members who may read them. */
  async #sendOngoing(): Promise<void> {
    await this.ongoingEdits.ingest();
    const sessions = await this.ongoingEdits.changedAfter(this.#ongoingAfter);
    if (sessions.length === 0) return;
    let after = Math.max(this.#ongoingAfter, ...sessions.map((session) => Number(session.last_update_id)));
    for (const { item, behind, lastUpdateId } of await this.ongoingEdits.present(sessions)) {
      // Sections not measured up to its last row yet: read the session again next time.
      if (behind) after = Math.min(after, lastUpdateId - 1);
      const shown = JSON.stringify([item.text, item.ongoing]);
      if (this.#ongoingSent.get(item.sessionId!) === shown) continue;
      this.#ongoingSent.delete(item.sessionId!);
      if (this.#ongoingSent.size >= ongoingRemembered) this.#ongoingSent.delete(this.#ongoingSent.keys().next().value!);
      this.#ongoingSent.set(item.sessionId!, shown);
      this.#hub.deliver(null, (who) => {
        const role = who.roles.get(item.group.id);
        if (!role || !can(role, 'read') || item.actor.id === who.userId) return null;
        return { type: 'ongoing', item };
      });
    }
    this.#ongoingAfter = after;
  }

  /** Presents events once, then sends each subscriber those it may see, as it reads them. */
  async #send(events: readonly EventRow[]): Promise<void> {
    const groups = await this.db.selectFrom('groups').select(['id', 'name']).where('id', 'in', [...new Set(events.map((e) => e.group_id))]).execute();
    const entries = await loadEntries(this.db, events, new Map(groups.map((g) => [g.id, g.name])));
    const recipients = await this.db
      .selectFrom('event_recipients')
      .select(['user_id', 'event_id', 'reason'])
      .where('event_id', 'in', events.map((e) => Number(e.id)))
      .execute();
    const reasonsOf = new Map<string, Map<number, NeedsYouReason>>();
    for (const r of recipients) {
      if (!reasonsOf.has(r.user_id)) reasonsOf.set(r.user_id, new Map());
      reasonsOf.get(r.user_id)!.set(Number(r.event_id), r.reason);
    }
    for (const entry of entries) {
      const { event } = entry;
      const audience = { visibility: event.visibility, authorId: event.audience_id ?? '' };
      const sinceVisit = await this.#sinceVisits(entry);
      this.#hub.deliver(null, (who) => {
        const role = who.roles.get(event.group_id);
        if (!role || event.actor_id === who.userId || !canSee({ userId: who.userId, role }, audience)) return null;
        const told = sinceVisit.has(who.userId) ? sinceVisit.get(who.userId)! : entry;
        if (told === null) return null;
        const [personal] = forReader([told], reasonsOf.get(who.userId) ?? new Map(), { userId: who.userId, roleIn: (groupId) => who.roles.get(groupId) ?? null });
        return { type: 'item', item: presentItem(personal!, who.userId) };
      });
    }
  }

  /**
   * An editing session as told to each reader whose last visit to its group
   * fell within it, by user id: cut to the writing after the visit, or null
   * when all of it came before. Other readers get it whole. (Read positions
   * are one row per member and group; they are read once per session
   * recorded while someone listens.)
   */
  async #sinceVisits(entry: FeedEntry): Promise<Map<string, FeedEntry | null>> {
    const told = new Map<string, FeedEntry | null>();
    const { event } = entry;
    if (event.type !== 'edit-session') return told;
    const startedAt = payloadOf('edit-session', event.payload).startedAt;
    if (startedAt === undefined) return told;
    const visits = await this.db
      .selectFrom('feed_reads')
      .select(['user_id', 'updated_at'])
      .where('group_id', '=', event.group_id)
      .where('updated_at', '>=', startedAt)
      .where('updated_at', '<=', Number(event.created_at))
      .execute();
    for (const visit of visits) {
      const [cut] = await this.editsSinceVisit.afterTime([event], () => Number(visit.updated_at));
      told.set(visit.user_id, cut ? { ...entry, event: cut } : null);
    }
    return told;
  }

  /** Stops reading and ends every stream (see StreamHub.stop). */
  async stop(graceMs = 1000): Promise<void> {
    clearInterval(this.#timer);
    await this.#queue;
    await this.#hub.stop(graceMs);
  }
}

/** Keeps a feed reader's groups current with their memberships, rather than ending their stream. */
function followMembership(event: AccessEvent, who: Who): void {
  if (event.type !== 'membership-changed' || event.userId !== who.userId) return;
  if (event.role === null) who.roles.delete(event.groupId);
  else who.roles.set(event.groupId, event.role);
}
