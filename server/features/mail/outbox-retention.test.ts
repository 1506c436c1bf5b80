import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { outboxRetention, outboxRetentionJob } from './outbox-retention';
import { queueTestMail } from './test-outbox';

/** Finished outbox rows and old run records are deleted after their time; nothing waiting to go ever is. */
describe('outbox retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('deletes mail sent or given up on long ago and old run records, and keeps the rest', async () => {
    const { db } = server.domain.store;
    const now = Date.now();
    const [user] = await server.createUsers('Ana');
    // Queued far in the future, so that the running worker leaves them alone while the test sets their state.
    const later = now + 365 * 24 * 60 * 60 * 1000;
    const mail = async (status: 'queued' | 'sent' | 'failed', age: number) => {
      const { key } = await queueTestMail(db, { to: user.user.email, userId: user.user.id, notBefore: later }, now - age);
      await db
        .updateTable('outbox_messages')
        .set({ status, sent_at: status === 'sent' ? now - age : null })
        .where('idempotency_key', '=', key)
        .execute();
      return key;
    };
    const oldSent = await mail('sent', outboxRetention.sentMs + 1);
    const recentSent = await mail('sent', outboxRetention.sentMs - 60_000);
    const oldFailed = await mail('failed', outboxRetention.failedMs + 1);
    const recentFailed = await mail('failed', outboxRetention.sentMs + 1);
    const oldQueued = await mail('queued', outboxRetention.failedMs + 1);
    await db
      .insertInto('scheduled_runs')
      .values([
        { name: 'digest', run_at: now - outboxRetention.runsMs - 1, instance: 'a', started_at: now, finished_at: now },
        { name: 'digest', run_at: now - 60_000, instance: 'a', started_at: now, finished_at: now },
      ])
      .execute();

    await outboxRetentionJob(db).run(now, now);

    const keys = (await db.selectFrom('outbox_messages').select('idempotency_key').execute()).map((row) => row.idempotency_key);
    expect(keys.sort()).toEqual([recentSent, recentFailed, oldQueued].sort());
    expect(keys).not.toContain(oldSent);
    expect(keys).not.toContain(oldFailed);
    // The server's own schedule has claimed runs of this hour too: only the old record goes.
    const runs = (await db.selectFrom('scheduled_runs').select('run_at').where('name', '=', 'digest').execute()).map((run) => Number(run.run_at));
    expect(runs).toContain(now - 60_000);
    expect(runs).not.toContain(now - outboxRetention.runsMs - 1);
  });
});
