import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { insertedRangesLimit, type ChangesSinceVisitResponse, type DocVisit, type InsertedRange } from '../../../shared/schemas/activity';
import type { Database } from '../../db/schema';
import { storedUpdates } from '../../db/stored-updates';
import type { DocHistory } from '../versions/history';
import type { EditSessions } from './edit-sessions';
import type { EditsSinceVisit } from './edits-since-visit';
import { memberNames } from '../access/member-names';
import { forReader, loadEntries } from './feed-entries';
import { latestEventId } from './feed-query';
import { presentItem } from './presenter';

/** Ended sessions listed at most, oldest first. */
const changesLimit = 200;
/** Update log rows decoded per query when collecting inserted text. */
const rowsPerPage = 500;

/**
 * "What changed since your last visit": each user's last visit of
 * each document (the newest update log row and event then), and what others
 * did since: their ended editing sessions with totals and sections, the
 * editing still going on, and the range of update rows to highlight.
 * The client asks for the changes first, then records the new visit.
 */
export class DocVisits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly editSessions: EditSessions,
    private readonly editsSinceVisit: EditsSinceVisit,
    private readonly history: DocHistory,
    private readonly now: () => number = Date.now,
  ) {}

  async record(userId: string, docId: string): Promise<DocVisit> {
    const [updateId, eventId] = await Promise.all([this.history.latestUpdateId(docId), latestEventId(this.db)]);
    const at = this.now();
    await this.db
      .insertInto('doc_visits')
      .values({ user_id: userId, doc_id: docId, last_update_id: updateId, last_event_id: eventId, visited_at: at })
      .onConflict((oc) =>
        oc.columns(['user_id', 'doc_id']).doUpdateSet({ last_update_id: updateId, last_event_id: eventId, visited_at: at }),
      )
      .execute();
    return { at, updateId };
  }

  async changesSince(userId: string, docId: string, group: { id: string; name: string }): Promise<ChangesSinceVisitResponse> {
    const visit = await this.db
      .selectFrom('doc_visits')
      .selectAll()
      .where('user_id', '=', userId)
      .where('doc_id', '=', docId)
      .executeTakeFirst();
    if (!visit) return { since: null, changes: [], ongoing: [], updates: null, inserted: [] };
    const since = { at: Number(visit.visited_at), updateId: Number(visit.last_update_id) };

    // Sessions are read from the log in the background; catch up so that the latest editing shows.
    await this.editSessions.ingest();
    const [events, ongoing, range, inserted] = await Promise.all([
      this.db
        .selectFrom('events')
        .selectAll()
        .where('doc_id', '=', docId)
        .where('id', '>', Number(visit.last_event_id))
        .where('type', '=', 'edit-session')
        .where('actor_id', '!=', userId)
        .orderBy('id')
        .limit(changesLimit)
        .execute(),
      this.editSessions.ongoing(docId, userId, since.updateId),
      this.db
        .selectFrom('doc_updates')
        .select((eb) => [eb.fn.min('id').as('from'), eb.fn.max('id').as('to')])
        .where('doc_id', '=', docId)
        .where('id', '>', since.updateId)
        .where('user_id', '!=', userId)
        .executeTakeFirst(),
      this.#insertedByOthers(userId, docId, since.updateId),
    ]);
    // A session recorded after the visit may have begun before it: only its rows after the visit are changes.
    const told = await this.editsSinceVisit.afterUpdate(events, since.updateId);
    // People are named as the reader may know them in the group (member-names.ts).
    const [shown, membership] = await Promise.all([
      memberNames(this.db, group.id, userId),
      this.db.selectFrom('memberships').select('role').where('group_id', '=', group.id).where('user_id', '=', userId).executeTakeFirst(),
    ]);
    const reader = { userId, roleIn: () => membership?.role ?? null };
    const entries = forReader(await loadEntries(this.db, told, new Map([[group.id, group.name]])), new Map(), reader);
    const names = ongoing.length
      ? (await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ongoing.map((s) => s.user_id)).execute()).map(shown.person)
      : [];
    return {
      since,
      changes: entries.map((entry) => presentItem(entry, userId)),
      ongoing: ongoing.map((session) => ({
        user: names.find((n) => n.id === shown.id(session.user_id)) ?? { id: shown.id(session.user_id), name: 'Someone' },
        startedAt: Number(session.started_at),
        lastEditAt: Number(session.last_edit_at),
        fromUpdateId: Number(session.first_update_id),
        toUpdateId: Number(session.last_update_id),
      })),
      updates: range?.from != null && range.to != null ? { from: Number(range.from), to: Number(range.to) } : null,
      inserted,
    };
  }

  /**
   * The text others inserted after row `after`: the string items of their
   * rows (each row is one user's update), as id ranges. Decoding the rows
   * is enough; no document is built. Rows are read in pages and reading
   * stops at the limit.
   */
  async #insertedByOthers(userId: string, docId: string, after: number): Promise<InsertedRange[]> {
    const ranges = new InsertedRanges();
    for await (const row of storedUpdates(this.db, docId, { after, notBy: userId, pageSize: rowsPerPage })) {
      for (const struct of Y.decodeUpdate(row.data).structs) {
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) ranges.add(struct.id.client, struct.id.clock, struct.length);
      }
      if (ranges.full) break;
    }
    return ranges.list();
  }
}

/** Id ranges of inserted characters, per client, adjacent ones merged (typing makes one item per keystroke). */
class InsertedRanges {
  readonly #byClient = new Map<number, InsertedRange[]>();
  #count = 0;

  get full(): boolean {
    return this.#count >= insertedRangesLimit;
  }

  add(client: number, clock: number, len: number): void {
    const ranges = this.#byClient.get(client) ?? [];
    if (ranges.length === 0) this.#byClient.set(client, ranges);
    const previous = ranges.at(-1);
    if (previous && previous.clock + previous.len === clock) {
      previous.len += len;
      return;
    }
    ranges.push({ client, clock, len });
    this.#count += 1;
  }

  /** Sorted by client and clock, merging what arrived out of order. */
  list(): InsertedRange[] {
    const merged: InsertedRange[] = [];
    for (const client of [...this.#byClient.keys()].sort((a, b) => a - b)) {
      for (const range of this.#byClient.get(client)!.sort((a, b) => a.clock - b.clock)) {
        const previous = merged.at(-1);
        if (previous && previous.client === client && previous.clock + previous.len >= range.clock) {
          previous.len = Math.max(previous.len, range.clock + range.len - previous.clock);
        } else merged.push({ ...range });
      }
    }
    return merged.slice(0, insertedRangesLimit);
  }
}
