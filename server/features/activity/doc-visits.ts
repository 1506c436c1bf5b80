import type { Kysely } from 'kysely';
import type { ChangesSinceVisitResponse, DocVisit } from '../../../shared/schemas/activity';
import type { Database } from '../../db/schema';
import type { DocHistory } from '../versions/history';
import type { EditSessions } from './edit-sessions';
import { forReader, latestEventId, loadEntries } from './feed-query';
import { presentItem } from './presenter';

/** Ended sessions listed at most, oldest first. */
const changesLimit = 200;

/**
 * "What changed since your last visit" (issue 6): each user's last visit of
 * each document (the newest update log row and event then), and what others
 * did since: their ended editing sessions with totals and sections, the
 * editing still going on, and the range of update rows to highlight.
 * The client asks for the changes first, then records the new visit.
 */
export class DocVisits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly editSessions: EditSessions,
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
    if (!visit) return { since: null, changes: [], ongoing: [], updates: null };
    const since = { at: Number(visit.visited_at), updateId: Number(visit.last_update_id) };

    // Sessions are read from the log in the background; catch up so that the latest editing shows.
    await this.editSessions.ingest();
    const [events, ongoing, range] = await Promise.all([
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
    ]);
    const entries = forReader(await loadEntries(this.db, events, new Map([[group.id, group.name]])), new Map());
    const names = ongoing.length
      ? await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ongoing.map((s) => s.user_id)).execute()
      : [];
    return {
      since,
      changes: entries.map((entry) => presentItem(entry, userId)),
      ongoing: ongoing.map((session) => ({
        user: names.find((n) => n.id === session.user_id) ?? { id: session.user_id, name: 'Someone' },
        startedAt: Number(session.started_at),
        lastEditAt: Number(session.last_edit_at),
        fromUpdateId: Number(session.first_update_id),
        toUpdateId: Number(session.last_update_id),
      })),
      updates: range?.from != null && range.to != null ? { from: Number(range.from), to: Number(range.to) } : null,
    };
  }
}
