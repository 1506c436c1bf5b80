import type { Kysely } from 'kysely';
import { can, type Role } from '../../../shared/permissions';
import { type FeedItem, type GroupHealth, unreadLimit } from '../../../shared/schemas/activity';
import type { Database, EventRow } from '../../db/schema';
import type { Viewer } from '../threads/visibility';
import {
  countUnseen,
  type FeedMembership,
  feedMemberships,
  latestEventId,
  unseenAfter,
  unseenEvents,
  unseenNeedingYou,
} from './feed-query';
import { type FeedEntry, feedOrder, forReader, loadEntries, recipientReasons } from './feed-entries';
import type { EditsSinceVisit } from './edits-since-visit';
import { joinNames, summarySentences } from './feed-text';
import type { OngoingEdits } from './ongoing-edits';
import { teamHealth } from './team-health';
import { teamSoFar } from './team-so-far';

/** A membership with the id after which its events are unseen. */
interface Scope {
  membership: FeedMembership;
  after: number;
}

/** A reader's feed before it is presented. */
export interface FeedRecord {
  /** In feed order, at most the asked limit. */
  entries: FeedEntry[];
  sentences: string[];
  unread: number;
  needsYou: number;
  hasMore: boolean;
  health: GroupHealth[];
  /** The reader never marked any group's news read. */
  firstVisit: boolean;
  /** Others' editing going on now, as items (ongoing-edits.ts), newest first. */
  ongoing: FeedItem[];
}

/**
 * The activity feed: what happened in the reader's groups since
 * they last looked, what needs them, sums in sentences and the team's
 * health. Routes present it (presenter.ts) as JSON or as a digest (digest.ts).
 */
