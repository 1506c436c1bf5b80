import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { openDatabase, type Store } from '../../db/database';
import { spawnServerProcess, type ServerProcess } from '../../testing/server-process';
import { createTestDatabase, dropTestDatabase, testDatabaseUrl } from '../../testing/test-database';
import { startTestMailServer, type MailAnswer, type ReceivedMail, type TestMailServer } from '../../testing/test-mail-server';
import { queueTestMail, waitForOutboxRow } from './test-outbox';
import type { OutgoingMail } from './outbox';

/**
 * The outbox across a crash: real server processes killed with SIGKILL
 * (nothing runs on the way down) while a mail is being sent, then started
 * again. A claim lasts 2 s here (MAIL_CLAIM_SECONDS), so the new process
 * takes over the dead one's claims soon after it starts.
 */
describe('mail delivery across a crash', () => {
  let mail: TestMailServer;
  let dir: string;
  let databaseUrl: string;
  let store: Store | undefined;
  const processes: ServerProcess[] = [];

  beforeEach(async () => {
    mail = await startTestMailServer();
    dir = mkdtempSync(join(tmpdir(), 'commonplace-mail-crash-'));
    databaseUrl = testDatabaseUrl() ? await createTestDatabase() : `sqlite:${join(dir, 'test.db')}`;
  });
  afterEach(async () => {
    for (const { child } of processes.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await store?.close();
    store = undefined;
    await mail?.close();
    if (testDatabaseUrl()) await dropTestDatabase(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const started = await spawnServerProcess({
      DATABASE_URL: databaseUrl,
      SMTP_URL: mail.url,
      MAIL_FROM: 'Commonplace <mail@school.test>',
      MAIL_CLAIM_SECONDS: '2',
    });
    processes.push(started);
    // The process has made the tables; the test queues mail as the app would, from outside.
    store ??= await openDatabase(parseConfig({ DATABASE_URL: databaseUrl }).database);
    return started;
  };
  const db = () => store!.db;
  const killed = (server: ServerProcess) =>
    new Promise<void>((resolve) => {
      server.child.once('exit', () => resolve());
      server.child.kill('SIGKILL');
    });
  const queueFive = async () => {
    const mails: OutgoingMail[] = [];
    for (let i = 0; i < 5; i += 1) mails.push(await queueTestMail(db(), { to: `learner${i}@example.test`, userId: null }));
    return mails;
  };
  // Accept what comes on connections opened from now on, and leave the dead process's unanswered.
  const answerOnlyAfterTheKill = () => {
    const dead = mail.connections;
    return (received: ReceivedMail): MailAnswer => (received.connection > dead ? 'accept' : 'hang');
  };
  const copies = (outgoing: OutgoingMail) => mail.received.filter((m) => m.subject === outgoing.subject);
  const allSent = (mails: OutgoingMail[]) => Promise.all(mails.map((m) => waitForOutboxRow(db(), m.key, (row) => row.status === 'sent', 30_000)));

  it('sends every mail exactly once when the server is killed after queuing and before the SMTP server took any', async () => {
    const first = await start();
    // The first mail to reach the SMTP server kills the process sending it; the server never answers it.
    let killing: Promise<void> | undefined;
    mail.answer = (): MailAnswer => {
      killing ??= killed(first);
      return 'hang';
    };
    const mails = await queueFive();
    await mail.waitForOffered(() => true);
    await killing;
    const claimed = await db().selectFrom('outbox_messages').selectAll().where('status', '=', 'sending').execute();
    expect(claimed.length).toBeGreaterThan(0);
    expect(mail.received).toEqual([]);

    // Data the dead process wrote may still be read now; only the new process's mail is taken.
    mail.answer = answerOnlyAfterTheKill();
    await start();
    await Promise.all(mails.map((m) => mail.waitFor((r) => r.subject === m.subject)));
    const rows = await allSent(mails);
    for (const outgoing of mails) expect(copies(outgoing)).toHaveLength(1);
    // The dead process's claims were taken over: those mails took a second attempt.
    expect(rows.filter((row) => row.attempts === 2).length).toBe(claimed.length);
  }, 90_000);

  it('may send a mail the SMTP server accepted just before the kill again, with the same Message-ID, and every other once', async () => {
    const first = await start();
    // The SMTP server takes the first mail, and the process dies before it hears so (it never records it sent).
    let target: string | undefined;
    mail.answer = async (received: ReceivedMail): Promise<MailAnswer> => {
      if (target === undefined) {
        target = received.subject;
        await killed(first);
        return 'accept';
      }
      return target === received.subject ? 'accept' : 'hang';
    };
    const mails = await queueFive();
    const accepted = await mail.waitFor(() => true);
    expect((await waitForOutboxRow(db(), mails.find((m) => m.subject === accepted.subject)!.key, () => true)).status).toBe('sending');

    mail.answer = answerOnlyAfterTheKill();
    await start();
    const again = await mail.waitFor((r) => r.subject === accepted.subject && r !== accepted);
    expect(again.messageId).toBe(accepted.messageId);
    await allSent(mails);
    for (const outgoing of mails) expect(copies(outgoing)).toHaveLength(outgoing.subject === accepted.subject ? 2 : 1);
  }, 90_000);
});
