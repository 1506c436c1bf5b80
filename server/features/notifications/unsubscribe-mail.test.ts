import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/test-clock';
import { rawHeader, startTestMailServer, type TestMailServer } from '../../testing/test-mail-server';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { commentBody, feedbackGroup } from '../threads/test-feedback';
import { readNotificationSettings } from './settings-store';

/** POSTs `url` as a mail provider does for RFC 8058: the form body, and no cookie, Origin or Sec-Fetch-Site. */
function oneClick(url: string): Promise<number> {
  const body = 'List-Unsubscribe=One-Click';
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The unsubscribe link of a real mail, end to end: the mail that arrives
 * at an SMTP server carries it in `List-Unsubscribe`; the provider's
 * one-click POST of it turns that kind off, and no mail of it follows.
 */
describe('unsubscribing from a mail that arrived', () => {
  let mailServer: TestMailServer;
  let server: TestServer;
  const clock = testClock();
  const delayMs = 120_000;

  beforeAll(async () => {
    mailServer = await startTestMailServer();
    server = await startTestServer({ SMTP_URL: mailServer.url, NOTIFY_DELAY_SECONDS: String(delayMs / 1000) }, { now: clock.now, mail: { pollMs: 200 } });
  });
  afterAll(async () => {
    await server?.close();
    await mailServer?.close();
  });

  const reply = async (as: TestUser, threadId: string, body: string) => {
    clock.advance(30_000);
    expect((await server.api('POST', `/api/threads/${threadId}/replies`, { as, body: { body } })).status).toBe(201);
  };
  /** Past the delay: what is pending is queued, and the queue is sent. */
  const settle = async () => {
    clock.advance(delayMs);
    await server.domain.notificationMail.run();
    await server.domain.mail.kick();
  };
  const outboxOf = (user: TestUser) => server.domain.store.db.selectFrom('outbox_messages').select('id').where('user_id', '=', user.user.id).execute();

  it('turns replies off with the one-click POST of the mail’s List-Unsubscribe, and no further reply is mailed', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    const { thread } = (await server.api('POST', `/api/docs/${t.docId}/threads`, { as: t.member, body: commentBody({ body: 'Is this clear?' }) })).body;
    await reply(t.peer, thread.id, 'Not quite.');
    await settle();
    const mail = await mailServer.waitFor((m) => m.to.includes(t.member.user.email));
    expect(rawHeader(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(\S+)>$/.exec(rawHeader(mail.raw, 'List-Unsubscribe'))?.[1];
    expect(link).toMatch(/\/api\/unsubscribe\//);

    expect(await oneClick(link!)).toBe(200);
    expect((await readNotificationSettings(server.domain.store.db, t.member.user.id)).delivery.replies).toBe('off');

    await reply(t.peer, thread.id, 'Still not clear.');
    await settle();
    await settle();
    expect(await outboxOf(t.member)).toHaveLength(1);
    expect(mailServer.received.filter((m) => m.to.includes(t.member.user.email))).toHaveLength(1);
  });
});
