import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type MailKind } from '../../../shared/schemas/notifications';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { readNotificationSettings } from './settings-store';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * A request with exactly these headers and nothing else (no cookie, no
 * Origin, no Sec-Fetch-Site), as a mail provider's server sends the
 * one-click POST: fetch would add headers of its own.
 */
function send(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const oneClick = 'List-Unsubscribe=One-Click';

describe('one-click unsubscribe', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const linkFor = async (user: TestUser, kind: MailKind) => `/api/unsubscribe/${await server.domain.unsubscribeTokens.sign(user.user.id, kind)}`;
  const settingsOf = (user: TestUser) => readNotificationSettings(server.domain.store.db, user.user.id);
  const rowOf = (user: TestUser) => server.domain.store.db.selectFrom('notification_settings').selectAll().where('user_id', '=', user.user.id).executeTakeFirst();

  it('turns the kind off when the mail provider POSTs the link (form body, no cookie, no Origin), and it stays off', async () => {
    const member = await server.createUser('Ana');
    const answer = await send(server.url, 'POST', await linkFor(member, 'mentions'), form, oneClick);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('You will no longer get mail when someone mentions you');
    const settings = await settingsOf(member);
    expect(settings.delivery).toEqual({ ...defaultNotificationSettings.delivery, mentions: 'off' });
    expect(settings.digest).toEqual(defaultNotificationSettings.digest);
    // The member's own view of their settings says the same.
    expect((await server.api('GET', '/api/me/notification-settings', { as: member })).body.delivery.mentions).toBe('off');
    // Posting again (providers retry) answers the same and changes nothing more.
    expect((await send(server.url, 'POST', await linkFor(member, 'mentions'), form, oneClick)).status).toBe(200);
    expect(await settingsOf(member)).toEqual(settings);
  });

  it('turns the digest off with a digest link', async () => {
    const member = await server.createUser('Ben');
    expect((await send(server.url, 'POST', await linkFor(member, 'digest'), form, oneClick)).status).toBe(200);
    expect(await settingsOf(member)).toEqual({ ...defaultNotificationSettings, digest: { ...defaultNotificationSettings.digest, frequency: 'off' } });
  });

  it('answers 200 whatever the body, and from a webmail page on another site too', async () => {
    const member = await server.createUser('Cleo');
    for (const [kind, headers, body] of [
      ['replies', {}, undefined],
      ['suggestions', form, ''],
      ['decisions', { 'content-type': 'text/plain' }, 'something else'],
      ['reminders', { ...form, origin: 'https://webmail.example', 'sec-fetch-site': 'cross-site' }, oneClick],
    ] as const) {
      const answer = await send(server.url, 'POST', await linkFor(member, kind), headers, body);
      expect(answer.status, kind).toBe(200);
      expect((await settingsOf(member)).delivery[kind], kind).toBe('off');
    }
  });

  it('is the only settings change let through cross-site: the settings themselves and longer paths are still refused', async () => {
    const member = await server.createUser('Gus');
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const patch = await send(server.url, 'PATCH', '/api/me/notification-settings', { ...crossSite, cookie: member.cookie, 'content-type': 'application/json' }, '{"timeZone":"Europe/Paris"}');
    expect(patch.status).toBe(403);
    expect((await send(server.url, 'POST', `${await linkFor(member, 'replies')}/more`, { ...crossSite, ...form }, oneClick)).status).toBe(403);
    expect(await rowOf(member)).toBeUndefined();
  });

  it('refuses a forged, cut short or altered token with 400 and changes nothing', async () => {
    const [member, other] = await server.createUsers('Dana', 'Eli');
    await server.api('PATCH', '/api/me/notification-settings', { as: member, body: { timeZone: 'Europe/Paris' } });
    const before = await rowOf(member);
    const token = await server.domain.unsubscribeTokens.sign(member.user.id, 'mentions');
    const [userId, , signature] = token.split('.') as [string, string, string];
    const otherToken = await server.domain.unsubscribeTokens.sign(other.user.id, 'mentions');
    const forged = [
      token.slice(0, -1),
      token.slice(0, token.length / 2),
      `${userId}.digest.${signature}`,
      `${userId}.replies.${signature}`,
      `${other.user.id}.mentions.${signature}`,
      `${userId}.mentions.${otherToken.split('.')[2]}`,
      `${userId}.mentions.${'A'.repeat(signature.length)}`,
      `${userId}.mentions`,
      `${token}.extra`,
      `${userId}.everything.${signature}`,
      'not-a-token',
    ];
    for (const bad of forged) {
      const answer = await send(server.url, 'POST', `/api/unsubscribe/${encodeURIComponent(bad)}`, form, oneClick);
      expect(answer.status, bad).toBe(400);
      expect(answer.headers['content-type'], bad).toMatch(/^text\/html/);
      expect(answer.text, bad).toContain('Nothing was changed');
      expect((await send(server.url, 'GET', `/api/unsubscribe/${encodeURIComponent(bad)}`)).status, bad).toBe(400);
    }
    expect(await rowOf(member)).toEqual(before);
    expect(await rowOf(other)).toBeUndefined();
  });

  it('refuses the link of an account that no longer exists', async () => {
    const gone = await server.createUser('Gone');
    const link = await linkFor(gone, 'replies');
    await server.domain.store.db.deleteFrom('sessions').where('user_id', '=', gone.user.id).execute();
    await server.domain.store.db.deleteFrom('users').where('id', '=', gone.user.id).execute();
    expect((await send(server.url, 'POST', link, form, oneClick)).status).toBe(400);
    expect(await rowOf(gone)).toBeUndefined();
  });

  it('shows a page on GET that names what it turns off and changes nothing; its button turns it off', async () => {
    const member = await server.createUser('Fay');
    const link = await linkFor(member, 'digest');
    const page = await send(server.url, 'GET', link);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    expect(page.text).toContain('the “while you were away” digest by mail');
    expect(page.text).toContain('href="/settings#notifications"');
    expect(page.text).not.toContain('<script');
    // Link scanners open it, sometimes many times: nothing changes.
    await send(server.url, 'GET', link);
    expect(await rowOf(member)).toBeUndefined();

    const action = /<form method="post" action="([^"]+)">/.exec(page.text)?.[1];
    expect(action).toBe(link);
    const fields = [...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map(([, name, value]) => `${name}=${value}`);
    expect(fields).toEqual([oneClick]);
    // The browser posts the form from the page itself.
    const posted = await send(server.url, 'POST', action!, { ...form, origin: server.url, 'sec-fetch-site': 'same-origin' }, fields.join('&'));
    expect(posted.status).toBe(200);
    expect((await settingsOf(member)).digest.frequency).toBe('off');
    expect((await send(server.url, 'GET', link)).text).toContain('You no longer get the “while you were away” digest by mail');
  });
});
