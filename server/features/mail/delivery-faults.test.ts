import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLog } from '../../testing/captured-log';
import { freePort } from '../../testing/server-process';
import { testClock, type TestClock } from '../../testing/test-clock';
import { startTestMailServer, type MailAnswer, type ReceivedMail, type TestMailServer } from '../../testing/test-mail-server';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { MailDelivery } from './delivery';
import { SmtpTransport } from './smtp-transport';
import { queueTestMail, waitForOutboxRow } from './test-outbox';

const minute = 60 * 1000;
const hour = 60 * minute;

/** Answers `first` to the first offer of the mail with this subject, accepts the rest. */
function onceThenAccept(subject: string, first: MailAnswer): (mail: ReceivedMail) => MailAnswer {
  let answered = false;
  return (mail) => {
    if (mail.subject !== subject || answered) return 'accept';
    answered = true;
    return first;
  };
}

describe('mail delivery when the SMTP server fails', () => {
  let mail: TestMailServer;
  let server: TestServer;
  let clock: TestClock;
  beforeAll(async () => {
    mail = await startTestMailServer();
    clock = testClock();
    // A second's SMTP timeouts, so that a server that never answers is a failure the test sees soon.
    server = await startTestServer({ SMTP_URL: mail.url }, { now: clock.now, mail: { pollMs: 200, timeoutMs: 1000 } });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  const db = () => server.domain.store.db;
  const queue = async () => {
    const { user } = await server.createUser('Ada');
    return queueTestMail(db(), { to: user.email, userId: user.id }, clock.now());
  };
  const copies = (list: ReceivedMail[], subject: string) => list.filter((m) => m.subject === subject).length;
  /** The rest of the app answers while mail is stuck. */
  const appAnswers = async () => {
    expect((await server.api('GET', '/api/health')).status).toBe(200);
    const { user, cookie } = await server.createUser('Bea');
    expect((await server.api('GET', '/api/auth/me', { as: { user, cookie } })).status).toBe(200);
  };

  /** The mail comes back to the queue after its first try, waits 30 s, then goes once. */
  const retriedOnce = async (outgoing: { key: string; subject: string }, error: RegExp) => {
    const retry = await waitForOutboxRow(db(), outgoing.key, (row) => row.status === 'queued' && row.attempts === 1);
    expect(retry.last_error).toMatch(error);
    expect(retry.next_attempt_at - clock.now()).toBeGreaterThan(25 * 1000);
    expect(retry.next_attempt_at - clock.now()).toBeLessThanOrEqual(30 * 1000);
    await server.domain.mail.kick();
    expect(copies(mail.offered, outgoing.subject)).toBe(1);

    clock.advance(30 * 1000);
    void server.domain.mail.kick();
    await mail.waitFor((m) => m.subject === outgoing.subject);
    const sent = await waitForOutboxRow(db(), outgoing.key, (row) => row.status === 'sent');
    expect(sent.attempts).toBe(2);
    await server.domain.mail.kick();
    expect(copies(mail.received, outgoing.subject)).toBe(1);
  };

  it('retries a mail refused with 451 and delivers it once', async () => {
    const outgoing = await queue();
    mail.answer = onceThenAccept(outgoing.subject, { refuse: 451, message: 'greylisted, try later' });
    void server.domain.mail.kick();
    await mail.waitForOffered((m) => m.subject === outgoing.subject);
    await appAnswers();
    await retriedOnce(outgoing, /451/);
  });

  it('retries a mail the server never answers (a timeout) and delivers it once', async () => {
    const outgoing = await queue();
    mail.answer = onceThenAccept(outgoing.subject, 'hang');
    void server.domain.mail.kick();
    await mail.waitForOffered((m) => m.subject === outgoing.subject);
    // While the send hangs, everything else answers.
    await appAnswers();
    await retriedOnce(outgoing, /timeout|timed out|ETIMEDOUT/i);
  });

  it('retries a mail whose connection dropped mid-message and delivers it once', async () => {
    const outgoing = await queue();
    mail.answer = onceThenAccept(outgoing.subject, 'drop');
    void server.domain.mail.kick();
    await mail.waitForOffered((m) => m.subject === outgoing.subject);
    await appAnswers();
    await retriedOnce(outgoing, /ECONNECTION|ESOCKET|closed|reset/i);
  });

  it('gives up at once on a mail refused with 550, and never tries it again', async () => {
    const outgoing = await queue();
    mail.answer = (m) => (m.subject === outgoing.subject ? { refuse: 550, message: 'no such mailbox' } : 'accept');
    void server.domain.mail.kick();
    const failed = await waitForOutboxRow(db(), outgoing.key, (row) => row.status === 'failed');
    expect(failed.last_error).toMatch(/^refused: .*550.*no such mailbox/);
    expect(failed.attempts).toBe(1);
    await appAnswers();

    clock.advance(2 * hour);
    await server.domain.mail.kick();
    expect(copies(mail.offered, outgoing.subject)).toBe(1);
    expect((await waitForOutboxRow(db(), outgoing.key, () => true)).status).toBe('failed');
  });
});

describe('mail delivery giving up', () => {
  let mail: TestMailServer;
  let server: TestServer;
  let clock: TestClock;
  const { logger, lines: logs } = capturedLog<{ level: number; msg: string; reason?: string; mailId?: string }>();
  beforeAll(async () => {
    mail = await startTestMailServer();
    clock = testClock();
    server = await startTestServer({ SMTP_URL: mail.url }, { now: clock.now });
    // This test's own worker, with a logger it reads; the server's stands aside.
    await server.domain.mail.stop();
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  const delivery = (smtpUrl: string) =>
    new MailDelivery({
      store: server.domain.store,
      transport: new SmtpTransport(smtpUrl, { timeoutMs: 1000 }),
      from: 'Commonplace <mail@school.test>',
      publicOrigin: () => server.url,
      unsubscribeTokens: server.domain.unsubscribeTokens,
      logger,
      now: clock.now,
    });

  it('tries again with growing waits, then gives up a day after the mail was queued, with the reason logged and kept', async () => {
    const { user } = await server.createUser('Ada');
    const outgoing = await queueTestMail(server.domain.store.db, { to: user.email, userId: user.id }, clock.now());
    const queuedAt = clock.now();
    mail.answer = (m) => (m.subject === outgoing.subject ? { refuse: 421, message: 'busy' } : 'accept');
    const worker = delivery(mail.url);

    const waits: number[] = [];
    for (;;) {
      const before = clock.now();
      await worker.kick();
      const row = await waitForOutboxRow(server.domain.store.db, outgoing.key, () => true);
      if (row.status === 'failed') {
        expect(row.last_error).toMatch(/^gave up a day after it was queued; last error: .*421.*busy/);
        break;
      }
      expect(row.status).toBe('queued');
      waits.push(row.next_attempt_at - before);
      clock.advance(row.next_attempt_at - clock.now());
    }
    // The test clock runs on with real time too, so each wait is measured from a moment a little earlier.
    const roughly = (ms: number) => Math.round(ms / 5000) * 5000;
    expect(waits.slice(0, 4).map(roughly)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(roughly(Math.max(...waits))).toBe(hour);
    expect(clock.now()).toBeGreaterThanOrEqual(queuedAt + 24 * hour);
    expect(clock.now()).toBeLessThan(queuedAt + 25 * hour);
    const given = logs.find((line) => line.msg === 'mail not sent, given up');
    expect(given?.reason).toMatch(/gave up a day .*421/);
    expect(mail.received.some((m) => m.subject === outgoing.subject)).toBe(false);
    await worker.stop();
  });

  it('counts a refused connection (nothing listening) as temporary', async () => {
    const { user } = await server.createUser('Ada');
    const outgoing = await queueTestMail(server.domain.store.db, { to: user.email, userId: user.id }, clock.now());
    const worker = delivery(`smtp://127.0.0.1:${await freePort()}`);
    await worker.kick();
    const row = await waitForOutboxRow(server.domain.store.db, outgoing.key, (r) => r.status === 'queued' && r.attempts === 1);
    expect(row.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    await worker.stop();
  });
});
