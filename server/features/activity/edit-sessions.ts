import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../db/ids';
import type { Database, EditSessionRow } from '../../db/schema';
import { conflict } from '../../errors';
import type { Logger } from '../../logger';
import type { DocHistory } from '../versions/history';
import { measureStoredEditing } from './edit-measure';
import { recordEvent } from './event-log';

/** The `activity_progress` entry: the last update log row turned into sessions. */
const progressName = 'edit-sessions';
/** Rows read per transaction when catching up with the log. */
const rowsPerIngest = 5000;
/** Sessions measured and recorded per sweep. */
const sessionsPerSweep = 20;

/**
 * Editing sessions: one user's editing of one document, until
 * `gapMs` (10 minutes) pass without an edit by them. They are read from the
 * update log itself, which says who stored what and when, so they need no
 * hook in the sync server and survive restarts:
 *
 * - `ingest` turns rows stored since the last time into sessions (a row
 *   within `gapMs` of its user's open session in that document extends it;
 *   otherwise it opens a new one), in one short transaction that also moves
 *   the read position, conditionally, so two instances cannot both take a row;
 * - `closeEnded` measures each session whose last edit is older than `gapMs`
 *   (edit-measure.ts; a replay, done outside any transaction) and records its
 *   `edit-session` event and totals together.
 *
 * A timer sweeps (both steps) every quarter of the gap (at most 5 s), so a
 * session's event comes at most that long after its end. Until then, the
 * editing is "ongoing": changes-since-last-visit and the feed show it
 * without totals (ongoing-edits.ts). So that they show it within seconds
 * of an edit, another timer ingests every `ingestEveryMs` (a second): when
 * nothing new is stored, that is two indexed reads.
 * (On PostgreSQL, row ids are taken before commit, so a row committed late
 * behind a larger id could be skipped by `ingest`; SQLite commits in id order.)
 */
/** How often new update rows are turned into sessions, at most; the feed shows editing that much after it is stored. */
const ingestEveryMs = 1000;

export class EditSessions {
  #timer: ReturnType<typeof setInterval> | undefined;
  #ingestTimer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | null = null;
  /** Ingests run one after another in this process (other instances are kept off by the progress check). */
  #ingesting: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    private readonly options: { gapMs: number; logger: Logger },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sweeps every so often: a fraction of the gap, between a quarter second
   * and 5 seconds, so that a session's finished item replaces its ongoing one
   * in the feed within seconds of the gap running out (a sweep with nothing
   * due is one indexed read).
   */
  start(): void {
    const every = Math.min(5_000, Math.max(250, Math.floor(this.options.gapMs / 4)));
    this.#timer = setInterval(() => {
      if (!this.#running) void this.sweep().catch((err) => this.options.logger.warn({ err }, 'edit session sweep failed'));
    }, every);
    this.#timer.unref();
    if (every <= ingestEveryMs) return;
    let ingesting = false;
    this.#ingestTimer = setInterval(() => {
      if (ingesting) return;
      ingesting = true;
      void this.ingest()
        .catch((err) => this.options.logger.warn({ err }, 'reading the update log into edit sessions failed'))
        .finally(() => (ingesting = false));
    }, ingestEveryMs);
    this.#ingestTimer.unref();
  }

  /** Stops the timers and waits for a sweep or ingest under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#ingestTimer);
    await this.#running?.catch(() => {});
    await this.#ingesting;
  }

  /** Ingests the log and records the sessions that have ended by `at`. */
  sweep(at = this.now()): Promise<void> {
    const run = (this.#running ?? Promise.resolve()).catch(() => {}).then(async () => {
      await this.ingest();
      await this.closeEnded(at);
    });
    const settled = run.finally(() => {
      if (this.#running === settled) this.#running = null;
    });
    this.#running = settled;
    return settled;
  }

  /** Turns every stored row not yet read into sessions. */
  ingest(): Promise<void> {
    const run = this.#ingesting.then(async () => {
      for (;;) {
        const read = await this.#ingestSome().catch((err: unknown) => {
          // Another instance read these rows first: read on from where it got.
          if (err instanceof ReadConcurrently) return rowsPerIngest;
          throw err;
        });
        // A long backlog is read in several short transactions.
        if (read < rowsPerIngest) return;
      }
    });
    this.#ingesting = run.catch(() => {});
    return run;
  }

  /** Measures and records the sessions whose last edit is older than the gap at `at`; returns their event ids. */
  async closeEnded(at = this.now()): Promise<number[]> {
    const due = await this.db
      .selectFrom('edit_sessions')
      .selectAll()
      .where('event_id', 'is', null)
      .where('last_edit_at', '<', at - this.options.gapMs)
      .orderBy('last_edit_at')
      .limit(sessionsPerSweep)
      .execute();
    const recorded: number[] = [];
    for (const session of due) {
      const eventId = await this.#close(session);
      if (eventId !== null) recorded.push(eventId);
    }
    return recorded;
  }

  /** Sessions of a document not ended yet, by users other than `exceptUserId`, after update `afterUpdateId`. */
  async ongoing(docId: string, exceptUserId: string, afterUpdateId: number): Promise<EditSessionRow[]> {
    return this.db
      .selectFrom('edit_sessions')
      .selectAll()
      .where('doc_id', '=', docId)
      .where('event_id', 'is', null)
      .where('user_id', '!=', exceptUserId)
      .where('last_update_id', '>', afterUpdateId)
      .orderBy('started_at')
      .execute();
  }

  async #ingestSome(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const mark = await trx.selectFrom('activity_progress').select('value').where('name', '=', progressName).executeTakeFirst();
      const after = Number(mark?.value ?? 0);
      const rows = await trx
        .selectFrom('doc_updates')
        .select(['id', 'doc_id', 'user_id', 'created_at'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(rowsPerIngest)
        .execute();
      if (rows.length === 0) return 0;
      const last = Number(rows.at(-1)!.id);
      const moved = mark
        ? await trx.updateTable('activity_progress').set({ value: last }).where('name', '=', progressName).where('value', '=', after).executeTakeFirst()
        : await trx.insertInto('activity_progress').values({ name: progressName, value: last }).executeTakeFirst();
      const count = 'numUpdatedRows' in moved ? moved.numUpdatedRows : (moved.numInsertedOrUpdatedRows ?? 0n);
      if (Number(count) === 0) throw new ReadConcurrently();
      await extendSessions(trx, rows, this.options.gapMs);
      return rows.length;
    });
  }

  async #close(session: EditSessionRow): Promise<number | null> {
    const range = { from: Number(session.first_update_id), to: Number(session.last_update_id) };
    let measure;
    try {
      measure = await measureStoredEditing(this.db, this.history, session.doc_id, session.user_id, range);
    } catch (err) {
      // A session that cannot be measured is closed without an event (0), rather than retried on every sweep.
      this.options.logger.warn({ err, sessionId: session.id }, 'an editing session could not be measured');
      await this.db.updateTable('edit_sessions').set({ event_id: 0 }).where('id', '=', session.id).where('event_id', 'is', null).execute();
      return null;
    }
    return this.db.transaction().execute(async (trx) => {
      const eventId = await recordEvent(trx, {
        type: 'edit-session',
        groupId: session.group_id,
        docId: session.doc_id,
        actorId: session.user_id,
        payload: {
          ...measure,
          fromUpdateId: range.from,
          toUpdateId: range.to,
          startedAt: Number(session.started_at),
          endedAt: Number(session.last_edit_at),
        },
        // Recorded now, like every event, so that ids and times grow together (feed-query.ts reads from a time).
        at: this.now(),
      });
      const closed = await trx
        .updateTable('edit_sessions')
        .set({ event_id: eventId, chars_added: measure.charsAdded, chars_removed: measure.charsRemoved })
        .where('id', '=', session.id)
        .where('event_id', 'is', null)
        .executeTakeFirst();
      // Closed meanwhile by another instance: its event stands, this one is rolled back.
      if (Number(closed.numUpdatedRows) === 0) throw conflict('This editing session was closed concurrently.');
      return eventId;
    });
  }
}

