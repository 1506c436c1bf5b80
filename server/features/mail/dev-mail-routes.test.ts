import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { queueTestMail, waitForOutboxRow } from './test-outbox';

describe('without SMTP_URL', () => {
  let server: TestServer;
  let withSmtp: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    withSmtp = await startTestServer({ SMTP_URL: 'smtp://127.0.0.1:9' });
  });
  afterAll(async () => {
    await server?.close();
    await withSmtp?.close();
  });

  it('writes mail to the log and lists the last ones, newest first and escaped, at /dev/mail', async () => {
    const { user } = await server.createUser('Ada');
    const db = server.domain.store.db;
    const first = await queueTestMail(db, { to: user.email, userId: user.id, subject: 'First <script>alert(1)</script>', text: 'Reset: https://x.test/reset/<abc>' });
    await server.domain.mail.kick();
    const second = await queueTestMail(db, { to: user.email, userId: user.id, subject: 'Second' });
    await server.domain.mail.kick();
    await waitForOutboxRow(db, first.key, (row) => row.status === 'sent');
    await waitForOutboxRow(db, second.key, (row) => row.status === 'sent');

    const page = await server.api('GET', '/dev/mail');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = page.body as string;
    expect(html).toContain('First &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('https://x.test/reset/&lt;abc&gt;');
    expect(html.indexOf('Second')).toBeLessThan(html.indexOf('First'));
  });

  it('has no /dev/mail when mail goes through SMTP', async () => {
    expect((await withSmtp.api('GET', '/dev/mail')).status).toBe(404);
  });
});
