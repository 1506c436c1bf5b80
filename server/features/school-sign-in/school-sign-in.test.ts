import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../http/session-cookie';
import { testClock } from '../../testing/test-clock';
import { startTestOpenIdProvider, type TestOpenIdProvider } from '../../testing/test-openid-provider';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { BrowserJar } from './browser-jar';
import { flowLifetimeMs } from './flows';

/**
 * School sign-in against a real OpenID Provider (oidc-provider) in this
 * process: one provider and one app for the whole file.
 */
let provider: TestOpenIdProvider;
let server: TestServer;
let appOrigin: string;
const clock = testClock();
/** A provider configured in the app that is down until a test starts it. */
const later = { id: 'later', name: 'Later', issuer: '', clientId: 'commonplace', clientSecret: 'the later secret' };

/** A port nothing listens on: a provider that is down. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  provider = await startTestOpenIdProvider();
  later.issuer = `http://127.0.0.1:${await closedPort()}`;
  server = await startTestServer({ OIDC_PROVIDERS: JSON.stringify([provider.config, later]) }, { now: clock.now });
  appOrigin = new URL(server.url).origin;
  provider.allowAppOrigin(appOrigin);
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
});

const startUrl = (query = '', id = 'school') => `${server.url}/api/auth/oidc/${id}/start${query}`;
const isCallback = (url: URL) => url.pathname.endsWith('/callback');

/** Signs in at the provider as its current account, in `jar`; where the app sent the browser. */
function signIn(jar: BrowserJar, query = '', id = 'school'): Promise<URL> {
  return jar.follow(startUrl(query, id), appOrigin);
}

async function me(jar: BrowserJar) {
  const cookie = jar.cookie(appOrigin, sessionCookieName);
  return server.api('GET', '/api/auth/me', { headers: cookie ? { cookie: `${sessionCookieName}=${cookie}` } : {} });
}

function asJar(jar: BrowserJar) {
  return { headers: { cookie: `${sessionCookieName}=${jar.cookie(appOrigin, sessionCookieName)}` } };
}

/** Rows that a refused sign-in must leave as they were. */
async function counts() {
  const { db } = server.domain.store;
  const count = async (table: 'users' | 'identities' | 'sessions') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), identities: await count('identities'), sessions: await count('sessions') };
}

/** Asserts a refusal: the sign-in page with `code`, no session, nothing made. */
async function expectRefused(attempt: (jar: BrowserJar) => Promise<URL>, code: string) {
  const before = await counts();
  const jar = new BrowserJar();
  const landed = await attempt(jar);
  expect(landed.origin + landed.pathname).toBe(`${appOrigin}/login`);
  expect(landed.searchParams.get('signInError')).toBe(code);
  expect(jar.cookie(appOrigin, sessionCookieName)).toBeUndefined();
  expect(await counts()).toEqual(before);
}