/** The read position moved meanwhile: the transaction is rolled back, the rows left to whoever moved it. */
class ReadConcurrently extends Error {}

type LogRowMeta = { id: number; doc_id: string; user_id: string; created_at: number };

/** Adds rows (in id order) to their users' open sessions, or opens new ones. */
async function extendSessions(trx: Transaction<Database>, rows: readonly LogRowMeta[], gapMs: number): Promise<void> {
  const docIds = [...new Set(rows.map((row) => row.doc_id))];
  const open = await trx.selectFrom('edit_sessions').selectAll().where('doc_id', 'in', docIds).where('event_id', 'is', null).execute();
  const groups = await trx
    .selectFrom('documents')
    .innerJoin('projects', 'projects.id', 'documents.project_id')
    .select(['documents.id', 'projects.group_id'])
    .where('documents.id', 'in', docIds)
    .execute();
  const groupOf = new Map(groups.map((g) => [g.id, g.group_id]));

  const key = (docId: string, userId: string) => `${docId} ${userId}`;
  const current = new Map<string, EditSessionRow>();
  for (const session of open.sort((a, b) => Number(a.last_update_id) - Number(b.last_update_id))) {
    current.set(key(session.doc_id, session.user_id), session);
  }
  const changed = new Set<EditSessionRow>();
  const opened = new Set<EditSessionRow>();
  for (const row of rows) {
    const id = Number(row.id);
    const at = Number(row.created_at);
    const session = current.get(key(row.doc_id, row.user_id));
    if (session && at - Number(session.last_edit_at) <= gapMs) {
      session.last_update_id = id;
      session.last_edit_at = Math.max(Number(session.last_edit_at), at);
      if (!opened.has(session)) changed.add(session);
      continue;
    }
    const groupId = groupOf.get(row.doc_id);
    if (!groupId) continue;
    const started: EditSessionRow = {
      id: newId(),
      doc_id: row.doc_id,
      group_id: groupId,
      user_id: row.user_id,
      first_update_id: id,
      last_update_id: id,
      started_at: at,
      last_edit_at: at,
      chars_added: null,
      chars_removed: null,
      event_id: null,
    };
    current.set(key(row.doc_id, row.user_id), started);
    opened.add(started);
  }
  for (const session of changed) {
    await trx
      .updateTable('edit_sessions')
      .set({ last_update_id: session.last_update_id, last_edit_at: session.last_edit_at })
      .where('id', '=', session.id)
      .execute();
  }
  const added = [...opened];
  for (let start = 0; start < added.length; start += 500) {
    await trx.insertInto('edit_sessions').values(added.slice(start, start + 500)).execute();
  }
}
