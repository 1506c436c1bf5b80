import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStreamEvent } from '../../../shared/schemas/activity';
import { waitFor } from '../../sync/test-clients';
import { testDatabaseUrl } from '../../testing/test-database';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { recordEvent } from './event-log';
import { createTeam, openFeedStream } from './test-activity';

/**
 * The live feed reads the event log by id, after the last id it read. On
 * PostgreSQL a transaction that took a smaller id may commit after one with a
 * larger id was read: the feed must still send it. (SQLite has one writer at
 * a time, so there ids always commit in order.)
 */
describe.runIf(testDatabaseUrl())('the live feed on PostgreSQL, events committed out of id order', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The feed polls only when the test says so.
    server = await startTestServer({ FEED_POLL_MS: '3600000' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends an event whose transaction commits after a later one was read', async () => {
    const { db } = server.domain.store;
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Ben', 'member'],
      ['Cas', 'member'],
    ]);
    const reader = await openFeedStream(server, t.people.Ana!);
    expect(reader.status).toBe(200);
    const change = (subject: 'Ben' | 'Cas') =>
      ({ type: 'member-role-changed', groupId: t.groupId, actorId: t.people.Ines!.user.id, subjectId: t.people[subject]!.user.id, payload: { role: 'reviewer' } }) as const;

    // T1 records an event and stays open.
    let recorded!: () => void;
    const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    const first = db.transaction().execute(async (trx) => {
      await recordEvent(trx, change('Ben'));
      recorded();
      await firstMayCommit;
    });
    await firstRecorded;

    // T2 records a later one and commits (or, in commit order, waits for T1).
    let secondSettled = false;
    const second = db
      .transaction()
      .execute((trx) => recordEvent(trx, change('Cas')))
      .finally(() => (secondSettled = true));
    await waitFor('the second transaction to commit or to wait for the first', async () => {
      if (secondSettled) return true;
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(db);
      return waiting.rows[0]!.n > 0;
    });

    // The feed reads, then T1 commits, then the feed reads again.
    await server.domain.feedStreams.poll();
    commitFirst();
    await Promise.all([first, second]);
    await server.domain.feedStreams.poll();

    const subjects = new Set<string>();
    const about = (event: FeedStreamEvent) => (event.type === 'item' ? (event.item.text.match(/Ben|Cas/)?.[0] ?? null) : null);
    for (let i = 0; i < 2; i++) {
      const event = await reader.next('a role change', (e) => about(e) !== null && !subjects.has(about(e)!), 3000);
      subjects.add(about(event)!);
    }
    expect([...subjects].sort()).toEqual(['Ben', 'Cas']);
    reader.close();
  });
});
