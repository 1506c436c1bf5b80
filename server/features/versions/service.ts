import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import type { PageQuery } from '../../../shared/schemas/common';
import type { CreateVersionBody, DocumentAtQuery } from '../../../shared/schemas/history';
import { newId } from '../../db/ids';
import { type Page, selectPage, toPage } from '../../db/page-cursor';
import type { Database, DocVersionRow } from '../../db/schema';
import { conflict, notFound } from '../../errors';
import type { SyncServer } from '../../sync/sync-server';
import { type Comparison, type EncodedComparison, compareMoments } from './compare';
import { MomentCache } from './moment-cache';
import type { DocHistory } from './history';
import type { HistoryStates } from './history-states';
import { ownedClientIds } from './fresh-client-id';
import { restoringUpdate } from './restore';
import type { SessionVersions } from './session-versions';
import { recordEvent } from '../activity/event-log';

/** A version without its stored state, with the name of who made it. */
export type VersionRecord = Omit<DocVersionRow, 'state'> & { creator: { id: string; email: string; name: string } | null };

/** A minute with edits on the timeline. */
export interface TimelineMinute {
  lastUpdateId: number;
  at: number;
  edits: number;
  editors: { userId: string; edits: number }[];
}

const minuteMs = 60 * 1000;

/** The document at one moment, as a Y.Doc (garbage collected), with the last row it holds. */
export interface Moment {
  doc: Y.Doc;
  lastUpdateId: number;
  /** When that row was made; null for the empty document. */
  at: number | null;
}

/** A side of a comparison: a version, the empty document, or the latest stored state. */
export interface ComparedSide {
  point: string;
  version: VersionRecord | null;
  lastUpdateId: number;
  at: number | null;
}

/**
 * A document's versions: automatic ones at the end of each editing
 * session (session-versions.ts), named ones that editors make, and locked
 * ones an instructor schedules at a deadline. A version is a row of the
 * update log (`last_update_id`); its document is rebuilt from the history
 * (history.ts) and kept as `state` once built, which also shortens any later
 * replay that passes it.
 */
export class Versions {
  /** Moments and comparisons rebuilt lately (moment-cache.ts): asked for again, they are decoded, not replayed. */
  readonly moments = new MomentCache<Uint8Array>();
  readonly comparisons = new MomentCache<EncodedComparison>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    /** Each document's state with its deleted text, kept near the log's end. */
    readonly states: HistoryStates,
    private readonly sessions: SessionVersions,
    private readonly sync: Pick<SyncServer, 'committed' | 'applyUpdateAs'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The document's versions, oldest first; ended sessions and passed deadlines are settled first. */
  async list(docId: string, page: PageQuery): Promise<Page<VersionRecord>> {
    await this.#settle(docId);
    const query = this.#select().where('doc_versions.doc_id', '=', docId);
    const rows = await selectPage(query, page, 'doc_versions.created_at', 'doc_versions.id').execute();
    return toPage(rows.map(toRecord), page.limit, (version) => ({ at: version.created_at, id: version.id }));
  }

