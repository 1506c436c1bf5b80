import type { Kysely } from 'kysely';
import type { EditStats } from '../../../shared/schemas/activity';
import type { Database, EventRow } from '../../db/schema';
import type { DocHistory } from '../versions/history';
import { type EditMeasure, measureStoredEditing } from './edit-measure';
import { payloadOf } from './event-log';

/** Parts of sessions measured and kept, so that a feed read again does not replay them again. */
const cachedParts = 200;

/**
 * Editing told from where a reader last looked. A session's event is
 * recorded when the session ends (the gap after its last edit), so a session
 * can begin before a reader's visit and end after it. What happened before
 * the visit is not news to them: only the writing after it is, stamped
 * with when it happened.
 *
 * - In the feed, the visit is when the reader last moved their read
 *   position in the group (`feed_reads.updated_at`). A session recorded
 *   since then whose writing had all happened by then is left out
 *   (feed-query.ts, in the query, so counts agree); one whose writing went
 *   on past it is told from its first edit after the visit.
 * - In a document, the visit is the last update row it had then
 *   (`doc_visits.last_update_id`): rows up to it are not news.
 *
 * The part is measured as a whole session is (edit-measure.ts): a replay
 * of the log, kept in a small cache since the same feed is read again.
 */
export class EditsSinceVisit {
  readonly #parts = new Map<string, EditMeasure>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
  ) {}

  /**
   * Edit-session events as read after a visit at `seenAtOf(event)` (null: no visit in its group):
   * whole, cut to their writing after the visit, or dropped when all of it came before.
   */
  async afterTime(events: readonly EventRow[], seenAtOf: (event: EventRow) => number | null): Promise<EventRow[]> {
    const read = await Promise.all(
      events.map(async (event) => {
        const seenAt = seenAtOf(event);
        const stats = sessionOf(event);
        // Recorded before the visit: the reader could have seen it whole.
        if (!stats || seenAt === null || Number(event.created_at) < seenAt || stats.startedAt > seenAt) return event;
        const first = await this.#firstRow(event, stats, { at: seenAt });
        return first ? this.#cut(event, stats, first) : null;
      }),
    );
    return read.filter((event) => event !== null);
  }

  /** Edit-session events as read after a visit that had seen the document's update rows up to `afterUpdateId`. */
  async afterUpdate(events: readonly EventRow[], afterUpdateId: number): Promise<EventRow[]> {
    const read = await Promise.all(
      events.map(async (event) => {
        const stats = sessionOf(event);
        if (!stats || stats.fromUpdateId > afterUpdateId) return event;
        if (stats.toUpdateId <= afterUpdateId) return null;
        const first = await this.#firstRow(event, stats, { id: afterUpdateId });
        return first ? this.#cut(event, stats, first) : null;
      }),
    );
    return read.filter((event) => event !== null);
  }

  /** The session's first update row (by its writer) that `after` keeps. */
  #firstRow(event: EventRow, stats: SessionStats, after: { at: number } | { id: number }) {
    return this.db
      .selectFrom('doc_updates')
      .select(['id', 'created_at'])
      .where('doc_id', '=', event.doc_id!)
      .where('user_id', '=', event.actor_id)
      .where('id', '>=', stats.fromUpdateId)
      .where('id', '<=', stats.toUpdateId)
      .where((eb) => ('at' in after ? eb('created_at', '>', after.at) : eb('id', '>', after.id)))
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  /** The event with its session cut to start at row `first`. */
  async #cut(event: EventRow, stats: SessionStats, first: { id: number; created_at: number }): Promise<EventRow> {
    const from = Number(first.id);
    if (from === stats.fromUpdateId) return event;
    const range = { from, to: stats.toUpdateId };
    const key = `${event.doc_id} ${event.actor_id} ${range.from} ${range.to}`;
    let measure = this.#parts.get(key);
    if (!measure) {
      measure = await measureStoredEditing(this.db, this.history, event.doc_id!, event.actor_id, range);
      if (this.#parts.size >= cachedParts) this.#parts.delete(this.#parts.keys().next().value!);
      this.#parts.set(key, measure);
    }
    const part: EditStats = { ...measure, fromUpdateId: range.from, toUpdateId: range.to, startedAt: Number(first.created_at), endedAt: stats.endedAt };
    return { ...event, payload: JSON.stringify(part) };
  }
}

type SessionStats = Pick<EditStats, 'fromUpdateId' | 'toUpdateId' | 'startedAt' | 'endedAt'>;

/** The rows and times of an edit-session event; null for other events and for sessions recorded without them. */
function sessionOf(event: EventRow): SessionStats | null {
  if (event.type !== 'edit-session' || !event.doc_id) return null;
  const p = payloadOf('edit-session', event.payload);
  if (p.fromUpdateId === undefined || p.toUpdateId === undefined || p.startedAt === undefined || p.endedAt === undefined) return null;
  return { fromUpdateId: p.fromUpdateId, toUpdateId: p.toUpdateId, startedAt: p.startedAt, endedAt: p.endedAt };
}
