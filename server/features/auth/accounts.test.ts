import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../http/session-cookie';
import { startTestServer, type ApiResult, type TestServer, type TestUser } from '../../testing/test-server';

/** The session cookie a response sets: its `name=value` pair and its attributes. */
function sessionCookieOf(response: ApiResult): { pair: string; token: string; attributes: string[] } {
  const header = response.headers.getSetCookie().find((line) => line.startsWith(`${sessionCookieName}=`));
  if (!header) throw new Error(`no ${sessionCookieName} cookie in the response (status ${response.status})`);
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  return { pair, token: pair.slice(sessionCookieName.length + 1), attributes };
}

/** A signed-in browser, as far as the test server's `api` is concerned. */
const as = (cookie: string): TestUser => ({ cookie, user: { id: '', email: '', name: '' } });

let counter = 0;
const newEmail = () => `learner${++counter}-${Date.now()}@example.test`;
const password = 'a long enough password';

describe('accounts', () => {
  let server: TestServer;
  /** Every response body of this suite, to show that none carries a password or its hash. */
  const seen: string[] = [];
  const api: TestServer['api'] = async (...args) => {
    const response = await server.api(...args);
    seen.push(JSON.stringify(response.body));
    return response;
  };
  const signup = (email = newEmail(), name = 'Ada Lovelace') => api('POST', '/api/auth/signup', { body: { email, password, name } });
  const login = (email: string, pass = password, cookie?: string) =>
    api('POST', '/api/auth/login', { body: { email, password: pass }, ...(cookie ? { as: as(cookie) } : {}) });
  const me = (cookie: string) => api('GET', '/api/auth/me', { as: as(cookie) });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('signup', () => {
    it('creates the account, answers 201 {user} and signs the browser in', async () => {
      const response = await signup('  Ada.Lovelace@Example.TEST ', 'Ada Lovelace');
      expect(response.status).toBe(201);
      expect(Object.keys(response.body.user).sort()).toEqual(['email', 'id', 'name']);
      // Emails are normalised, so one person has one account whatever they type.
      expect(response.body.user).toMatchObject({ email: 'ada.lovelace@example.test', name: 'Ada Lovelace' });
      const { pair } = sessionCookieOf(response);
      const whoAmI = await me(pair);
      expect(whoAmI.status).toBe(200);
      expect(whoAmI.body).toEqual({ user: response.body.user });
    });

    it('stores an argon2id hash, never the password', async () => {
      const email = newEmail();
      await signup(email);
      const row = await server.domain.store.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain(password);
    });

    it('refuses bad input with 400 and a message per field', async () => {
      const response = await api('POST', '/api/auth/signup', { body: { email: 'not an email', password: 'short', name: '  ' } });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(Object.keys(response.body.error.fields).sort()).toEqual(['email', 'name', 'password']);
      expect(response.headers.getSetCookie()).toEqual([]);

      const tooLong = await api('POST', '/api/auth/signup', { body: { email: newEmail(), password: 'x'.repeat(257), name: 'Ada' } });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.fields).toHaveProperty('password');

      const unknownField = await api('POST', '/api/auth/signup', { body: { email: newEmail(), password, name: 'Ada', admin: true } });
      expect(unknownField.status).toBe(400);

      const notJson = await api('POST', '/api/auth/signup', { body: '{"email":', headers: { 'content-type': 'application/json' } });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.code).toBe('bad_request');
    });

    it('answers 409 email_taken for an email that has an account, in any letter case', async () => {
      const email = newEmail();
      expect((await signup(email)).status).toBe(201);
      const again = await signup(email.toUpperCase(), 'Someone Else');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('email_taken');
      expect(again.headers.getSetCookie()).toEqual([]);
      const rows = await server.domain.store.db.selectFrom('users').select('id').where('email', '=', email).execute();
      expect(rows).toHaveLength(1);
    });
  });

  describe('login', () => {
    it('answers 200 {user} with a new session cookie', async () => {
      const email = newEmail();
      const { body: created } = await signup(email);
      const response = await login(` ${email.toUpperCase()} `);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ user: created.user });
      expect((await me(sessionCookieOf(response).pair)).body).toEqual({ user: created.user });
    });

    it('answers a wrong password and an unknown email alike: 401 invalid_credentials, no cookie', async () => {
      const email = newEmail();
      await signup(email);
      const wrongPassword = await login(email, 'not the password');
      const unknownEmail = await login(newEmail(), password);
      for (const response of [wrongPassword, unknownEmail]) {
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('invalid_credentials');
        expect(response.headers.getSetCookie()).toEqual([]);
      }
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('refuses a malformed login with 400', async () => {
      const response = await api('POST', '/api/auth/login', { body: { email: 'nobody' } });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.error.fields).sort()).toEqual(['email', 'password']);
    });

    it('starts a new session on every login; tokens of separate logins live side by side', async () => {
      const email = newEmail();
      const fromSignup = sessionCookieOf(await signup(email)).token;
      const laptop = sessionCookieOf(await login(email)).token;
      const phone = sessionCookieOf(await login(email)).token;
      expect(new Set([fromSignup, laptop, phone]).size).toBe(3);
      for (const token of [fromSignup, laptop, phone]) expect((await me(`${sessionCookieName}=${token}`)).status).toBe(200);
    });

    it('never signs in a session the browser brought along (session fixation)', async () => {
      // An attacker holds a valid session of their own and plants its cookie in the victim's browser.
      const attacker = sessionCookieOf(await signup(newEmail(), 'Mallory'));
      const victimEmail = newEmail();
      await signup(victimEmail, 'Victim');

      const victimLogin = await login(victimEmail, password, attacker.pair);
      expect(victimLogin.status).toBe(200);
      const issued = sessionCookieOf(victimLogin);
      expect(issued.token).not.toBe(attacker.token);
      expect(issued.token.split('.')[0]).not.toBe(attacker.token.split('.')[0]);
      // The planted session was replaced and ended: it never becomes the victim's.
      expect((await me(attacker.pair)).status).toBe(401);
      expect((await me(issued.pair)).body.user.name).toBe('Victim');

      // A token the server never issued is ignored and replaced just the same.
      const forged = `${sessionCookieName}=aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`;
      const afterForged = sessionCookieOf(await login(victimEmail, password, forged));
      expect(afterForged.pair).not.toBe(forged);
      expect((await me(forged)).status).toBe(401);
    });
  });

  describe('me and logout', () => {
    it('answers 401 without a session, or with a malformed or unknown one', async () => {
      expect((await api('GET', '/api/auth/me')).status).toBe(401);
      for (const token of ['', 'garbage', 'a.b.c', 'aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']) {
        const response = await me(`${sessionCookieName}=${token}`);
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('unauthenticated');
      }
    });

    it('logout answers 204, clears the cookie and ends the session on the server at once', async () => {
      const signedUp = await signup();
      const { pair, token } = sessionCookieOf(signedUp);
      expect((await me(pair)).status).toBe(200);

      const response = await api('POST', '/api/auth/logout', { as: as(pair) });
      expect(response.status).toBe(204);
      const cleared = sessionCookieOf(response);
      expect(cleared.token).toBe('');
      expect(cleared.attributes).toContain('Max-Age=0');

      // The old cookie, replayed, no longer works: the session row is gone.
      expect((await me(pair)).status).toBe(401);
      const rows = await server.domain.store.db.selectFrom('sessions').select('id').where('id', '=', token.split('.')[0]!).execute();
      expect(rows).toEqual([]);
    });

    it('logout without a session is harmless', async () => {
      expect((await api('POST', '/api/auth/logout')).status).toBe(204);
    });
  });

  describe('password change', () => {
    const change = (cookie: string, currentPassword: string, newPassword: string) =>
      api('POST', '/api/auth/password', { as: as(cookie), body: { currentPassword, newPassword } });

    it('ends every other session but keeps the changer signed in on a new one', async () => {
      const email = newEmail();
      const signedUp = await signup(email);
      const laptop = sessionCookieOf(signedUp).pair;
      const phone = sessionCookieOf(await login(email)).pair;
      const tablet = sessionCookieOf(await login(email)).pair;

      const response = await change(laptop, password, 'a brand new password');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ user: signedUp.body.user });
      const fresh = sessionCookieOf(response).pair;
      expect(fresh).not.toBe(laptop);

      expect((await me(fresh)).status).toBe(200);
      for (const ended of [laptop, phone, tablet]) expect((await me(ended)).status).toBe(401);
      expect((await login(email)).status).toBe(401);
      expect((await login(email, 'a brand new password')).status).toBe(200);
    });

    it('refuses a wrong current password with 400 and changes nothing', async () => {
      const email = newEmail();
      const cookie = sessionCookieOf(await signup(email)).pair;
      const response = await change(cookie, 'not my password', 'a brand new password');
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toHaveProperty('currentPassword');
      expect(response.headers.getSetCookie()).toEqual([]);
      expect((await me(cookie)).status).toBe(200);
      expect((await login(email)).status).toBe(200);
    });

    it('holds the new password to the same rules as sign-up', async () => {
      const cookie = sessionCookieOf(await signup()).pair;
      const response = await change(cookie, password, 'short');
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toHaveProperty('newPassword');
    });

    it('needs a session', async () => {
      const response = await api('POST', '/api/auth/password', { body: { currentPassword: password, newPassword: 'a brand new password' } });
      expect(response.status).toBe(401);
    });
  });

  it('never answers with a password or a password hash', () => {
    expect(seen.length).toBeGreaterThan(30);
    for (const body of seen) {
      expect(body).not.toMatch(/argon2|password_hash|passwordHash/i);
      expect(body).not.toContain(password);
    }
  });

  it('keeps answers about the session out of caches', async () => {
    const response = await signup();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await me(sessionCookieOf(response).pair)).headers.get('cache-control')).toBe('no-store');
    expect((await api('GET', '/api/auth/me')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and not Secure over plain http', async () => {
    const server = await startTestServer();
    try {
      const response = await server.api('POST', '/api/auth/signup', { body: { email: newEmail(), password, name: 'Ada' } });
      const { token, attributes } = sessionCookieOf(response);
      expect(token).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
      expect(attributes).not.toContain('Secure');
      const maxAge = attributes.find((attribute) => attribute.startsWith('Max-Age='));
      expect(maxAge).toBe(`Max-Age=${60 * 24 * 60 * 60}`);
    } finally {
      await server.close();
    }
  });

  it('is also Secure when APP_ORIGIN is https', async () => {
    const server = await startTestServer({ APP_ORIGIN: 'https://example.test' });
    try {
      const response = await server.api('POST', '/api/auth/signup', {
        body: { email: newEmail(), password, name: 'Ada' },
        headers: { origin: 'https://example.test' },
      });
      expect(response.status).toBe(201);
      expect(sessionCookieOf(response).attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', 'Secure']));
      const logout = await server.api('POST', '/api/auth/logout', { as: as(sessionCookieOf(response).pair) });
      expect(sessionCookieOf(logout).attributes).toContain('Secure');
    } finally {
      await server.close();
    }
  });
});
