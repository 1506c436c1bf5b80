import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type CompiledQuery, type Insertable, Kysely, SqliteDialect } from 'kysely';
import { parseConfig } from '../server/config';
import { newId } from '../server/db/ids';
import type { Database, EventsTable } from '../server/db/schema';
import { EditsSinceVisit } from '../server/features/activity/edits-since-visit';
import { OngoingEdits } from '../server/features/activity/ongoing-edits';
import { Feed } from '../server/features/activity/service';
import { DocHistory } from '../server/features/versions/history';
import { sessionCookieName } from '../server/http/session-cookie';
import { createLogger } from '../server/logger';
import { startServer } from '../server/server';
import type { EventType } from '../shared/schemas/activity';

/**
 * The feed at scale: a group of 200 members with 100,000 events
 * over the last 60 days, seeded with batch inserts into a temporary SQLite
 * database, and GET /api/feed timed over real HTTP for a member in three
 * situations: never marked anything seen (every event unseen), half way,
 * and caught up but for the last twenty. The goal: p95 under 50 ms.
 */

const members = 200;
const events = 100_000;
const days = 60;
const requests = 200;
const batch = 500;

/** What a benchmark prints: timings, and notes below the table. */
export interface BenchResult {
  rows: BenchRow[];
  notes: string[];
}

export interface BenchRow {
  bench: string;
  scenario: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
}

