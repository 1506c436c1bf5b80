import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings } from '../../../shared/schemas/notifications';
import { testClock } from '../../testing/test-clock';
import { rawHeader, startTestMailServer, type TestMailServer } from '../../testing/test-mail-server';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { commentBody, feedbackGroup, openEventStream, type FeedbackGroup } from '../threads/test-feedback';
import { rowOfSettings } from './settings-store';

/**
 * Notifications by mail: one mail per member holding everything pending,
 * NOTIFY_DELAY_SECONDS after the first, and none for what the member saw in
 * the app meanwhile or chose not to get by mail. Mail goes out through the
 * outbox to a real SMTP server.
 */
describe('notifications by mail', () => {
  let server: TestServer;
  let smtp: TestMailServer;
  const clock = testClock();
  const delayMs = 120_000;

  beforeAll(async () => {
    smtp = await startTestMailServer();
    server = await startTestServer({ NOTIFY_DELAY_SECONDS: String(delayMs / 1000), SMTP_URL: smtp.url }, { now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const db = () => server.domain.store.db;
  const post = async (as: TestUser, path: string, body: unknown) => {
    const response = await server.api('POST', path, { as, body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  /** A comment by the member, and replies to it by the peer: the member is told of each reply. */
  const threadWithReplies = async (t: FeedbackGroup, ...replies: string[]) => {
    const { thread } = await post(t.member, `/api/docs/${t.docId}/threads`, commentBody({ body: 'Is this clear?' }));
    for (const body of replies) {
      clock.advance(30_000);
      await post(t.peer, `/api/threads/${thread.id}/replies`, { body });
    }
    return thread as { id: string };
  };
  const mailsTo = (user: TestUser) => db().selectFrom('outbox_messages').selectAll().where('user_id', '=', user.user.id).execute();
  const unmailed = (user: TestUser) =>
    db().selectFrom('notifications').select('id').where('user_id', '=', user.user.id).where('mailed_at', 'is', null).execute();
  /** Past the delay, one round of the notification worker, then of the outbox's. */
  const settle = async () => {
    clock.advance(delayMs);
    await server.domain.notificationMail.run();
    await server.domain.mail.kick();
  };
  const arrivedFor = (user: TestUser) => smtp.received.filter((mail) => mail.to.includes(user.user.email));
  const choose = (user: TestUser, settings: Partial<NotificationSettings>) =>
    db()
      .insertInto('notification_settings')
      .values(rowOfSettings(user.user.id, { ...defaultNotificationSettings, ...settings }, clock.now()))
      .execute();

  it('sends a member who is away one mail holding both replies, once, after the delay', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    await threadWithReplies(t, 'First thought.', 'Second thought.');
    await server.domain.notificationMail.run();
    expect(await mailsTo(t.member)).toEqual([]);

    await settle();
    const mail = await smtp.waitFor((received) => received.to.includes(t.member.user.email));
    await settle();
    expect(arrivedFor(t.member)).toHaveLength(1);
    expect(await mailsTo(t.member)).toMatchObject([{ kind: 'notifications', unsubscribe_kind: 'replies', status: 'sent' }]);
    expect(mail.subject).toBe('2 new notifications on Commonplace');
    expect(mail.text).toContain('Pat Peer replied to your comment on Test document: “First thought.”');
    expect(mail.text).toContain('Pat Peer replied to your comment on Test document: “Second thought.”');
    const origin = server.domain.publicOrigin();
    expect(mail.html).toContain(`href="${origin}/docs/${t.docId}?thread=`);
    expect(mail.html).toContain(`${origin}/settings#notifications`);
    expect(rawHeader(mail.raw, 'List-Unsubscribe')).toContain(`${origin}/api/unsubscribe/`);
    expect(await unmailed(t.member)).toEqual([]);
  });

  it('sends no mail to a member who opened the document, or read the inbox, after the notification', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    await threadWithReplies(t, 'Seen in the document.');
    clock.advance(1000);
    expect((await server.api('POST', `/api/docs/${t.docId}/visit`, { as: t.member })).status).toBe(200);
    await threadWithReplies(t, 'Read in the inbox.');
    await server.api('POST', '/api/notifications/read', { as: t.peer, body: { all: true } });
    expect((await server.api('POST', '/api/notifications/read', { as: t.member, body: { all: true } })).body).toEqual({ unread: 0 });
    await settle();
    expect(await mailsTo(t.member)).toEqual([]);
    expect(await unmailed(t.member)).toEqual([]);
  });

  it('sends no mail to a member with the feed open', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    const stream = await openEventStream(server, '/api/feed/stream', t.member);
    try {
      await threadWithReplies(t, 'Live.');
      await settle();
    } finally {
      stream.close();
    }
    expect(await mailsTo(t.member)).toEqual([]);
  });

  it('keeps a kind set to off out of mail, but in the inbox', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    await choose(t.member, { delivery: { ...defaultNotificationSettings.delivery, replies: 'off' } });
    await threadWithReplies(t, 'Not by mail.');
    await settle();
    expect(await mailsTo(t.member)).toEqual([]);
    const inbox = await server.api('GET', '/api/notifications', { as: t.member });
    expect(inbox.body.items.map((item: { text: string }) => item.text)).toEqual(['Pat Peer replied to your comment on Test document: “Not by mail.”']);
  });

  it('holds mail during quiet hours and sends it when they end', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    await threadWithReplies(t, 'At night.');
    clock.advance(delayMs);
    const hour = new Date(clock.now()).getUTCHours();
    await choose(t.member, { quietHours: { start: hour, end: (hour + 1) % 24 } });
    await server.domain.notificationMail.run();
    expect(await mailsTo(t.member)).toEqual([]);
    expect(await unmailed(t.member)).toHaveLength(1);
    clock.advance(60 * 60_000);
    await server.domain.notificationMail.run();
    await smtp.waitFor((received) => received.to.includes(t.member.user.email));
  });

  it('escapes what members wrote in the mail’s HTML', async () => {
    const t = await feedbackGroup(server, { sentence: true });
    await threadWithReplies(t, '<img src=x onerror="alert(1)"> & <b>bold</b>');
    await settle();
    const mail = await smtp.waitFor((received) => received.to.includes(t.member.user.email));
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(mail.subject).toBe('Pat Peer replied to your comment on Test document: “<img src=x onerror="alert(1)"> & <b>bold</b>”');
  });
});
