import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { startTestServer, type ApiResult, type TestServer } from '../../testing/test-server';

const password = 'a long enough password';
let counter = 0;
const newEmail = () => `learner${++counter}-${Date.now()}@example.test`;

/** The client address the server sees, set through X-Forwarded-For (the servers here trust it). */
const from = (address: string) => ({ 'x-forwarded-for': address });

function expectRateLimited(response: ApiResult, windowSeconds: number) {
  expect(response.status).toBe(429);
  expect(response.body.error.code).toBe('rate_limited');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

describe('failed sign-in limits', () => {
  let server: TestServer;
  const windowSeconds = 15 * 60;
  const slowdownMs = 300;

  const signup = async (email: string, address: string) => {
    const response = await server.api('POST', '/api/auth/signup', { body: { email, password, name: 'Learner' }, headers: from(address) });
    expect(response.status).toBe(201);
    return response;
  };
  const login = (email: string, pass: string, address: string) =>
    server.api('POST', '/api/auth/login', { body: { email, password: pass }, headers: from(address) });

  beforeAll(async () => {
    // The per-account limit is the default (10 per 15 minutes); the per-address one is small to keep this quick.
    server = await startTestServer({ TRUST_PROXY: 'true', LOGIN_LIMIT_PER_ADDRESS: '15', LOGIN_SLOWDOWN_MS: String(slowdownMs) });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The request's answer and how long it took. */
  const timed = async (request: Promise<ApiResult>) => {
    const started = performance.now();
    const response = await request;
    return { response, ms: performance.now() - started };
  };

  it('refuses the 11th failed login for one account from one address with 429 and Retry-After, even with the right password', async () => {
    const ada = newEmail();
    await signup(ada, '10.0.1.1');
    for (let i = 1; i <= 10; i++) expect((await login(ada, `wrong guess ${i}`, '10.0.1.1')).status).toBe(401);

    expectRateLimited(await login(ada, 'wrong guess 11', '10.0.1.1'), windowSeconds);
    // The right password from there would otherwise confirm a guess.
    expectRateLimited(await login(ada, password, '10.0.1.1'), windowSeconds);
    expectRateLimited(await login(ada.toUpperCase(), 'wrong guess 12', '10.0.1.1'), windowSeconds);
  });

  it('never locks the owner out because a stranger guessed elsewhere: past the account’s failures, sign-ins slow down instead', async () => {
    const bea = newEmail();
    await signup(bea, '10.0.7.1');
    for (let i = 1; i <= 10; i++) expect((await login(bea, `wrong guess ${i}`, '10.0.7.2')).status).toBe(401);

    // The owner, from home: signed in, after the wait every attempt on this account now takes.
    const owner = await timed(login(bea, password, '10.0.7.1'));
    expect(owner.response.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(slowdownMs);
    // A guesser moving to a new address is slowed as well, not waved through at full speed.
    const guesser = await timed(login(bea, 'wrong guess 11', '10.0.7.3'));
    expect(guesser.response.status).toBe(401);
    expect(guesser.ms).toBeGreaterThanOrEqual(slowdownMs);
  });

  it('lets another account sign in from an address until the address itself has failed too often', async () => {
    // The test above charged 10.0.1.1 with 10 failures (refused attempts are not charged).
    const grace = newEmail();
    await signup(grace, '10.0.1.1');
    expect((await login(grace, password, '10.0.1.1')).status).toBe(200);
    for (let i = 11; i <= 15; i++) expect((await login(grace, `wrong guess ${i}`, '10.0.1.1')).status).toBe(401);
    expectRateLimited(await login(grace, 'wrong guess 16', '10.0.1.1'), windowSeconds);
    expectRateLimited(await login(grace, password, '10.0.1.1'), windowSeconds);
    // From elsewhere, the same account is fine (it has failed only 5 times).
    expect((await login(grace, password, '10.0.2.2')).status).toBe(200);
  });

  it('counts unknown emails against the address like any failure', async () => {
    for (let i = 1; i <= 15; i++) expect((await login(newEmail(), password, '10.0.3.3')).status).toBe(401);
    expectRateLimited(await login(newEmail(), password, '10.0.3.3'), windowSeconds);
  });

  it('does not charge successful logins to the account', async () => {
    const email = newEmail();
    await signup(email, '10.0.4.4');
    for (let i = 1; i <= 9; i++) expect((await login(email, `wrong guess ${i}`, '10.0.4.4')).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await login(email, password, '10.0.4.4')).status).toBe(200);
    expect((await login(email, 'wrong guess 10', '10.0.4.4')).status).toBe(401);
    expectRateLimited(await login(email, 'wrong guess 11', '10.0.4.4'), windowSeconds);
  });

  it('charges wrong current passwords in a password change to the account, so a stolen session cannot guess it', async () => {
    const email = newEmail();
    const signedUp = await signup(email, '10.0.5.5');
    const cookie = signedUp.headers.getSetCookie()[0]!.split(';')[0]!;
    const change = (currentPassword: string) =>
      server.api('POST', '/api/auth/password', {
        headers: { cookie, ...from('10.0.5.5') },
        body: { currentPassword, newPassword: 'the thief wants this one' },
      });
    for (let i = 1; i <= 10; i++) expect((await change(`wrong guess ${i}`)).status).toBe(400);
    expectRateLimited(await change(password), windowSeconds);
    // The owner elsewhere still signs in, slowed, and can end the stolen session.
    const owner = await timed(login(email, password, '10.0.6.6'));
    expect(owner.response.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(slowdownMs);
  });
});

describe('sign-up limits', () => {
  it('default to at least 100 an hour per address (a classroom shares one)', () => {
    const { rateLimits } = parseConfig({});
    expect(rateLimits.signupPerAddress).toBeGreaterThanOrEqual(100);
    expect(rateLimits.signupWindowMs).toBe(60 * 60 * 1000);
    expect(rateLimits.loginPerAccount).toBe(10);
    expect(rateLimits.loginWindowMs).toBe(15 * 60 * 1000);
  });

  it('let one address sign up 100 accounts with the defaults', async () => {
    const server = await startTestServer();
    try {
      for (let i = 0; i < 100; i++) {
        const response = await server.api('POST', '/api/auth/signup', { body: { email: newEmail(), password, name: `Learner ${i}` } });
        expect(response.status).toBe(201);
      }
    } finally {
      await server.close();
    }
  });

  it('answer 429 with Retry-After past the configured limit', async () => {
    const server = await startTestServer({ SIGNUP_LIMIT_PER_ADDRESS: '3', SIGNUP_LIMIT_WINDOW_MINUTES: '60' });
    try {
      const signup = () => server.api('POST', '/api/auth/signup', { body: { email: newEmail(), password, name: 'Learner' } });
      for (let i = 0; i < 3; i++) expect((await signup()).status).toBe(201);
      expectRateLimited(await signup(), 60 * 60);
    } finally {
      await server.close();
    }
  });

  it('cannot be dodged behind the proxy by writing a new X-Forwarded-For entry each time', async () => {
    const server = await startTestServer({ TRUST_PROXY: '1', SIGNUP_LIMIT_PER_ADDRESS: '3', SIGNUP_LIMIT_WINDOW_MINUTES: '60' });
    try {
      // The client makes up the left entry; the proxy appends the address it really saw.
      const signup = (i: number) =>
        server.api('POST', '/api/auth/signup', {
          body: { email: newEmail(), password, name: 'Learner' },
          headers: { 'x-forwarded-for': `10.9.8.${i}, 203.0.113.9` },
        });
      for (let i = 0; i < 3; i++) expect((await signup(i)).status).toBe(201);
      expectRateLimited(await signup(3), 60 * 60);
    } finally {
      await server.close();
    }
  });
});
