import { groupMasks } from '../access/member-names';
import type { Kysely } from 'kysely';
import { can, type Role } from '../../../shared/permissions';
import { type FeedItem, ongoingSectionsShown } from '../../../shared/schemas/activity';
import type { Database, EditSessionRow } from '../../db/schema';
import type { Logger } from '../../logger';
import type { DocHistory } from '../versions/history';
import { measureStoredEditing } from './edit-measure';
import type { EditSessions } from './edit-sessions';
import { ongoingSentence } from './feed-text';

/** Ongoing sessions listed per reader at most, newest first. */
const sessionsPerReader = 20;
/** Ongoing sessions read per stream poll at most. */
const sessionsPerPoll = 200;
/** Sessions whose sections are kept measured in this process. */
const cachedSessions = 500;
/** A session's new rows are measured at most this often; in between, its sections may lag by that much. */
const refreshMs = 2000;
/** Update ids measured at most per measure (the newest): beyond, the oldest of a long backlog are skipped. */
const idsPerMeasure = 5000;

/** A reader's group, with their role and last visit there (null: none). */
export interface OngoingScope {
  groupId: string;
  groupName: string;
  role: Role;
  seenAt: number | null;
}

/** An ongoing item, and whether its sections are behind its session's newest rows (measured again later). */
export interface OngoingItem {
  item: FeedItem;
  behind: boolean;
  /** The session's last update row. */
  lastUpdateId: number;
}

/** Characters per heading under which a session's edits landed, as measured so far. */
interface Measured {
  /** The last update row measured. */
  to: number;
  measuredAt: number;
  /** Characters per heading, in the order first met. */
  chars: Map<string, number>;
}

/**
 * Editing going on now: the editing sessions (edit-sessions.ts) that
 * have no event yet and whose last edit is within the gap, as feed items
 * without totals: "Ana is writing in Methods and Results of Final report".
 * They are read from `edit_sessions`, which every instance writes from the
 * shared update log, so a session written through another instance shows
 * as soon as any instance has read its rows.
 *
 * Sections are measured incrementally, per session, in this process: the
 * first time over the session's rows so far (at most `idsPerMeasure` update
 * ids, the newest), then only over the rows added since, at most every
 * `refreshMs`. A measure costs one build of the document at its start
 * (versions/history.ts: the nearest stored state, then the rows after it)
 * and a replay of the rows measured; reading the feed again costs nothing
 * more while the session has no new rows. What a session holds beyond
 * headings (its totals) is measured once, when it ends.
 */