export async function benchFeed(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'commonplace-bench-'));
  const path = join(dir, 'bench.db');
  const config = parseConfig({ DATABASE_URL: `sqlite:${path}`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    const seeded = await seedFeed(server.domain.store.db);
    const { token } = await server.domain.sessions.create(seeded.readerId);
    const cookie = `${sessionCookieName}=${token}`;
    const { db } = server.domain.store;

    const rows: BenchRow[] = [];
    const measure = async (scenario: string, lastSeen: number | null) => {
      await db.deleteFrom('feed_reads').where('user_id', '=', seeded.readerId).execute();
      if (lastSeen !== null) {
        await db
          .insertInto('feed_reads')
          .values({ user_id: seeded.readerId, group_id: seeded.groupId, last_seen_event_id: lastSeen, updated_at: Date.now() })
          .execute();
      }
      const timings: number[] = [];
      for (let i = 0; i < requests + 10; i++) {
        const started = performance.now();
        const response = await fetch(`${server.url}/api/feed`, { headers: { cookie } });
        if (!response.ok) throw new Error(`GET /api/feed answered ${response.status}`);
        await response.json();
        // The first requests warm caches up; they are not counted.
        if (i >= 10) timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      const at = (q: number) => round(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!);
      rows.push({ bench: 'GET /api/feed', scenario, requests, p50: at(0.5), p95: at(0.95), max: round(timings.at(-1)!) });
    };
    await measure(`${events.toLocaleString('en-US')} unseen`, null);
    await measure(`${(events / 2).toLocaleString('en-US')} unseen`, seeded.firstEventId + events / 2);
    await measure('20 unseen', seeded.firstEventId + events - 21);
    await db.deleteFrom('feed_reads').where('user_id', '=', seeded.readerId).execute();
    return { rows, notes: await queryPlans(path, seeded.readerId) };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The plan SQLite chooses for every query of one feed (everything unseen),
 * read with EXPLAIN QUERY PLAN: a full scan of a table (`SCAN <table>`)
 * would make the feed slow down as the log grows.
 */
async function queryPlans(path: string, readerId: string): Promise<string[]> {
  const sqlite = new SQLite(path, { readonly: true });
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void queries.push(event.query) });
  try {
    const history = new DocHistory(db);
    const ongoing = new OngoingEdits(db, history, { ingest: async () => {} }, { gapMs: 10 * 60 * 1000, logger: createLogger('silent') });
    await new Feed(db, new EditsSinceVisit(db, history), ongoing).read(readerId, 50);
    const tables = new Set(['users', 'memberships', 'groups', 'projects', 'documents', 'threads', 'thread_replies', 'annotation_tags', 'events', 'event_recipients', 'feed_reads', 'edit_sessions']);
    const scans: string[] = [];
    for (const query of queries) {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
      for (const { detail } of plan) {
        const table = /^SCAN (\w+)/.exec(detail)?.[1];
        if (table && tables.has(table)) scans.push(`${detail}: ${query.sql.slice(0, 120)}`);
      }
    }
    return [`GET /api/feed runs ${queries.length} queries; full table scans: ${scans.length === 0 ? 'none' : scans.join('; ')}`];
  } finally {
    await db.destroy();
  }
}

type Db = Awaited<ReturnType<typeof startServer>>['domain']['store']['db'];

/** What seedFeed made: the group, its members by role, its documents, and the reader whose feed is timed. */
export interface SeededFeed {
  groupId: string;
  readerId: string;
  firstEventId: number;
  /** Every member (index 0 the instructor; every 20th a reviewer) and their roles. */
  members: { id: string; role: 'instructor' | 'reviewer' | 'member' }[];
  docIds: string[];
}

/**
 * One group, 200 members (the reader among them), 4 projects of 5 documents,
 * 100,000 events (or `scale.events`) and a thread per five events,
 * batch-inserted (also used by the endpoints scenario of the side-by-side
 * bench).
 */
export async function seedFeed(db: Db, scale: { events: number } = { events }): Promise<SeededFeed> {
  const { events } = scale;
  // One thread per five events, as in the full-size seed.
  const threads = events / 5;
  const now = Date.now();
  const start = now - days * 24 * 60 * 60 * 1000;
  const userIds = Array.from({ length: members }, () => newId());
  await insertAll(db, 'users', userIds.map((id, i) => ({ id, email: `member${i}@bench.test`, name: `Member ${i}`, password_hash: '!', created_at: start - 1000 })));
  const groupId = newId();
  await db.insertInto('groups').values({ id: groupId, name: 'Bench group', created_by: userIds[0]!, created_at: start - 1000 }).execute();
  const roleOf = (i: number) => (i === 0 ? 'instructor' : i % 20 === 0 ? 'reviewer' : 'member');
  await insertAll(db, 'memberships', userIds.map((user_id, i) => ({ group_id: groupId, user_id, role: roleOf(i), created_at: start - 1000 })));
  const projectIds = Array.from({ length: 4 }, () => newId());
  await insertAll(db, 'projects', projectIds.map((id, i) => ({ id, group_id: groupId, name: `Project ${i}`, created_by: userIds[0]!, created_at: start })));
  const docs = Array.from({ length: 20 }, (_, i) => ({ id: newId(), project_id: projectIds[i % 4]!, title: `Document ${i}`, created_by: userIds[0]!, created_at: start, updated_at: start }));
  await insertAll(db, 'documents', docs);

  const readerId = userIds[1]!;
  const author = (i: number) => userIds[(i * 7919) % members]!;
  const timeOf = (i: number) => start + Math.floor((i / events) * (now - start));
  const threadRows = Array.from({ length: threads }, (_, i) => ({
    id: newId(),
    doc_id: docs[i % docs.length]!.id,
    group_id: groupId,
    author_id: author(i),
    kind: 'comment' as const,
    visibility: i % 20 === 0 ? ('instructors' as const) : ('group' as const),
    body: `Comment number ${i} on this part of the text.`,
    tag_id: null,
    replacement: null,
    anchor_start: 'AA==',
    anchor_end: 'AA==',
    quote: 'some quoted words',
    prefix: '',
    suffix: '',
    status: i % 3 === 0 ? ('resolved' as const) : ('open' as const),
    status_by: null,
    status_at: null,
    anchored_by: null,
    anchored_at: null,
    created_at: timeOf(i * (events / threads)),
    edited_at: null,
    deleted_at: null,
  }));
  await insertAll(db, 'threads', threadRows);

  const types: EventType[] = ['edit-session', 'edit-session', 'thread-created', 'reply-created', 'edit-session', 'thread-status-changed', 'edit-session', 'reply-created'];
  const eventRows: Insertable<EventsTable>[] = [];
  for (let i = 0; i < events; i++) {
    const thread = threadRows[Math.floor(i / (events / threads))]!;
    const doc = docs[i % docs.length]!;
    const type = types[i % types.length]!;
    const onThread = type === 'thread-created' || type === 'reply-created' || type === 'thread-status-changed';
    eventRows.push({
      group_id: groupId,
      project_id: onThread ? docs.find((d) => d.id === thread.doc_id)!.project_id : doc.project_id,
      doc_id: onThread ? thread.doc_id : doc.id,
      actor_id: author(i + 1),
      type,
      thread_id: onThread ? thread.id : null,
      reply_id: null,
      subject_id: null,
      visibility: onThread ? thread.visibility : 'group',
      audience_id: onThread ? thread.author_id : null,
      payload:
        type === 'edit-session'
          ? JSON.stringify({ charsAdded: 420, charsRemoved: 35, wordsAdded: 70, wordsRemoved: 6, sections: [{ heading: 'Methods', chars: 300 }, { heading: 'Results', chars: 155 }], fromUpdateId: i, toUpdateId: i, startedAt: timeOf(i) - 600_000, endedAt: timeOf(i) })
          : type === 'thread-status-changed'
            ? JSON.stringify({ status: 'resolved' })
            : '{}',
      created_at: timeOf(i),
    });
  }
  await insertAll(db, 'events', eventRows);
  const first = await db.selectFrom('events').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const firstEventId = Number(first.id);
  // One event in a hundred needs the reader (a mention).
  const recipients = Array.from({ length: events / 100 }, (_, i) => ({ user_id: readerId, event_id: firstEventId + i * 100 + 2, reason: 'mention' as const }));
  await insertAll(db, 'event_recipients', recipients);
  // The week's editing sessions, for team health.
  await insertAll(
    db,
    'edit_sessions',
    eventRows
      .map((event, i) => ({ event, id: firstEventId + i }))
      .filter(({ event }) => event.type === 'edit-session' && event.created_at > now - 7 * 24 * 60 * 60 * 1000)
      .map(({ event, id }) => ({ id: newId(), doc_id: event.doc_id!, group_id: groupId, user_id: event.actor_id, first_update_id: 0, last_update_id: 0, started_at: event.created_at, last_edit_at: event.created_at, chars_added: 420, chars_removed: 35, event_id: id })),
  );
  return {
    groupId,
    readerId,
    firstEventId,
    members: userIds.map((id, i) => ({ id, role: roleOf(i) })),
    docIds: docs.map((doc) => doc.id),
  };
}

async function insertAll<T extends 'users' | 'memberships' | 'projects' | 'documents' | 'threads' | 'events' | 'event_recipients' | 'edit_sessions'>(
  db: Db,
  table: T,
  rows: readonly Insertable<import('../server/db/schema').Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    // Kysely's insert types are per table; the rows were built for this one.
    await db.insertInto(table).values(rows.slice(i, i + batch) as never).execute();
  }
}