export class Feed {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly editsSinceVisit: EditsSinceVisit,
    private readonly ongoingEdits: OngoingEdits,
    private readonly now: () => number = Date.now,
  ) {}

  async read(userId: string, limit: number): Promise<FeedRecord> {
    const scopes = await this.#scopes(userId);
    // Ongoing editing first: a session that ends meanwhile is then read as its event below, not missed.
    const ongoingAll = await this.ongoingEdits.forReader(
      userId,
      scopes.map(({ membership }) => ({ groupId: membership.groupId, groupName: membership.groupName, role: membership.role, seenAt: membership.seenAt })),
    );
    const [recent, needing, unread] = await Promise.all([
      unseenEvents(this.db, userId, scopes),
      unseenNeedingYou(this.db, userId, scopes),
      countUnseen(this.db, userId, scopes, unreadLimit),
    ]);
    const events = new Map<number, EventRow>();
    for (const event of [...recent, ...needing]) events.set(Number(event.id), event);
    const seenAt = new Map(scopes.map(({ membership }) => [membership.groupId, membership.seenAt]));
    // Editing is told from the reader's last visit in its group: what came before it is not news.
    const told = await this.editsSinceVisit.afterTime(
      [...events.values()].sort((a, b) => Number(b.id) - Number(a.id)),
      (event) => seenAt.get(event.group_id) ?? null,
    );
    const entries = forReader(
      await loadEntries(this.db, told, groupNames(scopes)),
      await recipientReasons(this.db, userId, [...events.keys()]),
      { userId, roleIn: (groupId) => scopes.find(({ membership }) => membership.groupId === groupId)?.membership.role ?? null },
    );
    const ordered = [...entries].sort(feedOrder);
    // One session is one item: once its event is read, its ongoing item is gone.
    const finished = new Set(entries.map((entry) => entry.sessionId).filter((id) => id));
    const ongoing = ongoingAll.filter((item) => !finished.has(item.sessionId));
    return {
      entries: ordered.slice(0, limit),
      sentences: await this.#sentences(userId, scopes, entries, ongoing),
      unread,
      needsYou: entries.filter((e) => e.needsYou !== null).length,
      hasMore: ordered.length > limit || unread > limit,
      health: await this.#healthOf(userId, scopes),
      firstVisit: scopes.every(({ membership }) => membership.lastSeen === null),
      ongoing,
    };
  }

  /**
   * The summary: the news, in sentences. A group whose news the reader
   * never marked read has no "last visit" to compare with: when nothing is
   * new there, it says what the team has done so far (team-so-far.ts)
   * rather than "nothing new since your last visit". Nor is it "nothing
   * new" while someone is writing: with nothing else new, the summary tells
   * of the editing going on.
   */
  async #sentences(userId: string, scopes: readonly Scope[], entries: readonly FeedEntry[], ongoing: readonly FeedItem[]): Promise<string[]> {
    if (scopes.length === 0) return ['You are not in a group yet.'];
    const withNews = new Set(entries.map((entry) => entry.group.id));
    const quiet = scopes.filter(({ membership }) => !withNews.has(membership.groupId));
    const firstVisits = quiet.filter(({ membership }) => membership.lastSeen === null);
    const soFar = await Promise.all(
      firstVisits.map(({ membership }) =>
        teamSoFar(this.db, { id: membership.groupId, name: membership.groupName }, { userId, role: membership.role }),
      ),
    );
    if (entries.length > 0) return [...summarySentences(entries), ...soFar];
    const writing = ongoing.map((item) => item.text);
    if (firstVisits.length === 0) return writing.length > 0 ? writing : summarySentences(entries);
    const writingIn = new Set(ongoing.map((item) => item.group.id));
    const visited = quiet
      .filter(({ membership }) => membership.lastSeen !== null && !writingIn.has(membership.groupId))
      .map(({ membership }) => membership.groupName);
    return [...writing, ...soFar, ...(visited.length === 0 ? [] : [`Nothing new in ${joinNames(visited)} since your last visit.`])];
  }

  /**
   * Moves the reader's positions forward: to `upTo` (an item's id), or to
   * the newest event; in one group or all of theirs. Positions never move
   * back, nor before the reader joined.
   */
  async markSeen(userId: string, options: { upTo?: number; groupId?: string }): Promise<number> {
    const newest = await latestEventId(this.db);
    const target = Math.min(options.upTo ?? newest, newest);
    const scopes = (await this.#scopes(userId)).filter((s) => options.groupId === undefined || s.membership.groupId === options.groupId);
    const now = this.now();
    for (const { membership, after } of scopes) {
      const seen = Math.max(target, after);
      if (membership.lastSeen !== null && seen <= membership.lastSeen) continue;
      await this.db
        .insertInto('feed_reads')
        .values({ user_id: userId, group_id: membership.groupId, last_seen_event_id: seen, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'group_id'])
            .doUpdateSet((eb) => ({ last_seen_event_id: eb.ref('excluded.last_seen_event_id'), updated_at: eb.ref('excluded.updated_at') }))
            .where('feed_reads.last_seen_event_id', '<', (eb) => eb.ref('excluded.last_seen_event_id')),
        )
        .execute();
    }
    return countUnseen(this.db, userId, await this.#scopes(userId), unreadLimit);
  }

  /** The reader's role in each of their groups, for the live feed. */
  async roles(userId: string): Promise<Map<string, Role>> {
    return new Map((await feedMemberships(this.db, userId)).map((m) => [m.groupId, m.role]));
  }

  /** One group's health as `viewer` may see it. */
  health(group: { id: string; name: string }, viewer: Viewer): Promise<GroupHealth> {
    return teamHealth(this.db, group, viewer, this.now());
  }

  async #scopes(userId: string): Promise<Scope[]> {
    const memberships = await feedMemberships(this.db, userId);
    return Promise.all(memberships.map(async (membership) => ({ membership, after: await unseenAfter(this.db, membership) })));
  }

  /** Health of the groups where the reader may see it (instructors and members). */
  async #healthOf(userId: string, scopes: readonly Scope[]): Promise<GroupHealth[]> {
    const shown = scopes.filter(({ membership }) => can(membership.role, 'viewContributions'));
    return Promise.all(
      shown.map(({ membership }) =>
        this.health({ id: membership.groupId, name: membership.groupName }, { userId, role: membership.role }),
      ),
    );
  }
}

function groupNames(scopes: readonly Scope[]): Map<string, string> {
  return new Map(scopes.map(({ membership }) => [membership.groupId, membership.groupName]));
}