export class OngoingEdits {
  readonly #measured = new Map<string, Measured>();
  readonly #measuring = new Map<string, Promise<Measured>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    private readonly editSessions: Pick<EditSessions, 'ingest'>,
    private readonly options: { gapMs: number; logger: Logger },
    private readonly now: () => number = Date.now,
  ) {}

  /** Turns the update log's newest rows into sessions, so that the latest editing shows. */
  ingest(): Promise<void> {
    return this.editSessions.ingest();
  }

  /**
   * Others' ongoing editing in the reader's groups, newest first: only in
   * groups whose documents their role may read, and only editing with an
   * edit after their last visit there (what came before is not news, as
   * for ended sessions). One indexed query (open sessions by last edit).
   */
  async forReader(readerId: string, scopes: readonly OngoingScope[]): Promise<FeedItem[]> {
    const readable = new Map(scopes.filter((scope) => can(scope.role, 'read')).map((scope) => [scope.groupId, scope]));
    if (readable.size === 0) return [];
    const rows = await this.#open()
      .where('group_id', 'in', [...readable.keys()])
      .where('user_id', '!=', readerId)
      .orderBy('last_edit_at', 'desc')
      .limit(sessionsPerReader)
      .execute();
    const news = rows.filter((row) => {
      const seenAt = readable.get(row.group_id)?.seenAt ?? null;
      return seenAt === null || Number(row.last_edit_at) > seenAt;
    });
    return (await this.present(news)).map(({ item }) => item);
  }

  /** Open sessions written to after update row `afterUpdateId`, by their last row. */
  changedAfter(afterUpdateId: number): Promise<EditSessionRow[]> {
    return this.#open().where('last_update_id', '>', afterUpdateId).orderBy('last_update_id').limit(sessionsPerPoll).execute();
  }

  /** Sessions as ongoing items, in the order given. */
  async present(rows: readonly EditSessionRow[]): Promise<OngoingItem[]> {
    if (rows.length === 0) return [];
    const [places, people] = await Promise.all([
      this.db
        .selectFrom('documents')
        .innerJoin('projects', 'projects.id', 'documents.project_id')
        .innerJoin('groups', 'groups.id', 'projects.group_id')
        .select(['documents.id', 'documents.title', 'projects.id as projectId', 'projects.name as projectName', 'groups.id as groupId', 'groups.name as groupName'])
        .where('documents.id', 'in', [...new Set(rows.map((row) => row.doc_id))])
        .execute(),
      this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((row) => row.user_id))]).execute(),
    ]);
    const placeOf = new Map(places.map((place) => [place.id, place]));
    const personOf = new Map(people.map((person) => [person.id, person]));
    // One item goes to every reader alike: an aliased member (member-names.ts)
    // is told by their alias to all, as on the sync socket. (Aliased members
    // are reviewers, whose edits are dropped, so this does not happen today.)
    const masks = await groupMasks(this.db, [...new Set(places.map((place) => place.groupId))]);
    const items: OngoingItem[] = [];
    for (const row of rows) {
      const place = placeOf.get(row.doc_id);
      if (!place) continue;
      const actor = masks.get(place.groupId)?.[row.user_id] ?? personOf.get(row.user_id) ?? { id: row.user_id, name: 'Someone' };
      const { headings, behind } = await this.#headings(row);
      const shown = headings.slice(0, ongoingSectionsShown);
      const more = headings.length - shown.length;
      const link = `/docs/${place.id}${shown.length > 0 ? `?section=${encodeURIComponent(shown[0]!)}` : ''}`;
      items.push({
        behind,
        lastUpdateId: Number(row.last_update_id),
        item: {
          // Not an event yet: a negative id, unique per session (its first row), never a read position.
          id: -Number(row.first_update_id),
          type: 'edit-session',
          at: Number(row.last_edit_at),
          actor,
          group: { id: place.groupId, name: place.groupName },
          project: { id: place.projectId, name: place.projectName },
          doc: { id: place.id, title: place.title },
          thread: null,
          replyId: null,
          subject: null,
          role: null,
          status: null,
          edit: null,
          version: null,
          excerpt: null,
          text: ongoingSentence(actor.name, place.title, shown, more),
          needsYou: null,
          link,
          sessionId: row.id,
          ongoing: { startedAt: Number(row.started_at), sections: shown, moreSections: more },
        },
      });
    }
    return items;
  }

  /** Open sessions whose last edit is within the gap: the index on (event_id, last_edit_at) holds just these. */
  #open() {
    return this.db
      .selectFrom('edit_sessions')
      .selectAll()
      .where('event_id', 'is', null)
      .where('last_edit_at', '>', this.now() - this.options.gapMs);
  }

  /** The headings of a session so far, most written first; measured afresh when due, else as last measured. */
  async #headings(row: EditSessionRow): Promise<{ headings: string[]; behind: boolean }> {
    const to = Number(row.last_update_id);
    let measured = this.#measured.get(row.id);
    const due = !measured || (measured.to < to && this.now() - measured.measuredAt >= refreshMs);
    if (due) {
      try {
        measured = await this.#measure(row, measured);
      } catch (err) {
        // Told without sections rather than not at all; the session's end measures it whole.
        this.options.logger.warn({ err, sessionId: row.id }, 'ongoing editing could not be measured');
      }
    }
    const chars = measured?.chars ?? new Map<string, number>();
    const order = [...chars.keys()];
    const headings = [...chars].sort(([a, x], [b, y]) => y - x || order.indexOf(a) - order.indexOf(b)).map(([heading]) => heading);
    return { headings, behind: !measured || measured.to < to };
  }

  /** Measures the session's rows after `known` (all of them without it), one measure per session at a time. */
  #measure(row: EditSessionRow, known: Measured | undefined): Promise<Measured> {
    const running = this.#measuring.get(row.id);
    if (running) return running;
    const run = (async () => {
      const to = Number(row.last_update_id);
      const from = Math.max(known ? known.to + 1 : Number(row.first_update_id), to - idsPerMeasure + 1);
      const part = await measureStoredEditing(this.db, this.history, row.doc_id, row.user_id, { from, to });
      const chars = new Map(known?.chars);
      for (const section of part.sections) {
        if (section.heading !== null) chars.set(section.heading, (chars.get(section.heading) ?? 0) + section.chars);
      }
      const measured = { to, measuredAt: this.now(), chars };
      this.#measured.delete(row.id);
      if (this.#measured.size >= cachedSessions) this.#measured.delete(this.#measured.keys().next().value!);
      this.#measured.set(row.id, measured);
      return measured;
    })();
    this.#measuring.set(row.id, run);
    return run.finally(() => this.#measuring.delete(row.id));
  }
}
