import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimiters } from '../../http/redis-rate-limiters';
import { createLogger } from '../../logger';
import { startTestServer, type TestServer } from '../../testing/test-server';

/**
 * With REDIS_URL, the sign-in limits count in Redis: wrong passwords spread
 * over two instances reach the limit at the same total as on one. Runs when
 * TEST_REDIS_URL is set, as in CI.
 */
const redisUrl = process.env.TEST_REDIS_URL ?? '';
const password = 'a long enough password';
const from = (address: string) => ({ 'x-forwarded-for': address });

describe.skipIf(!redisUrl)('sign-in limits shared through Redis', () => {
  const instances: TestServer[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) instances.push(await startTestServer({ REDIS_URL: redisUrl, TRUST_PROXY: 'true', LOGIN_SLOWDOWN_MS: '0' }));
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
  });

  it('refuses the 11th wrong password for an account and address, whichever instance the attempts reached', async () => {
    const email = `spread-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
    const address = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    // Each instance here has a database of its own: the same account is made in each.
    for (const instance of instances) {
      const signup = await instance.api('POST', '/api/auth/signup', { body: { email, password, name: 'Spread' }, headers: from(address) });
      expect(signup.status).toBe(201);
    }
    const login = (i: number, pass: string) => instances[i % 2]!.api('POST', '/api/auth/login', { body: { email, password: pass }, headers: from(address) });

    for (let i = 1; i <= 10; i++) expect((await login(i, `wrong guess ${i}`)).status).toBe(401);
    for (const i of [0, 1]) {
      const refused = await login(i, 'wrong guess 11');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await login(i, password)).status).toBe(429);
    }
  });

  it('gives back an attempt that did not count, on the shared count too', async () => {
    const stores = [new RedisRateLimiters(redisUrl, createLogger('silent')), new RedisRateLimiters(redisUrl, createLogger('silent'))];
    const rule = { limit: 2, windowMs: 60_000 };
    const name = `give-back-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const [a, b] = stores.map((store) => store.limiter(name, rule)) as [ReturnType<RedisRateLimiters['limiter']>, ReturnType<RedisRateLimiters['limiter']>];
    expect(await a.take('k')).toEqual({ allowed: true });
    expect(await b.take('k')).toEqual({ allowed: true });
    const refused = await a.take('k');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    await b.giveBack('k');
    expect(await a.take('k')).toEqual({ allowed: true });
    expect((await b.take('k')).allowed).toBe(false);
    for (const store of stores) await store.close();
  });
});

describe('sign-in limits while Redis does not answer', () => {
  it('counts in the instance’s memory meanwhile, rather than refusing everyone or letting everyone through', async () => {
    // Nothing listens on port 1.
    const store = new RedisRateLimiters('redis://127.0.0.1:1', createLogger('silent'));
    const limiter = store.limiter('outage', { limit: 2, windowMs: 60_000 });
    const started = performance.now();
    expect(await limiter.take('k')).toEqual({ allowed: true });
    expect(await limiter.take('k')).toEqual({ allowed: true });
    expect((await limiter.take('k')).allowed).toBe(false);
    // Each attempt waited at most about the command timeout.
    expect(performance.now() - started).toBeLessThan(10_000);
    await store.close();
  });
});
