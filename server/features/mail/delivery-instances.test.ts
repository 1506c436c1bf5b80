import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { createLogger } from '../../logger';
import { startServer, type RunningServer } from '../../server';
import { createTestDatabase, dropTestDatabase, testDatabaseUrl } from '../../testing/test-database';
import { startTestMailServer, type TestMailServer } from '../../testing/test-mail-server';
import { queueTestMail, waitForOutboxRow } from './test-outbox';
import type { OutgoingMail } from './outbox';

/**
 * Two instances on one PostgreSQL database share one outbox: each claims
 * with FOR UPDATE SKIP LOCKED, so between them every mail goes, and once.
 * (SQLite has one writer and one process; there is nothing to share.)
 */
describe.skipIf(!testDatabaseUrl())('two instances sharing the outbox on PostgreSQL', () => {
  let mail: TestMailServer;
  let databaseUrl: string;
  const instances: RunningServer[] = [];
  beforeAll(async () => {
    mail = await startTestMailServer();
    databaseUrl = await createTestDatabase();
    const config = parseConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SMTP_URL: mail.url });
    // Small batches and a quick poll, so both instances take part.
    for (let i = 0; i < 2; i += 1) instances.push(await startServer(config, createLogger('silent'), { mail: { pollMs: 50, batch: 3 } }));
  });
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await mail?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('sends 60 mails, none twice and none missing', async () => {
    const db = instances[0]!.domain.store.db;
    const mails: OutgoingMail[] = [];
    for (let i = 0; i < 60; i += 1) mails.push(await queueTestMail(db, { to: `learner${i}@example.test`, userId: null }));
    for (const instance of instances) void instance.domain.mail.kick();
    await Promise.all(mails.map((m) => mail.waitFor((r) => r.subject === m.subject)));
    const rows = await Promise.all(mails.map((m) => waitForOutboxRow(db, m.key, (row) => row.status === 'sent', 30_000)));

    for (const outgoing of mails) expect(mail.received.filter((r) => r.subject === outgoing.subject)).toHaveLength(1);
    expect(mail.received).toHaveLength(60);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    // Both took part (each row names the worker that sent it).
    expect(new Set(rows.map((row) => row.claimed_by))).toEqual(new Set(instances.map((instance) => instance.domain.mail.instance)));
  });
});