describe('school sign-in', () => {
  it('lists the configured providers', async () => {
    const { status, body, headers } = await server.api('GET', '/api/auth/providers');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ providers: [{ id: 'school', name: 'School account' }, { id: 'later', name: 'Later' }] });
  });

  it('makes an account on the first sign-in, finds it again by issuer and subject, and starts a new session each time', async () => {
    provider.setAccount({ sub: 'new-1', email: 'New1@School.test', email_verified: true, name: 'New One' });
    const jar = new BrowserJar();
    const landed = await signIn(jar, '?returnTo=%2Fgroups%2Fabc%3Ftab%3Ddocs');
    expect(landed.href).toBe(`${appOrigin}/groups/abc?tab=docs`);
    const first = await me(jar);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ email: 'new1@school.test', name: 'New One' });
    const { db } = server.domain.store;
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', first.body.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe('');

    // Again, with a changed email at the provider: the same account, the email noted, the old session ended.
    const oldCookie = jar.cookie(appOrigin, sessionCookieName);
    provider.setAccount({ sub: 'new-1', email: 'renamed@school.test', email_verified: true, name: 'New One' });
    expect(await signIn(jar)).toEqual(new URL(`${appOrigin}/`));
    expect((await me(jar)).body.user.id).toBe(first.body.user.id);
    expect(jar.cookie(appOrigin, sessionCookieName)).not.toBe(oldCookie);
    expect((await server.api('GET', '/api/auth/me', { headers: { cookie: `${sessionCookieName}=${oldCookie}` } })).status).toBe(401);
    const identities = await server.api('GET', '/api/auth/identities', asJar(jar));
    expect(identities.body).toMatchObject({ hasPassword: false, identities: [{ kind: 'oidc', provider: 'school', providerName: 'School account', email: 'renamed@school.test' }] });
  });

  it('links to an existing password account when the provider vouches for the email', async () => {
    const signup = await server.api('POST', '/api/auth/signup', { body: { email: 'teacher@school.test', password: 'long enough password', name: 'Teacher' } });
    expect(signup.status).toBe(201);
    provider.setAccount({ sub: 'teacher-1', email: 'teacher@school.test', email_verified: true, name: 'Ms Teacher' });
    const jar = new BrowserJar();
    await signIn(jar);
    expect((await me(jar)).body.user).toEqual(signup.body.user);
    const identities = await server.api('GET', '/api/auth/identities', asJar(jar));
    expect(identities.body.hasPassword).toBe(true);
    expect(identities.body.identities).toHaveLength(1);
  });

  it('refuses an unverified email that matches an account, or no email at all, making nothing', async () => {
    await server.api('POST', '/api/auth/signup', { body: { email: 'pat@school.test', password: 'long enough password', name: 'Pat' } });
    provider.setAccount({ sub: 'pat-elsewhere', email: 'pat@school.test', email_verified: false, name: 'Not Pat' });
    await expectRefused((jar) => signIn(jar), 'email_not_verified');
    provider.setAccount({ sub: 'no-email', name: 'Nobody' });
    await expectRefused((jar) => signIn(jar), 'no_email');
  });

  it('refuses a callback with another state, one past the flow’s lifetime, a replayed one, and a refusal at the provider', async () => {
    provider.setAccount({ sub: 'state-1', email: 'state1@school.test', email_verified: true });
    await expectRefused(async (jar) => {
      const callback = await jar.follow(startUrl(), appOrigin, isCallback);
      callback.searchParams.set('state', 'not-the-state');
      return jar.follow(callback, appOrigin);
    }, 'sign_in_expired');

    // A flow left at the provider longer than its lifetime is over.
    await expectRefused(async (jar) => {
      const callback = await jar.follow(startUrl(), appOrigin, isCallback);
      clock.advance(flowLifetimeMs + 1000);
      return jar.follow(callback, appOrigin);
    }, 'sign_in_expired');

    const first = new BrowserJar();
    const callback = await first.follow(startUrl(), appOrigin, isCallback);
    await first.follow(callback, appOrigin);
    expect((await me(first)).status).toBe(200);
    await expectRefused((jar) => jar.follow(callback, appOrigin), 'sign_in_expired');

    provider.denyNext();
    await expectRefused((jar) => signIn(jar), 'sign_in_cancelled');
  });

  it('refuses an ID token for another audience, an expired one and one with another nonce', async () => {
    provider.setAccount({ sub: 'tampered-1', email: 'tampered@school.test', email_verified: true });
    const now = Math.floor(Date.now() / 1000);
    provider.tamperNextIdToken((claims) => ({ ...claims, aud: 'another-app' }));
    await expectRefused((jar) => signIn(jar), 'sign_in_rejected');
    provider.tamperNextIdToken((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }));
    await expectRefused((jar) => signIn(jar), 'sign_in_rejected');
    provider.tamperNextIdToken((claims) => ({ ...claims, nonce: 'another-nonce' }));
    await expectRefused((jar) => signIn(jar), 'sign_in_rejected');
    // The same token signed again unchanged is accepted: the refusals were the checks, not the re-signing.
    provider.tamperNextIdToken((claims) => claims);
    const jar = new BrowserJar();
    await signIn(jar);
    expect((await me(jar)).body.user.email).toBe('tampered@school.test');
  });

  it('sends a provider that is down or unknown to a clear page, and never follows returnTo off the app', async () => {
    await expectRefused((jar) => signIn(jar, '', 'later'), 'provider_unavailable');
    // The failed discovery was not kept: once the provider is up, the next sign-in uses it.
    const port = Number(new URL(later.issuer).port);
    const upAgain = await startTestOpenIdProvider({ port, providerId: 'later', clientSecret: later.clientSecret, appOrigin });
    try {
      upAgain.setAccount({ sub: 'later-1', email: 'later1@school.test', email_verified: true });
      const jar = new BrowserJar();
      await signIn(jar, '', 'later');
      expect((await me(jar)).body.user.email).toBe('later1@school.test');
    } finally {
      await upAgain.close();
    }

    await expectRefused((jar) => signIn(jar, '', 'nope'), 'unknown_provider');
    await expectRefused((jar) => signIn(jar, '?link=1'), 'not_signed_in');

    provider.setAccount({ sub: 'return-1', email: 'return1@school.test', email_verified: true });
    for (const returnTo of ['https://evil.test/x', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)']) {
      const landed = await signIn(new BrowserJar(), `?returnTo=${encodeURIComponent(returnTo)}`);
      expect(landed.href).toBe(`${appOrigin}/`);
    }
  });

  it('links a second sign-in from settings, lists and removes it, but never the last way in', async () => {
    provider.setAccount({ sub: 'owner-1', email: 'owner@school.test', email_verified: true, name: 'Owner' });
    const jar = new BrowserJar();
    await signIn(jar);
    const owner = (await me(jar)).body.user;
    const session = jar.cookie(appOrigin, sessionCookieName);

    let list = await server.api('GET', '/api/auth/identities', asJar(jar));
    expect(list.body.identities).toHaveLength(1);
    const only = list.body.identities[0].id;
    const refused = await server.api('DELETE', `/api/auth/identities/${only}`, asJar(jar));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/only way into your account/);

    // Linking keeps the session and adds the identity, whatever its email.
    provider.setAccount({ sub: 'owner-other', email: 'owner.personal@mail.test', email_verified: false });
    expect((await signIn(jar, '?link=1&returnTo=%2Fsettings')).href).toBe(`${appOrigin}/settings`);
    expect(jar.cookie(appOrigin, sessionCookieName)).toBe(session);
    list = await server.api('GET', '/api/auth/identities', asJar(jar));
    expect(list.body.identities.map((i: { email: string }) => i.email).sort()).toEqual(['owner.personal@mail.test', 'owner@school.test']);

    // An identity of another account cannot be linked.
    provider.setAccount({ sub: 'new-1', email: 'renamed@school.test', email_verified: true });
    const before = await counts();
    const taken = await signIn(jar, '?link=1');
    expect(taken.searchParams.get('signInError')).toBe('identity_taken');
    expect(await counts()).toEqual(before);

    expect((await server.api('DELETE', `/api/auth/identities/${only}`, asJar(jar))).status).toBe(204);
    list = await server.api('GET', '/api/auth/identities', asJar(jar));
    expect(list.body.identities).toHaveLength(1);
    expect((await server.api('DELETE', `/api/auth/identities/${list.body.identities[0].id}`, asJar(jar))).status).toBe(409);
    expect((await server.api('DELETE', `/api/auth/identities/${only}`, asJar(jar))).status).toBe(404);
    expect((await me(jar)).body.user.id).toBe(owner.id);
  });
});