  /**
   * A named version of the document as stored now (after whatever its room
   * still holds is stored), or with `at` a locked deadline version of the
   * document as it is at that time (settled once the time has passed).
   */
  async create(docId: string, userId: string, body: CreateVersionBody): Promise<VersionRecord> {
    const id = newId();
    if (body.at !== undefined) {
      await this.db
        .insertInto('doc_versions')
        .values({ id, doc_id: docId, kind: 'deadline', name: body.name, created_by: userId, created_at: body.at, last_update_id: null, locked: 1, state: null, session_end: null })
        .execute();
      await this.#settle(docId);
    } else {
      await this.sync.committed(docId);
      const lastUpdateId = await this.history.latestUpdateId(docId);
      const doc = await this.history.build(docId, lastUpdateId, { gc: true });
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      // The version and its feed event commit together: the feed must never tell of a version that is not there.
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('doc_versions')
          .values({ id, doc_id: docId, kind: 'named', name: body.name, created_by: userId, created_at: this.now(), last_update_id: lastUpdateId, locked: 0, state, session_end: null })
          .execute();
        await recordEvent(trx, { type: 'version-named', docId, actorId: userId, payload: { versionId: id, name: body.name } });
      });
    }
    return this.get(docId, id);
  }

  async get(docId: string, versionId: string): Promise<VersionRecord> {
    const row = await this.#select().where('doc_versions.id', '=', versionId).where('doc_versions.doc_id', '=', docId).executeTakeFirst();
    if (!row) throw notFound('This version');
    return toRecord(row);
  }

  /** Names (or renames) a version; a locked one stays as it is (409). */
  async rename(docId: string, versionId: string, name: string): Promise<VersionRecord> {
    const version = await this.get(docId, versionId);
    if (version.locked) throw conflict('This version is locked: it cannot be renamed.');
    await this.db.updateTable('doc_versions').set({ name }).where('id', '=', versionId).execute();
    return { ...version, name };
  }

  /**
   * Deletes a version (the history itself stays whole). A locked version
   * stays (409), except a deadline not reached yet, which whoever may
   * schedule deadlines may cancel.
   */
  async remove(docId: string, versionId: string, mayScheduleDeadlines: boolean): Promise<void> {
    await this.#settle(docId);
    const version = await this.get(docId, versionId);
    const cancellable = version.kind === 'deadline' && version.last_update_id === null && mayScheduleDeadlines;
    if (version.locked && !cancellable) throw conflict('This version is locked: it cannot be deleted.');
    await this.db.deleteFrom('doc_versions').where('id', '=', versionId).execute();
  }

  /** The document as the version shows it; 409 for a deadline still ahead. */
  async open(docId: string, versionId: string): Promise<{ version: VersionRecord; moment: Moment }> {
    await this.#settle(docId);
    const version = await this.get(docId, versionId);
    if (version.last_update_id === null) throw conflict('This deadline has not been reached yet.');
    const lastUpdateId = Number(version.last_update_id);
    const stored = await this.db.selectFrom('doc_versions').select('state').where('id', '=', versionId).executeTakeFirst();
    let doc: Y.Doc;
    if (stored?.state) {
      doc = new Y.Doc();
      Y.applyUpdate(doc, stored.state);
    } else {
      doc = await this.history.build(docId, lastUpdateId, { gc: true });
      await this.db.updateTable('doc_versions').set({ state: Y.encodeStateAsUpdate(doc) }).where('id', '=', versionId).execute();
    }
    const row = await this.history.rowAtOrBefore(docId, lastUpdateId);
    return { version, moment: { doc, lastUpdateId, at: row?.createdAt ?? null } };
  }

  /** The document after the last row made at or before `time`, or after row `updateId`; the latest with neither. */
  async at(docId: string, query: DocumentAtQuery): Promise<Moment> {
    let upTo: number;
    if (query.updateId !== undefined) upTo = query.updateId;
    else if (query.time !== undefined) upTo = await this.history.lastUpdateAt(docId, query.time);
    else {
      await this.sync.committed(docId);
      upTo = await this.history.latestUpdateId(docId);
    }
    const row = upTo > 0 ? await this.history.rowAtOrBefore(docId, upTo) : null;
    const lastUpdateId = row?.id ?? 0;
    const state = await this.moments.get(`at:${docId}:${lastUpdateId}`, async () => {
      const built = await this.history.build(docId, lastUpdateId, { gc: true });
      const value = Y.encodeStateAsUpdate(built);
      built.destroy();
      return { value, bytes: value.length };
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return { doc, lastUpdateId, at: row?.createdAt ?? null };
  }

  /** Compares two moments, given as version ids, `start` or `current`; the older is always `from`. */
  async compare(docId: string, from: string, to: string): Promise<{ from: ComparedSide; to: ComparedSide; comparison: Comparison }> {
    await this.#settle(docId);
    const sides = [await this.#side(docId, from), await this.#side(docId, to)].sort((a, b) => a.lastUpdateId - b.lastUpdateId);
    const [older, newer] = sides as [ComparedSide, ComparedSide];
    const comparison = await compareMoments(this.history, this.states, docId, older.lastUpdateId, newer.lastUpdateId, this.comparisons);
    return { from: older, to: newer, comparison };
  }

  /** Restores a version as a new edit by `userId`; resolves once it is stored. */
  async restore(docId: string, versionId: string, userId: string): Promise<{ version: VersionRecord; lastUpdateId: number }> {
    await this.#settle(docId);
    const version = await this.get(docId, versionId);
    if (version.last_update_id === null) throw conflict('This deadline has not been reached yet.');
    await this.sync.committed(docId);
    const current = await this.history.latestUpdateId(docId);
    const taken = await ownedClientIds(this.db, docId);
    const update = await restoringUpdate(this.history, this.states, docId, Number(version.last_update_id), current, (clientId) => taken.has(clientId));
    if (update) await this.sync.applyUpdateAs(docId, userId, update);
    return { version, lastUpdateId: await this.history.latestUpdateId(docId) };
  }

  /**
   * The document's history by the minute, for a timeline to scrub through:
   * each step is the last row of a minute with edits, with who edited then.
   */
  async timeline(docId: string): Promise<TimelineMinute[]> {
    const rows = await this.db
      .selectFrom('doc_updates')
      .select((eb) => [
        'user_id',
        eb(eb.ref('created_at'), '/', eb.lit(minuteMs)).as('minute'),
        eb.fn.max('id').as('last_id'),
        eb.fn.max('created_at').as('last_at'),
        eb.fn.countAll<number>().as('edits'),
      ])
      .where('doc_id', '=', docId)
      .groupBy((eb) => [eb(eb.ref('created_at'), '/', eb.lit(minuteMs)), 'user_id'])
      .execute();
    const minutes = new Map<number, TimelineMinute>();
    for (const row of rows) {
      const minute = Number(row.minute);
      const step = minutes.get(minute) ?? { lastUpdateId: 0, at: 0, edits: 0, editors: [] };
      step.lastUpdateId = Math.max(step.lastUpdateId, Number(row.last_id));
      step.at = Math.max(step.at, Number(row.last_at));
      step.edits += Number(row.edits);
      step.editors.push({ userId: row.user_id, edits: Number(row.edits) });
      minutes.set(minute, step);
    }
    return [...minutes.entries()].sort(([a], [b]) => a - b).map(([, step]) => step);
  }

  /** Settles what time has decided: the last session's version once it has ended, deadlines once passed. */
  async #settle(docId: string): Promise<void> {
    const now = this.now();
    await this.sessions.closeEnded(this.db, docId, now);
    const due = await this.db
      .selectFrom('doc_versions')
      .select(['id', 'created_at'])
      .where('doc_id', '=', docId)
      .where('kind', '=', 'deadline')
      .where('last_update_id', 'is', null)
      .where('created_at', '<', now)
      .execute();
    if (due.length === 0) return;
    // Rows are stamped when the room receives them: once it has stored all
    // it holds, every row made before the deadline is in the log.
    await this.sync.committed(docId);
    for (const deadline of due) {
      const lastUpdateId = await this.history.lastUpdateAt(docId, Number(deadline.created_at));
      const doc = await this.history.build(docId, lastUpdateId, { gc: true });
      await this.db
        .updateTable('doc_versions')
        .set({ last_update_id: lastUpdateId, state: Y.encodeStateAsUpdate(doc) })
        .where('id', '=', deadline.id)
        .where('last_update_id', 'is', null)
        .execute();
      doc.destroy();
    }
  }

  async #side(docId: string, point: string): Promise<ComparedSide> {
    if (point === 'start') return { point, version: null, lastUpdateId: 0, at: null };
    if (point === 'current') {
      await this.sync.committed(docId);
      const lastUpdateId = await this.history.latestUpdateId(docId);
      const row = lastUpdateId > 0 ? await this.history.rowAtOrBefore(docId, lastUpdateId) : null;
      return { point, version: null, lastUpdateId, at: row?.createdAt ?? null };
    }
    const version = await this.get(docId, point);
    if (version.last_update_id === null) throw conflict('This deadline has not been reached yet.');
    const lastUpdateId = Number(version.last_update_id);
    const row = lastUpdateId > 0 ? await this.history.rowAtOrBefore(docId, lastUpdateId) : null;
    return { point, version, lastUpdateId, at: row?.createdAt ?? null };
  }

  #select() {
    return this.db
      .selectFrom('doc_versions')
      .leftJoin('users', 'users.id', 'doc_versions.created_by')
      .select([
        'doc_versions.id',
        'doc_versions.doc_id',
        'doc_versions.kind',
        'doc_versions.name',
        'doc_versions.created_by',
        'doc_versions.created_at',
        'doc_versions.last_update_id',
        'doc_versions.locked',
        'doc_versions.session_end',
        'users.email as creator_email',
        'users.name as creator_name',
      ]);
  }
}

function toRecord(row: Omit<DocVersionRow, 'state'> & { creator_email: string | null; creator_name: string | null }): VersionRecord {
  const { creator_email, creator_name, ...version } = row;
  return {
    ...version,
    created_at: Number(version.created_at),
    last_update_id: version.last_update_id === null ? null : Number(version.last_update_id),
    locked: Number(version.locked),
    creator: version.created_by && creator_email !== null && creator_name !== null ? { id: version.created_by, email: creator_email, name: creator_name } : null,
  };
}
