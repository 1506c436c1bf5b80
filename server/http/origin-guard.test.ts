import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeFixture } from '../features/test-routes';
import { connectRawClient } from '../sync/test-clients';
import { startTestServer, type TestServer } from '../testing/test-server';
import { expectedOrigin, isCrossSite } from './origin-guard';

const password = 'a long enough password';
let counter = 0;
const newEmail = () => `learner${++counter}-${Date.now()}@example.test`;

describe('isCrossSite', () => {
  const app = 'https://example.test';
  it('trusts Sec-Fetch-Site first, then Origin, and passes requests with neither', () => {
    expect(isCrossSite({ secFetchSite: 'same-origin' }, app)).toBe(false);
    expect(isCrossSite({ secFetchSite: 'same-origin', origin: 'https://evil.test' }, app)).toBe(false);
    expect(isCrossSite({ secFetchSite: 'same-site' }, app)).toBe(true);
    expect(isCrossSite({ secFetchSite: 'cross-site', origin: app }, app)).toBe(true);
    expect(isCrossSite({ secFetchSite: 'none' }, app)).toBe(true);
    expect(isCrossSite({ origin: app }, app)).toBe(false);
    expect(isCrossSite({ origin: 'https://evil.test' }, app)).toBe(true);
    expect(isCrossSite({ origin: 'null' }, app)).toBe(true);
    expect(isCrossSite({ origin: 'http://example.test' }, app)).toBe(true);
    expect(isCrossSite({}, app)).toBe(false);
  });

  it('expects APP_ORIGIN when it is set, else the origin the request was sent to', () => {
    expect(expectedOrigin('https://example.test', 'http://127.0.0.1:4000/api/x')).toBe('https://example.test');
    expect(expectedOrigin(null, 'http://127.0.0.1:4000/api/x')).toBe('http://127.0.0.1:4000');
  });
});

describe('cross-site requests', () => {
  let server: TestServer;
  const signup = (headers: Record<string, string>, email = newEmail()) =>
    server.api('POST', '/api/auth/signup', { body: { email, password, name: 'Learner' }, headers });
  const accountExists = async (email: string) =>
    !!(await server.domain.store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst());

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a state-changing request with Sec-Fetch-Site cross-site (or same-site) with 403, before it runs', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const email = newEmail();
      const response = await signup({ 'sec-fetch-site': site }, email);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('cross_site_request');
      expect(await accountExists(email)).toBe(false);
    }
  });

  it('refuses a foreign Origin when Sec-Fetch-Site is missing', async () => {
    for (const origin of ['https://evil.test', 'null']) {
      const email = newEmail();
      const response = await signup({ origin }, email);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('cross_site_request');
      expect(await accountExists(email)).toBe(false);
    }
  });

  it('refuses a cross-site logout, which would otherwise end the session', async () => {
    const user = await server.createUser();
    const response = await server.api('POST', '/api/auth/logout', { as: user, headers: { origin: 'https://evil.test' } });
    expect(response.status).toBe(403);
    expect((await server.api('GET', '/api/auth/me', { as: user })).status).toBe(200);
  });

  it('lets same-origin requests through', async () => {
    expect((await signup({ 'sec-fetch-site': 'same-origin', origin: server.url })).status).toBe(201);
    expect((await signup({ origin: server.url })).status).toBe(201);
  });

  it('judges a request with neither header by its session alone', async () => {
    expect((await signup({})).status).toBe(201);
    const user = await server.createUser();
    expect((await server.api('POST', '/api/auth/logout', { as: user })).status).toBe(204);
    const anonymous = await server.api('POST', '/api/auth/password', { body: { currentPassword: password, newPassword: password } });
    expect(anonymous.status).toBe(401);
  });

  it('lets cross-site reads through: they change nothing, and SameSite=Lax keeps the cookie off subrequests', async () => {
    const user = await server.createUser();
    const response = await server.api('GET', '/api/auth/me', { as: user, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' } });
    expect(response.status).toBe(200);
  });

  it('refuses a WebSocket upgrade from a foreign Origin with 403', async () => {
    const docId = 'aaaaaaaaaaaaaaaa';
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/ws/${docId}`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
          origin: 'https://evil.test',
        },
      });
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.on('upgrade', (_response, socket) => {
        socket.destroy();
        reject(new Error('the upgrade was accepted'));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('refuses a JSON body sent as text/plain (what a cross-site form can send) with 400, without reading it', async () => {
    const email = newEmail();
    const body = JSON.stringify({ email, password, name: 'Learner' });
    const response = await server.api('POST', '/api/auth/signup', { body, headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect(await accountExists(email)).toBe(false);
    // The same body, declared as JSON, is fine: only the content type was refused.
    expect((await server.api('POST', '/api/auth/signup', { body })).status).toBe(201);
  });

  it('refuses form-encoded bodies as well', async () => {
    const email = newEmail();
    const response = await server.api('POST', '/api/auth/signup', {
      body: new URLSearchParams({ email, password, name: 'Learner' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(400);
    expect(await accountExists(email)).toBe(false);
  });
});

describe('cross-site requests with APP_ORIGIN set', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ APP_ORIGIN: 'https://example.test' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const signup = (headers: Record<string, string>) =>
    server.api('POST', '/api/auth/signup', { body: { email: newEmail(), password, name: 'Learner' }, headers });

  it('accepts the app origin and requests without Origin', async () => {
    expect((await signup({ origin: 'https://example.test' })).status).toBe(201);
    expect((await signup({})).status).toBe(201);
  });

  it('refuses any other origin, even the address the server listens on', async () => {
    for (const origin of [server.url, 'http://example.test', 'https://evil.test']) {
      const response = await signup({ origin });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('cross_site_request');
    }
  });
});

describe('cross-site WebSocket hijacking', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a member’s sync socket opened from another site, valid session cookie and all (403)', async () => {
    const { params, users } = await routeFixture(server);
    const from: Record<string, string>[] = [{ origin: 'https://evil.test' }, { origin: 'null' }, { origin: server.url, 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of from) {
      const socket = connectRawClient(server.url, params.docId, users.member, headers);
      expect(await socket.refused, JSON.stringify(headers)).toEqual({ status: 403, code: 'cross_site_request' });
    }
    expect(server.domain.sync.stats().connections).toBe(0);
  });

  it('lets the member in from the app’s own page, and a client that sends neither header (browsers always send Origin on a WebSocket handshake, so a page cannot leave it out)', async () => {
    const { params, users } = await routeFixture(server);
    const from: Record<string, string>[] = [{ origin: server.url }, { origin: server.url, 'sec-fetch-site': 'same-origin' }, {}];
    for (const headers of from) {
      const socket = connectRawClient(server.url, params.docId, users.member, headers);
      await socket.opened;
      socket.socket.close();
      await socket.closed;
    }
  });
});
