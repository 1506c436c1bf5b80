import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { rawHeader, startTestMailServer, type TestMailServer } from '../../testing/test-mail-server';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { oneLine } from './outbox';
import { queueTestMail, waitForOutboxRow } from './test-outbox';

describe('mail delivery', () => {
  let mail: TestMailServer;
  let server: TestServer;
  beforeAll(async () => {
    mail = await startTestMailServer();
    server = await startTestServer({ SMTP_URL: mail.url, MAIL_FROM: 'Commonplace <mail@school.test>' }, { mail: { pollMs: 200 } });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  const db = () => server.domain.store.db;
  const userMail = async () => {
    const { user } = await server.createUser('Ada');
    return { user, to: user.email, userId: user.id };
  };

  it('sends a queued mail once, with HTML and text, a Message-ID made from its row, and a one-click unsubscribe', async () => {
    const { user, ...address } = await userMail();
    const outgoing = await queueTestMail(db(), { ...address, unsubscribeKind: 'replies', html: '<p>Two <b>replies</b></p>', text: 'Two replies' });
    void server.domain.mail.kick();
    const received = await mail.waitFor((m) => m.subject === outgoing.subject);
    const sent = await waitForOutboxRow(db(), outgoing.key, (row) => row.status === 'sent');

    expect(received.to).toEqual([user.email]);
    expect(received.from).toBe('mail@school.test');
    expect(received.html).toContain('<b>replies</b>');
    expect(received.text.trim()).toBe('Two replies');
    expect(received.messageId).toBe(`<${sent.id}@school.test>`);
    const unsubscribe = rawHeader(received.raw, 'List-Unsubscribe');
    expect(unsubscribe).toMatch(new RegExp(`^<${server.url}/api/unsubscribe/[^>]+>$`));
    const token = decodeURIComponent(/\/api\/unsubscribe\/([^>]+)>/.exec(unsubscribe)![1]!);
    expect(await server.domain.unsubscribeTokens.verify(token)).toEqual({ userId: user.id, kind: 'replies' });
    expect(rawHeader(received.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    expect(sent).toMatchObject({ status: 'sent', attempts: 1, claimed_by: server.domain.mail.instance, claimed_until: null, last_error: null });
    expect(sent.sent_at).toBeGreaterThan(0);
    await server.domain.mail.kick();
    expect(mail.received.filter((m) => m.subject === outgoing.subject)).toHaveLength(1);
  });

  it('sends a mail that cannot be turned off (a password reset) without unsubscribe headers', async () => {
    const outgoing = await queueTestMail(db(), { ...(await userMail()), kind: 'password-reset', unsubscribeKind: null });
    void server.domain.mail.kick();
    const received = await mail.waitFor((m) => m.subject === outgoing.subject);
    expect(rawHeader(received.raw, 'List-Unsubscribe')).toBe('');
    expect(rawHeader(received.raw, 'List-Unsubscribe-Post')).toBe('');
  });

  it('finds queued mail without being kicked', async () => {
    const outgoing = await queueTestMail(db(), await userMail());
    await mail.waitFor((m) => m.subject === outgoing.subject);
  });

  it('does not send a mail before its time', async () => {
    const later = await queueTestMail(db(), { ...(await userMail()), notBefore: Date.now() + 60 * 60 * 1000 });
    const now = await queueTestMail(db(), await userMail());
    void server.domain.mail.kick();
    await waitForOutboxRow(db(), now.key, (row) => row.status === 'sent');
    await server.domain.mail.kick();
    await waitForOutboxRow(db(), later.key, (row) => row.status === 'queued' && row.attempts === 0);
  });

  it('cannot be made to add a header by a subject or a name', async () => {
    const { user, ...address } = await userMail();
    // Through enqueueMail, which folds the subject to one line.
    const folded = await queueTestMail(db(), { ...address, subject: `Hi\r\nBcc: x@evil.test\r\n\r\nbody ${newId()}` });
    // Straight into the row, past that folding: nodemailer must encode what is left.
    const rawSubject = `Raw\r\nBcc: x@evil.test ${newId()}`;
    await db()
      .insertInto('outbox_messages')
      .values({
        id: newId(),
        idempotency_key: `test:${newId()}`,
        user_id: user.id,
        to_address: `"Ada\r\nBcc: x@evil.test" <${user.email}>`,
        kind: 'notifications',
        unsubscribe_kind: null,
        subject: rawSubject,
        html: '<p>Hi</p>',
        text: 'Hi',
        status: 'queued',
        next_attempt_at: Date.now(),
        created_at: Date.now(),
      })
      .execute();
    void server.domain.mail.kick();
    const first = await mail.waitFor((m) => m.subject === oneLine(folded.subject));
    const second = await mail.waitFor((m) => m.subject.startsWith('Raw') && m.subject.endsWith(rawSubject.slice(-16)));
    for (const received of [first, second]) {
      expect(received.headers.has('bcc')).toBe(false);
      expect(received.to).toEqual([user.email]);
      expect(received.raw.toString('latin1')).not.toMatch(/^bcc:/im);
    }
  });
});
