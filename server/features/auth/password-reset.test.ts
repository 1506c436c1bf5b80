import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { testClock } from '../../testing/test-clock';
import { rawHeader, startTestMailServer, type TestMailServer } from '../../testing/test-mail-server';
import { startTestServer, type ApiResult, type TestServer } from '../../testing/test-server';
import { hashToken, resetLinkLifetimeMs } from './password-reset';
import { resetMailsPerEmail } from './password-reset-routes';

const oldPassword = 'the password I forgot';
const newPassword = 'a brand new password';
const cookieOf = (response: ApiResult) => response.headers.getSetCookie()[0]!.split(';')[0]!;

describe('password reset, with a real SMTP server', () => {
  const clock = testClock();
  let mail: TestMailServer;
  let server: TestServer;

  beforeAll(async () => {
    mail = await startTestMailServer();
    server = await startTestServer({ SMTP_URL: mail.url, MAIL_FROM: 'Commonplace <mail@school.test>' }, { now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  const signup = async (name = 'Ada') => {
    const email = `${name.replace(/\W/g, '').toLowerCase() || 'someone'}-${newId()}@example.test`;
    const response = await server.api('POST', '/api/auth/signup', { body: { email, password: oldPassword, name } });
    expect(response.status).toBe(201);
    return { email, cookie: cookieOf(response) };
  };
  const login = (email: string, password: string) => server.api('POST', '/api/auth/login', { body: { email, password } });
  const me = (cookie: string) => server.api('GET', '/api/auth/me', { headers: { cookie } });
  const askReset = (email: string) => server.api('POST', '/api/auth/password-reset', { body: { email } });
  const check = (token: string) => server.api('POST', '/api/auth/password-reset/check', { body: { token } });
  const confirm = (token: string, password = newPassword, headers: Record<string, string> = {}) =>
    server.api('POST', '/api/auth/password-reset/confirm', { body: { token, password }, headers });

  /** The reset mails queued for an address, oldest first, once every answered request has been written. */
  const resetMails = async (email: string) => {
    await server.domain.passwordResets.settled();
    return server.domain.store.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('to_address', '=', email)
      .where('kind', '=', 'password-reset')
      .orderBy('created_at')
      .execute();
  };
  /** The mail of an outbox row, as the SMTP server received it (its Message-ID is made from the row). */
  const arrived = (row: { id: string }) => mail.waitFor((received) => received.messageId.startsWith(`<${row.id}@`));
  const tokenIn = (text: string) => {
    const link = new RegExp(`${server.url}/reset-password/([a-z2-7]+)`).exec(text);
    expect(link, text).not.toBeNull();
    return link![1]!;
  };
  /** Asks for a reset link by the API and reads it from the mail. */
  const resetLinkFor = async (email: string) => {
    const before = (await resetMails(email)).length;
    expect((await askReset(email)).status).toBe(202);
    const mails = await resetMails(email);
    expect(mails).toHaveLength(before + 1);
    return tokenIn((await arrived(mails.at(-1)!)).text);
  };
  const expectRefused = (response: ApiResult, message: RegExp) => {
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('reset_link_invalid');
    expect(response.body.error.message).toMatch(message);
  };
  const passwordHashOf = async (email: string) =>
    (await server.domain.store.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;

  it('mails a one-time link that sets the password, ends every other session and signs the confirmer in', async () => {
    const ada = await signup();
    const otherDevice = cookieOf(await login(ada.email, oldPassword));

    const asked = await askReset(ada.email.toUpperCase());
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ validForMinutes: 60 });
    const [queued] = await resetMails(ada.email);
    expect(queued).toMatchObject({ kind: 'password-reset', unsubscribe_kind: null });
    const received = await arrived(queued!);
    expect(received.to).toEqual([ada.email]);
    expect(received.subject).toBe('Reset your Commonplace password');
    const token = tokenIn(received.text);
    // 32 random bytes in the link; only their hash is kept, and it names the mail.
    expect(token).toHaveLength(52);
    expect(queued!.idempotency_key).toBe(`password-reset:${hashToken(token)}`);
    const stored = await server.domain.store.db.selectFrom('password_resets').selectAll().execute();
    expect(stored.map((row) => row.token_hash)).toContain(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(received.text).toContain("You get this because someone asked to reset the password of your Commonplace account. If it wasn't you, ignore this mail.");
    expect(received.html).toContain(`href="${server.url}/reset-password/${token}"`);
    // Nobody can unsubscribe from the mail that gets them back in.
    expect(rawHeader(received.raw, 'List-Unsubscribe')).toBe('');

    const confirmed = await confirm(token);
    expect(confirmed.status).toBe(204);
    const signedIn = cookieOf(confirmed);
    expect((await me(signedIn)).body.user.email).toBe(ada.email);
    expect((await me(ada.cookie)).status).toBe(401);
    expect((await me(otherDevice)).status).toBe(401);
    expect((await login(ada.email, oldPassword)).status).toBe(401);
    expect((await login(ada.email, newPassword)).status).toBe(200);

    // Used once: the second time changes nothing.
    const hash = await passwordHashOf(ada.email);
    expectRefused(await confirm(token, 'yet another password'), /used already/);
    expect(await passwordHashOf(ada.email)).toBe(hash);
    expect((await me(signedIn)).status).toBe(200);
  });

  it('tells the page whose a live link is, and leaves it live; refuses one used, expired or guessed as confirm does', async () => {
    const ada = await signup();
    const token = await resetLinkFor(ada.email);
    for (let look = 0; look < 2; look++) {
      const checked = await check(token);
      expect(checked.status).toBe(200);
      expect(checked.body).toEqual({ email: ada.email });
    }
    expect((await confirm(token)).status).toBe(204);
    expectRefused(await check(token), /used already/);

    const expiring = await resetLinkFor(ada.email);
    clock.advance(resetLinkLifetimeMs);
    expectRefused(await check(expiring), /expired/);
    expectRefused(await check(newId(32)), /not valid/);
    const missing = await server.api('POST', '/api/auth/password-reset/check', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
  });

  it('answers an email without an account exactly as one with, and mails nobody', async () => {
    const ada = await signup();
    const nobody = `nobody-${newId()}@example.test`;
    const known = await askReset(ada.email);
    const unknown = await askReset(nobody);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(await resetMails(nobody)).toHaveLength(0);
    const [queued] = await resetMails(ada.email);
    // Ada's mail arrives; nothing was queued for the other address, so nothing goes there.
    await arrived(queued!);
    expect(mail.received.filter((received) => received.to.includes(nobody))).toEqual([]);
  });

  it('refuses a link after an hour, and keeps the password', async () => {
    const ada = await signup();
    const token = await resetLinkFor(ada.email);
    const hash = await passwordHashOf(ada.email);
    clock.advance(resetLinkLifetimeMs);
    expectRefused(await confirm(token), /expired/);
    expect(await passwordHashOf(ada.email)).toBe(hash);
    expect((await me(ada.cookie)).status).toBe(200);
  });

  it('refuses guessed tokens, of any shape', async () => {
    const ada = await signup();
    await resetLinkFor(ada.email);
    for (const guess of [newId(32), 'x', 'a'.repeat(200), '../../etc/passwd']) expectRefused(await confirm(guess), /not valid/);
    expect((await login(ada.email, oldPassword)).status).toBe(200);
  });

  it('refuses the link of an account deleted since', async () => {
    const ada = await signup();
    const token = await resetLinkFor(ada.email);
    await server.domain.store.db.deleteFrom('users').where('email', '=', ada.email).execute();
    expectRefused(await confirm(token), /not valid/);
    expect(await server.domain.store.db.selectFrom('users').select('id').where('email', '=', ada.email).execute()).toEqual([]);
  });

  it('lets exactly one of two confirmations at the same moment through', async () => {
    const ada = await signup();
    const token = await resetLinkFor(ada.email);
    const answers = await Promise.all([confirm(token, 'the first new password'), confirm(token, 'the second new password')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 400]);
    const winner = answers[0]!.status === 204 ? 'the first new password' : 'the second new password';
    const loser = winner === 'the first new password' ? 'the second new password' : 'the first new password';
    expect((await login(ada.email, winner)).status).toBe(200);
    expect((await login(ada.email, loser)).status).toBe(401);
  });

  it('keeps an earlier link valid when another is asked for, and ends both once one is used', async () => {
    const ada = await signup();
    const first = await resetLinkFor(ada.email);
    const second = await resetLinkFor(ada.email);
    expect(second).not.toBe(first);
    expect((await confirm(first)).status).toBe(204);
    expectRefused(await confirm(second, 'somebody else’s idea'), /used already/);
    expect((await login(ada.email, newPassword)).status).toBe(200);
  });

  it('gives a password to an account made through school sign-in, which had none', async () => {
    const id = newId();
    const email = `school-${id}@example.test`;
    await server.domain.store.db.insertInto('users').values({ id, email, name: 'Sam', password_hash: '', created_at: Date.now() }).execute();
    expect((await login(email, newPassword)).status).toBe(401);
    expect((await confirm(await resetLinkFor(email))).status).toBe(204);
    expect((await login(email, newPassword)).status).toBe(200);
  });

  it('checks the new password as sign-up does', async () => {
    const ada = await signup();
    const token = await resetLinkFor(ada.email);
    const tooShort = await confirm(token, 'short');
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.code).toBe('validation_failed');
    expect((await confirm(token)).status).toBe(204);
  });

  it('ends the session of another account the browser came with', async () => {
    const ada = await signup();
    const grace = await signup('Grace');
    const confirmed = await confirm(await resetLinkFor(ada.email), newPassword, { cookie: grace.cookie });
    expect(confirmed.status).toBe(204);
    expect((await me(cookieOf(confirmed))).body.user.email).toBe(ada.email);
    expect((await me(grace.cookie)).status).toBe(401);
  });

  it('escapes a name that carries HTML or header lines', async () => {
    // Straight into storage: names from a school's sign-in or an LMS are not checked as sign-up checks them.
    const eve = { id: newId(), email: `eve-${newId()}@example.test`, name: 'Eve <img src=x onerror=alert(1)>\r\nBcc: victim@example.test' };
    await server.domain.store.db.insertInto('users').values({ ...eve, password_hash: '', created_at: Date.now() }).execute();
    await askReset(eve.email);
    const [queued] = await resetMails(eve.email);
    const received = await arrived(queued!);
    expect(received.html).not.toContain('<img');
    expect(received.html).toContain('Eve &lt;img src=x onerror=alert(1)&gt;');
    expect(received.to).toEqual([eve.email]);
    expect(rawHeader(received.raw, 'Bcc')).toBe('');
    const head = received.raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).not.toMatch(/victim/i);
    // The name is one line in the mail's text too.
    expect(received.text).toContain('Hello Eve <img src=x onerror=alert(1)> Bcc: victim@example.test, someone asked');
  });

  it(`sends one address at most ${resetMailsPerEmail.limit} mails an hour, still answering 202`, async () => {
    const ada = await signup();
    for (let i = 0; i <= resetMailsPerEmail.limit; i++) expect((await askReset(ada.email)).status).toBe(202);
    const queued = await resetMails(ada.email);
    expect(queued).toHaveLength(resetMailsPerEmail.limit);
    for (const row of queued) await arrived(row);
    expect(mail.received.filter((received) => received.to.includes(ada.email))).toHaveLength(resetMailsPerEmail.limit);
  });
});

describe('password reset limits per address', () => {
  it('answers 429 past the budget of an address, alike for emails with and without an account', async () => {
    const server = await startTestServer({ TRUST_PROXY: 'true', LOGIN_LIMIT_PER_ADDRESS: '4' });
    try {
      const from = (address: string) => ({ 'x-forwarded-for': address });
      const known = await server.createUser('Ada');
      const ask = (email: string, address: string) => server.api('POST', '/api/auth/password-reset', { body: { email }, headers: from(address) });
      expect((await ask(known.user.email, '10.0.0.1')).status).toBe(202);
      expect((await ask('nobody@example.test', '10.0.0.1')).status).toBe(202);
      const refusedConfirm = await server.api('POST', '/api/auth/password-reset/confirm', {
        body: { token: newId(32), password: newPassword },
        headers: from('10.0.0.1'),
      });
      expect(refusedConfirm.status).toBe(400);
      const refusedCheck = await server.api('POST', '/api/auth/password-reset/check', { body: { token: newId(32) }, headers: from('10.0.0.1') });
      expect(refusedCheck.status).toBe(400);
      for (const email of [known.user.email, 'nobody@example.test']) {
        const refused = await ask(email, '10.0.0.1');
        expect(refused.status).toBe(429);
        expect(refused.body.error.code).toBe('rate_limited');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect((await ask(known.user.email, '10.0.0.2')).status).toBe(202);
    } finally {
      await server.close();
    }
  });
});
